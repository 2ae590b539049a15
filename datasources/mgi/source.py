"""The MGI datasource: allele names to aind-data-schema ``PIDName`` documents.

Answers (one hit, several, none) are cached under the allele name; failures are not, so the
next request tries again. Concurrent requests for a name share one lookup (single flight).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from datasources.cache import Cache, MemoryCache
from datasources.errors import classify, guarded
from datasources.mgi.client import MgiClient
from datasources.mgi.mapping import map_alleles
from datasources.mgi.settings import MgiSettings
from datasources.mgi.snapshot import SNAPSHOT_URL, SnapshotTransport, load_snapshot
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
    ) -> None:
        self._client = client
        self._cache = cache
        self._owns_cache = owns_cache
        self._timeout = timeout_seconds
        self._ttl = cache_ttl_seconds
        self._in_flight: dict[str, asyncio.Task[SourceResult[Allele]]] = {}

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
        task = self._in_flight.get(name)
        if task is None:
            # Registered before any await, so every concurrent caller finds it.
            task = asyncio.create_task(self._resolve(name), name=f"mgi:{name}")
            self._in_flight[name] = task
            task.add_done_callback(lambda done: self._forget(name, done))
        # One caller giving up must not cancel the lookup the others are waiting for.
        return await asyncio.shield(task)

    async def alleles(self, allele_names: Iterable[str]) -> dict[str, SourceResult[Allele]]:
        """One lookup per distinct name, all at once; keyed by the names as given."""
        distinct = list(dict.fromkeys(allele_names))
        results = await asyncio.gather(*(self.allele(name) for name in distinct))
        return dict(zip(distinct, results, strict=True))

    async def ping(self) -> SourceResult[None]:
        """200 when MGI answers an allele lookup with an allele bucket, else 503."""

        async def probe() -> Sequence[None]:
            await self._client.allele_bucket(PING_QUERY)
            return ()

        return await guarded(self.name, probe, self._timeout, code=lambda _: Code.OK)

    async def aclose(self) -> None:
        for task in list(self._in_flight.values()):
            task.cancel()
        await asyncio.gather(*self._in_flight.values(), return_exceptions=True)
        await self._client.aclose()
        if self._owns_cache:
            await self._cache.aclose()

    def _forget(self, name: str, task: asyncio.Task[SourceResult[Allele]]) -> None:
        if self._in_flight.get(name) is task:
            del self._in_flight[name]

    async def _resolve(self, name: str) -> SourceResult[Allele]:
        key = CACHE_KEY_PREFIX + name
        started = time.perf_counter()
        cached = _decode(await self._cache.get(key))
        if cached is not None:
            ms = round((time.perf_counter() - started) * 1000, 1)
            return SourceResult(self.name, classify(cached), tuple(cached), ms=ms)

        async def fetch() -> Sequence[Allele]:
            return map_alleles(await self._client.allele_bucket(name))

        result = await guarded(self.name, fetch, self._timeout)
        if not result.failed:
            await self._cache.set(key, json.dumps(list(result.records)).encode(), self._ttl)
        return result


def _decode(value: bytes | None) -> list[Allele] | None:
    """A cached answer, or None when absent or unreadable (then MGI is asked again)."""
    if value is None:
        return None
    try:
        records = json.loads(value)
    except ValueError:
        logger.warning("ignoring an unreadable cached MGI answer")
        return None
    if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
        logger.warning("ignoring an unreadable cached MGI answer")
        return None
    return records
