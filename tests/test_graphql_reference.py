"""Issue 4 end to end: TARS materials, protocols, funding — alone and inside procedures."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from datasources.labtracks import LabTracksSource
from datasources.smartsheet.settings import FundingSheetSettings, ProtocolsSheetSettings
from datasources.snapshot import DEMO_SNAPSHOT
from datasources.tars import TarsSource
from resolvers.backends import Backends
from resolvers.enrichment import prep_lots
from resolvers.loaders import Loaders
from resolvers.procedures import merge
from tests.conftest import graphql_client, run_query
from tests.procedures_live import (
    SHEET_TOKEN,
    assert_no_secrets,
    demo_graph,
    demo_smartsheet,
    live_backends,
    sharepoint_settings,
    smartsheet_settings,
)
from tests.servers.graph import GraphServer
from tests.servers.smartsheet import SmartsheetServer
from tests.servers.tars import PREP_LOTS, TarsServer
from tests.tars.conftest import settings_for

FUNDING_SHEET_ID, PROTOCOLS_SHEET_ID = 8800000000000001, 8800000000000002

SUBJECT_WITH_EVERYTHING = """{
  subject(subject_id: "650101") {
    subject_id
    procedures {
      subject_procedures {
        __typename
        ... on Surgery { protocol_id procedures { __typename
          ... on BrainInjection { protocol_id injection_materials { ...Material } }
          ... on ProbeImplant { protocol_id }
          ... on Perfusion { protocol_id } } }
        ... on NonSurgicalInjection {
          injections { protocol_id injection_materials { ...Material } } }
      }
      funding { project_name subproject funder { abbreviation } }
    }
    funding { project_name }
  }
}
fragment Material on ViralMaterial {
  name titer tars_identifiers { virus_tars_id prep_lot_number prep_type prep_protocol }
}"""


def materials(body: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for item in body["data"]["subject"]["procedures"]["subject_procedures"]:
        for step in item.get("procedures") or item.get("injections") or []:
            found.extend(step.get("injection_materials") or [])
    return found


def steps(body: dict[str, Any]) -> list[dict[str, Any]]:
    items = body["data"]["subject"]["procedures"]["subject_procedures"]
    return [s for item in items for s in item.get("procedures") or item.get("injections") or []]


async def distinct_lots(subject_ids: list[str]) -> list[str]:
    """The distinct prep lots (case-folded) the subjects' merged requests name: what TARS must
    be asked for, each exactly once."""
    backends = Backends.from_snapshot(DEMO_SNAPSHOT)
    loaders = Loaders(backends)
    lots: set[str] = set()
    for subject_id in subject_ids:
        labtracks, sharepoint, perfusions = await asyncio.gather(
            loaders.labtracks_procedures.load(int(subject_id)),
            loaders.sharepoint_procedures.load(subject_id),
            loaders.perfusions.load(subject_id),
        )
        merged = merge(subject_id, [labtracks, *sharepoint, perfusions])
        assert merged.value is not None
        lots.update(
            lot.casefold() for lot in prep_lots(merged.value.document["subject_procedures"])
        )
    await backends.aclose()
    assert len(lots) >= 3
    return sorted(lots)


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client


async def test_demo_subject_with_tars_materials_protocols_and_funding(
    demo: httpx.AsyncClient,
) -> None:
    body = await run_query(demo, SUBJECT_WITH_EVERYTHING)
    assert "errors" not in body
    status = body["extensions"]["status"]
    assert status["subject.procedures"]["code"] == 200
    names = {s["name"]: s["code"] for s in status["subject.procedures"]["sources"]}
    assert names["tars"] == 200
    assert names["smartsheet.protocols"] == 200
    found = materials(body)
    assert found, "the showcase has viral injections"
    for material in found:
        identifiers = material["tars_identifiers"]
        assert identifiers["virus_tars_id"], material  # the TARS record replaced the request's
        assert identifiers["prep_lot_number"].startswith("DEMO-LOT-")
    # The titer is the one the request gave (DEMO-LOT-004 at 2.1e13), not the prep's.
    by_lot = {m["tars_identifiers"]["prep_lot_number"]: m for m in found}
    assert by_lot["DEMO-LOT-004"]["titer"] == 2.1e13
    assert all(step["protocol_id"] for step in steps(body) if "protocol_id" in step)
    funding = body["data"]["subject"]["procedures"]["funding"]
    assert {row["project_name"] for row in funding} == {"Demo Cell Types", "Demo Behavior"}
    assert body["data"]["subject"]["funding"] == [
        {"project_name": row["project_name"]} for row in funding
    ]


async def test_injection_materials_codes(demo: httpx.AsyncClient) -> None:
    query = """{
      one: injection_materials(prep_lot_number: "demo-lot-001") { ...M }
      two: injection_materials(prep_lot_number: "DEMO-LOT-DUP") { ...M }
      none: injection_materials(prep_lot_number: "DEMO-LOT-0011") { ...M }
      bad: injection_materials(prep_lot_number: " ") { ...M }
    }
    fragment M on ViralMaterial { tars_identifiers { prep_lot_number } }"""
    body = await run_query(demo, query)
    data, status = body["data"], body["extensions"]["status"]
    assert [m["tars_identifiers"]["prep_lot_number"] for m in data["one"]] == ["DEMO-LOT-001"]
    assert (status["one"]["code"], status["two"]["code"]) == (200, 300)
    assert len(data["two"]) == 2
    assert data["none"] is None
    assert status["none"]["code"] == 404  # near matches ("DEMO-LOT-001") do not count
    assert status["bad"]["code"] == 400
    assert "prep_lot_number" in body["errors"][0]["message"]


async def test_funding_investigators_project_names_and_protocols(demo: httpx.AsyncClient) -> None:
    query = """{
      project_names
      top: funding(project_name: "demo cell types") { subproject funder { name } }
      sub: funding(project_name: "Demo Cell Types - Subproject 2 Demo Transcriptomics") {
        subproject }
      odd: funding(project_name: "Demo Imaging") { funder { name } }
      none: funding(project_name: "No Such Project") { subproject }
      investigators(project_name: "Demo Behavior") { name }
      protocols(protocol_name: "no such protocol") { doi }
    }"""
    body = await run_query(demo, query)
    data, status = body["data"], body["extensions"]["status"]
    assert "Demo Cell Types - Subproject 1 Demo Morphology" in data["project_names"]
    # The top-level name finds both subprojects' rows.
    assert len({row["subproject"] for row in data["top"]} - {None}) == 2
    assert {row["subproject"] for row in data["sub"]} == {"Subproject 2 Demo Transcriptomics"}
    assert len(data["sub"]) < len(data["top"])
    assert status["odd"]["code"] == 406  # a funder the organizations list does not know
    assert data["odd"], "406 still returns the rows"
    assert status["odd"]["validation_errors"]
    assert (status["none"]["code"], data["none"]) == (404, None)
    assert data["investigators"]
    assert status["protocols"]["code"] == 404


# Live: TARS, Graph, Smartsheet on loopback servers, LabTracks in PostgreSQL over ODBC.


@pytest.fixture
def tars() -> Iterator[TarsServer]:
    with TarsServer() as server:
        server.prep_lots = json.loads((DEMO_SNAPSHOT / "tars" / "prep_lots.json").read_text())
        server.viruses = json.loads((DEMO_SNAPSHOT / "tars" / "viruses.json").read_text())
        yield server


@pytest.fixture
def graph() -> Iterator[GraphServer]:
    with demo_graph() as server:
        yield server


@pytest.fixture
def sheets() -> Iterator[SmartsheetServer]:
    with demo_smartsheet() as server:
        for sheet_id, name in ((FUNDING_SHEET_ID, "funding"), (PROTOCOLS_SHEET_ID, "protocols")):
            body = (DEMO_SNAPSHOT / "smartsheet" / f"{name}.json").read_bytes()
            server.add_sheet(sheet_id, body, SHEET_TOKEN)
        yield server


@pytest.fixture
def labtracks(
    pg_database: Callable[[Path], str], pg_settings: Callable[..., Any]
) -> LabTracksSource:
    return LabTracksSource.from_settings(pg_settings(pg_database(DEMO_SNAPSHOT / "labtracks.sql")))


def backends(
    labtracks: LabTracksSource, graph: GraphServer, sheets: SmartsheetServer, tars: TarsServer
) -> Backends:
    smartsheet = smartsheet_settings(
        sheets.api_url,
        funding=FundingSheetSettings(api_token=SHEET_TOKEN, id=FUNDING_SHEET_ID),
        protocols=ProtocolsSheetSettings(api_token=SHEET_TOKEN, id=PROTOCOLS_SHEET_ID),
    )
    live = live_backends(labtracks, sharepoint_settings(graph), smartsheet)
    return Backends(
        labtracks=live.labtracks,
        sharepoint=live.sharepoint,
        smartsheet=live.smartsheet,
        tars=TarsSource.from_settings(settings_for(tars)),
        mode="test",
    )


@pytest.mark.odbc
async def test_one_tars_lookup_per_distinct_lot(
    labtracks: LabTracksSource, graph: GraphServer, sheets: SmartsheetServer, tars: TarsServer
) -> None:
    # Two subjects, asked twice each: still one TARS lookup per distinct lot.
    query = """{ a: subject(subject_id: "650101") { procedures { subject_id } }
                 b: subjects(subject_ids: ["650101", "650107", "650110"]) {
                    procedures { subject_procedures { __typename } } } }"""
    async with graphql_client(backends(labtracks, graph, sheets, tars)) as client:
        body = await run_query(client, query)
    assert "errors" not in body
    lots = [text.casefold() for text in tars.searches(PREP_LOTS) if text]
    assert sorted(lots) == sorted(await distinct_lots(["650101", "650107", "650110"]))
    assert sheets.sheet_requests(PROTOCOLS_SHEET_ID) == 1  # one sheet read answers every kind


@pytest.mark.odbc
async def test_tars_down_keeps_the_request_materials_and_says_207(
    labtracks: LabTracksSource,
    graph: GraphServer,
    sheets: SmartsheetServer,
    tars: TarsServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tars.fail_next(1000, status=500)
    async with graphql_client(backends(labtracks, graph, sheets, tars)) as client:
        body = await run_query(client, SUBJECT_WITH_EVERYTHING)
    status = body["extensions"]["status"]["subject.procedures"]
    assert status["code"] == 207
    assert {s["name"]: s["code"] for s in status["sources"]}["tars"] == 503
    found = materials(body)
    assert found
    assert all(not (m["tars_identifiers"] or {}).get("virus_tars_id") for m in found)
    assert all(step["protocol_id"] for step in steps(body) if "protocol_id" in step)
    assert_no_secrets(json.dumps(body), caplog.text)
    assert tars.client_secret not in caplog.text


@pytest.mark.odbc
async def test_protocols_sheet_down_keeps_procedures_and_says_207(
    labtracks: LabTracksSource, graph: GraphServer, sheets: SmartsheetServer, tars: TarsServer
) -> None:
    sheets.fail_next(1000, status=503)
    async with graphql_client(backends(labtracks, graph, sheets, tars)) as client:
        body = await run_query(client, SUBJECT_WITH_EVERYTHING)
    status = body["extensions"]["status"]
    assert status["subject.procedures"]["code"] == 207
    codes = {s["name"]: s["code"] for s in status["subject.procedures"]["sources"]}
    assert codes["smartsheet.protocols"] == 503
    assert codes["tars"] == 200
    assert body["data"]["subject"]["procedures"]["subject_procedures"]
    assert status["subject.procedures.funding"]["code"] == 503
    assert body["data"]["subject"]["procedures"]["funding"] is None


async def test_intended_measurements_follow_the_fiber_names(demo: httpx.AsyncClient) -> None:
    query = """{
      showcase: intended_measurements(subject_id: "650101") {
        fiber_name intended_measurement_G intended_measurement_Iso }
      none: intended_measurements(subject_id: "650105") { fiber_name }
      bad: intended_measurements(subject_id: "x") { fiber_name }
      subject(subject_id: "650101") {
        intended_measurements { fiber_name }
        procedures { subject_procedures { ... on Surgery { procedures {
          ... on ProbeImplant { json } } } } }
      }
    }"""
    body = await run_query(demo, query)
    data, status = body["data"], body["extensions"]["status"]
    assert [m["fiber_name"] for m in data["showcase"]] == ["Fiber_0", "Fiber_1"]
    assert data["showcase"][0]["intended_measurement_G"] == "dopamine"
    assert status["showcase"]["code"] == 200
    assert (data["none"], status["none"]["code"]) == (None, 404)
    assert status["bad"]["code"] == 400
    implanted = [
        step["json"]["implanted_device"]["name"]
        for item in data["subject"]["procedures"]["subject_procedures"]
        for step in item.get("procedures") or []
        if step
    ]
    measured = [m["fiber_name"] for m in data["subject"]["intended_measurements"]]
    assert measured == implanted  # the same subject-wide names in both places


async def test_reference_fields_without_their_backends(tmp_path: Path) -> None:
    from tests.snapshots import COLONY, write_snapshot

    snapshot = write_snapshot(tmp_path / "labtracks-only", COLONY, None)
    query = """{
      project_names
      funding(project_name: "Anything") { grant_number }
      investigators(project_name: "Anything") { name }
      protocols(protocol_name: "Anything") { doi }
      injection_materials(prep_lot_number: "L1") { __typename }
    }"""
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        body = await run_query(client, query)
    status = body["extensions"]["status"]
    assert all(body["data"][field] is None for field in status)
    assert {field: entry["code"] for field, entry in status.items()} == dict.fromkeys(status, 503)
    assert all(entry["sources"][0]["configured"] is False for entry in status.values())
    assert len(body["errors"]) == len(status)
