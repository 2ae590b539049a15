"""Circuit breakers: repeated backend failures open a backend's circuit, calls then answer 503
"circuit_open" without touching the backend, `/ready` shows the circuit open, and after the
cooldown a call to the mended backend closes it again (docs/architecture.md, Status)."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from datasources.labtracks.client import odbc_factory
from datasources.labtracks.pool import Connection
from graphql_service.settings import ServiceSettings
from tests.conftest import graphql_client, run_query
from tests.faults.conftest import labtracks_settings, sql
from tests.faults.world import (
    SUBJECT,
    SUBJECT_ONLY,
    World,
    assert_clean,
    fast_resilience,
    status_of,
)
from tests.servers.base import Reply

pytestmark = pytest.mark.odbc

FAILURES = 2
COOLDOWN = 0.5
SETTINGS = ServiceSettings(request_deadline_seconds=5.0)
BROKEN = Reply.json({"error": {"code": "generalException", "message": "injected"}}, 500)


@dataclass(frozen=True)
class Case:
    query: str
    path: str
    #: The circuits (and source names) this query goes through.
    circuits: tuple[str, ...]
    #: The field's code while they are open (207: other backends still answer it).
    code: int = 503
    #: The source names, when they are not the circuits' (one Smartsheet circuit, one source
    #: name per sheet).
    sources: tuple[str, ...] = ()

    @property
    def source_names(self) -> tuple[str, ...]:
        return self.sources or self.circuits


LISTS = ("nsb2019", "nsb2023", "nsb_present", "las2020")
CASES = {
    "mgi": Case(
        '{ mgi_allele(allele_name: "Pvalb-IRES-Cre") { registry_identifier } }',
        "mgi_allele",
        ("mgi",),
    ),
    "tars": Case(
        '{ injection_materials(prep_lot_number: "DEMO-LOT-001") { name } }',
        "injection_materials",
        ("tars",),
    ),
    "smartsheet": Case(
        "{ project_names }", "project_names", ("smartsheet",), sources=("smartsheet.funding",)
    ),
    "sharepoint": Case(
        f'{{ procedures(subject_id: "{SUBJECT}") {{ subject_id }} }}',
        "procedures",
        tuple(f"sharepoint.{name}" for name in LISTS),
        207,
    ),
}


def entries(body: dict[str, Any], case: Case) -> list[dict[str, Any]]:
    sources = status_of(body, case.path)["sources"]
    return [s for s in sources if s["name"] in case.source_names]


async def circuits(client: httpx.AsyncClient, backend: str) -> dict[str, str]:
    response = await client.get("/ready")
    assert response.status_code == 200
    assert_clean(response.text)
    found: dict[str, str] = response.json()["backends"][backend]["circuits"]
    return found


async def open_circuits(client: httpx.AsyncClient, case: Case) -> None:
    """Ask until every circuit of ``case`` failed ``FAILURES`` times (each request is one call
    per circuit)."""
    for _ in range(FAILURES):
        body = await run_query(client, case.query)
        assert {s["code"] for s in entries(body, case)} == {503}


@pytest.mark.parametrize("backend", list(CASES))
async def test_an_http_backend_circuit_opens_and_closes(
    world: World, caplog: pytest.LogCaptureFixture, backend: str
) -> None:
    caplog.set_level(logging.DEBUG)
    case = CASES[backend]
    server = world.servers()[backend]
    backends = world.backends(
        fast_resilience(breaker_failures=FAILURES, breaker_cooldown_seconds=COOLDOWN)
    )
    server.break_with(BROKEN, sparing=world.token_paths())
    async with graphql_client(backends, SETTINGS) as client:
        await open_circuits(client, case)
        asked = server.count()
        body = await run_query(client, case.query)
        assert server.count() == asked, "an open circuit must not touch the backend"
        assert status_of(body, case.path)["code"] == case.code
        assert (body["data"][case.path] is None) == (case.code == 503)
        for entry in entries(body, case):
            assert entry["code"] == 503
            assert "circuit is open" in entry["message"]
            assert entry["error"] == "circuit_open"
        ready = await circuits(client, backend)
        assert {name: ready[name] for name in case.circuits} == dict.fromkeys(
            case.circuits, "open"
        )

        server.clear_faults()
        await asyncio.sleep(COOLDOWN + 0.1)
        body = await run_query(client, case.query)
        assert {s["code"] for s in entries(body, case)} == {200}
        assert server.count() > asked
        ready = await circuits(client, backend)
        assert {name: ready[name] for name in case.circuits} == dict.fromkeys(
            case.circuits, "closed"
        )
    assert_clean(caplog.text)


class ConnectionCount:
    """LabTracks' ODBC connections and the statements sent through them, counted."""

    def __init__(self, connect: Any) -> None:
        self._connect = connect
        self._lock = threading.Lock()
        self.statements = 0

    def __call__(self) -> Connection:
        return _Counted(self._connect(), self)

    def add(self) -> None:
        with self._lock:
            self.statements += 1


class _Counted:
    def __init__(self, connection: Any, count: ConnectionCount) -> None:
        self._connection = connection
        self._count = count

    def cursor(self) -> Any:
        cursor = self._connection.cursor()
        count = self._count

        class Cursor:
            def execute(self, sql: str, *params: Any) -> Any:
                count.add()
                return cursor.execute(sql, *params)

            def __getattr__(self, name: str) -> Any:
                return getattr(cursor, name)

        return Cursor()

    def close(self) -> Any:
        return self._connection.close()


async def test_the_labtracks_circuit_opens_and_closes(
    world: World, own_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    world.labtracks = labtracks_settings(own_database)
    counted = ConnectionCount(odbc_factory(world.labtracks))
    backends = world.backends(
        fast_resilience(breaker_failures=FAILURES, breaker_cooldown_seconds=COOLDOWN),
        connect=counted,
    )
    variables = {"id": SUBJECT}
    case = Case(SUBJECT_ONLY, "subject", ("labtracks",))
    async with graphql_client(backends, SETTINGS) as client:
        assert (await run_query(client, SUBJECT_ONLY, variables))["data"]["subject"]
        sql(own_database, "ALTER TABLE ANIMALS_COMMON RENAME TO animals_gone")
        for _ in range(FAILURES):
            body = await run_query(client, SUBJECT_ONLY, variables)
            assert [s.get("error") for s in entries(body, case)] == ["database"]
        sent = counted.statements
        body = await run_query(client, SUBJECT_ONLY, variables)
        assert counted.statements == sent, "an open circuit must not touch the database"
        [entry] = entries(body, case)
        assert (entry["code"], entry["error"]) == (503, "circuit_open")
        assert body["errors"][0]["extensions"]["status"] == 503
        assert (await circuits(client, "labtracks")) == {"labtracks": "open"}

        sql(own_database, "ALTER TABLE animals_gone RENAME TO ANIMALS_COMMON")
        await asyncio.sleep(COOLDOWN + 0.1)
        body = await run_query(client, SUBJECT_ONLY, variables)
        assert body["data"]["subject"]["subject_id"] == SUBJECT
        assert counted.statements > sent
        assert (await circuits(client, "labtracks")) == {"labtracks": "closed"}
    assert_clean(caplog.text)
