"""Procedures end to end: the demo snapshot through the ASGI app and a real `serve` process
(live backends: ``test_graphql_procedures_live``).

The demo subjects are described in ``datasources/demo/README.md``; ``DEMO_STATUSES`` is that
table, checked here against the service.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aind_data_schema.core.procedures import Procedures

from datasources.sharepoint.settings import LIST_NAMES
from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.procedures_live import (
    DEMO_IDS,
    codes_by_source,
    demo_items,
    fiber_names,
    procedure_sources,
    source_names,
)

SHOWCASES = ("650101", "650107")
EVERY_SOURCE = {
    "sharepoint.nsb2019",
    "sharepoint.nsb2023",
    "sharepoint.nsb_present",
    "sharepoint.las2020",
    "labtracks",
    "smartsheet.perfusions",
}
EVERY_BACKEND = [
    "labtracks",
    "sharepoint.nsb2019",
    "sharepoint.nsb2023",
    "sharepoint.nsb_present",
    "sharepoint.las2020",
    "smartsheet.perfusions",
    "slims",
    "tars",
    "smartsheet.protocols",
]
VALID = {
    *("650101", "650107", "650110", "650113", "650105", "650114", "650111", "650116"),
    "650118",  # SLIMS histology: a delipidation run
}
INVALID = {
    *("650102", "650109", "650112", "650104", "650119"),
    "650120",  # SLIMS: water restriction without IACUC protocol, labeling without probe
}
#: Demo subjects only SLIMS knows (a world without SLIMS finds nothing for them).
SLIMS_ONLY = {"650118", "650120"}
DEMO_STATUSES = {
    subject: 200 if subject in VALID else 406 if subject in INVALID else 404
    for subject in DEMO_IDS
}

PROCEDURES_SELECTION = """
  subject_id
  subject_procedures {
    __typename
    ... on Surgery {
      source start_date animal_weight_post
      procedures { __typename ... on ProbeImplant { implanted_device device_config } }
    }
    ... on NonSurgicalInjection { source start_date injections { relative_position } }
    ... on GenericSubjectProcedure { source start_date description }
  }
  json
"""
PROCEDURES = (
    f"""query($id: String!) {{ procedures(subject_id: $id) {{ {PROCEDURES_SELECTION} }} }}"""
)
PERFUSIONS = (
    f"""query($id: String!) {{ perfusions(subject_id: $id) {{ {PROCEDURES_SELECTION} }} }}"""
)
SUBJECTS = """query($ids: [String!]!) {
  subjects(subject_ids: $ids) {
    subject_id
    procedures { subject_id subject_procedures { ... on Surgery { source } } }
  }
}"""


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client


async def procedures(client: httpx.AsyncClient, subject_id: str) -> dict[str, Any]:
    return await run_query(client, PROCEDURES, {"id": subject_id})


# The demo snapshot through the ASGI app.


@pytest.mark.parametrize("subject_id", SHOWCASES)
async def test_showcase_subject_is_valid_and_every_backend_answers(
    demo: httpx.AsyncClient, subject_id: str
) -> None:
    body = await procedures(demo, subject_id)
    status = body["extensions"]["status"]["procedures"]
    assert "errors" not in body
    assert status["code"] == 200, status.get("validation_errors")
    assert source_names(status) == EVERY_BACKEND
    document = body["data"]["procedures"]["json"]
    assert Procedures.model_validate(document).subject_id == subject_id
    sources = procedure_sources(body["data"]["procedures"])
    assert all(sources)
    assert {f"sharepoint.{name}" for name in LIST_NAMES} <= set(sources)


async def test_the_showcases_together_cover_every_source(demo: httpx.AsyncClient) -> None:
    # 650101's perfusion is both a LabTracks task and a sheet row: one event, the sheet's
    # reading kept, LabTracks answering 200 beside it. 650105 is perfused in LabTracks only.
    by_subject = {
        s: procedure_sources((await procedures(demo, s))["data"]["procedures"])
        for s in (*SHOWCASES, "650105")
    }
    assert by_subject == {
        # LAS 2020 requests "Handling" / "Tissue Collection" beside each retro-orbital
        # injection: a generic procedure each, on the request's date.
        "650101": [
            "sharepoint.nsb2019",
            "sharepoint.nsb2023",
            "sharepoint.las2020",
            "sharepoint.las2020",
            "sharepoint.nsb_present",
            "smartsheet.perfusions",
        ],
        "650105": ["labtracks"],
        "650107": [
            "sharepoint.nsb2019",
            "sharepoint.nsb2023",
            "sharepoint.nsb_present",
            "sharepoint.las2020",
            "sharepoint.las2020",
            "smartsheet.perfusions",
        ],
    }
    assert set().union(*by_subject.values()) == EVERY_SOURCE


async def test_a_request_in_both_nsb_2023_lists_appears_once(demo: httpx.AsyncClient) -> None:
    def requests(list_name: str) -> set[tuple[str, str]]:
        return {
            (item["fields"]["Title"], item["fields"]["DateRangeStart"])
            for item in demo_items(list_name)
            if item["fields"]["LabTracks_x0020_ID1"] == "650107"
        }

    [shared] = requests("nsb2023") & requests("nsb_present")
    body = await procedures(demo, "650107")
    items = body["data"]["procedures"]["subject_procedures"]
    same_day = [item for item in items if item["start_date"] == "2024-10-08"]
    assert shared == ("650107Stereotaxic Injection", "2024-10-07T07:00:00Z")
    assert len(same_day) == 1
    # The present list's reading (its weight was corrected after the copy) wins.
    assert same_day[0]["source"] == "sharepoint.nsb_present"
    assert same_day[0]["animal_weight_post"] == 24.4


async def test_fiber_names_are_unique_across_requests(demo: httpx.AsyncClient) -> None:
    body = await procedures(demo, "650101")
    assert fiber_names(body["data"]["procedures"]) == [
        ("Fiber_0", "Fiber_0", "sharepoint.nsb2023"),
        ("Fiber_1", "Fiber_1", "sharepoint.nsb_present"),
    ]


async def test_las_items_serve_the_animals_of_their_slots(demo: httpx.AsyncClient) -> None:
    both_eyes = await procedures(demo, "650110")
    [injection] = both_eyes["data"]["procedures"]["subject_procedures"]
    assert injection["source"] == "sharepoint.las2020"
    assert [i["relative_position"] for i in injection["injections"]] == [["LEFT"], ["RIGHT"]]
    # The same item's Title names 650108, but none of its retro-orbital slots does.
    titled = await procedures(demo, "650108")
    assert titled["data"]["procedures"] is None
    assert titled["extensions"]["status"]["procedures"]["code"] == 404


async def test_demo_statuses_are_as_documented(demo: httpx.AsyncClient) -> None:
    body = await run_query(demo, SUBJECTS, {"ids": DEMO_IDS})
    status = body["extensions"]["status"]
    found = {s: status[f"subjects.{i}.procedures"]["code"] for i, s in enumerate(DEMO_IDS)}
    assert found == DEMO_STATUSES
    for index, subject in enumerate(DEMO_IDS):
        item = body["data"]["subjects"][index]["procedures"]
        assert (item is None) == (DEMO_STATUSES[subject] == 404)
    invalid = status[f"subjects.{DEMO_IDS.index('650102')}.procedures"]
    assert invalid["validation_errors"]


async def test_subject_procedures_inside_subject(demo: httpx.AsyncClient) -> None:
    query = """{ subject(subject_id: "650101") {
      subject_id
      procedures { subject_procedures { ... on Surgery { source } } }
    } }"""
    body = await run_query(demo, query)
    status = body["extensions"]["status"]
    assert body["data"]["subject"]["subject_id"] == "650101"
    surgeries = body["data"]["subject"]["procedures"]["subject_procedures"]
    assert {"smartsheet.perfusions", "sharepoint.nsb2019"} <= {s.get("source") for s in surgeries}
    assert status["subject"]["code"] == 200
    assert status["subject.procedures"]["code"] == 200


async def test_perfusions_come_from_smartsheet_only(demo: httpx.AsyncClient) -> None:
    sheet = await run_query(demo, PERFUSIONS, {"id": "650107"})
    [perfusion] = sheet["data"]["perfusions"]["subject_procedures"]
    assert perfusion["source"] == "smartsheet.perfusions"
    assert perfusion["procedures"] == [{"__typename": "Perfusion"}]
    assert source_names(sheet["extensions"]["status"]["perfusions"]) == ["smartsheet.perfusions"]
    # 650105's perfusion is a LabTracks task, not a sheet row.
    task_only = await run_query(demo, PERFUSIONS, {"id": "650105"})
    assert task_only["data"]["perfusions"] is None
    assert task_only["extensions"]["status"]["perfusions"]["code"] == 404


async def test_subject_without_procedures_is_404(demo: httpx.AsyncClient) -> None:
    body = await procedures(demo, "650103")
    status = body["extensions"]["status"]["procedures"]
    assert "errors" not in body
    assert body["data"]["procedures"] is None
    assert status["code"] == 404
    assert set(codes_by_source(status).values()) == {404}


async def test_malformed_subject_id_is_400(demo: httpx.AsyncClient) -> None:
    body = await procedures(demo, "65O101")
    [error] = body["errors"]
    assert error["path"] == ["procedures"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "status": 400}
    assert body["extensions"]["status"]["procedures"]["code"] == 400


# A real process, as `make demo` starts it.


def test_serve_answers_procedures_on_the_demo(service_url: str) -> None:
    response = httpx.post(
        f"{service_url}/graphql",
        json={"query": PROCEDURES, "variables": {"id": "650101"}},
        timeout=30,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["extensions"]["status"]["procedures"]["code"] == 200
    sources = procedure_sources(body["data"]["procedures"])
    assert sources[-1] == "smartsheet.perfusions"
    assert {f"sharepoint.{name}" for name in LIST_NAMES} <= set(sources)


async def test_snapshot_with_incomplete_task_tables_still_serves_subjects(tmp_path: Path) -> None:
    from tests.snapshots import COLONY, write_snapshot

    snapshot = write_snapshot(tmp_path / "partial", COLONY, None)
    script = snapshot / "labtracks.sql"
    # TASK_SET without the tables the task query joins.
    script.write_text(script.read_text() + "\nCREATE TABLE TASK_SET (ID INTEGER);\n")
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        body = await run_query(
            client,
            '{ subject(subject_id: "700101") { subject_id } '
            'procedures(subject_id: "700101") { subject_id } }',
        )
    status = body["extensions"]["status"]
    assert body["data"]["subject"]["subject_id"] == "700101"
    assert status["subject"]["code"] == 200
    assert status["procedures"]["code"] == 503
    assert "task query" in status["procedures"]["message"]
    assert "ANIMALS_COMMON" not in json.dumps(body)


async def test_what_cannot_be_mapped_is_named_in_the_status(tmp_path: Path) -> None:
    """A request slot the service cannot map makes the answer 406 and names item and slot,
    for the subject it belongs to only; what could be mapped is still returned."""
    from tests.snapshots import COLONY, write_snapshot

    snapshot = write_snapshot(tmp_path / "unmapped", COLONY, None)
    (snapshot / "sharepoint").mkdir()
    items = [
        {
            "id": "71",
            "fields": {
                "Title": "700101 HP",
                "LabTracks_x0020_ID1": "700101",
                "Procedure": "HP Only",
                "Burr_x0020_hole_x0020_2": "Laser ablation",
                "Date_x0020_of_x0020_Surgery": "2024-03-01T08:00:00Z",
                "IACUC_x0020_Protocol_x0020__x002": "2115",
            },
        },
        {
            "id": "72",
            "fields": {
                "Title": "700102 HP",
                "LabTracks_x0020_ID1": "700102",
                "Procedure": "HP Only",
                "Date_x0020_of_x0020_Surgery": "2024-03-02T08:00:00Z",
            },
        },
    ]
    (snapshot / "sharepoint" / "nsb_present.json").write_text(json.dumps(items))
    query = """{
      a: procedures(subject_id: "700101") { subject_procedures { __typename } }
      b: procedures(subject_id: "700102") { subject_procedures { __typename } }
    }"""
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        body = await run_query(client, query)
    status = body["extensions"]["status"]
    assert body["data"]["a"]["subject_procedures"] == [{"__typename": "Surgery"}]
    assert status["a"]["code"] == 406
    expected = (
        "sharepoint.nsb_present item 71, burr hole 2: "
        "procedure 'Laser ablation' is not one the service maps"
    )
    assert expected in status["a"]["message"]
    (source,) = [s for s in status["a"]["sources"] if s["name"] == "sharepoint.nsb_present"]
    assert source["unmapped"] == [expected]
    assert "unmapped" not in json.dumps(status["b"])
