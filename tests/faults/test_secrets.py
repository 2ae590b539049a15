"""Secrets never leave the process: not in a response body or header, not in `/ready`, not in a
log line, whatever fails — backends down, token endpoints refusing and echoing the secret they
were sent, backends echoing the bearer token or the sheet token back in error bodies, the
database failing, and requests without, or with a wrong, API key. No stack trace either.

In process, every log record (DEBUG and up, every logger) is checked; one case runs a real
`serve` process configured from the environment, as a deployment is, and checks its stderr.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from graphql_service.settings import ServiceSettings
from tests.conftest import graphql_client, start_service, stop_service
from tests.faults.conftest import labtracks_settings, sql
from tests.faults.world import (
    API_KEY,
    QUERY,
    SUBJECT,
    World,
    assert_clean,
    log_text,
    status_of,
)
from tests.procedures_live import LIST_IDS, SITES
from tests.servers.base import RecordedRequest, Reply
from tests.servers.tars import API_PREFIX, PREP_LOTS, VIRUSES

pytestmark = pytest.mark.odbc

WRONG_KEY = "wrong-key-e81f-not-real"
SETTINGS = ServiceSettings(request_deadline_seconds=5.0, api_keys=(SecretStr(API_KEY),))


def echo(status: int, *, as_json: bool = True) -> Callable[[RecordedRequest], Reply]:
    """A handler answering everything the request carried (form body, bearer token)."""

    def answer(request: RecordedRequest) -> Reply:
        said = f"{request.body.decode()} {request.headers.get('authorization', '')}"
        if as_json:
            error = {"error": "invalid_client", "error_description": f"you sent {said}"}
            return Reply.json(error, status)
        return Reply(status, f'{{"oops": "{said}"'.encode(), {"Content-Type": "application/json"})

    return answer


def echo_everywhere(world: World, status: int, *, as_json: bool = True) -> None:
    """Every data route answers with what it was sent (tokens still granted)."""
    handler = echo(status, as_json=as_json)
    for name, list_id in LIST_IDS.items():
        world.graph.route("GET", world.graph.items_path(SITES[name], list_id), handler)
    for collection in (PREP_LOTS, VIRUSES):
        world.tars.route("GET", API_PREFIX + collection, handler)
    for sheet_id in world.sheets.sheets:
        world.sheets.route("GET", world.sheets.path(sheet_id), handler)
    world.mgi.route("GET", world.mgi.path, handler)


def token_endpoints_echo(world: World) -> None:
    world.graph.route("POST", world.graph.token_path, echo(401))
    world.tars.route("POST", world.tars.token_path, echo(400, as_json=False))
    for sheet_id in world.sheets.sheets:
        world.sheets.route("GET", world.sheets.path(sheet_id), echo(401))


def everything_refused(world: World) -> None:
    for server in world.servers().values():
        server.stop()


FAULTS: dict[str, Callable[[World], None]] = {
    "token endpoints echo the secret": token_endpoints_echo,
    "backends echo the token in a 500": lambda world: echo_everywhere(world, 500),
    "backends echo the token in invalid JSON": lambda w: echo_everywhere(w, 200, as_json=False),
    "everything refused": everything_refused,
}


def issued_tokens(world: World) -> list[str]:
    return [*world.graph.issued_tokens, *world.tars.issued_tokens]


async def every_path(client: httpx.AsyncClient) -> list[httpx.Response]:
    """The full query with the key, then refusals: no key, a wrong key, a malformed query,
    an oversized variable, and `/ready`."""
    keyed = {"X-API-Key": API_KEY}
    body = {"query": QUERY, "variables": {"id": SUBJECT}}
    return [
        await client.post("/graphql", json=body, headers=keyed),
        await client.post("/graphql", json=body, headers={"Authorization": f"Bearer {API_KEY}"}),
        await client.post("/graphql", json=body),
        await client.post("/graphql", json=body, headers={"X-API-Key": WRONG_KEY}),
        await client.post("/graphql", json={"query": "{ subject(subject_id: "}, headers=keyed),
        await client.post(
            "/graphql",
            json={"query": QUERY, "variables": {"id": f"{WRONG_KEY}{API_KEY}"}},
            headers=keyed,
        ),
        await client.get("/ready"),
        await client.get("/health"),
    ]


def everything_said(responses: list[httpx.Response]) -> str:
    return "\n".join(f"{r.status_code} {json.dumps(dict(r.headers))} {r.text}" for r in responses)


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_no_secret_through_any_failure(
    world: World, caplog: pytest.LogCaptureFixture, fault: str
) -> None:
    caplog.set_level(logging.DEBUG)
    backends = world.backends()
    FAULTS[fault](world)
    async with graphql_client(backends, SETTINGS) as client:
        responses = await every_path(client)
    said = everything_said(responses)
    assert_clean(said, log_text(caplog.records), secrets=[*issued_tokens(world), WRONG_KEY])
    assert "animals_common" not in said.lower()
    first = responses[0].json()
    assert status_of(first, "procedures")["code"] in (207, 503)
    assert [r.status_code for r in responses[:4]] == [200, 200, 401, 401]
    if fault != "everything refused":
        asked = {name: server.count() for name, server in world.servers().items()}
        assert all(asked.values()), f"a backend was never asked: {asked}"


async def test_no_secret_when_the_database_fails(
    world: World, own_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    world.labtracks = labtracks_settings(own_database)
    sql(own_database, "ALTER TABLE ANIMALS_COMMON RENAME TO animals_gone")
    async with graphql_client(world.backends(), SETTINGS) as client:
        responses = await every_path(client)
    said = everything_said(responses)
    assert_clean(said, log_text(caplog.records), secrets=[*issued_tokens(world), WRONG_KEY])
    assert "animals_" not in (said + caplog.text).lower()
    assert status_of(responses[0].json(), "subject")["code"] == 503


def test_no_secret_from_a_serve_process(world: World, own_database: str) -> None:
    """A real process at DEBUG: the database failing, Graph's token endpoint echoing the
    secret, TARS and the sheets echoing their tokens, MGI down."""
    env = {
        **world.environment(),
        "LABTRACKS_DATABASE": own_database,
        "AIND_GRAPHQL_API_KEYS": API_KEY,
        "AIND_GRAPHQL_LOG_LEVEL": "DEBUG",
    }
    sql(own_database, "ALTER TABLE ANIMALS_COMMON RENAME TO animals_gone")
    world.graph.route("POST", world.graph.token_path, echo(401))
    echo_everywhere_but_graph(world)
    world.mgi.stop()
    url, process = start_service([], env)
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            responses = paths_of_a_process(client)
    finally:
        stderr = stop_service(process).decode()
    said = everything_said(responses)
    assert_clean(said, stderr, secrets=[*issued_tokens(world), WRONG_KEY])
    assert "animals_" not in (said + stderr).lower()
    first = responses[0].json()
    assert status_of(first, "subject")["code"] == 503
    assert status_of(first, "procedures")["code"] in (207, 503)
    assert "backend" in stderr, "the failures were logged"
    assert "DEBUG" in stderr
    assert world.graph.token_calls > 0
    assert world.tars.count() > 0
    assert world.sheets.count() > 0


def echo_everywhere_but_graph(world: World) -> None:
    handler = echo(500)
    for collection in (PREP_LOTS, VIRUSES):
        world.tars.route("GET", API_PREFIX + collection, handler)
    for sheet_id in world.sheets.sheets:
        world.sheets.route("GET", world.sheets.path(sheet_id), handler)


def paths_of_a_process(client: httpx.Client) -> list[httpx.Response]:
    keyed = {"X-API-Key": API_KEY}
    body: dict[str, Any] = {"query": QUERY, "variables": {"id": SUBJECT}}
    return [
        client.post("/graphql", json=body, headers=keyed),
        client.post("/graphql", json=body),
        client.post("/graphql", json=body, headers={"X-API-Key": WRONG_KEY}),
        client.post("/graphql", json={"query": "{ subject(subject_id: "}, headers=keyed),
        client.get("/ready"),
    ]
