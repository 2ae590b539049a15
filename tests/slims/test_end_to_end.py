"""aind-slims-api's real ``SlimsClient`` against the loopback SLIMS and against the replay.

Both are fed the same tables (the loopback server over HTTP with basic auth, the replay from a
snapshot directory written here); every call must answer the same, and what the server saw
shows that the filtering happens on the SLIMS side.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from aind_slims_api import SlimsClient
from aind_slims_api.models import SlimsMouseContent, SlimsWaterRestrictionEvent
from aind_slims_api.models.experiment_run_step import SlimsExperimentRunStepContent
from aind_slims_api.operations import fetch_histology_procedures
from slims.criteria import greater_than
from slims.slims import _SlimsApiException

from datasources.slims.snapshot import client_from_snapshot
from tests.servers.base import Reply
from tests.servers.slims import SlimsServer, tables_of
from tests.slims.records import (
    HOUR,
    T0,
    histology_specimen,
    mouse,
    water_restriction,
    write_snapshot,
)

SUBJECT = "700001"


def subject_records() -> list[dict[str, Any]]:
    return [
        *histology_specimen(SUBJECT, 1000),
        *histology_specimen("700002", 2000),
        mouse(11, SUBJECT),
        mouse(12, "700002"),
        water_restriction(31, 11, start=T0, end=T0 + 72 * HOUR),
        water_restriction(32, 11, start=T0 + 96 * HOUR, end=None),
        water_restriction(33, 12, start=T0, end=None),
    ]


@pytest.fixture
def tables() -> dict[str, list[dict[str, Any]]]:
    return tables_of(subject_records())


@pytest.fixture
def server(tables: dict[str, list[dict[str, Any]]]) -> Iterator[SlimsServer]:
    with SlimsServer(prefix="/slimsrest", tables=tables) as slims:
        yield slims


def live(server: SlimsServer) -> SlimsClient:
    return SlimsClient(url=server.slims_url, username=server.username, password=server.password)


@pytest.fixture
def replayed(tmp_path: Path, tables: dict[str, list[dict[str, Any]]]) -> SlimsClient:
    client = client_from_snapshot(write_snapshot(tmp_path, tables))
    assert client is not None
    return client


def both(server: SlimsServer, replayed: SlimsClient, call: Callable[[SlimsClient], Any]) -> Any:
    """``call`` on the live and the replaying client; they must agree."""
    over_http, from_files = call(live(server)), call(replayed)
    assert over_http == from_files
    return over_http


def test_fetch_models_answer_alike(server: SlimsServer, replayed: SlimsClient) -> None:
    mouse_model = both(
        server, replayed, lambda c: c.fetch_model(SlimsMouseContent, barcode=SUBJECT)
    )
    assert (mouse_model.pk, mouse_model.baseline_weight_g) == (11, 24.5)
    runs = both(
        server,
        replayed,
        lambda c: c.fetch_models(SlimsExperimentRunStepContent, mouse_pk=1001),
    )
    assert [(run.pk, run.runstep_pk) for run in runs] == [(1109, 1101), (1119, 1111)]
    later = both(
        server,
        replayed,
        lambda c: c.fetch_models(
            SlimsWaterRestrictionEvent,
            greater_than("start_date", datetime(2025, 3, 4, tzinfo=UTC)),
            mouse_pk=11,
            sort="-start_date",
        ),
    )
    assert [event.pk for event in later] == [32]


def test_water_restriction_of_a_subject(server: SlimsServer, replayed: SlimsClient) -> None:
    def events(client: SlimsClient) -> list[SlimsWaterRestrictionEvent]:
        subject = client.fetch_model(SlimsMouseContent, barcode=SUBJECT)
        return client.fetch_models(
            SlimsWaterRestrictionEvent, mouse_pk=subject.pk, sort="start_date"
        )

    found = both(server, replayed, events)
    assert [(e.pk, e.end_date is None, e.target_weight_fraction) for e in found] == [
        (31, False, 0.85),
        (32, True, 0.85),
    ]
    assert found[0].start_date == datetime(2025, 3, 3, 9, tzinfo=UTC)


def test_histology_procedures_answer_alike(server: SlimsServer, replayed: SlimsClient) -> None:
    blocks = both(server, replayed, lambda c: fetch_histology_procedures(c, SUBJECT))
    assert [block.experiment_template.name for block in blocks] == [
        "SmartSPIM Delipidation",
        "SmartSPIM Labeling",
    ]
    delipidation, labeling = blocks
    assert delipidation.protocol.name == "SmartSPIM Delipidation protocol"
    names = [wash.wash_step.wash_name for wash in delipidation.washes]
    assert names == ["Wash 1", "Wash 2", "Wash 3"]
    first = delipidation.washes[0].reagents[0]
    assert (first.content.lot_number, first.details.name, first.source.name) == (
        "LOT-1400",
        "Reagent 1500",
        "Manufacturer 1600",
    )
    assert delipidation.washes[2].reagents == []
    assert delipidation.washes[2].wash_step.mass == 7.5
    assert [wash.wash_step.wash_name for wash in labeling.washes] == ["Primary Antibody Wash"]


def test_filtering_happens_on_the_server(
    server: SlimsServer, tables: dict[str, list[dict[str, Any]]]
) -> None:
    fetch_histology_procedures(live(server), SUBJECT)
    before = {table: server.served(table) for table in tables}
    requests_before = len(server.requests)
    server.clear_log()
    # Fifty more specimens of other subjects: the subject's answers must not grow.
    for n in range(50):
        server.add(*histology_specimen(f"71{n:04d}", 10_000 * (n + 1)))
    fetch_histology_procedures(live(server), SUBJECT)
    assert {table: server.served(table) for table in tables} == before
    assert len(server.requests) == requests_before
    # every answer is a handful of records, never a whole table
    assert max(n for counts in before.values() for n in counts) <= 3
    assert len(server.tables["ExperimentRunStep"]) > 400


def test_requests_are_advanced_gets_with_basic_auth_and_a_json_body(server: SlimsServer) -> None:
    live(server).fetch_models(SlimsMouseContent, barcode=SUBJECT)
    (request,) = server.requests
    assert (request.method, request.path) == ("GET", "/slimsrest/rest/Content/advanced")
    token = base64.b64encode(f"{server.username}:{server.password}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {token}"
    assert request.json() == {
        "sortBy": [],
        "startRow": None,
        "endRow": None,
        "criteria": {
            "operator": "and",
            "criteria": [
                {"fieldName": "cntn_barCode", "operator": "equals", "value": SUBJECT},
                {"fieldName": "cntp_name", "operator": "equals", "value": "Mouse"},
            ],
        },
    }


def test_wrong_credentials_are_401(server: SlimsServer) -> None:
    client = SlimsClient(url=server.slims_url, username=server.username, password="wrong")
    with pytest.raises(_SlimsApiException, match="Unauthorized"):
        client.fetch_models(SlimsMouseContent, barcode=SUBJECT)
    assert server.served() == []


def test_a_body_slims_cannot_evaluate_is_a_400_naming_it(server: SlimsServer) -> None:
    api = live(server).db.slims_api
    bad = {"criteria": {"fieldName": "cntn_id", "operator": "soundsLike", "value": "x"}}
    with pytest.raises(_SlimsApiException, match="soundsLike"):
        api.get_entities("Content/advanced", body=bad)
    answer = requests.get(server.slims_url + "/rest/Content/advanced", data=b"{", timeout=5)
    assert answer.status_code == 401  # authentication comes first
    with pytest.raises(_SlimsApiException, match="no SLIMS endpoint"):
        api.get_entities("Content/1/2/3")


def test_by_pk_and_repo_content(server: SlimsServer) -> None:
    server.contents[18] = json.dumps({"rig_id": "rig-1"}).encode()
    client = live(server)
    assert client.db.fetch_by_pk("Content", 11).cntn_barCode.value == SUBJECT
    assert client.db.fetch_by_pk("Content", 99_999) is None
    assert client.fetch_attachment_content(18).json() == {"rig_id": "rig-1"}
    assert client.fetch_attachment_content(19).status_code == 404


def test_faults_reach_the_client(server: SlimsServer) -> None:
    client = live(server)
    server.fail_next(1, 503)
    with pytest.raises(_SlimsApiException, match="injected failure"):
        client.fetch_models(SlimsMouseContent, barcode=SUBJECT)
    # a 200 that is not JSON escapes as requests' own error, not _SlimsApiException
    server.break_with(Reply(200, b"<html>maintenance</html>", {"Content-Type": "text/html"}))
    with pytest.raises(requests.exceptions.JSONDecodeError):
        client.fetch_models(SlimsMouseContent, barcode=SUBJECT)
    server.break_with(None)
    server.drop_next(1)
    with pytest.raises(requests.exceptions.ConnectionError):
        client.fetch_models(SlimsMouseContent, barcode=SUBJECT)
    server.latency = 0.05
    assert client.fetch_model(SlimsMouseContent, barcode=SUBJECT).pk == 11
