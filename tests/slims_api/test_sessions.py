"""``Query.sessions`` and ``Subject.sessions``: SLIMS ecephys sessions as 2.x ``Acquisition``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from datasources.result import Code, SourceResult
from datasources.slims.ecephys import map_session
from datasources.slims.sessions import SessionRecord
from datasources.slims.source import SlimsSource
from resolvers.backends import Backends
from resolvers.sessions import session_answer
from tests.conftest import graphql_client, run_query
from tests.servers.base import Reply
from tests.servers.slims import SlimsServer, tables_of
from tests.slims.records import write_snapshot
from tests.slims_api.conftest import RIG, labtracks, session_records
from tests.slims_ecephys.helpers import session, supply_not_in_slims

SESSIONS = """query($id: String!, $name: String, $from: Date, $to: Date) {
  sessions(subject_id: $id, session_name: $name, start_date_gte: $from, end_date_lte: $to) {
    subject_id acquisition_type instrument_id experimenters notes acquisition_start_time
    data_streams stimulus_epochs { stimulus_name }
    subject_details { mouse_platform_name animal_weight_prior weight_unit reward_consumed_total }
    json
  }
}"""


async def sessions(client: httpx.AsyncClient, **variables: Any) -> dict[str, Any]:
    return await run_query(client, SESSIONS, variables)


def names(body: dict[str, Any]) -> list[str]:
    return [s["json"]["notes"].split("'")[1] for s in body["data"]["sessions"]]


async def test_sessions_are_acquisitions_that_fail_validation_without_times(
    client: httpx.AsyncClient,
) -> None:
    body = await sessions(client, id="700001")
    first, _ = body["data"]["sessions"]
    assert first["subject_id"] == "700001"
    assert first["instrument_id"] == RIG
    assert first["acquisition_type"] == "Dynamic Foraging"
    assert first["experimenters"] == ["Person Synth"]
    assert first["acquisition_start_time"] is None
    assert first["subject_details"] == {
        "mouse_platform_name": "Wheel",
        "animal_weight_prior": "24.5",
        "weight_unit": "G",
        "reward_consumed_total": "0.75",
    }
    assert first["json"]["object_type"] == "Acquisition"
    assert len(first["data_streams"]) == 1
    assert names(body) == ["ecephys_700001_first", "ecephys_700001_second"]
    status = body["extensions"]["status"]["sessions"]
    assert status["code"] == 406
    assert status["sources"] == [{"name": "slims", "code": 200, "ms": status["sources"][0]["ms"]}]
    locations = {tuple(error["loc"]) for error in status["validation_errors"]}
    assert (0, "acquisition_start_time") in locations
    assert (1, "acquisition_end_time") in locations
    assert all(set(error) <= {"loc", "msg", "path"} for error in status["validation_errors"])
    assert "errors" not in body


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"name": "ECEPHYS_700001_SECOND"}, ["ecephys_700001_second"]),
        ({"from": "2025-03-04"}, ["ecephys_700001_second"]),
        ({"to": "2025-03-04"}, ["ecephys_700001_first"]),
        (
            {"from": "2025-03-03", "to": "2025-03-05"},
            ["ecephys_700001_first", "ecephys_700001_second"],
        ),
    ],
)
async def test_filters_by_name_and_recording_day(
    client: httpx.AsyncClient, variables: dict[str, Any], expected: list[str]
) -> None:
    body = await sessions(client, id="700001", **variables)
    assert names(body) == expected


@pytest.mark.parametrize(
    "variables",
    [
        {"id": "799999"},  # SLIMS has no such mouse
        {"id": "700003"},  # a mouse without sessions
        {"id": "700001", "name": "ecephys_700001_third"},
        {"id": "700001", "from": "2025-04-01"},
    ],
)
async def test_nothing_found_is_404_with_an_empty_list(
    client: httpx.AsyncClient, variables: dict[str, Any]
) -> None:
    body = await sessions(client, **variables)
    assert body["data"]["sessions"] == []
    assert body["extensions"]["status"]["sessions"]["code"] == 404
    assert "errors" not in body


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"id": "70000x"}, "subject_id"),
        ({"id": "700001", "from": "2025-03-05", "to": "2025-03-01"}, "start_date_gte"),
        ({"id": "700001", "name": "  "}, "session_name"),
    ],
)
async def test_malformed_arguments_are_400_naming_them(
    client: httpx.AsyncClient, slims_server: SlimsServer, variables: dict[str, Any], argument: str
) -> None:
    body = await sessions(client, **variables)
    assert body["data"]["sessions"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "status": 400}
    assert f"'{argument}'" in error["message"]
    assert body["extensions"]["status"]["sessions"]["code"] == 400
    assert slims_server.requests == []


async def test_subject_sessions_ask_slims_once_per_distinct_subject(
    client: httpx.AsyncClient, slims_server: SlimsServer
) -> None:
    query = """{
      subjects(subject_ids: ["700001", "700002", "700001", "700009"]) {
        subject_id sessions { subject_id instrument_id }
      }
      sessions(subject_id: "700002") { subject_id }
    }"""
    body = await run_query(client, query)
    subjects = body["data"]["subjects"]
    assert [len(s["sessions"]) for s in subjects] == [2, 1, 2, 0]
    assert {x["subject_id"] for s in subjects for x in s["sessions"]} == {"700001", "700002"}
    assert body["data"]["sessions"] == [{"subject_id": "700002"}]
    # fetch_ecephys_sessions begins with one mouse lookup (a Content read) per subject: three
    # distinct subjects, the root field's 700002 included, are three calls.
    assert slims_server.fetches("Content") == 3
    status = body["extensions"]["status"]
    assert status["subjects.0.sessions"]["code"] == 406
    assert status["subjects.3.sessions"]["code"] == 404
    assert status["sessions"]["code"] == 406


async def test_slims_down_is_503_for_sessions_while_the_subject_answers(
    client: httpx.AsyncClient, slims_server: SlimsServer
) -> None:
    slims_server.break_with(Reply.json({"errorMessage": "maintenance"}, 503))
    query = '{ subject(subject_id: "700001") { subject_id sessions { subject_id } } }'
    body = await run_query(client, query)
    assert body["data"]["subject"] == {"subject_id": "700001", "sessions": None}
    status = body["extensions"]["status"]
    assert status["subject"]["code"] in (200, 406)
    assert status["subject.sessions"]["code"] == 503
    (error,) = body["errors"]
    assert error["path"] == ["subject", "sessions"]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "status": 503}
    assert "maintenance" not in str(body)


async def test_slims_not_configured_is_503_for_sessions_only(tmp_path: Path) -> None:
    backends = Backends(labtracks=labtracks(tmp_path))
    async with graphql_client(backends) as client:
        body = await run_query(
            client,
            '{ subject(subject_id: "700001") { subject_id sessions { subject_id } } '
            'sessions(subject_id: "700001") { subject_id } }',
        )
    assert body["data"]["subject"]["subject_id"] == "700001"
    assert body["data"]["sessions"] is None
    status = body["extensions"]["status"]
    for path in ("sessions", "subject.sessions"):
        assert status[path]["code"] == 503
        assert status[path]["sources"][0]["configured"] is False
    assert {tuple(e["path"]) for e in body["errors"]} == {("sessions",), ("subject", "sessions")}


async def test_a_snapshot_answers_as_the_loopback_slims_does(
    tmp_path: Path, client: httpx.AsyncClient
) -> None:
    source = SlimsSource.from_snapshot(write_snapshot(tmp_path, tables_of(session_records())))
    assert source is not None
    async with graphql_client(Backends(slims=source)) as replayed:
        from_files = await sessions(replayed, id="700001")
    over_http = await sessions(client, id="700001")
    assert from_files["data"] == over_http["data"]
    assert from_files["extensions"]["status"]["sessions"]["code"] == 406


def test_a_session_with_the_times_slims_lacks_is_200() -> None:
    """What 200 looks like: the mapped session, completed as an acquisition tool would."""
    document = supply_not_in_slims(map_session(session(), "700001"))
    record = SessionRecord("700001", "a", None, document)
    resolved = session_answer(SourceResult("slims", Code.OK, (record,)), "700001")
    assert resolved.status.code == Code.OK
    assert resolved.status.validation_errors == ()
    assert resolved.value is not None
    assert resolved.value[0]["acquisition_start_time"] is not None
