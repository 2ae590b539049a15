"""/metrics: requests, latencies, backend calls and failures by kind, cache, circuits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from datasources.mgi import MgiSettings, MgiSource
from graphql_service.metrics import forget_dead_workers
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.servers.mgi import MgiServer
from tests.snapshots import MGI_ANSWERS

ALLELE = '{ mgi_allele(allele_name: "Pvalb-IRES-Cre") { name } }'
NAMED = 'query AlleleByName { mgi_allele(allele_name: "Pvalb-IRES-Cre") { name } }'


def _mgi(server: MgiServer) -> MgiSource:
    return MgiSource.from_settings(MgiSettings(url=server.endpoint))


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    values = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            values[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return values


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, frozenset(labels.items())), 0.0)


async def test_requests_backend_calls_and_cache_are_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    with MgiServer(MGI_ANSWERS) as server:
        backends = Backends(mgi=_mgi(server), mode="live")
        async with graphql_client(backends) as client:
            before = (await client.get("/metrics")).text
            await run_query(client, NAMED)
            await run_query(client, NAMED)  # answered from the cache
            await run_query(client, "{ nonsense }")
            rest = await client.get("/api/v2/mgi_allele/Pvalb-IRES-Cre")
            response = await client.get("/metrics")
    assert rest.status_code == 200
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    after = response.text

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "aind_graphql_requests_total"
    assert delta(requests, route="/graphql", operation="AlleleByName", outcome="ok") == 2
    assert delta(requests, route="/graphql", operation="anonymous", outcome="error") == 1
    rest_route = "/api/v2/mgi_allele/{allele_name}"
    assert delta(requests, route=rest_route, operation=rest_route, outcome="ok") == 1
    count = "aind_graphql_request_seconds_count"
    assert delta(count, route="/graphql", operation="AlleleByName") == 2
    assert delta("aind_graphql_backend_call_seconds_count", backend="mgi") >= 1
    assert delta("aind_graphql_cache_hits_total", backend="mgi") >= 1
    assert delta("aind_graphql_cache_misses_total", backend="mgi") >= 1
    assert value(after, "aind_graphql_requests_in_flight") >= 1  # /metrics itself
    assert value(after, "aind_graphql_circuit_state", circuit="mgi") == 0


async def test_failing_backend_counts_errors_by_kind_and_opens_its_circuit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    monkeypatch.setenv("AIND_GRAPHQL_BREAKER_FAILURES", "2")
    monkeypatch.setenv("AIND_GRAPHQL_RETRIES", "0")
    with MgiServer(MGI_ANSWERS) as server:
        backends = Backends(mgi=_mgi(server), mode="live")
        server.fail_next(100, 500)
        async with graphql_client(backends, ServiceSettings(ready_probe_seconds=60)) as client:
            before = (await client.get("/metrics")).text
            for _ in range(3):
                body = await run_query(client, ALLELE)
                assert body["errors"]
            after = (await client.get("/metrics")).text

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    errors = "aind_graphql_backend_errors_total"
    assert delta(errors, backend="mgi", kind="http_status") == 2
    assert delta(errors, backend="mgi", kind="circuit_open") == 1
    assert value(after, "aind_graphql_circuit_state", circuit="mgi") == 2
    requests = "aind_graphql_requests_total"
    assert delta(requests, route="/graphql", operation="anonymous", outcome="error") == 3


async def test_metrics_are_open_when_api_keys_guard_the_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    settings = ServiceSettings(api_keys=("k" * 32,))
    async with graphql_client(Backends(mode="live"), settings) as client:
        refused = await client.post("/graphql", json={"query": ALLELE})
        response = await client.get("/metrics")
    assert refused.status_code == 401
    assert response.status_code == 200
    after = response.text
    assert (
        value(
            after,
            "aind_graphql_requests_total",
            route="/graphql",
            operation="/graphql",
            outcome="client_error",
        )
        >= 1
    )


SCRIPT = """
import asyncio, httpx
from graphql_service.app import create_app
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends

async def main():
    app = create_app(ServiceSettings(), backends=Backends(mode="live"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://s") as client:
            for _ in range(2):
                await client.get("/health")
            print((await client.get("/metrics")).text)

asyncio.run(main())
"""


def test_multiprocess_mode_adds_up_the_directory(tmp_path: Path) -> None:
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):  # two "workers", one after the other, sharing the directory
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    assert list(tmp_path.glob("*.db"))
    requests = "aind_graphql_requests_total"
    health = {"route": "/health", "operation": "/health", "outcome": "ok"}
    assert value(done.stdout, requests, **health) == 4


DYING_WORKER = """
from graphql_service import metrics
metrics.IN_FLIGHT.inc()
metrics.CIRCUIT_STATE.labels("tars").set(2)
metrics.REQUESTS.labels("/graphql", "q", "ok").inc()
"""


def test_live_gauges_of_dead_workers_are_forgotten(tmp_path: Path) -> None:
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    dead = subprocess.Popen([sys.executable, "-c", DYING_WORKER], env=environment)
    assert dead.wait(timeout=60) == 0
    # A file of a worker still running (this test's own process) stays.
    alive = tmp_path / f"gauge_livesum_{os.getpid()}.db"
    alive.write_bytes(b"")
    gauges = {path.name for path in tmp_path.glob("gauge_live*")}
    assert f"gauge_livesum_{dead.pid}.db" in gauges
    assert f"gauge_livemax_{dead.pid}.db" in gauges

    assert forget_dead_workers(tmp_path) == [dead.pid]

    left = {path.name for path in tmp_path.glob("*.db")}
    assert f"gauge_livesum_{dead.pid}.db" not in left
    assert f"gauge_livemax_{dead.pid}.db" not in left
    assert alive.name in left
    assert f"counter_{dead.pid}.db" in left  # what it counted did happen
