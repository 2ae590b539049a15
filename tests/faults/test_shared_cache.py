"""Three `serve` processes sharing one Redis behind a round-robin client: each backend key is
fetched once across all three (tokens, list answers, sheets, prep lots, alleles), and not
again while its entry lives."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from redis import Redis

from tests.conftest import start_service, stop_service
from tests.faults.world import QUERY, SUBJECT, World
from tests.servers.base import LoopbackServer

# A database of its own, emptied before and after: no other test's entries are found here.
REDIS_URL = "redis://127.0.0.1:6379/7"
PROCESSES = 3
REQUESTS = 12


@pytest.fixture
def empty_redis() -> Iterator[str]:
    redis = Redis.from_url(REDIS_URL)
    try:
        redis.flushdb()
        yield REDIS_URL
        redis.flushdb()
    finally:
        redis.close()


def backend_calls(server: LoopbackServer) -> Counter[tuple[str, str]]:
    """Requests by path and query string: one key each (a page, a search, a token)."""
    return Counter(
        (request.path, repr(sorted(request.query.items()))) for request in server.requests
    )


def fire(urls: list[str]) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        targets = itertools.islice(itertools.cycle(urls), REQUESTS)
        body = {"query": QUERY, "variables": {"id": SUBJECT}}
        async with httpx.AsyncClient(timeout=120) as client:
            responses = await asyncio.gather(
                *(client.post(f"{url}/graphql", json=body) for url in targets)
            )
        return [response.json() for response in responses]

    return asyncio.run(run())


def test_three_processes_fetch_each_backend_key_once(world: World, empty_redis: str) -> None:
    servers = world.servers()
    for server in servers.values():
        server.latency = 0.3  # every process misses before any answer is stored
    env = {**world.environment(), "AIND_GRAPHQL_REDIS_URL": empty_redis}
    # Generous budgets: this test counts calls; a slow machine must not turn one into a 503.
    env.update({name: "20" for name in env if name.endswith("_TIMEOUT_SECONDS")})
    env["AIND_GRAPHQL_REQUEST_DEADLINE_SECONDS"] = "60"
    processes = [start_service([], env) for _ in range(PROCESSES)]
    try:
        first = fire([url for url, _ in processes])
        calls = {name: backend_calls(server) for name, server in servers.items()}
        again = fire([url for url, _ in processes])
        calls_after = {name: backend_calls(server) for name, server in servers.items()}
    finally:
        logs = [stop_service(process).decode() for _, process in processes]

    expected = first[0]["data"]
    assert expected["subject"]["subject_id"] == SUBJECT
    assert expected["procedures"]["subject_procedures"]
    for body in [*first, *again]:
        assert body["data"] == expected, (body.get("extensions"), logs)
    for name, counted in calls.items():
        assert counted, f"{name} was never asked"
        repeated = {key: n for key, n in counted.items() if n > 1}
        assert not repeated, f"{name} was asked more than once for {repeated}"
    assert world.graph.token_calls == 1
    assert world.tars.token_calls == 1
    # The second round is answered from Redis by every process.
    assert calls_after == calls
