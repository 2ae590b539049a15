"""Honest summaries: list fields count their items, thinner answers warn, the status map can be
limited to non-200 entries, and every error (transport ones too) carries a string code and a
numeric status."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.snapshots import COLONY, MGI_ANSWERS, write_snapshot

# 700101 and 700102 are valid, 700103 fails validation, 799999 is unknown, "x" is malformed.
MIXED = ["700101", "799999", "700103", "x", "700102", "799998"]
SUBJECTS = "query($ids: [String!]!) { subjects(subject_ids: $ids) { subject_id } }"
FILTERED = (
    "query Few($ids: [String!]!, $few: Boolean!) @status(non_200_only: $few) "
    "{ subjects(subject_ids: $ids) { subject_id } }"
)
ALLELES = """{ subject(subject_id: "650101") {
  subject_details { ... on MouseSubject { alleles { name } } } } }"""
PROCEDURES = '{ procedures(subject_id: "650101") { subject_id } }'


@pytest.fixture
async def colony(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    snapshot = write_snapshot(tmp_path / "colony", COLONY, MGI_ANSWERS)
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        yield client


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The one error of a refused request, checked for the GraphQL error shape."""
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"errors"}, body
    [error] = body["errors"]
    assert set(error) == {"message", "extensions"}
    assert error["extensions"]["status"] == response.status_code
    return error


async def test_a_list_field_counts_its_items_by_code(colony: httpx.AsyncClient) -> None:
    body = await run_query(colony, SUBJECTS, {"ids": MIXED})
    status = body["extensions"]["status"]["subjects"]
    assert status["items"] == {"200": 2, "400": 1, "404": 2, "406": 1}
    assert status["message"] == "6 subjects: 2 valid, 1 malformed, 2 not found, 1 invalid."
    assert status["code"] == 207  # not every item is a valid answer
    items = [body["extensions"]["status"][f"subjects.{i}"]["code"] for i in range(len(MIXED))]
    assert items == [200, 404, 406, 400, 200, 404]


async def test_a_list_of_valid_items_is_200_with_its_count(colony: httpx.AsyncClient) -> None:
    body = await run_query(colony, SUBJECTS, {"ids": ["700101"]})
    status = body["extensions"]["status"]["subjects"]
    assert (status["code"], status["items"], status["message"]) == (
        200,
        {"200": 1},
        "1 subject: 1 valid.",
    )
    empty = await run_query(colony, SUBJECTS, {"ids": []})
    assert empty["extensions"]["status"]["subjects"]["message"] == "0 subjects."


@pytest.mark.parametrize("bad", ["x", "", " 1", "1" * 19])
async def test_a_bad_id_in_a_list_names_the_argument_and_position(
    colony: httpx.AsyncClient, bad: str
) -> None:
    body = await run_query(colony, SUBJECTS, {"ids": ["700101", "700102", bad]})
    [error] = body["errors"]
    assert error["path"] == ["subjects", 2]
    assert error["message"].startswith("Argument 'subject_ids[2]' ")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "status": 400}
    assert [item and item["subject_id"] for item in body["data"]["subjects"]] == [
        "700101",
        "700102",
        None,
    ]


async def test_the_header_limits_the_status_map_to_non_200_entries(
    colony: httpx.AsyncClient,
) -> None:
    payload = {"query": SUBJECTS, "variables": {"ids": MIXED}}
    response = await colony.post("/graphql", json=payload, headers={"AIND-Status": "non-200"})
    status = response.json()["extensions"]["status"]
    assert sorted(status) == ["subjects", "subjects.1", "subjects.2", "subjects.3", "subjects.5"]
    assert status["subjects"]["items"]["200"] == 2  # the counts still cover every item
    everything = await colony.post("/graphql", json=payload, headers={"AIND-Status": "all"})
    assert len(everything.json()["extensions"]["status"]) == 1 + len(MIXED)


@pytest.mark.parametrize(("few", "entries"), [(True, 5), (False, 7)])
async def test_the_directive_limits_the_status_map(
    colony: httpx.AsyncClient, few: bool, entries: int
) -> None:
    body = await run_query(colony, FILTERED, {"ids": MIXED, "few": few})
    status = body["extensions"]["status"]
    assert len(status) == entries
    assert ("subjects.0" in status) is not few


async def test_an_unknown_header_value_is_refused_naming_the_header(
    colony: httpx.AsyncClient,
) -> None:
    response = await colony.post(
        "/graphql",
        json={"query": SUBJECTS, "variables": {"ids": []}},
        headers={"AIND-Status": "5"},
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "AIND-Status" in error["message"]


@pytest.fixture
async def thin_demo(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The demo without TARS, the protocols sheet and MGI: answers the service cannot complete."""
    snapshot = tmp_path / "demo"
    shutil.copytree(DEMO_SNAPSHOT, snapshot)
    shutil.rmtree(snapshot / "tars")
    (snapshot / "smartsheet" / "protocols.json").unlink()
    (snapshot / "mgi.json").unlink()
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        yield client


async def test_a_200_names_what_unconfigured_enrichment_left_out(
    thin_demo: httpx.AsyncClient,
) -> None:
    body = await run_query(thin_demo, PROCEDURES)
    status = body["extensions"]["status"]["procedures"]
    assert status["code"] == 200
    assert status["warnings"] == [
        "tars not configured: injection materials are as the request wrote them",
        "smartsheet.protocols not configured: protocols are only those the requests named",
    ]
    subject = (await run_query(thin_demo, ALLELES))["extensions"]["status"]["subject"]
    assert subject["code"] == 200
    assert subject["warnings"] == ["mgi not configured: the subject's alleles are left out"]


async def test_a_complete_answer_has_no_warnings() -> None:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        procedures = await run_query(client, PROCEDURES)
        subject = await run_query(client, ALLELES)
    assert "warnings" not in procedures["extensions"]["status"]["procedures"]
    assert "warnings" not in subject["extensions"]["status"]["subject"]


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{not json", "application/json", 400, "BAD_REQUEST"),
        (b"[1, 2]", "application/json", 400, "BAD_REQUEST"),
        (b"42", "application/json", 400, "BAD_REQUEST"),
        (b"{}", "application/json", 400, "BAD_REQUEST"),
        (b'{"query": "{ project_names }"}', "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b'{"query": "{ project_names }"}', None, 415, "UNSUPPORTED_MEDIA_TYPE"),
        (
            b'{"query": "query A { project_names }", "operationName": "B"}',
            "application/json",
            400,
            "OPERATION_RESOLUTION_FAILURE",
        ),
    ],
)
async def test_transport_errors_answer_json_in_the_graphql_error_shape(
    colony: httpx.AsyncClient, content: bytes, content_type: str | None, status: int, code: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = await colony.post("/graphql", content=content, headers=headers)
    assert response.status_code == status
    assert error_of(response)["extensions"]["code"] == code


async def test_a_get_without_a_query_is_a_coded_error(colony: httpx.AsyncClient) -> None:
    response = await colony.get(
        "/graphql", params={"variables": "{}"}, headers={"accept": "application/json"}
    )
    assert response.status_code == 400
    assert error_of(response)["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_other_methods_are_refused_in_the_graphql_error_shape(
    colony: httpx.AsyncClient, method: str
) -> None:
    response = await colony.request(method, "/graphql", json={"query": "{ project_names }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert error_of(response)["extensions"]["code"] == "METHOD_NOT_ALLOWED"
