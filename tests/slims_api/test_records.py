"""``Query.smartspim_imaging``, ``viral_injections`` and ``instrument`` over a loopback SLIMS
serving tests/slims_records/data (the mapping and fetching are tested there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.servers.base import Reply
from tests.servers.slims import SlimsServer
from tests.slims_api.conftest import OLD_INSTRUMENT, VALID_INSTRUMENT, labtracks, other_records

IMAGING = """query($id: String!, $from: Date, $to: Date) {
  smartspim_imaging(subject_id: $id, start_date_gte: $from, end_date_lte: $to) {
    specimen_id subject_id date_performed experimenter_name imaging_channels json
  }
}"""
INJECTIONS = """query($id: String!, $from: Date, $to: Date) {
  viral_injections(subject_id: $id, start_date_gte: $from, end_date_lte: $to) {
    name content_created_on assigned_mice viral_materials { name json } json
  }
}"""
INSTRUMENT = """query($id: String!, $partial: Boolean) {
  instrument(instrument_id: $id, partial_match: $partial) {
    instrument_id modification_date schema_version json
  }
}"""
SUBJECT = "700001"


@pytest.fixture
def slims_records() -> list[dict[str, Any]]:
    return other_records()


async def test_smartspim_imaging_newest_first(client: httpx.AsyncClient) -> None:
    body = await run_query(client, IMAGING, {"id": SUBJECT})
    newest, first = body["data"]["smartspim_imaging"]
    assert newest["date_performed"] == "2025-06-10T09:15:00+00:00"
    assert first["date_performed"] == "2025-03-04T18:30:00+00:00"
    assert {i["specimen_id"] for i in (newest, first)} == {"BRN00000501"}
    assert first["experimenter_name"] == "Imaging Person"
    assert first["json"]["subject_id"] == SUBJECT
    assert body["extensions"]["status"]["smartspim_imaging"]["code"] == 200


async def test_smartspim_imaging_date_range_is_sent_to_slims(client: httpx.AsyncClient) -> None:
    body = await run_query(client, IMAGING, {"id": SUBJECT, "from": "2025-06-01"})
    assert [i["date_performed"] for i in body["data"]["smartspim_imaging"]] == [
        "2025-06-10T09:15:00+00:00"
    ]
    body = await run_query(client, IMAGING, {"id": SUBJECT, "from": "2025-07-01"})
    assert body["data"]["smartspim_imaging"] == []
    assert body["extensions"]["status"]["smartspim_imaging"]["code"] == 404


async def test_viral_injections_with_their_materials(client: httpx.AsyncClient) -> None:
    body = await run_query(client, INJECTIONS, {"id": SUBJECT})
    shared, own = body["data"]["viral_injections"]
    assert [shared["name"], own["name"]] == ["INJ00000102", "INJ00000101"]
    assert shared["assigned_mice"] == ["700002", SUBJECT]
    assert [m["name"] for m in own["viral_materials"]] == ["VRS00000901", "VRS00000902"]
    assert own["viral_materials"][0]["json"]["name"] == "VRS00000901"
    assert body["extensions"]["status"]["viral_injections"]["code"] == 200
    body = await run_query(client, INJECTIONS, {"id": SUBJECT, "from": "2025-05-01"})
    assert [i["name"] for i in body["data"]["viral_injections"]] == ["INJ00000102"]


@pytest.mark.parametrize(
    ("query", "field"), [(IMAGING, "smartspim_imaging"), (INJECTIONS, "viral_injections")]
)
async def test_an_unknown_subject_is_404_with_an_empty_list(
    client: httpx.AsyncClient, query: str, field: str
) -> None:
    body = await run_query(client, query, {"id": "799999"})
    assert body["data"][field] == []
    assert body["extensions"]["status"][field]["code"] == 404
    assert "errors" not in body


@pytest.mark.parametrize(
    ("query", "field"), [(IMAGING, "smartspim_imaging"), (INJECTIONS, "viral_injections")]
)
@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"id": "-1"}, "subject_id"),
        ({"id": SUBJECT, "from": "2025-06-02", "to": "2025-06-01"}, "start_date_gte"),
    ],
)
async def test_malformed_arguments_are_400(
    client: httpx.AsyncClient,
    slims_server: SlimsServer,
    query: str,
    field: str,
    variables: dict[str, Any],
    argument: str,
) -> None:
    body = await run_query(client, query, variables)
    assert body["data"][field] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "status": 400}
    assert f"'{argument}'" in error["message"]
    assert slims_server.requests == []


async def test_an_instrument_that_validates_is_200_as_stored(client: httpx.AsyncClient) -> None:
    body = await run_query(client, INSTRUMENT, {"id": "440_SmartSPIM9_20250101"})
    (instrument,) = body["data"]["instrument"]
    assert instrument["json"] == VALID_INSTRUMENT
    assert instrument["instrument_id"] == VALID_INSTRUMENT["instrument_id"]
    assert instrument["modification_date"] == VALID_INSTRUMENT["modification_date"]
    status = body["extensions"]["status"]["instrument"]
    assert status["code"] == 200
    assert "validation_errors" not in status


async def test_a_partial_match_with_an_old_document_is_406(client: httpx.AsyncClient) -> None:
    body = await run_query(client, INSTRUMENT, {"id": "smartspim9", "partial": True})
    documents = [i["json"] for i in body["data"]["instrument"]]
    assert documents == [VALID_INSTRUMENT, OLD_INSTRUMENT]
    status = body["extensions"]["status"]["instrument"]
    assert status["code"] == 406
    errors = status["validation_errors"]
    assert errors
    assert {e["loc"][0] for e in errors} == {1}
    assert all(set(e) == {"loc", "msg", "path"} for e in errors)
    # The stored values are never echoed back in the errors.
    assert "LifeCanvas" not in str(errors)
    assert "0.10.0" not in str(errors)


@pytest.mark.parametrize("variables", [{"id": "NO_SUCH_RIG"}, {"id": "zzz", "partial": True}])
async def test_no_instrument_is_404(client: httpx.AsyncClient, variables: dict[str, Any]) -> None:
    body = await run_query(client, INSTRUMENT, variables)
    assert body["data"]["instrument"] == []
    assert body["extensions"]["status"]["instrument"]["code"] == 404


@pytest.mark.parametrize("instrument_id", ["", "   "])
async def test_an_empty_instrument_id_is_400(
    client: httpx.AsyncClient, slims_server: SlimsServer, instrument_id: str
) -> None:
    body = await run_query(client, INSTRUMENT, {"id": instrument_id})
    assert body["data"]["instrument"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "status": 400}
    assert "'instrument_id'" in error["message"]
    assert slims_server.requests == []


ALL_FOUR = """{
  subject(subject_id: "700001") { subject_id }
  smartspim_imaging(subject_id: "700001") { specimen_id }
  viral_injections(subject_id: "700001") { name }
  instrument(instrument_id: "440_SmartSPIM9_20250101") { instrument_id }
  sessions(subject_id: "700001") { subject_id }
}"""
SLIMS_FIELDS = ("smartspim_imaging", "viral_injections", "instrument", "sessions")


async def test_slims_down_is_503_for_its_fields_while_the_subject_answers(
    client: httpx.AsyncClient, slims_server: SlimsServer
) -> None:
    slims_server.break_with(Reply.json({"errorMessage": "Internal error: secret"}, 500))
    body = await run_query(client, ALL_FOUR)
    assert body["data"]["subject"] == {"subject_id": "700001"}
    status = body["extensions"]["status"]
    assert status["subject"]["code"] in (200, 406)
    for field in SLIMS_FIELDS:
        assert body["data"][field] is None
        assert status[field]["code"] == 503
        assert status[field]["sources"][0]["name"] == "slims"
    assert {e["path"][0] for e in body["errors"]} == set(SLIMS_FIELDS)
    assert "secret" not in str(body)


async def test_slims_not_configured_is_503_for_its_fields(tmp_path: Path) -> None:
    async with graphql_client(Backends(labtracks=labtracks(tmp_path))) as client:
        body = await run_query(client, ALL_FOUR)
    assert body["data"]["subject"] == {"subject_id": "700001"}
    status = body["extensions"]["status"]
    for field in SLIMS_FIELDS:
        assert status[field]["code"] == 503
        assert status[field]["sources"] == [
            {
                "name": "slims",
                "code": 503,
                "ms": 0.0,
                "message": "slims is not configured",
                "configured": False,
            }
        ]
