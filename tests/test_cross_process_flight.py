"""Single flight across processes: Redis locks (datasources/cache.py) around a cache miss
(datasources/flights.py), and three real `serve` processes sharing one Redis in front of MGI."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from redis import Redis as SyncRedis
from redis.asyncio import Redis

from datasources.cache import NO_LOCK, MemoryCache, RedisCache, SharedLocks
from datasources.flights import fill_once
from tests.conftest import start_service, stop_service
from tests.servers.mgi import MgiServer, bucket, summary_row

REDIS_URL = "redis://127.0.0.1:6379/0"


def _delete_keys(pattern: str) -> None:
    redis = SyncRedis.from_url(REDIS_URL)
    try:
        keys = list(redis.scan_iter(match=pattern))
        if keys:
            redis.delete(*keys)
    finally:
        redis.close()


@pytest.fixture
def prefix() -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    value = f"test-flight-{uuid.uuid4().hex}:"
    yield value
    _delete_keys(f"{value}*")


@pytest.fixture
async def redis_cache(prefix: str) -> AsyncIterator[RedisCache]:
    cache = RedisCache(REDIS_URL, prefix=prefix)
    yield cache
    await cache.aclose()


# locks


async def test_lock_is_exclusive_and_released_only_by_its_token(
    redis_cache: RedisCache, prefix: str
) -> None:
    assert isinstance(redis_cache, SharedLocks)
    assert not isinstance(MemoryCache(), SharedLocks)
    token = await redis_cache.try_lock("k", 10)
    assert token
    assert await redis_cache.try_lock("k", 10) is None
    assert await redis_cache.locked("k")
    await redis_cache.unlock("k", "someone-else")
    assert await redis_cache.locked("k")
    await redis_cache.unlock("k", token)
    assert not await redis_cache.locked("k")
    # Locks live apart from the entries.
    assert await redis_cache.get("k") is None
    redis = Redis.from_url(REDIS_URL)
    try:
        assert await redis.exists(prefix + "lock:k") == 0
    finally:
        await redis.aclose()


async def test_lock_of_a_dead_holder_expires(redis_cache: RedisCache) -> None:
    assert await redis_cache.try_lock("k", 0.2)
    assert await redis_cache.try_lock("k", 0.2) is None
    await asyncio.sleep(0.3)
    assert await redis_cache.try_lock("k", 0.2)


async def test_unreachable_redis_gives_no_lock_and_fill_goes_ahead() -> None:
    cache = RedisCache("redis://127.0.0.1:1/0", timeout_seconds=0.2)
    try:
        assert await cache.try_lock("k", 10) == NO_LOCK
        assert not await cache.locked("k")
        await cache.unlock("k", NO_LOCK)

        async def fill() -> str:
            return "filled"

        assert await fill_once(cache, "k", lambda _: None, fill) == "filled"
    finally:
        await cache.aclose()


# fill_once between separate caches (each stands for a process)


async def test_concurrent_misses_on_separate_clients_fill_once(prefix: str) -> None:
    caches = [RedisCache(REDIS_URL, prefix=prefix) for _ in range(3)]
    calls = 0

    def reader(value: bytes | None) -> str | None:
        return value.decode() if value is not None else None

    def filler(cache: RedisCache) -> Any:
        async def fill() -> str:
            nonlocal calls
            calls += 1
            await asyncio.sleep(0.3)
            await cache.set("k", b"answer", 30)
            return "answer"

        return fill

    try:
        results = await asyncio.gather(
            *(fill_once(cache, "k", reader, filler(cache), poll_seconds=0.02) for cache in caches)
        )
    finally:
        for cache in caches:
            await cache.aclose()
    assert results == ["answer"] * 3
    assert calls == 1


async def test_a_failed_fill_hands_the_lock_to_a_waiter(redis_cache: RedisCache) -> None:
    """Failures are not cached: the holder lets go empty-handed and a waiter asks in turn."""
    calls = 0

    async def failing() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.1)
        return "failed"

    async def succeeding() -> str:
        nonlocal calls
        calls += 1
        return "answer"

    first = asyncio.create_task(fill_once(redis_cache, "k", lambda _: None, failing))
    await asyncio.sleep(0.02)
    second = await fill_once(redis_cache, "k", lambda _: None, succeeding, poll_seconds=0.02)
    assert await first == "failed"
    assert second == "answer"
    assert calls == 2


async def test_a_waiter_takes_over_when_the_holder_died(redis_cache: RedisCache) -> None:
    assert await redis_cache.try_lock("k", 0.3)  # a holder that never releases

    async def fill() -> str:
        return "mine"

    started = asyncio.get_running_loop().time()
    assert await fill_once(redis_cache, "k", lambda _: None, fill, poll_seconds=0.02) == "mine"
    assert asyncio.get_running_loop().time() - started >= 0.25
    assert not await redis_cache.locked("k")


# three serve processes behind a round-robin client


ALLELE_QUERY = "query($name: String!) { mgi_allele(allele_name: $name) { registry_identifier } }"


def test_three_serve_processes_ask_mgi_once_for_one_allele() -> None:
    name = f"Flight-{uuid.uuid4().hex[:12]}-Cre"
    with MgiServer({name: bucket(summary_row(name, "MGI:9990001"))}) as mgi:
        mgi.latency = 0.5
        env = {"MGI_URL": mgi.endpoint, "AIND_GRAPHQL_REDIS_URL": REDIS_URL}
        processes = []
        try:
            for _ in range(3):
                processes.append(start_service([], env=env))
            urls = [url for url, _ in processes]

            async def fire() -> list[dict[str, Any]]:
                targets = itertools.islice(itertools.cycle(urls), 12)
                async with httpx.AsyncClient(timeout=30) as client:
                    responses = await asyncio.gather(
                        *(
                            client.post(
                                f"{url}/graphql",
                                json={"query": ALLELE_QUERY, "variables": {"name": name}},
                            )
                            for url in targets
                        )
                    )
                return [response.json() for response in responses]

            for body in asyncio.run(fire()):
                assert body["data"] == {"mgi_allele": [{"registry_identifier": "MGI:9990001"}]}
            assert mgi.queries().count(name) == 1
            # Later requests read the shared entry.
            asyncio.run(fire())
            assert mgi.queries().count(name) == 1
        finally:
            for _, process in processes:
                stop_service(process)
            _delete_keys(f"aind-metadata-graphql:*{name}*")
