"""The MGI datasource: allele names to aind-data-schema ``PIDName`` documents.

Answers (one hit, several, none) are cached under the allele name; failures are not, so the
next request tries again. Concurrent requests for a name share one lookup (single flight).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from datasources.cache import Cache, MemoryCache
from datasources.errors import guarded
from datasources.flights import SingleFlight, cached_records
from datasources.mgi.client import MgiClient
from datasources.mgi.mapping import map_alleles
from datasources.mgi.settings import MgiSettings
from datasources.mgi.snapshot import SNAPSHOT_URL, SnapshotTransport, load_snapshot
from datasources.resilience import Resilience
from datasources.result import Code, SourceResult

logger = logging.getLogger("datasources.mgi")

Allele = dict[str, Any]
# Bump when the cached document shape changes, so old entries are not served.
CACHE_KEY_PREFIX = "mgi:allele:v1:"
PING_QUERY = "Pvalb-IRES-Cre"


class MgiSource:
    name: ClassVar[str] = "mgi"

    def __init__(
        self,
        client: MgiClient,
        cache: Cache,
        *,
        timeout_seconds: float,
        cache_ttl_seconds: float,
        owns_cache: bool = False,
        resilience: Resilience | None = None,
    ) -> None:
        self._client = client
        self._cache = cache
        self._owns_cache = owns_cache
        self._timeout = timeout_seconds
        self._resilience = resilience or Resilience()
        self._ttl = cache_ttl_seconds
        self._flights: SingleFlight[SourceResult[Allele]] = SingleFlight(self.name)

    @classmethod
    def from_settings(cls, settings: MgiSettings, cache: Cache | None = None) -> MgiSource:
        """A source talking to ``settings.url``; ``cache`` is shared and left open by
        :meth:`aclose`, a cache made here is closed with the source."""
        if not settings.configured:
            raise ValueError("MGI is not configured (MGI_URL is empty)")
        client = MgiClient(
            settings.url,
            timeout_seconds=settings.timeout_seconds,
            max_concurrency=settings.max_concurrency,
        )
        return cls(
            client,
            cache if cache is not None else MemoryCache(),
            timeout_seconds=settings.timeout_seconds,
            cache_ttl_seconds=settings.cache_ttl_seconds,
            owns_cache=cache is None,
        )

    @classmethod
    def from_snapshot(cls, directory: Path) -> MgiSource | None:
        """A source replaying ``directory/mgi.json``; None when the file is missing."""
        bodies = load_snapshot(directory)
        if bodies is None:
            return None
        defaults = MgiSettings.model_construct()  # defaults only: snapshots ignore MGI_* env
        client = MgiClient(
            SNAPSHOT_URL,
            timeout_seconds=defaults.timeout_seconds,
            max_concurrency=defaults.max_concurrency,
            transport=SnapshotTransport(bodies),
        )
        return cls(
            client,
            MemoryCache(),
            timeout_seconds=defaults.timeout_seconds,
            cache_ttl_seconds=defaults.cache_ttl_seconds,
            owns_cache=True,
        )

    async def allele(self, allele_name: str) -> SourceResult[Allele]:
        """PIDName documents for one allele name: 200 one hit, 300 several, 404 none,
        400 for an empty name, 503 when MGI fails."""
        name = allele_name.strip()
        if not name:
            return SourceResult(self.name, Code.BAD_REQUEST, message="empty allele name")
        return await self._flights.run(name, lambda: self._resolve(name))

    async def alleles(self, allele_names: Iterable[str]) -> dict[str, SourceResult[Allele]]:
        """One lookup per distinct name, all at once; keyed by the names as given."""
        distinct = list(dict.fromkeys(allele_names))
        results = await asyncio.gather(*(self.allele(name) for name in distinct))
        return dict(zip(distinct, results, strict=True))

    def circuits(self) -> dict[str, str]:
        """The state of each circuit this source has used ("closed", "open", "half-open")."""
        return self._resilience.states()

    async def ping(self) -> SourceResult[None]:
        """200 when MGI answers an allele lookup with an allele bucket, else 503."""

        async def probe() -> Sequence[None]:
            await self._client.allele_bucket(PING_QUERY)
            return ()

        return await guarded(
            self.name, probe, self._timeout, code=lambda _: Code.OK, resilience=self._resilience
        )

    async def aclose(self) -> None:
        await self._flights.aclose()
        await self._client.aclose()
        if self._owns_cache:
            await self._cache.aclose()

    async def _resolve(self, name: str) -> SourceResult[Allele]:
        async def fetch() -> Sequence[Allele]:
            return map_alleles(await self._client.allele_bucket(name))

        return await cached_records(
            self._cache,
            CACHE_KEY_PREFIX + name,
            self._ttl,
            self.name,
            lambda: guarded(self.name, fetch, self._timeout, resilience=self._resilience),
        )
