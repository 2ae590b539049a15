"""A small async cache for backend answers that several requests (or replicas) may share.

Two implementations of one protocol: :class:`MemoryCache` (per process, TTL and LRU bound) and
:class:`RedisCache` (shared between replicas). A cache is an optimisation, never a dependency:
when Redis fails or is slow, a read is a miss and a write is skipped. The outage is logged once
(at its start, and again when Redis answers again), with the server's address but never its
credentials, and Redis is left alone for a short while so requests do not each wait for it.

:class:`RedisCache` also offers short-lived locks (:class:`SharedLocks`), with which processes
sharing it fill a missing entry once between them (datasources/flights.py). A lock is taken with
``SET key token NX PX ttl`` and released only by its holder (a token-checked delete), so a
holder that dies leaves a lock that expires with its TTL.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

logger = logging.getLogger("datasources.cache")

Clock = Callable[[], float]


@runtime_checkable
class Cache(Protocol):
    async def get(self, key: str) -> bytes | None:
        """The stored value, or None when absent, expired or unreachable."""
        ...

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        """Store ``value`` for ``ttl_seconds``; failures are swallowed."""
        ...

    async def delete(self, key: str) -> None:
        """Forget ``key`` (an entry found to be wrong); failures are swallowed."""
        ...

    async def aclose(self) -> None: ...


#: What :meth:`SharedLocks.try_lock` answers when no lock can be taken (the lock store is
#: unavailable): go ahead without one.
NO_LOCK = ""


@runtime_checkable
class SharedLocks(Protocol):
    """Locks shared by every process using the same store (caches that only one process
    sees need none: an in-process single flight suffices)."""

    async def try_lock(self, key: str, ttl_seconds: float) -> str | None:
        """A token when this caller now holds the lock on ``key`` for ``ttl_seconds``; None
        when someone else holds it; :data:`NO_LOCK` when the store is unavailable."""
        ...

    async def locked(self, key: str) -> bool:
        """Whether someone holds the lock on ``key`` (False when the store is unavailable)."""
        ...

    async def unlock(self, key: str, token: str) -> None:
        """Release the lock on ``key`` when ``token`` still holds it; failures are swallowed."""
        ...


class MemoryCache:
    """Per-process cache: entries expire after their TTL; beyond ``max_entries`` the least
    recently used entry goes."""

    def __init__(self, max_entries: int = 10_000, *, clock: Clock = time.monotonic) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self._clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        if ttl_seconds <= 0:
            return
        self._entries[key] = (self._clock() + ttl_seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    async def delete(self, key: str) -> None:
        self._entries.pop(key, None)

    async def aclose(self) -> None:
        self._entries.clear()


def redact_url(url: str) -> str:
    """``scheme://host:port/db`` without user name or password, for log lines."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


#: Deletes KEYS[1] only while it still holds ARGV[1]: a lock that expired and was taken by
#: another process is not released by its former holder.
_UNLOCK = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""
LOCK_INFIX = "lock:"


class RedisCache:
    """Cache in Redis under ``prefix``; a failing Redis behaves like an empty cache. Locks live
    under ``prefix`` + ``lock:``."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "aind-metadata-graphql:",
        timeout_seconds: float = 0.5,
        pause_seconds: float = 5.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self._prefix = prefix
        self._timeout = timeout_seconds
        self._pause = pause_seconds
        self._clock = clock
        self._where = redact_url(url)
        self._down_until: float | None = None
        # No retries: a cache that retries makes every request wait during an outage.
        self._redis = Redis.from_url(
            url,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            retry=Retry(NoBackoff(), 0),
        )

    async def get(self, key: str) -> bytes | None:
        if self._paused():
            return None
        try:
            async with asyncio.timeout(self._timeout):
                value = await self._redis.get(self._prefix + key)
        except Exception as error:  # any Redis fault is a miss
            self._failed("read", error)
            return None
        self._recovered()
        return value if isinstance(value, bytes) else None

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        milliseconds = int(ttl_seconds * 1000)
        if milliseconds <= 0 or self._paused():
            return
        try:
            async with asyncio.timeout(self._timeout):
                await self._redis.set(self._prefix + key, value, px=milliseconds)
        except Exception as error:  # any Redis fault is a skipped write
            self._failed("write", error)
            return
        self._recovered()

    async def delete(self, key: str) -> None:
        if self._paused():
            return
        try:
            async with asyncio.timeout(self._timeout):
                await self._redis.delete(self._prefix + key)
        except Exception as error:  # the entry then lives out its TTL
            self._failed("delete", error)
            return
        self._recovered()

    async def try_lock(self, key: str, ttl_seconds: float) -> str | None:
        milliseconds = max(int(ttl_seconds * 1000), 1)
        if self._paused():
            return NO_LOCK
        token = secrets.token_hex(16)
        try:
            async with asyncio.timeout(self._timeout):
                taken = await self._redis.set(self._lock_key(key), token, nx=True, px=milliseconds)
        except Exception as error:  # no lock store: the caller goes ahead alone
            self._failed("lock", error)
            return NO_LOCK
        self._recovered()
        return token if taken else None

    async def locked(self, key: str) -> bool:
        if self._paused():
            return False
        try:
            async with asyncio.timeout(self._timeout):
                count = await self._redis.exists(self._lock_key(key))
        except Exception as error:
            self._failed("lock check", error)
            return False
        self._recovered()
        return bool(count)

    async def unlock(self, key: str, token: str) -> None:
        if not token or self._paused():
            return  # NO_LOCK, or an unreachable Redis: the lock expires by itself
        try:
            async with asyncio.timeout(self._timeout):
                await self._redis.eval(_UNLOCK, 1, self._lock_key(key), token)
        except Exception as error:
            self._failed("unlock", error)
            return
        self._recovered()

    def _lock_key(self, key: str) -> str:
        return self._prefix + LOCK_INFIX + key

    async def aclose(self) -> None:
        try:
            await self._redis.aclose()
        except Exception as error:  # closing a broken connection must not fail shutdown
            logger.debug("closing redis cache at %s: %s", self._where, type(error).__name__)

    def _paused(self) -> bool:
        return self._down_until is not None and self._clock() < self._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        if self._down_until is None:
            # The exception's text is not logged: connection errors may echo the URL.
            logger.warning(
                "redis cache at %s unavailable (%s on %s); serving without it",
                self._where,
                type(error).__name__,
                operation,
            )
        self._down_until = self._clock() + self._pause

    def _recovered(self) -> None:
        if self._down_until is not None:
            logger.warning("redis cache at %s reachable again", self._where)
            self._down_until = None


def cache_from_url(url: str | None) -> Cache:
    """A Redis cache for ``redis://``/``rediss://``/``unix://`` URLs, else a memory cache."""
    if not url:
        return MemoryCache()
    return RedisCache(url)
