"""A bug in our mapping code is ours, not the backend's: the source answers 500 "internal", the
response carries only a masked message, the log has the traceback once with the request id, and
the backend's circuit never opens however often it happens.

No backend record is known that the mapping cannot handle, so one mapping function is made to
raise (fault injection).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from graphql_service.settings import ServiceSettings
from tests.conftest import graphql_client
from tests.faults.world import SUBJECT, World, assert_clean, fast_resilience, source, status_of

pytestmark = pytest.mark.odbc

DETAIL = "mapping-detail-5e0c"  # what the bug says: it must stay in the log
CALLS = 6
FAILURES = 2  # the circuits would open after this many backend failures


def broken_mapping(*_: Any, **__: Any) -> Any:
    raise KeyError(DETAIL)


CASES = {
    # backend: (the function made to raise, a query reaching it, its field, the field code)
    "labtracks": (
        "datasources.labtracks.source.map_subject",
        f'{{ subject(subject_id: "{SUBJECT}") {{ subject_id }} }}',
        "subject",
        500,
    ),
    "mgi": (
        "datasources.mgi.source.map_alleles",
        '{ mgi_allele(allele_name: "Pvalb-IRES-Cre") { registry_identifier } }',
        "mgi_allele",
        500,
    ),
    "tars": (
        "datasources.tars.source.map_material",
        '{ injection_materials(prep_lot_number: "DEMO-LOT-001") { name } }',
        "injection_materials",
        500,
    ),
}


async def ask(client: httpx.AsyncClient, query: str, request_id: str) -> httpx.Response:
    response = await client.post(
        "/graphql", json={"query": query}, headers={"X-Request-ID": request_id}
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == request_id
    return response


@pytest.mark.parametrize("backend", list(CASES))
async def test_a_mapping_bug_is_a_masked_500_that_never_opens_the_circuit(
    world: World, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    caplog.set_level(logging.DEBUG)
    target, query, path, code = CASES[backend]
    monkeypatch.setattr(target, broken_mapping)
    backends = world.backends(fast_resilience(breaker_failures=FAILURES))
    settings = ServiceSettings(request_deadline_seconds=5.0)
    async with graphql_client(backends, settings) as client:
        responses = [await ask(client, query, f"bug-{backend}-{n}") for n in range(CALLS)]
        ready = await client.get("/ready")
    for response in responses:
        body = response.json()
        assert body["data"][path] is None
        status = status_of(body, path)
        assert status["code"] == code
        entry = source(status, backend)
        assert (entry["code"], entry["error"]) == (500, "internal")
        [error] = body["errors"]
        assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "status": 500}
        assert "unexpected failure inside the service" in error["message"]
        assert DETAIL not in response.text
        assert "KeyError" not in response.text
        assert_clean(response.text)
    circuits = ready.json()["backends"][backend]["circuits"]
    assert circuits.get(backend, "closed") == "closed", "our bug opened the backend's circuit"
    for n in range(CALLS):
        logged = [
            r for r in caplog.records if r.exc_info and f"bug-{backend}-{n}" in r.getMessage()
        ]
        assert len(logged) == 1, f"request {n}: {len(logged)} tracebacks"
        [record] = logged
        assert record.exc_info is not None
        assert isinstance(record.exc_info[1], KeyError)
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == CALLS, "each bug is logged once, and nothing else is"


async def test_a_mapping_bug_inside_procedures_leaves_the_rest(
    world: World, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TARS' mapping failing inside procedures: 207, TARS listed 500 "internal", the
    requests' own materials kept."""
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr("datasources.tars.source.map_material", broken_mapping)
    query = f'{{ procedures(subject_id: "{SUBJECT}") {{ subject_procedures {{ __typename }} }} }}'
    async with graphql_client(world.backends(fast_resilience(breaker_failures=FAILURES))) as c:
        for n in range(3):
            body = (await ask(c, query, f"bug-procedures-{n}")).json()
            status = status_of(body, "procedures")
            assert status["code"] == 207
            entry = source(status, "tars")
            assert (entry["code"], entry["error"]) == (500, "internal")
            assert body["data"]["procedures"]["subject_procedures"]
            assert "errors" not in body
            assert DETAIL not in str(body)
        circuits = (await c.get("/ready")).json()["backends"]["tars"]["circuits"]
    assert circuits.get("tars", "closed") == "closed"
