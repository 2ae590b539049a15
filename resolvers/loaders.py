"""Per-request DataLoaders: every key asked for in one request is fetched once, in batches."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from strawberry.dataloader import DataLoader

from datasources.errors import classify
from datasources.labtracks import MappedSubject
from datasources.records import ProcedureRecord, Unmapped
from datasources.result import Code, SourceResult
from datasources.slims.sessions import SessionRecord
from datasources.smartsheet import funding, perfusions, protocols
from datasources.smartsheet.funding import FundingRow
from datasources.smartsheet.protocols import ProtocolInformation
from resolvers.backends import Backends


class Loaders:
    """Created for each request, so nothing is shared between callers but the caches below it."""

    def __init__(self, backends: Backends) -> None:
        self._backends = backends
        # SQL Server takes at most 2100 parameters; the client chunks beyond its own limit.
        self.subjects: DataLoader[int, SourceResult[MappedSubject]] = DataLoader(
            self._load_subjects, max_batch_size=2000
        )
        self.alleles: DataLoader[str, SourceResult[dict[str, Any]]] = DataLoader(
            self._load_alleles
        )
        self.labtracks_procedures: DataLoader[int, SourceResult[ProcedureRecord]] = DataLoader(
            self._load_labtracks_procedures, max_batch_size=2000
        )
        self.sharepoint_procedures: DataLoader[str, list[SourceResult[ProcedureRecord]]] = (
            DataLoader(self._load_sharepoint_procedures)
        )
        self.perfusions: DataLoader[str, SourceResult[ProcedureRecord]] = DataLoader(
            self._load_perfusions
        )
        self.slims_procedures: DataLoader[str, SourceResult[ProcedureRecord]] = DataLoader(
            self._load_slims_procedures
        )
        # aind-slims-api asks about one subject at a time: one SLIMS call per distinct subject.
        self.sessions: DataLoader[str, SourceResult[SessionRecord]] = DataLoader(
            self._load_sessions
        )
        # TARS keys are lot numbers as written; TARS itself matches them ignoring case.
        self.materials: DataLoader[str, SourceResult[dict[str, Any]]] = DataLoader(
            self._load_materials
        )
        self.protocols: DataLoader[str, SourceResult[ProtocolInformation]] = DataLoader(
            self._load_protocols
        )
        self.funding: DataLoader[str, SourceResult[FundingRow]] = DataLoader(self._load_funding)

    async def _load_subjects(self, ids: list[int]) -> list[SourceResult[MappedSubject]]:
        labtracks = self._backends.labtracks
        if labtracks is None:
            return [SourceResult.not_configured("labtracks")] * len(ids)
        result = await labtracks.subjects(ids)
        if result.failed:
            return [result] * len(ids)
        by_id: defaultdict[str, list[MappedSubject]] = defaultdict(list)
        for record in result.records:
            by_id[record.subject_id].append(record)
        return [result.with_records(by_id[str(i)], code=classify(by_id[str(i)])) for i in ids]

    async def _load_alleles(self, names: list[str]) -> list[SourceResult[dict[str, Any]]]:
        mgi = self._backends.mgi
        if mgi is None:
            return [SourceResult.not_configured("mgi")] * len(names)
        results = await mgi.alleles(names)
        return [results[name] for name in names]

    async def _load_labtracks_procedures(
        self, ids: list[int]
    ) -> list[SourceResult[ProcedureRecord]]:
        labtracks = self._backends.labtracks
        if labtracks is None:
            return [SourceResult.not_configured("labtracks")] * len(ids)
        return _per_subject(await labtracks.procedures(ids), [str(i) for i in ids])

    async def _load_sharepoint_procedures(
        self, ids: list[str]
    ) -> list[list[SourceResult[ProcedureRecord]]]:
        sharepoint = self._backends.sharepoint
        if sharepoint is None:
            return [[SourceResult.not_configured("sharepoint")] for _ in ids]
        by_list = await sharepoint.procedures(ids)
        split = [_per_subject(result, ids) for result in by_list.values()]
        return [[results[n] for results in split] for n in range(len(ids))]

    async def _load_perfusions(self, ids: list[str]) -> list[SourceResult[ProcedureRecord]]:
        smartsheet = self._backends.smartsheet
        if smartsheet is None:
            return [SourceResult.not_configured(perfusions.SOURCE)] * len(ids)
        return _per_subject(await smartsheet.perfusions(ids), ids)

    async def _load_slims_procedures(self, ids: list[str]) -> list[SourceResult[ProcedureRecord]]:
        slims = self._backends.slims
        if slims is None:
            return [SourceResult.not_configured("slims")] * len(ids)
        return _per_subject(await slims.procedures(ids), ids)

    async def _load_sessions(self, ids: list[str]) -> list[SourceResult[SessionRecord]]:
        slims = self._backends.slims
        if slims is None:
            return [SourceResult.not_configured("slims")] * len(ids)
        return list(await asyncio.gather(*map(slims.sessions, ids)))

    async def _load_materials(self, lots: list[str]) -> list[SourceResult[dict[str, Any]]]:
        tars = self._backends.tars
        if tars is None:
            return [SourceResult.not_configured("tars")] * len(lots)
        results = await tars.materials(lots)
        return [results[lot] for lot in lots]

    async def _load_protocols(self, kinds: list[str]) -> list[SourceResult[ProtocolInformation]]:
        smartsheet = self._backends.smartsheet
        if smartsheet is None:
            return [SourceResult.not_configured(protocols.SOURCE)] * len(kinds)
        # One cached sheet answers every kind: no round trip per kind.
        return list(await asyncio.gather(*map(smartsheet.procedure_protocol, kinds)))

    async def _load_funding(self, projects: list[str]) -> list[SourceResult[FundingRow]]:
        smartsheet = self._backends.smartsheet
        if smartsheet is None:
            return [SourceResult.not_configured(funding.SOURCE)] * len(projects)
        return list(await asyncio.gather(*map(smartsheet.funding, projects)))


def _per_subject(
    result: SourceResult[ProcedureRecord], ids: list[str]
) -> list[SourceResult[ProcedureRecord]]:
    """One batched answer split into one answer per subject (a failure applies to all)."""
    if result.failed:
        return [result] * len(ids)
    by_id: defaultdict[str, list[ProcedureRecord]] = defaultdict(list)
    for record in result.records:
        by_id[record.subject_id].append(record)
    unmapped: defaultdict[str, list[Unmapped]] = defaultdict(list)
    for part in result.unmapped:
        unmapped[part.subject_id].append(part)
    return [
        result.with_records(
            by_id[i],
            code=Code.OK if by_id[i] or unmapped[i] else Code.NOT_FOUND,
            unmapped=unmapped[i],
        )
        for i in ids
    ]
