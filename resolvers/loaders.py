"""Per-request DataLoaders: every key asked for in one request is fetched once, in batches."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from strawberry.dataloader import DataLoader

from datasources.errors import classify
from datasources.labtracks import MappedSubject
from datasources.result import SourceResult
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
