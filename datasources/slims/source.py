"""The SLIMS datasource: histology and water restriction (for the procedures merge), and the
per-kind lookups, each a :class:`SourceResult` that never raises.

Subjects are asked about one by one (aind-slims-api's operations take one subject), all at
once within SLIMS' thread pool. A subject SLIMS does not know is "nothing found", not a
failure.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from aind_slims_api.operations.histology_procedures import fetch_histology_procedures

from datasources.cache import Cache, MemoryCache
from datasources.errors import guarded
from datasources.flights import cached_records
from datasources.records import ProcedureRecord
from datasources.resilience import Resilience
from datasources.result import Code, SourceResult
from datasources.slims.client import SlimsReader, SlimsRecordNotFound
from datasources.slims.histology import map_histology
from datasources.slims.imaging import fetch_imaging
from datasources.slims.instruments import fetch_instrument
from datasources.slims.sessions import SessionRecord, session_records
from datasources.slims.settings import SlimsSettings
from datasources.slims.viral_injections import fetch_viral_injections
from datasources.slims.water_restriction import (
    fetch_water_restrictions,
    fetch_water_restrictions_with_remarks,
)

T = TypeVar("T")

SOURCE = "slims"
SNAPSHOT_TIMEOUT = 10.0


def _found(records: Sequence[object]) -> Code:
    return Code.OK if records else Code.NOT_FOUND


def histology_documents(client: Any, subject_id: str) -> list[dict[str, Any]]:
    """The subject's specimen procedures; none when SLIMS has no sample of it."""
    try:
        blocks = fetch_histology_procedures(client, subject_id)
    except SlimsRecordNotFound:
        return []
    return map_histology(blocks, subject_id)


def water_restriction_documents(
    client: Any, subject_id: str, start: date | None = None, end: date | None = None
) -> list[dict[str, Any]]:
    """The subject's water restrictions; none when SLIMS has no such mouse."""
    try:
        return fetch_water_restrictions(client, subject_id, start, end)
    except SlimsRecordNotFound:
        return []


def _restriction_entries(subject_id: str, client: Any) -> list[dict[str, Any]]:
    """The subject's water restrictions as JSON (so a cache can hold them): each 2.x document
    with the remark its model has no place for."""
    try:
        restrictions = fetch_water_restrictions_with_remarks(client, subject_id)
    except SlimsRecordNotFound:
        restrictions = []
    return [{"document": document, "notes": remark} for document, remark in restrictions]


def _histology_entries(subject_id: str, client: Any) -> list[dict[str, Any]]:
    return [{"document": d, "notes": None} for d in histology_documents(client, subject_id)]


#: The lookups behind a subject's SLIMS procedures: independent, so asked at once.
PROCEDURE_LOOKUPS: tuple[tuple[str, Callable[[str, Any], list[dict[str, Any]]]], ...] = (
    ("procedures:water_restriction", _restriction_entries),
    ("procedures:histology", _histology_entries),
)


def _record(subject_id: str, entry: dict[str, Any]) -> ProcedureRecord:
    extras = {"notes": entry["notes"]} if entry.get("notes") else {}
    return ProcedureRecord(subject_id, SOURCE, entry["document"], extras=extras)


class SlimsSource:
    name: ClassVar[str] = SOURCE

    def __init__(
        self,
        reader: SlimsReader,
        timeout: float,
        *,
        resilience: Resilience | None = None,
        cache: Cache | None = None,
        cache_ttl_seconds: float = 0.0,
    ) -> None:
        self._reader = reader
        self._timeout = timeout
        self._resilience = resilience or Resilience()
        # Per subject, answers are reused for a while: SLIMS gains records, it rarely edits them.
        self._cache = cache or MemoryCache()
        self._ttl = cache_ttl_seconds

    @classmethod
    def from_settings(cls, settings: SlimsSettings, cache: Cache | None = None) -> SlimsSource:
        """A live source; ``cache`` (e.g. Redis shared by workers) holds answers for
        ``SLIMS_CACHE_TTL_SECONDS``."""
        if not settings.configured:
            raise ValueError("SLIMS is not configured (SLIMS_HOST, _USERNAME, _PASSWORD)")
        return cls(
            SlimsReader.from_settings(settings),
            settings.timeout_seconds,
            cache=cache,
            cache_ttl_seconds=settings.cache_ttl_seconds,
        )

    @classmethod
    def from_snapshot(cls, directory: Path) -> SlimsSource | None:
        """A source replaying ``directory/slims/<tableName>.json``; None without that folder."""
        from datasources.slims.snapshot import load_contents, load_tables, replay_client

        tables = load_tables(directory)
        if tables is None:
            return None
        contents = load_contents(directory)
        return cls(SlimsReader(lambda: replay_client(tables, contents), 4), SNAPSHOT_TIMEOUT)

    async def procedures(self, subject_ids: Sequence[str]) -> SourceResult[ProcedureRecord]:
        """Water restrictions and specimen procedures of ``subject_ids`` (one answer for all:
        any subject failing fails the batch, as a list read does for the other backends)."""
        ids = list(dict.fromkeys(subject_ids))
        asked = [(s, kind, lookup) for s in ids for kind, lookup in PROCEDURE_LOOKUPS]
        answers = await asyncio.gather(
            *(self._cached(kind, s, partial(lookup, s)) for s, kind, lookup in asked)
        )
        failed = [answer for answer in answers if answer.failed]
        if failed:
            return SourceResult(
                self.name,
                failed[0].code,
                message=failed[0].message,
                ms=max(a.ms for a in answers),
                error=failed[0].error,
            )
        records = [
            _record(s, entry)
            for (s, _, _), answer in zip(asked, answers, strict=True)
            for entry in answer.records
        ]
        ms = max((a.ms for a in answers), default=0.0)
        return SourceResult(self.name, _found(records), tuple(records), ms=ms)

    async def histology(self, subject_id: str) -> SourceResult[dict[str, Any]]:
        def work(client: Any) -> list[dict[str, Any]]:
            return histology_documents(client, subject_id)

        return await self._cached("histology", subject_id, work)

    async def water_restriction(
        self, subject_id: str, start: date | None = None, end: date | None = None
    ) -> SourceResult[dict[str, Any]]:
        def work(client: Any) -> list[dict[str, Any]]:
            return water_restriction_documents(client, subject_id, start, end)

        return await self._cached(f"water_restriction:{start}:{end}", subject_id, work)

    async def sessions(self, subject_id: str) -> SourceResult[SessionRecord]:
        """The subject's ecephys sessions as ``Acquisition`` documents (unfiltered)."""
        return await self._ask(lambda client: session_records(client, subject_id))

    async def smartspim_imaging(
        self, subject_id: str, start: date | None = None, end: date | None = None
    ) -> SourceResult[dict[str, Any]]:
        """The subject's SmartSPIM imaging (``SmartSpimImaging`` as JSON), SLIMS filtering."""
        return await self._ask(
            lambda client: [
                one.model_dump(mode="json")
                for one in fetch_imaging(client, subject_id, start, end)
            ]
        )

    async def viral_injections(
        self, subject_id: str, start: date | None = None, end: date | None = None
    ) -> SourceResult[dict[str, Any]]:
        """The viral injections ordered for the subject (``ViralInjection`` as JSON)."""
        return await self._ask(
            lambda client: [
                one.model_dump(mode="json")
                for one in fetch_viral_injections(client, subject_id, start, end)
            ]
        )

    async def instrument(
        self, instrument_id: str, partial_match: bool = False
    ) -> SourceResult[dict[str, Any]]:
        """The instrument documents stored for ``instrument_id``, as stored."""
        return await self._ask(
            lambda client: fetch_instrument(client, instrument_id, partial_match)
        )

    async def ask(self, work: Callable[[Any], Sequence[T]]) -> SourceResult[T]:
        """Any other lookup: ``work(client)`` on SLIMS' threads, guarded like the rest."""
        return await self._ask(work)

    def circuits(self) -> dict[str, str]:
        """The state of each circuit this source has used ("closed", "open", "half-open")."""
        return self._resilience.states()

    async def ping(self) -> SourceResult[None]:
        async def probe() -> list[None]:
            await self._reader.run(
                lambda client: client.db.fetch("ContentType", None, start=0, end=1)
            )
            return []

        return await guarded(
            self.name, probe, self._timeout, code=lambda _: Code.OK, resilience=self._resilience
        )

    async def aclose(self) -> None:
        self._reader.close()

    async def _cached(
        self, kind: str, subject_id: str, work: Callable[[Any], list[dict[str, Any]]]
    ) -> SourceResult[dict[str, Any]]:
        """``work``'s answer for a subject, reused for the TTL (failures never are)."""
        if self._ttl <= 0:
            return await self._ask(work)
        key = f"slims:{kind}:{subject_id}"
        return await cached_records(
            self._cache, key, self._ttl, self.name, lambda: self._ask(work), code=_found
        )

    async def _ask(self, work: Callable[[Any], Sequence[T]]) -> SourceResult[T]:
        async def call() -> Sequence[T]:
            return await self._reader.run(work)

        return await guarded(
            self.name, call, self._timeout, code=_found, resilience=self._resilience
        )
