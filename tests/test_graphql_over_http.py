"""GraphQL over HTTP: the media type follows Accept, request errors are 400 only under
application/graphql-response+json, field errors stay 200 with data."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graphql_service.graphiql import TITLE
from graphql_service.over_http import prefers_graphql_response, prefers_html
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client
from tests.snapshots import COLONY, write_snapshot

GRAPHQL_RESPONSE = "application/graphql-response+json"
RECOMMENDED = f"{GRAPHQL_RESPONSE}, application/json;q=0.9"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

VALID = '{ subject(subject_id: "700101") { subject_id } }'
PARSE_ERROR = '{ subject(subject_id: "700101") { subject_id }'
VALIDATION_ERROR = '{ subject(subject_id: "700101") { no_such_field } }'
MISSING_VARIABLE = "query One($id: String!) { subject(subject_id: $id) { subject_id } }"
# LabTracks holds the subject; MGI is not configured, so mgi_allele is a 503 field error.
FIELD_ERROR = """{
  subject(subject_id: "700101") { subject_id }
  mgi_allele(allele_name: "Pvalb-IRES-Cre") { registry_identifier }
}"""


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    backends = Backends.from_snapshot(write_snapshot(tmp_path / "colony", COLONY, None))
    async with graphql_client(backends) as client:
        yield client


async def post(
    client: httpx.AsyncClient, query: str, accept: str | None
) -> tuple[httpx.Response, dict[str, Any]]:
    headers = {} if accept is None else {"accept": accept}
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    body: dict[str, Any] = response.json()
    return response, body


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, False),
        ("", False),
        ("*/*", False),
        ("application/*", False),
        ("application/json", False),
        (GRAPHQL_RESPONSE, True),
        (RECOMMENDED, True),
        (f"application/json, {GRAPHQL_RESPONSE}", True),  # equal q: the GraphQL type
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", False),
        (f"{GRAPHQL_RESPONSE};q=0, application/json", False),
        (f"{GRAPHQL_RESPONSE};q=0.5, */*;q=0.4", True),
        (f"{GRAPHQL_RESPONSE};q=0.5, */*", False),
        (f"{GRAPHQL_RESPONSE};q=bad", False),
        ("Application/GraphQL-Response+JSON ; Q=1", True),
    ],
)
def test_which_clients_get_graphql_response_json(accept: str | None, expected: bool) -> None:
    assert prefers_graphql_response(accept) is expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (BROWSER, True),
        ("text/html", True),
        ("text/html, */*", True),  # named beats a wildcard at the same q
        ("text/html, application/json", False),
        ("text/html;q=0.5, application/json", False),
        ("*/*", False),
        (None, False),
        (RECOMMENDED, False),
    ],
)
def test_which_clients_are_browsers(accept: str | None, expected: bool) -> None:
    assert prefers_html(accept) is expected


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, RECOMMENDED])
async def test_a_query_that_runs_is_200_in_the_media_type_asked_for(
    client: httpx.AsyncClient, accept: str
) -> None:
    response, body = await post(client, VALID, accept)
    assert response.status_code == 200
    assert media_type(response) == GRAPHQL_RESPONSE
    assert "utf-8" in response.headers["content-type"]
    assert body["data"] == {"subject": {"subject_id": "700101"}}
    assert body["extensions"]["status"]["subject"]["code"] == 200
    assert response.headers["x-request-id"]


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", f"{GRAPHQL_RESPONSE};q=0"])
async def test_other_clients_keep_application_json(
    client: httpx.AsyncClient, accept: str | None
) -> None:
    response, body = await post(client, VALID, accept)
    assert response.status_code == 200
    assert media_type(response) == "application/json"
    assert body["data"] == {"subject": {"subject_id": "700101"}}


REQUEST_ERRORS = [
    (PARSE_ERROR, "GRAPHQL_PARSE_FAILED"),
    (VALIDATION_ERROR, "GRAPHQL_VALIDATION_FAILED"),
    (MISSING_VARIABLE, "BAD_USER_INPUT"),
]


@pytest.mark.parametrize(("query", "code"), REQUEST_ERRORS)
async def test_a_request_error_is_400_without_data_under_graphql_response_json(
    client: httpx.AsyncClient, query: str, code: str
) -> None:
    response, body = await post(client, query, RECOMMENDED)
    assert response.status_code == 400
    assert media_type(response) == GRAPHQL_RESPONSE
    assert "data" not in body
    assert body["errors"]
    assert all(error["extensions"] == {"code": code, "status": 400} for error in body["errors"])
    assert all("path" not in error for error in body["errors"])


@pytest.mark.parametrize(("query", "code"), REQUEST_ERRORS)
async def test_a_request_error_stays_200_with_null_data_under_application_json(
    client: httpx.AsyncClient, query: str, code: str
) -> None:
    for accept in (None, "application/json", "*/*"):
        response, body = await post(client, query, accept)
        assert response.status_code == 200
        assert media_type(response) == "application/json"
        assert body["data"] is None
        assert body["errors"][0]["extensions"] == {"code": code, "status": 400}


async def test_a_request_error_by_get_is_400_too(client: httpx.AsyncClient) -> None:
    asked = await client.get(
        "/graphql", params={"query": VALIDATION_ERROR}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert asked.status_code == 400
    assert media_type(asked) == GRAPHQL_RESPONSE
    assert "data" not in asked.json()
    plain = await client.get("/graphql", params={"query": VALIDATION_ERROR})
    assert plain.status_code == 200
    assert plain.json()["data"] is None


async def test_a_query_over_a_limit_is_a_request_error(tmp_path: Path) -> None:
    backends = Backends.from_snapshot(write_snapshot(tmp_path / "colony", COLONY, None))
    async with graphql_client(backends, ServiceSettings(max_aliases=1)) as client:
        query = '{ a: subject(subject_id: "700101") { subject_id } b: project_names }'
        response, body = await post(client, query, RECOMMENDED)
    assert response.status_code == 400
    assert "data" not in body
    assert body["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "status": 400}


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json"])
async def test_a_field_error_stays_200_with_data(client: httpx.AsyncClient, accept: str) -> None:
    response, body = await post(client, FIELD_ERROR, accept)
    assert response.status_code == 200
    assert media_type(response) == accept
    assert body["data"] == {"subject": {"subject_id": "700101"}, "mgi_allele": None}
    [error] = body["errors"]
    assert error["path"] == ["mgi_allele"]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "status": 503}
    assert body["extensions"]["status"]["mgi_allele"]["code"] == 503


async def test_a_browser_following_a_query_link_gets_graphiql_with_the_query(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/graphql", params={"query": VALID}, headers={"accept": BROWSER})
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert f"<title>{TITLE}</title>" in page.text
    assert json.dumps(VALID)[1:-1] in page.text  # the query, as the page's JSON config holds it

    # Code asking for JSON with the same URL gets the answer.
    for accept in ("*/*", "application/json", RECOMMENDED):
        answer = await client.get("/graphql", params={"query": VALID}, headers={"accept": accept})
        assert answer.json()["data"] == {"subject": {"subject_id": "700101"}}


async def test_graphiql_without_a_query_still_offers_the_default_one(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/graphql", headers={"accept": BROWSER})
    assert page.status_code == 200
    assert 'subject(subject_id: \\"650101\\")' in page.text
