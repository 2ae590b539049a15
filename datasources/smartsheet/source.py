"""The Smartsheet datasource: whole sheets, fetched once per TTL, and what they say.

A sheet is small enough to read whole and changes rarely, so each is fetched at most once per
``cache_ttl_seconds`` and parsed once per fetch; the parsed form is what the cache holds (JSON
bytes, shareable through Redis). Concurrent requests for a sheet share one fetch (single
flight). Failures are not cached: the next request tries again.

:meth:`SmartsheetSource.sheet` serves any configured sheet; :meth:`SmartsheetSource.perfusions`
maps the perfusions sheet for subjects; the funding and protocols methods look projects and
protocols up in their sheets, each sheet mapped once per fetch (the mapped table is kept beside
the parsed sheet it came from).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from pydantic import SecretStr, ValidationError

from datasources import observe
from datasources.cache import Cache, MemoryCache
from datasources.errors import BackendError, classify, guarded
from datasources.flights import SingleFlight, fill_once
from datasources.records import ProcedureRecord
from datasources.resilience import Resilience
from datasources.result import Code, SourceResult
from datasources.smartsheet import funding, perfusions, protocols
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
from datasources.smartsheet.sheet import ParsedSheet, parse_sheet
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

# Bump when ParsedSheet's shape changes, so old cache entries are not served.
CACHE_KEY_PREFIX = "smartsheet:sheet:v1:"
#: The name each sheet's answers carry in statuses, as the procedures read from a sheet do. The
#: backend as a whole (one API, one circuit, its metrics, logs and readiness) is "smartsheet".
SOURCES = {FUNDING: funding.SOURCE, PERFUSIONS: perfusions.SOURCE, PROTOCOLS: protocols.SOURCE}
# A ping asks for one row: enough to prove the token and the sheet, cheap for both sides.
PING_PARAMS = {"pageSize": "1", "page": "1"}


def _found(records: Sequence[object]) -> Code:
    # Several perfusions for one subject are expected, not a conflict (so no 300).
    return Code.OK if records else Code.NOT_FOUND


def _problems_message(name: str, sheet: ParsedSheet) -> str:
    return _problems_note(name, sheet.problems)


def _problems_note(name: str, problems: Sequence[str]) -> str:
    if not problems:
        return ""
    return f"{len(problems)} problem(s) reading the {name} sheet; unreadable parts skipped"


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
        # The last sheet decoded per name with the bytes it came from: a cache hit returning
        # the same bytes (always, for the memory cache) skips decoding the JSON again.
        self._decoded: dict[str, tuple[bytes, ParsedSheet]] = {}
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
        loaded = await self._flights.run(name, lambda: self._resolve(name))
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
        message = _problems_note(name, table.problems)
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
        assert settings.id is not None  # only configured sheets are kept
        return settings.id

    @staticmethod
    def _token(settings: SheetSettings) -> SecretStr:
        assert settings.api_token is not None  # only configured sheets are kept
        return settings.api_token

    def _cache_key(self, name: str) -> str:
        return f"{CACHE_KEY_PREFIX}{name}:{self._sheet_id(self._sheets[name])}"

    async def _resolve(self, name: str) -> SourceResult[ParsedSheet]:
        started = time.perf_counter()
        key = self._cache_key(name)
        cached = self._decode(name, await self._cache.get(key))
        observe.cache_lookup(self.name, cached is not None)
        if cached is not None:
            ms = round((time.perf_counter() - started) * 1000, 1)
            return SourceResult(
                self.name, Code.OK, (cached,), _problems_message(name, cached), ms=ms
            )
        settings = self._sheets[name]

        async def fetch() -> Sequence[ParsedSheet]:
            body = await self._client.get_sheet(
                self._sheet_id(settings), self._token(settings), label=name
            )
            # A whole sheet can be large: parsed off the event loop.
            return (await asyncio.to_thread(parse_sheet, body, name),)

        async def fill() -> SourceResult[ParsedSheet]:
            result = await guarded(
                self.name,
                fetch,
                self._timeout,
                code=lambda _: Code.OK,
                resilience=self._resilience,
            )
            if result.failed:
                return result
            sheet = result.records[0]
            if sheet.problems:
                # Row numbers and column titles only: cell contents never reach the logs.
                logger.warning(
                    "smartsheet %s sheet: %d problem(s): %s",
                    name,
                    len(sheet.problems),
                    "; ".join(sheet.problems[:10]),
                )
            encoded = sheet.model_dump_json().encode()
            self._decoded[name] = (encoded, sheet)
            await self._cache.set(key, encoded, self._ttl)
            message = _problems_message(name, sheet)
            return SourceResult(self.name, Code.OK, (sheet,), message, result.ms)

        def filled(value: bytes | None) -> SourceResult[ParsedSheet] | None:
            # What another process stored while this one waited for the sheet's lock.
            sheet = self._decode(name, value)
            if sheet is None:
                return None
            ms = round((time.perf_counter() - started) * 1000, 1)
            return SourceResult(
                self.name, Code.OK, (sheet,), _problems_message(name, sheet), ms=ms
            )

        return await fill_once(self._cache, key, filled, fill)

    def _decode(self, name: str, value: bytes | None) -> ParsedSheet | None:
        """A cached sheet, or None when absent or unreadable (then Smartsheet is asked)."""
        if value is None:
            return None
        known = self._decoded.get(name)
        if known is not None and (known[0] is value or known[0] == value):
            return known[1]
        try:
            sheet = ParsedSheet.model_validate_json(value)
        except ValidationError:
            logger.warning("ignoring an unreadable cached Smartsheet %s sheet", name)
            return None
        self._decoded[name] = (value, sheet)
        return sheet


def _project_names(table: FundingTable, _argument: str) -> list[str]:
    return table.project_names()


def _protocol_names(table: ProtocolsTable, _argument: str) -> list[str]:
    return table.protocol_names()


def _for_procedure(table: ProtocolsTable, kind: str) -> list[ProtocolInformation]:
    protocol = table.for_procedure(kind)
    return [] if protocol is None else [protocol]
