"""Shared pieces of the sources that answer lookups by key from a cache or the backend.

:class:`SingleFlight`: concurrent callers asking for the same key share one running task, and
one caller giving up (its own deadline, a cancelled request) does not cancel what the others
wait for. :func:`cached_records` reads and writes a lookup's records as JSON in a ``Cache``:
answers (200/300/404) are cached, failures never are.

When the cache is shared between processes (Redis), :func:`fill_once` makes a miss one backend
call across all of them: the first process takes the entry's lock and fills the entry; the
others poll the cache (bounded by the lock's TTL) and read what it stored. In-process, the
single flight stays the first layer, so each process takes part with one task per key.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from datasources import observe
from datasources.cache import Cache, SharedLocks
from datasources.errors import classify
from datasources.result import Code, SourceResult

T = TypeVar("T")
R = TypeVar("R")

#: How long one process may hold a key's fill lock; waiting processes wait as long at most.
LOCK_SECONDS = 30.0
#: How often a waiting process looks for the entry (and for the lock's release).
POLL_SECONDS = 0.05

logger = logging.getLogger("datasources")


class SingleFlight(Generic[T]):
    def __init__(self, label: str) -> None:
        self._label = label
        self._tasks: dict[str, asyncio.Task[T]] = {}

    async def run(self, key: str, start: Callable[[], Awaitable[T]]) -> T:
        task = self._tasks.get(key)
        if task is None:
            # Registered before any await, so every concurrent caller finds it.
            task = asyncio.create_task(_awaited(start), name=f"{self._label}:{key}")
            self._tasks[key] = task
            task.add_done_callback(lambda done: self._forget(key, done))
        return await asyncio.shield(task)

    async def aclose(self) -> None:
        for task in list(self._tasks.values()):
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    def _forget(self, key: str, task: asyncio.Task[T]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]


async def _awaited(start: Callable[[], Awaitable[T]]) -> T:
    return await start()


async def cached_records(
    cache: Cache,
    key: str,
    ttl_seconds: float,
    name: str,
    fetch: Callable[[], Awaitable[SourceResult[dict[str, Any]]]],
    *,
    code: Callable[[Sequence[dict[str, Any]]], Code] = classify,
) -> SourceResult[dict[str, Any]]:
    """Records of JSON objects from the cache, else from ``fetch`` (then cached if answered).

    ``code`` classifies a cached answer as ``fetch``'s own classification would."""
    started = time.perf_counter()
    cached = decode_records(await cache.get(key), name)
    observe.cache_lookup(name, cached is not None)
    if cached is not None:
        ms = round((time.perf_counter() - started) * 1000, 1)
        return SourceResult(name, code(cached), tuple(cached), ms=ms)

    def read(value: bytes | None) -> SourceResult[dict[str, Any]] | None:
        filled = decode_records(value, name)
        if filled is None:
            return None
        ms = round((time.perf_counter() - started) * 1000, 1)
        return SourceResult(name, code(filled), tuple(filled), ms=ms)

    async def fill() -> SourceResult[dict[str, Any]]:
        result = await fetch()
        if not result.failed:
            await cache.set(key, json.dumps(list(result.records)).encode(), ttl_seconds)
        return result

    return await fill_once(cache, key, read, fill)


async def fill_once(
    cache: Cache,
    key: str,
    read: Callable[[bytes | None], R | None],
    fill: Callable[[], Awaitable[R]],
    *,
    lock_seconds: float = LOCK_SECONDS,
    poll_seconds: float = POLL_SECONDS,
) -> R:
    """``fill()`` (which asks the backend and stores the entry under ``key``) for a key just
    missed, run by one process at a time when ``cache`` is shared.

    Without shared locks (a per-process cache), or when the lock store is unavailable, this is
    ``fill()``. Otherwise the process holding ``key``'s lock fills; the others poll the cache
    and answer ``read(value)`` once it is not None. When the holder lets go without storing
    anything (its backend call failed, which is never cached) or dies (its lock expires), one
    waiter takes the lock in turn; after ``lock_seconds`` a waiter fills on its own."""
    if not isinstance(cache, SharedLocks):
        return await fill()
    deadline = time.monotonic() + lock_seconds
    while (token := await cache.try_lock(key, lock_seconds)) is None:
        while True:
            await asyncio.sleep(poll_seconds)
            found = read(await cache.get(key))
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                logger.warning("waited %.0f s for another process to fill %s", lock_seconds, key)
                return await fill()
            if not await cache.locked(key):
                break
    try:
        if token:
            # Another process may have filled the entry between the miss and the lock.
            found = read(await cache.get(key))
            if found is not None:
                return found
        return await fill()
    finally:
        await cache.unlock(key, token)


def decode_records(value: bytes | None, name: str) -> list[dict[str, Any]] | None:
    """A cached answer, or None when absent or unreadable (then the backend is asked again)."""
    if value is None:
        return None
    try:
        records = records_of(json.loads(value))
    except ValueError:
        records = None
    if records is None:
        logger.warning("ignoring an unreadable cached %s answer", name)
    return records


def records_of(value: Any) -> list[dict[str, Any]] | None:
    """``value`` when it is a list of JSON objects (records), else None."""
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    return None
