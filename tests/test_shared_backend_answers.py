"""What processes sharing one Redis share: Graph and TARS tokens, SharePoint list answers.

Each "process" here is a source of its own with its own Redis client (the cross-process path:
locks and entries in Redis, nothing in common in memory), against the loopback Graph and
TARS; tests/faults/test_shared_cache.py runs three real ``serve`` processes.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from redis import Redis as SyncRedis

from datasources.cache import MemoryCache, RedisCache
from datasources.result import Code
from datasources.sharepoint import SharePointSource
from datasources.tars.auth import AccessTokens
from datasources.tokens import SharedTokens, token_key
from tests.procedures_live import demo_graph, sharepoint_settings
from tests.servers.graph import GraphServer
from tests.servers.tars import TarsServer

REDIS_URL = "redis://127.0.0.1:6379/0"
SUBJECT = "650101"  # in NSB 2023 and LAS 2020 of the demo lists


@pytest.fixture
def prefix() -> Iterator[str]:
    value = f"test-shared-{uuid.uuid4().hex}:"
    yield value
    redis = SyncRedis.from_url(REDIS_URL)
    try:
        keys = list(redis.scan_iter(match=f"{value}*"))
        if keys:
            redis.delete(*keys)
    finally:
        redis.close()


@pytest.fixture
async def caches(prefix: str) -> AsyncIterator[list[RedisCache]]:
    """Three Redis clients on one key space: three processes' views of the shared cache."""
    opened = [RedisCache(REDIS_URL, prefix=prefix) for _ in range(3)]
    yield opened
    for cache in opened:
        await cache.aclose()


@pytest.fixture
def graph() -> Iterator[GraphServer]:
    with demo_graph() as server:
        yield server


# tokens


async def test_processes_share_one_tars_token(caches: list[RedisCache]) -> None:
    with TarsServer() as tars:
        tars.latency = 0.2  # long enough for every process to miss at once
        async with httpx.AsyncClient() as http:
            tokens = [
                AccessTokens(
                    http,
                    tars.token_url,
                    tars.client_id,
                    SecretStr(tars.client_secret),
                    tars.scope,
                    cache=cache,
                )
                for cache in caches
            ]
            got = await asyncio.gather(*(t.get() for t in tokens for _ in range(3)))
            assert len(set(got)) == 1
            assert tars.token_calls == 1

            # Refused by TARS: forgotten by everyone, and one new token for all.
            await tokens[0].invalidate(got[0])
            fresh = await tokens[1].get()  # still held in the second process's memory
            assert fresh == got[0]
            await tokens[1].invalidate(fresh)
            # The third process keeps its token until TARS refuses it there too.
            renewed = await asyncio.gather(tokens[0].get(), tokens[1].get())
            assert tars.token_calls == 2
            assert renewed[0] == renewed[1]
            assert renewed[0] != got[0]


async def test_a_shared_token_is_never_used_past_its_renewal_time(
    caches: list[RedisCache],
) -> None:
    now = [1_000_000.0]
    issued: list[str] = []

    async def request() -> tuple[str, float]:
        issued.append(f"token-{len(issued)}")
        return issued[-1], 100.0

    def shared(cache: RedisCache) -> SharedTokens:
        return SharedTokens(
            token_key("https://login.example/token", "client", "scope"),
            request,
            cache,
            clock=lambda: now[0],
            wall_clock=lambda: now[0],
        )

    first, second = shared(caches[0]), shared(caches[1])
    assert await first.get() == "token-0"
    assert await second.get() == "token-0"  # read from the shared entry
    now[0] += 101
    third = shared(caches[2])
    assert await third.get() == "token-1"  # the entry says renew: not served
    assert issued == ["token-0", "token-1"]


async def test_token_key_holds_no_secret() -> None:
    key = token_key("https://login.example/tenant/token", "client-id-1", "api://x/.default")
    assert "client-id-1" not in key
    assert "login.example" not in key
    assert key != token_key(
        "https://login.example/tenant/token", "client-id-2", "api://x/.default"
    )


async def test_per_process_cache_keeps_tokens_in_memory_only() -> None:
    calls = 0

    async def request() -> tuple[str, float]:
        nonlocal calls
        calls += 1
        return f"token-{calls}", 100.0

    cache = MemoryCache()
    tokens = SharedTokens("oauth:token:v1:x", request, cache)
    assert await tokens.get() == await tokens.get() == "token-1"
    assert len(cache) == 0  # nothing shared to share with


# SharePoint list answers


def _sources(graph: GraphServer, caches: list[RedisCache], **overrides: Any) -> list[Any]:
    settings = sharepoint_settings(graph, **overrides)
    return [SharePointSource.from_settings(settings, cache) for cache in caches]


def _list_reads(graph: GraphServer) -> int:
    return sum(1 for request in graph.requests if "/items" in request.path)


async def test_processes_read_each_list_once_per_subject(
    graph: GraphServer, caches: list[RedisCache]
) -> None:
    graph.latency = 0.2
    sources = _sources(graph, caches)
    try:
        answers = await asyncio.gather(*(s.procedures([SUBJECT]) for s in sources))
        reads = _list_reads(graph)
        assert reads == 4  # one per list, for all three processes
        assert graph.token_calls == 1
        for answer in answers:
            assert {name: r.code for name, r in answer.items()} == {
                name: r.code for name, r in answers[0].items()
            }
            assert answer["nsb2023"].code == Code.OK
        # Later questions about the subject are answered from Redis.
        again = await sources[2].procedures([SUBJECT])
        assert _list_reads(graph) == reads
        assert [r.records for r in again.values()] == [r.records for r in answers[0].values()]
    finally:
        for source in sources:
            await source.aclose()


async def test_only_missing_subjects_are_asked_and_failures_are_not_kept(
    graph: GraphServer, caches: list[RedisCache]
) -> None:
    source = SharePointSource.from_settings(sharepoint_settings(graph), caches[0])
    try:
        await source.procedures([SUBJECT])
        graph.clear_log()
        graph.fail_next(8, status=500)
        failed = await source.procedures([SUBJECT, "650102"])
        assert all(r.code == Code.UNAVAILABLE for r in failed.values())
        graph.clear_faults()
        graph.clear_log()
        mended = await source.procedures([SUBJECT, "650102"])
        assert all(r.code in (Code.OK, Code.NOT_FOUND) for r in mended.values())
        filters = [request.param("$filter") or "" for request in graph.requests]
        assert filters
        assert all(SUBJECT not in f and "650102" in f for f in filters if f)
    finally:
        await source.aclose()


async def test_list_cache_can_be_turned_off(graph: GraphServer, caches: list[RedisCache]) -> None:
    source = SharePointSource.from_settings(
        sharepoint_settings(graph, list_cache_ttl_seconds=0), caches[0]
    )
    try:
        await source.procedures([SUBJECT])
        await source.procedures([SUBJECT])
        assert _list_reads(graph) == 8
    finally:
        await source.aclose()
