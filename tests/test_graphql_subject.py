"""GraphQL end to end through the ASGI app, on snapshot directories written by the tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from datasources.mgi import MgiSettings, MgiSource
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.servers.mgi import MgiServer
from tests.snapshots import COLONY, MGI_ANSWERS, write_snapshot

SUBJECT = """
query($id: String!) {
  subject(subject_id: $id) {
    subject_id
    subject_details {
      __typename
      ... on MouseSubject {
        sex date_of_birth genotype
        species { name }
        strain { name }
        source { name abbreviation }
        alleles { name registry registry_identifier }
        breeding_info { breeding_group maternal_id maternal_genotype paternal_id }
        housing { room_id cage_id }
      }
    }
    json
  }
}
"""


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    return write_snapshot(tmp_path / "snapshot", COLONY, MGI_ANSWERS)


@pytest.fixture
async def client(snapshot: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        yield client


def status_of(body: dict[str, Any], key: str) -> dict[str, Any]:
    status: dict[str, Any] = body["extensions"]["status"][key]
    return status


def source(status: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in status["sources"] if s["name"] == name)


async def test_valid_subject_has_alleles_from_mgi(client: httpx.AsyncClient) -> None:
    body = await run_query(client, SUBJECT, {"id": "700101"})
    assert "errors" not in body
    subject = body["data"]["subject"]
    details = subject["subject_details"]
    assert subject["subject_id"] == "700101"
    assert details["__typename"] == "MouseSubject"
    assert details["sex"] == "FEMALE"
    assert details["date_of_birth"] == "2024-03-04"
    assert details["species"]["name"] == "Mus musculus"
    assert details["strain"]["name"] == "C57BL/6J"
    assert details["source"]["abbreviation"] == "AI"
    assert [a["registry_identifier"] for a in details["alleles"]] == ["MGI:9000001", "MGI:9000002"]
    assert details["alleles"][0]["registry"] == "Mouse Genome Informatics (MGI)"
    assert details["breeding_info"] == {
        "breeding_group": "Test colony",
        "maternal_id": "700001",
        "maternal_genotype": "Pvalb-IRES-Cre/Pvalb-IRES-Cre",
        "paternal_id": "700002",
    }
    assert details["housing"] == {"room_id": "42", "cage_id": "1201"}
    # json is the whole aind-data-schema document, alleles included.
    assert subject["json"]["object_type"] == "Subject"
    assert len(subject["json"]["subject_details"]["alleles"]) == 2
    status = status_of(body, "subject")
    assert status["code"] == 200
    assert source(status, "labtracks")["code"] == 200
    assert source(status, "mgi")["code"] == 200


async def test_unknown_subject_is_404_without_error(client: httpx.AsyncClient) -> None:
    body = await run_query(client, SUBJECT, {"id": "799999"})
    assert body["data"]["subject"] is None
    assert "errors" not in body
    assert status_of(body, "subject")["code"] == 404


@pytest.mark.parametrize("bad", ["abc", "-1", "12 ", "", "1" * 19, "0x10"])
async def test_malformed_subject_id_is_400_naming_the_argument(
    client: httpx.AsyncClient, bad: str
) -> None:
    body = await run_query(client, SUBJECT, {"id": bad})
    assert body["data"]["subject"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "status": 400}
    assert "subject_id" in error["message"]
    status = status_of(body, "subject")
    assert status["code"] == 400
    assert status["sources"] == []  # no backend was asked


async def test_invalid_record_is_406_with_data_and_errors(client: httpx.AsyncClient) -> None:
    body = await run_query(client, SUBJECT, {"id": "700103"})
    assert "errors" not in body
    assert body["data"]["subject"]["subject_details"]["sex"] is None
    status = status_of(body, "subject")
    assert status["code"] == 406
    locations = [error["loc"] for error in status["validation_errors"]]
    assert ["subject_details", "sex"] in locations
    assert all(set(error) <= {"loc", "msg", "path"} for error in status["validation_errors"])


async def test_allele_unknown_to_mgi_is_not_an_error(client: httpx.AsyncClient) -> None:
    body = await run_query(client, SUBJECT, {"id": "700104"})
    assert body["data"]["subject"]["subject_details"]["alleles"] == []
    status = status_of(body, "subject")
    assert status["code"] == 200
    assert source(status, "mgi")["code"] == 404


async def test_aliases_and_list_items_key_their_own_status(client: httpx.AsyncClient) -> None:
    query = """{
      a: subject(subject_id: "700101") { subject_id }
      b: subject(subject_id: "nope") { subject_id }
      subjects(subject_ids: ["700102", "799999", "x", "700101"]) { subject_id }
    }"""
    body = await run_query(client, query)
    statuses = body["extensions"]["status"]
    assert statuses["a"]["code"] == 200
    assert statuses["b"]["code"] == 400
    assert [statuses[f"subjects.{i}"]["code"] for i in range(4)] == [200, 404, 400, 200]
    assert [item and item["subject_id"] for item in body["data"]["subjects"]] == [
        "700102",
        None,
        None,
        "700101",
    ]
    error_paths = sorted(tuple(map(str, error["path"])) for error in body["errors"])
    assert error_paths == [("b",), ("subjects", "2")]


async def test_empty_and_oversized_lists(snapshot: Path) -> None:
    settings = ServiceSettings(max_list_length=3)
    async with graphql_client(Backends.from_snapshot(snapshot), settings) as client:
        empty = await run_query(client, "{ subjects(subject_ids: []) { subject_id } }")
        assert empty["data"]["subjects"] == []
        assert "errors" not in empty
        query = '{ subjects(subject_ids: ["1", "2", "3", "4"]) { subject_id } }'
        body = await run_query(client, query)
    assert body["data"]["subjects"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "status": 400}
    assert "subject_ids" in error["message"]


async def test_labtracks_absent_is_503_while_other_fields_answer(tmp_path: Path) -> None:
    snapshot = write_snapshot(tmp_path / "mgi-only", None, MGI_ANSWERS)
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        query = """{
          subject(subject_id: "700101") { subject_id }
          mgi_allele(allele_name: "Pvalb-IRES-Cre") { registry_identifier }
        }"""
        body = await run_query(client, query)
    assert body["data"]["subject"] is None
    assert body["data"]["mgi_allele"] == [{"registry_identifier": "MGI:9000001"}]
    [error] = body["errors"]
    assert error["path"] == ["subject"]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "status": 503}
    status = body["extensions"]["status"]
    assert status["subject"]["code"] == 503
    assert status["subject"]["sources"][0]["configured"] is False
    assert status["mgi_allele"]["code"] == 200


async def test_mgi_down_gives_207_with_the_subject(snapshot: Path) -> None:
    with MgiServer(MGI_ANSWERS) as mgi_server:
        mgi_server.fail_next(100, status=500)
        mgi = MgiSource.from_settings(MgiSettings(url=mgi_server.endpoint, timeout_seconds=2))
        backends = Backends(
            labtracks=Backends.from_snapshot(snapshot).labtracks, mgi=mgi, mode="test"
        )
        async with graphql_client(backends) as client:
            body = await run_query(client, SUBJECT, {"id": "700101"})
    assert "errors" not in body
    subject = body["data"]["subject"]
    assert subject["subject_id"] == "700101"
    assert subject["subject_details"]["alleles"] == []
    status = status_of(body, "subject")
    assert status["code"] == 207
    assert source(status, "labtracks")["code"] == 200
    assert source(status, "mgi")["code"] == 503
    assert "500" not in str(status) or "Traceback" not in str(status)


async def test_mgi_allele_codes(tmp_path: Path) -> None:
    from tests.servers.mgi import bucket, summary_row

    answers = {
        **MGI_ANSWERS,
        "Dup": bucket(summary_row("Dup<a>", "MGI:1"), summary_row("Dup<b>", "MGI:2")),
        "Weak": bucket(summary_row("Weak<a>", "MGI:3", stars="***")),
    }
    snapshot = write_snapshot(tmp_path / "mgi", None, answers)
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        query = """{
          one: mgi_allele(allele_name: "Pvalb-IRES-Cre") { name registry_identifier }
          two: mgi_allele(allele_name: "Dup") { registry_identifier }
          none: mgi_allele(allele_name: "Weak") { name }
          bad: mgi_allele(allele_name: "   ") { name }
        }"""
        body = await run_query(client, query)
    data, status = body["data"], body["extensions"]["status"]
    assert data["one"] == [{"name": "Pvalb<tm1(cre)Test>", "registry_identifier": "MGI:9000001"}]
    assert status["one"]["code"] == 200
    assert [a["registry_identifier"] for a in data["two"]] == ["MGI:1", "MGI:2"]
    assert status["two"]["code"] == 300
    assert data["none"] is None
    assert status["none"]["code"] == 404
    assert status["bad"]["code"] == 400
    assert "allele_name" in body["errors"][0]["message"]


async def test_get_requests_run_queries(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": '{ subject(subject_id: "700102") { subject_id } }'}
    )
    assert response.status_code == 200
    assert response.json()["data"]["subject"]["subject_id"] == "700102"


async def test_query_errors_are_not_masked(client: httpx.AsyncClient) -> None:
    body = await run_query(client, "{ subject(subject_id: 1) { nope } }")
    messages = " ".join(error["message"] for error in body["errors"])
    assert "nope" in messages


async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/ready")
    assert ready.status_code == 200
    backends = ready.json()["backends"]
    assert backends["labtracks"]["state"] == "reachable"
    assert backends["mgi"]["state"] == "reachable"


async def test_mgi_is_asked_only_when_alleles_are_read(snapshot: Path) -> None:
    with MgiServer(MGI_ANSWERS) as mgi_server:
        mgi = MgiSource.from_settings(MgiSettings(url=mgi_server.endpoint))
        labtracks = Backends.from_snapshot(snapshot).labtracks
        async with graphql_client(Backends(labtracks=labtracks, mgi=mgi)) as client:
            plain = await run_query(client, '{ subject(subject_id: "700101") { subject_id } }')
            assert mgi_server.queries() == []
            assert [s["name"] for s in plain["extensions"]["status"]["subject"]["sources"]] == [
                "labtracks"
            ]
            query = """{ subjects(subject_ids: ["700101", "700102"]) {
                subject_details { ... on MouseSubject { alleles { name } } } } }"""
            await run_query(client, query)
    # Distinct alleles across both subjects, each looked up once.
    assert sorted(mgi_server.queries()) == ["Ai14(RCL-tdT)", "Pvalb-IRES-Cre"]


async def test_duplicate_labtracks_rows_give_300(tmp_path: Path) -> None:
    from tests.snapshots import Animal

    twice = [*COLONY, Animal(700102, "wt/wt", "M", mother=700001, father=700002)]
    snapshot = write_snapshot(tmp_path / "dup", twice, MGI_ANSWERS)
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        body = await run_query(client, SUBJECT, {"id": "700102"})
    assert body["data"]["subject"]["subject_id"] == "700102"
    status = status_of(body, "subject")
    assert status["code"] == 300
    assert "2 LabTracks records" in status["message"]


async def test_snapshot_without_mgi_answers_200_with_mgi_not_configured(tmp_path: Path) -> None:
    snapshot = write_snapshot(tmp_path / "no-mgi", COLONY, None)
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        body = await run_query(client, SUBJECT, {"id": "700101"})
    assert body["data"]["subject"]["subject_details"]["alleles"] == []
    status = status_of(body, "subject")
    assert status["code"] == 200  # an absent backend does not make the answer partial
    assert source(status, "mgi") == {
        "name": "mgi",
        "code": 503,
        "ms": 0.0,
        "message": "mgi is not configured",
        "configured": False,
    }
