"""MemoryCache and RedisCache (against the real Redis at 127.0.0.1:6379)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio import Redis

from datasources.cache import Cache, MemoryCache, RedisCache, cache_from_url, redact_url
from tests.conftest import free_port

REDIS_URL = "redis://127.0.0.1:6379/0"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never answers: a hung Redis."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._accepted: list[socket.socket] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self._listener.getsockname()[1]}/0"

    def connections(self, at_least: int) -> int:
        """The number of connections accepted, once it reaches ``at_least`` (or after 5 s)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._accepted) >= at_least, timeout=5)
            return len(self._accepted)

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            with self._changed:
                self._accepted.append(connection)
                self._changed.notify_all()

    def close(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone may not.
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join()
        for connection in self._accepted:
            connection.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    value = f"test-cache-{uuid.uuid4().hex}:"
    yield value
    redis = Redis.from_url(REDIS_URL)
    try:
        keys = [key async for key in redis.scan_iter(match=f"{value}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


@pytest.fixture
async def redis_cache(prefix: str) -> AsyncIterator[RedisCache]:
    cache = RedisCache(REDIS_URL, prefix=prefix)
    yield cache
    await cache.aclose()


# MemoryCache


async def test_memory_round_trip_and_miss() -> None:
    cache = MemoryCache()
    assert isinstance(cache, Cache)
    assert await cache.get("a") is None
    await cache.set("a", b"one", 10)
    assert await cache.get("a") == b"one"
    await cache.set("a", b"two", 10)
    assert await cache.get("a") == b"two"


async def test_memory_entries_expire_after_their_ttl() -> None:
    clock = FakeClock()
    cache = MemoryCache(clock=clock)
    await cache.set("short", b"s", 5)
    await cache.set("long", b"l", 50)
    clock.now += 4.9
    assert await cache.get("short") == b"s"
    clock.now += 0.1
    assert await cache.get("short") is None
    assert await cache.get("long") == b"l"
    assert len(cache) == 1


async def test_memory_non_positive_ttl_stores_nothing() -> None:
    cache = MemoryCache()
    await cache.set("a", b"x", 0)
    await cache.set("b", b"x", -1)
    assert len(cache) == 0


async def test_memory_evicts_least_recently_used() -> None:
    cache = MemoryCache(max_entries=2)
    await cache.set("a", b"1", 10)
    await cache.set("b", b"2", 10)
    assert await cache.get("a") == b"1"  # "b" is now the least recently used
    await cache.set("c", b"3", 10)
    assert len(cache) == 2
    assert await cache.get("b") is None
    assert await cache.get("a") == b"1"
    assert await cache.get("c") == b"3"


def test_memory_needs_room_for_one_entry() -> None:
    with pytest.raises(ValueError, match="max_entries"):
        MemoryCache(max_entries=0)


# RedisCache


async def test_redis_round_trip_under_prefix(redis_cache: RedisCache, prefix: str) -> None:
    assert isinstance(redis_cache, Cache)
    assert await redis_cache.get("k") is None
    await redis_cache.set("k", b"\x00binary\xff", 30)
    assert await redis_cache.get("k") == b"\x00binary\xff"
    redis = Redis.from_url(REDIS_URL)
    try:
        assert await redis.get(prefix + "k") == b"\x00binary\xff"
        ttl_ms = await redis.pttl(prefix + "k")
    finally:
        await redis.aclose()
    assert 0 < ttl_ms <= 30_000


async def test_redis_prefixes_keep_caches_apart(redis_cache: RedisCache, prefix: str) -> None:
    other = RedisCache(REDIS_URL, prefix=prefix + "other:")
    try:
        await redis_cache.set("k", b"mine", 30)
        assert await other.get("k") is None
    finally:
        await other.aclose()


async def test_redis_entries_expire(redis_cache: RedisCache) -> None:
    await redis_cache.set("k", b"v", 0.05)
    await redis_cache.set("zero", b"v", 0)
    assert await redis_cache.get("zero") is None
    await asyncio.sleep(0.3)
    assert await redis_cache.get("k") is None


async def test_redis_down_is_a_miss_logged_once_without_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"redis://reader:s3cret-word@127.0.0.1:{free_port()}/0"
    # A pause of zero makes every call really try the closed port.
    cache = RedisCache(url, pause_seconds=0)
    caplog.set_level(logging.DEBUG, logger="datasources.cache")
    try:
        for _ in range(3):
            assert await cache.get("k") is None
            await cache.set("k", b"v", 30)
    finally:
        await cache.aclose()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()
    assert "s3cret" not in caplog.text
    assert "reader" not in caplog.text


async def test_hung_redis_times_out_to_a_miss_then_is_left_alone_for_a_while(
    silent_server: SilentServer,
) -> None:
    clock = FakeClock()
    # Each real attempt waits out the timeout, long enough for the accept thread to count it.
    cache = RedisCache(silent_server.url, timeout_seconds=0.3, pause_seconds=30, clock=clock)
    try:
        assert await cache.get("k") is None
        assert silent_server.connections(at_least=1) == 1
        await cache.set("k", b"v", 30)
        assert await cache.get("k") is None
        assert silent_server.connections(at_least=1) == 1  # paused: no new attempt
        clock.now += 31
        assert await cache.get("k") is None
        assert silent_server.connections(at_least=2) == 2
    finally:
        await cache.aclose()


def test_redact_url_drops_credentials() -> None:
    assert redact_url("redis://user:pw@cache.internal:6380/2") == "redis://cache.internal:6380/2"
    assert redact_url("rediss://:pw@cache.internal") == "rediss://cache.internal"


async def test_cache_from_url() -> None:
    assert isinstance(cache_from_url(None), MemoryCache)
    assert isinstance(cache_from_url(""), MemoryCache)
    cache = cache_from_url(REDIS_URL)
    try:
        assert isinstance(cache, RedisCache)
    finally:
        await cache.aclose()
