"""`/ready`: 200 whenever the service runs, from a background probe, with circuit states."""

from __future__ import annotations

import asyncio

import pytest

from datasources.mgi import MgiSettings, MgiSource
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.servers.mgi import MgiServer
from tests.snapshots import MGI_ANSWERS


def _mgi(server: MgiServer) -> MgiSource:
    return MgiSource.from_settings(MgiSettings(url=server.endpoint))


async def test_questions_are_answered_from_the_last_probe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AIND_GRAPHQL_RETRIES", "0")
    with MgiServer(MGI_ANSWERS) as server:
        backends = Backends(mgi=_mgi(server), mode="live")
        async with graphql_client(backends, ServiceSettings(ready_probe_seconds=60)) as client:
            first = await client.get("/ready")
            for _ in range(10):
                again = await client.get("/ready")
                assert again.status_code == 200
        assert server.count() == 1  # one probe, however often /ready is asked
    body = first.json()
    assert body["mode"] == "live"
    assert body["backends"]["mgi"]["state"] == "reachable"
    assert body["backends"]["mgi"]["configured"] is True
    assert body["backends"]["labtracks"] == {"state": "not configured", "configured": False}


async def test_ready_is_200_with_a_backend_down_and_shows_its_open_circuit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AIND_GRAPHQL_BREAKER_FAILURES", "2")
    with MgiServer(MGI_ANSWERS) as server:
        backends = Backends(mgi=_mgi(server), mode="live")
        server.fail_next(100, 500)
        settings = ServiceSettings(ready_probe_seconds=0.05)
        async with graphql_client(backends, settings) as client:
            for _ in range(2):
                await run_query(client, '{ mgi_allele(allele_name: "Pvalb-IRES-Cre") { name } }')
            body = (await client.get("/ready")).json()
            await asyncio.sleep(0.2)  # a few background probes, all refused by the circuit
            later = await client.get("/ready")
    assert later.status_code == 200
    mgi = later.json()["backends"]["mgi"]
    assert mgi["circuits"] == {"mgi": "open"}
    assert mgi["state"] == "unreachable"
    assert "circuit is open" in mgi["message"]
    assert body["backends"]["mgi"]["circuits"] == {"mgi": "open"}
