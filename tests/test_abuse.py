"""Hostile requests through the ASGI app: each is refused with a coded error, never run, and
the service answers the next normal query as usual."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from datasources.snapshot import DEMO_SNAPSHOT
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client

NORMAL = '{ subject(subject_id: "650101") { subject_id } }'


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, "variables": variables})


async def assert_still_serving(client: httpx.AsyncClient) -> None:
    response = await post(client, NORMAL)
    assert response.status_code == 200
    assert response.json()["data"]["subject"]["subject_id"] == "650101"


def refusal(response: httpx.Response) -> dict[str, Any]:
    """The first error of a refused request, which must carry a code and no data."""
    body: dict[str, Any] = response.json()
    assert body.get("data") is None, body
    assert not (body.get("extensions") or {}).get("status"), "a refused query must not run"
    error: dict[str, Any] = body["errors"][0]
    codes = {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "PAYLOAD_TOO_LARGE"}
    assert error["extensions"]["code"] in codes, error
    assert error["extensions"]["status"] in (400, 413), error
    return error


async def test_huge_whitespace_document_is_refused_before_parsing(
    client: httpx.AsyncClient,
) -> None:
    document = "{" + " " * 1_000_000 + 'subject(subject_id: "650101") { subject_id } }'
    response = await post(client, document)
    assert response.status_code == 413
    assert "AIND_GRAPHQL_MAX_QUERY_BYTES" in refusal(response)["message"]
    await assert_still_serving(client)


async def test_long_get_query_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": NORMAL + " " * 30_000})
    assert response.status_code == 413
    assert "AIND_GRAPHQL_MAX_QUERY_BYTES" in refusal(response)["message"]
    short = await client.get("/graphql", params={"query": NORMAL})
    assert short.json()["data"]["subject"]["subject_id"] == "650101"


async def test_huge_body_is_refused_before_json_parsing(client: httpx.AsyncClient) -> None:
    body = b'{"query": "{ project_names }", "variables": {"x": "' + b"a" * 2_000_000 + b'"}}'
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "AIND_GRAPHQL_MAX_BODY_BYTES" in refusal(response)["message"]
    await assert_still_serving(client)


async def test_deep_query_is_refused(client: httpx.AsyncClient) -> None:
    depth = 50
    document = '{ subject(subject_id: "650101") ' + "{ a " * depth + "}" * depth + " }"
    response = await post(client, document)
    assert response.status_code == 200
    error = refusal(response)
    assert "exceeds maximum operation depth" in error["message"]
    await assert_still_serving(client)


async def test_a_thousand_aliases_are_refused(client: httpx.AsyncClient) -> None:
    fields = " ".join(f"a{i}: project_names" for i in range(1000))
    response = await post(client, "{ " + fields + " }")
    assert response.status_code == 200
    refusal(response)
    # With the document and token limits out of the way, the alias rule itself refuses it.
    loose = ServiceSettings(max_tokens=100_000, max_query_bytes=100_000)
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT), loose) as other:
        response = await post(other, "{ " + fields + " }")
        assert "aliases" in refusal(response)["message"].lower()
        await assert_still_serving(other)
    await assert_still_serving(client)


async def test_too_many_root_fields_are_refused(client: httpx.AsyncClient) -> None:
    fields = " ".join(f"p{i}: project_names" for i in range(21))
    response = await post(client, "{ " + fields + " }")
    error = refusal(response)
    assert "21 root fields" in error["message"]
    assert "AIND_GRAPHQL_MAX_ROOT_FIELDS" in error["message"]
    fragment = "{ ...many } fragment many on Query { " + fields + " }"
    assert "AIND_GRAPHQL_MAX_ROOT_FIELDS" in refusal(await post(client, fragment))["message"]
    await assert_still_serving(client)


async def test_ten_thousand_subject_ids_are_refused(client: httpx.AsyncClient) -> None:
    ids = [str(650000 + i) for i in range(10_000)]
    response = await post(
        client, "query($ids: [String!]!) { subjects(subject_ids: $ids) { subject_id } }", ids=ids
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["subjects"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "status": 400}
    assert "subject_ids" in error["message"]
    assert body["extensions"]["status"]["subjects"]["code"] == 400
    await assert_still_serving(client)


async def test_introspection_while_disabled_is_refused() -> None:
    closed = ServiceSettings(introspection=False)
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT), closed) as client:
        response = await post(client, "{ __schema { types { name } } }")
        assert "introspection" in refusal(response)["message"].lower()
        await assert_still_serving(client)


HOSTILE = [
    "'",
    '"',
    "' OR 1=1 --",
    "650101' OR '1'='1",
    "1; DROP TABLE ANIMALS_COMMON; --",
    "Name eq 'x' or 1 eq 1",
    "x' or startswith(Title,'') or 'a' eq 'a",
    "../../etc/passwd",
    "..%2F..%2Fetc",
    "Ünïcödé 🐭 名前",
    "650101\u0000",
    "%",
    "*",
]

ID_FIELDS = [
    "subject(subject_id: $v) { subject_id }",
    "procedures(subject_id: $v) { json }",
]
NAME_FIELDS = [
    "protocols(protocol_name: $v) { protocol_name }",
    "funding(project_name: $v) { project_name }",
    "injection_materials(prep_lot_number: $v) { name }",
]


@pytest.mark.parametrize("value", HOSTILE)
async def test_injection_attempts_answer_like_unknown_keys(
    client: httpx.AsyncClient, value: str
) -> None:
    for field in ID_FIELDS:
        response = await post(client, "query($v: String!) { " + field + " }", v=value)
        assert response.status_code == 200, response.text
        body = response.json()
        name = field.split("(")[0]
        assert body["data"][name] is None
        status = body["extensions"]["status"][name]
        assert status["code"] == 400, (field, value, status)
        assert "subject_id" in body["errors"][0]["message"]
    for field in NAME_FIELDS:
        response = await post(client, "query($v: String!) { " + field + " }", v=value)
        assert response.status_code == 200, response.text
        body = response.json()
        name = field.split("(")[0]
        assert not body["data"][name], (field, value, body["data"])
        code = body["extensions"]["status"][name]["code"]
        # Not found, or (control characters) malformed: never a 500, never data.
        assert code in (400, 404), (field, value, body)
        if code == 400:
            argument = field.split("(")[1].split(":")[0]
            assert argument in body["errors"][0]["message"]
        else:
            assert "errors" not in body
    await assert_still_serving(client)


@pytest.mark.parametrize(
    "variables", [None, {"id": 5}, {"id": None}], ids=["missing", "wrong type", "null"]
)
async def test_bad_variables_are_coded_400(variables: dict[str, object] | None) -> None:
    """Reported before any resolver runs: coded as the caller's input all the same."""
    query = "query($id: String!) { subject(subject_id: $id) { subject_id } }"
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        payload: dict[str, object] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        response = await client.post("/graphql", json=payload)
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "status": 400}
    assert "$id" in error["message"]
