"""The Smartsheet datasource: whole sheets, fetched once per TTL, and what they say.

A sheet is small enough to read whole and changes rarely, so each is fetched at most once per
``cache_ttl_seconds`` (:mod:`datasources.smartsheet.cached`). Concurrent requests for a sheet
share one fetch (single flight).

:meth:`SmartsheetSource.sheet` serves any configured sheet; :meth:`SmartsheetSource.perfusions`
maps the perfusions sheet for subjects; the funding and protocols methods look projects and
protocols up in their sheets, each sheet mapped once per fetch (the mapped table is kept beside
the parsed sheet it came from).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from pydantic import SecretStr

from datasources.cache import Cache, MemoryCache
from datasources.errors import BackendError, classify, guarded
from datasources.flights import SingleFlight
from datasources.records import ProcedureRecord
from datasources.resilience import Resilience
from datasources.result import Code, SourceResult
from datasources.smartsheet import funding, perfusions, protocols
from datasources.smartsheet.cached import CachedSheets, problems_note, sheet_id, sheet_token
from datasources.smartsheet.client import SmartsheetClient
from datasources.smartsheet.funding import FundingRow, FundingTable, read_funding
from datasources.smartsheet.perfusions import PerfusionsSheetError, map_perfusions
from datasources.smartsheet.protocols import (
    ProtocolInformation,
    ProtocolsTable,
    read_protocols,
)
from datasources.smartsheet.settings import (
    FUNDING,
    PERFUSIONS,
    PROTOCOLS,
    SHEET_NAMES,
    SheetSettings,
    SmartsheetSettings,
    sheet_settings,
)
from datasources.smartsheet.sheet import ParsedSheet
from datasources.smartsheet.snapshot import (
    SNAPSHOT_API_URL,
    SNAPSHOT_TOKEN,
    SnapshotTransport,
    load_snapshot,
    snapshot_sheet_id,
)

logger = logging.getLogger("datasources.smartsheet")

T = TypeVar("T")
Table = TypeVar("Table", FundingTable, ProtocolsTable)

#: The name each sheet's answers carry in statuses, as the procedures read from a sheet do. The
#: backend as a whole (one API, one circuit, its metrics, logs and readiness) is "smartsheet".
SOURCES = {FUNDING: funding.SOURCE, PERFUSIONS: perfusions.SOURCE, PROTOCOLS: protocols.SOURCE}
# A ping asks for one row: enough to prove the token and the sheet, cheap for both sides.
PING_PARAMS = {"pageSize": "1", "page": "1"}


def _found(records: Sequence[object]) -> Code:
    # Several perfusions for one subject are expected, not a conflict (so no 300).
    return Code.OK if records else Code.NOT_FOUND


class SmartsheetSource:
    """The public, async face of Smartsheet: never raises, always answers a ``SourceResult``."""

    name: ClassVar[str] = "smartsheet"

    def __init__(
        self,
        client: SmartsheetClient,
        sheets: Mapping[str, SheetSettings],
        cache: Cache,
        *,
        timeout_seconds: float,
        cache_ttl_seconds: float,
        owns_cache: bool = False,
        resilience: Resilience | None = None,
    ) -> None:
        self._client = client
        self._sheets = {name: s for name, s in sheets.items() if s.configured}
        self._cache = cache
        self._owns_cache = owns_cache
        self._timeout = timeout_seconds
        self._resilience = resilience or Resilience()
        self._ttl = cache_ttl_seconds
        self._flights: SingleFlight[SourceResult[ParsedSheet]] = SingleFlight(self.name)
        self._cached = CachedSheets(
            client,
            self._sheets,
            cache,
            name=self.name,
            timeout_seconds=timeout_seconds,
            ttl_seconds=cache_ttl_seconds,
            resilience=self._resilience,
        )
        # The last mapped table per sheet name with the parsed sheet it was read from: the
        # sheet object stays the same until the cached bytes change, so mapping runs once.
        self._tables: dict[str, tuple[ParsedSheet, Any]] = {}

    @classmethod
    def from_settings(
        cls, settings: SmartsheetSettings, cache: Cache | None = None
    ) -> SmartsheetSource:
        """A source on ``settings.api_url``; sheets without a token and id answer "not
        configured". ``cache`` is shared and left open by :meth:`aclose`; a cache made here
        is closed with the source."""
        client = SmartsheetClient(
            settings.api_url,
            timeout_seconds=settings.timeout_seconds,
            max_concurrency=settings.max_concurrency,
        )
        return cls(
            client,
            settings.sheets(),
            cache if cache is not None else MemoryCache(),
            timeout_seconds=settings.timeout_seconds,
            cache_ttl_seconds=settings.cache_ttl_seconds,
            owns_cache=cache is None,
        )

    @classmethod
    def from_snapshot(cls, directory: Path) -> SmartsheetSource | None:
        """A source replaying ``directory/smartsheet/*.json``; None when no sheet file exists."""
        bodies = load_snapshot(directory)
        if bodies is None:
            return None
        defaults = SmartsheetSettings.model_construct()  # defaults only: ignore SMARTSHEET_* env
        sheets = {
            name: sheet_settings(name, api_token=SNAPSHOT_TOKEN, id=snapshot_sheet_id(name))
            for name in bodies
        }
        client = SmartsheetClient(
            SNAPSHOT_API_URL,
            timeout_seconds=defaults.timeout_seconds,
            max_concurrency=defaults.max_concurrency,
            transport=SnapshotTransport(bodies),
        )
        return cls(
            client,
            sheets,
            MemoryCache(),
            timeout_seconds=defaults.timeout_seconds,
            cache_ttl_seconds=defaults.cache_ttl_seconds,
            owns_cache=True,
        )

    @property
    def configured(self) -> bool:
        """True when at least one sheet can be read."""
        return bool(self._sheets)

    async def sheet(self, name: str) -> SourceResult[ParsedSheet]:
        """The whole parsed sheet ``name`` ("funding", "perfusions", "protocols") as one
        record: 200, 400 for an unknown name, 503 when not configured or Smartsheet fails."""
        if name not in SHEET_NAMES:
            return SourceResult(self.name, Code.BAD_REQUEST, message=f"no sheet named {name!r}")
        if name not in self._sheets:
            return SourceResult(
                SOURCES[name],
                Code.UNAVAILABLE,
                message=f"the Smartsheet {name} sheet is not configured",
                configured=False,
            )
        loaded = await self._flights.run(name, lambda: self._cached.load(name))
        return dataclasses.replace(loaded, name=SOURCES[name])

    async def perfusions(self, subject_ids: Sequence[str]) -> SourceResult[ProcedureRecord]:
        """Perfusion surgeries of these subjects from the perfusions sheet: 200 if any, 404
        if none, 503 when the sheet is not configured, unreachable or unusable."""
        loaded = await self.sheet(PERFUSIONS)
        if loaded.code != Code.OK:
            return SourceResult(
                loaded.name,
                loaded.code,
                message=loaded.message,
                ms=loaded.ms,
                configured=loaded.configured,
                error=loaded.error,
            )
        sheet = loaded.records[0]
        try:
            records = map_perfusions(sheet, subject_ids)
        except PerfusionsSheetError as error:
            logger.warning("backend %s: %s", self.name, error)
            return SourceResult(
                loaded.name,
                Code.UNAVAILABLE,
                message=f"{self.name}: {error}",
                ms=loaded.ms,
                error="bad_response",
            )
        return SourceResult(
            loaded.name, _found(records), tuple(records), loaded.message, loaded.ms
        )

    async def funding(self, project_name: str) -> SourceResult[FundingRow]:
        """The funding rows ``project_name`` finds ("Project" for every subproject, "Project -
        Subproject" for one; see :mod:`datasources.smartsheet.funding`): 200 if any, 404 if
        none, 400 for a blank name, 503 when the sheet is not configured or unusable."""
        return await self._lookup(
            FUNDING, read_funding, project_name, _found, FundingTable.for_project
        )

    async def investigators(self, project_name: str) -> SourceResult[dict[str, Any]]:
        """``Person`` JSON of the investigators of the rows ``project_name`` finds, each once:
        200 if any, 404 if none, 400 for a blank name, 503 as :meth:`funding`."""
        return await self._lookup(
            FUNDING, read_funding, project_name, _found, FundingTable.investigators
        )

    async def project_names(self) -> SourceResult[str]:
        """Every project name the funding sheet answers to, sorted: 200, 404 when it has
        none, 503 as :meth:`funding`."""
        return await self._lookup(FUNDING, read_funding, None, _found, _project_names)

    async def protocols(self, protocol_name: str) -> SourceResult[ProtocolInformation]:
        """Protocols titled ``protocol_name`` (ignoring case): 200 for one, 300 for several,
        404 for none, 400 for a blank name, 503 when the sheet is not configured or
        unusable."""
        return await self._lookup(
            PROTOCOLS, read_protocols, protocol_name, classify, ProtocolsTable.named
        )

    async def protocol_names(self) -> SourceResult[str]:
        """Every protocol title the protocols sheet lists, sorted: 200, 404 when it lists
        none, 503 as :meth:`protocols`."""
        return await self._lookup(PROTOCOLS, read_protocols, None, _found, _protocol_names)

    async def procedure_protocol(self, procedure_kind: str) -> SourceResult[ProtocolInformation]:
        """The protocol listed for a procedure kind (``protocols.procedure_kind`` of an
        aind-data-schema procedure, or a kind constant): 200, 404 when the sheet lists none,
        400 for a blank kind, 503 as :meth:`protocols`."""
        return await self._lookup(
            PROTOCOLS, read_protocols, procedure_kind, _found, _for_procedure
        )

    def circuits(self) -> dict[str, str]:
        """The state of each circuit this source has used ("closed", "open", "half-open")."""
        return self._resilience.states()

    async def ping(self) -> SourceResult[None]:
        """200 when every configured sheet answers a one-row read, else 503."""
        if not self._sheets:
            return SourceResult.not_configured(self.name)

        async def probe() -> Sequence[None]:
            await asyncio.gather(
                *(
                    self._client.get_sheet(
                        self._sheet_id(s), self._token(s), label=name, params=PING_PARAMS
                    )
                    for name, s in self._sheets.items()
                )
            )
            return ()

        return await guarded(
            self.name, probe, self._timeout, code=lambda _: Code.OK, resilience=self._resilience
        )

    async def aclose(self) -> None:
        await self._flights.aclose()
        await self._client.aclose()
        if self._owns_cache:
            await self._cache.aclose()

    async def _lookup(
        self,
        name: str,
        read: Callable[[ParsedSheet], Table],
        argument: str | None,
        code: Callable[[Sequence[T]], Code],
        find: Callable[[Table, str], Sequence[T]],
    ) -> SourceResult[T]:
        """Read sheet ``name`` (cached), map it with ``read`` (once per fetch) and ``find`` the
        records for ``argument`` (None: the lookup takes none)."""
        if argument is not None and not argument.strip():
            return SourceResult(
                SOURCES[name], Code.BAD_REQUEST, message=f"a {name} lookup needs a name"
            )
        loaded = await self.sheet(name)
        if loaded.code != Code.OK:
            return SourceResult(
                loaded.name,
                loaded.code,
                message=loaded.message,
                ms=loaded.ms,
                configured=loaded.configured,
                error=loaded.error,
            )
        try:
            table = self._table(name, loaded.records[0], read)
        except BackendError as error:
            logger.warning("backend %s: %s", self.name, error)
            return SourceResult(
                loaded.name,
                Code.UNAVAILABLE,
                message=f"{self.name}: {error}",
                ms=loaded.ms,
                error="bad_response",
            )
        records = tuple(find(table, argument or ""))
        message = problems_note(name, table.problems)
        return SourceResult(loaded.name, code(records), records, message, loaded.ms)

    def _table(self, name: str, sheet: ParsedSheet, read: Callable[[ParsedSheet], Table]) -> Table:
        known = self._tables.get(name)
        if known is not None and known[0] is sheet:
            table: Table = known[1]
            return table
        table = read(sheet)
        skipped = table.problems[len(sheet.problems) :]
        if skipped:
            # Row numbers only: cell contents never reach the logs.
            logger.warning(
                "smartsheet %s sheet: %d row(s) skipped: %s",
                name,
                len(skipped),
                "; ".join(skipped[:10]),
            )
        self._tables[name] = (sheet, table)
        return table

    @staticmethod
    def _sheet_id(settings: SheetSettings) -> int:
        return sheet_id(settings)

    @staticmethod
    def _token(settings: SheetSettings) -> SecretStr:
        return sheet_token(settings)


def _project_names(table: FundingTable, _argument: str) -> list[str]:
    return table.project_names()


def _protocol_names(table: ProtocolsTable, _argument: str) -> list[str]:
    return table.protocol_names()


def _for_procedure(table: ProtocolsTable, kind: str) -> list[ProtocolInformation]:
    protocol = table.for_procedure(kind)
    return [] if protocol is None else [protocol]
