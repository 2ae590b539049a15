"""Optional API keys and CORS, through the ASGI app."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from datasources.settings import _read_parameter
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client
from tests.snapshots import COLONY, write_snapshot
from tests.test_settings import SsmServer

KEYS = ("alpha-0123456789", "beta-9876543210")
QUERY = {"query": '{ subject(subject_id: "700101") { subject_id } }'}
ORIGIN = "https://portal.example.org"


def keyed() -> ServiceSettings:
    return ServiceSettings(api_keys=tuple(SecretStr(key) for key in KEYS))


@pytest.fixture
def backends(tmp_path: Path) -> Backends:
    return Backends.from_snapshot(write_snapshot(tmp_path / "s", COLONY, None))


@pytest.fixture
async def client(backends: Backends) -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(backends, keyed()) as client:
        yield client


def answered(response: httpx.Response) -> bool:
    return response.status_code == 200 and response.json()["data"]["subject"] is not None


def assert_unauthorized(response: httpx.Response) -> None:
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED", "status": 401}
    assert "X-API-Key" in error["message"]
    assert "data" not in response.json()


async def test_graphql_needs_a_key_in_either_header(client: httpx.AsyncClient) -> None:
    assert_unauthorized(await client.post("/graphql", json=QUERY))
    assert_unauthorized(await client.get("/graphql", params=QUERY))
    wrong = {"x-api-key": "alpha-0123456788"}
    assert_unauthorized(await client.post("/graphql", json=QUERY, headers=wrong))
    basic = {"authorization": f"Basic {KEYS[0]}"}
    assert_unauthorized(await client.post("/graphql", json=QUERY, headers=basic))

    bearer = {"authorization": f"Bearer {KEYS[0]}"}
    assert answered(await client.post("/graphql", json=QUERY, headers=bearer))
    assert answered(await client.get("/graphql", params=QUERY, headers=bearer))
    api_key = {"x-api-key": KEYS[1]}
    assert answered(await client.post("/graphql", json=QUERY, headers=api_key))
    assert answered(await client.get("/graphql", params=QUERY, headers=api_key))


async def test_graphiql_page_health_and_ready_stay_open(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "GraphiQL" in page.text
    assert (await client.get("/health")).status_code == 200
    assert (await client.get("/ready")).status_code == 200


async def test_no_keys_configured_means_open(backends: Backends) -> None:
    async with graphql_client(backends, ServiceSettings()) as client:
        assert answered(await client.post("/graphql", json=QUERY))


async def test_keys_never_reach_the_logs(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        await client.post("/graphql", json=QUERY, headers={"x-api-key": KEYS[0]})
        await client.post("/graphql", json=QUERY, headers={"authorization": f"Bearer {KEYS[1]}"})
        await client.post("/graphql", json=QUERY, headers={"x-api-key": "wrong-key-42"})
        await client.post("/graphql", json=QUERY)
    assert "refused" in caplog.text
    for secret in (*KEYS, "wrong-key-42"):
        assert secret not in caplog.text
        assert secret not in repr(keyed())


def test_keys_and_origins_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIND_GRAPHQL_API_KEYS", f" {KEYS[0]} ,{KEYS[1]},")
    monkeypatch.setenv("AIND_GRAPHQL_CORS_ORIGINS", f"{ORIGIN}, http://localhost:3000")
    settings = ServiceSettings()
    assert [key.get_secret_value() for key in settings.api_keys] == list(KEYS)
    assert settings.cors_origins == (ORIGIN, "http://localhost:3000")


def test_keys_come_from_the_parameter_store(monkeypatch: pytest.MonkeyPatch) -> None:
    parameter = {"AIND_GRAPHQL_API_KEYS": "from-the-parameter"}
    with SsmServer({"/aind/graphql": json.dumps(parameter)}) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", server.url)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
        monkeypatch.setenv("AWS_PARAM_STORE_NAME", "/aind/graphql")
        monkeypatch.delenv("AIND_GRAPHQL_API_KEYS", raising=False)
        _read_parameter.cache_clear()
        try:
            keys = ServiceSettings().api_keys
        finally:
            _read_parameter.cache_clear()
    assert [key.get_secret_value() for key in keys] == ["from-the-parameter"]


def preflight(origin: str) -> dict[str, str]:
    return {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
    }


async def test_cors_preflight_only_for_configured_origins(backends: Backends) -> None:
    settings = ServiceSettings(
        api_keys=(SecretStr(KEYS[0]),), cors_origins=(ORIGIN, "http://localhost:3000")
    )
    async with graphql_client(backends, settings) as client:
        allowed = await client.options("/graphql", headers=preflight(ORIGIN))
        other = await client.options("/graphql", headers=preflight("https://evil.example.com"))
        simple = await client.post(
            "/graphql", json=QUERY, headers={"origin": ORIGIN, "x-api-key": KEYS[0]}
        )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers
    assert answered(simple)
    assert simple.headers["access-control-allow-origin"] == ORIGIN


async def test_no_cross_origin_by_default(client: httpx.AsyncClient) -> None:
    response = await client.options("/graphql", headers=preflight(ORIGIN))
    assert "access-control-allow-origin" not in response.headers
    posted = await client.post(
        "/graphql", json=QUERY, headers={"origin": ORIGIN, "x-api-key": KEYS[0]}
    )
    assert answered(posted)
    assert "access-control-allow-origin" not in posted.headers


async def test_a_browser_following_an_example_link_gets_graphiql_not_data(
    client: httpx.AsyncClient,
) -> None:
    """A landing-page link (/graphql?query=...) opened in a browser is GraphiQL's page, which
    holds no data; the same GET asking for JSON still needs a key."""
    query = '{ subject(subject_id: "650101") { subject_id } }'
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    page = await client.get("/graphql", params={"query": query}, headers=browser)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "650101" in page.text  # the link's query, in the page's settings
    assert "subject_id" not in page.text.split("graphiql-config")[0]  # no data served
    as_json = {"Accept": "application/json"}
    data = await client.get("/graphql", params={"query": query}, headers=as_json)
    assert data.status_code == 401
