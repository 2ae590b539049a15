"""The funding sheet through SmartsheetSource, against the loopback Smartsheet server."""

from __future__ import annotations

import pytest

from datasources.cache import MemoryCache
from datasources.result import Code
from datasources.smartsheet import SmartsheetSource
from datasources.snapshot import DEMO_SNAPSHOT
from tests.servers.smartsheet import SmartsheetServer, sheet
from tests.smartsheet.conftest import FUNDING_ID, FUNDING_TOKEN, SourceFactory
from tests.smartsheet.funding_rows import (
    PROJECT,
    SUB_2,
    error_fields,
    funding_sheet,
)
from tests.smartsheet.test_source import FakeClock


@pytest.fixture
def funding_server(smartsheet_server: SmartsheetServer) -> SmartsheetServer:
    smartsheet_server.add_sheet(FUNDING_ID, funding_sheet(), FUNDING_TOKEN)
    return smartsheet_server


@pytest.fixture
def funded(make_source: SourceFactory, funding_server: SmartsheetServer) -> SmartsheetSource:
    return make_source(funding={"api_token": FUNDING_TOKEN, "id": FUNDING_ID})


async def test_source_funding_investigators_and_names_share_one_fetch(
    funded: SmartsheetSource, funding_server: SmartsheetServer
) -> None:
    funding = await funded.funding(PROJECT)
    people = await funded.investigators(f"{PROJECT} - {SUB_2}")
    listed = await funded.project_names()
    whole = await funded.sheet("funding")

    assert funding.code == Code.OK
    assert [row.row_number for row in funding.records] == [2, 3, 4, 5]
    assert funding.message == "1 problem(s) reading the funding sheet; unreadable parts skipped"
    assert people.code == Code.OK
    assert [person["name"] for person in people.records] == [
        "Test Person Six",
        "Test Person Seven",
    ]
    assert listed.code == Code.OK
    assert listed.records[0] == "Test Bare Project"
    assert whole.code == Code.OK
    assert funding_server.sheet_requests(FUNDING_ID) == 1
    assert funding_server.requests[0].headers["authorization"] == f"Bearer {FUNDING_TOKEN}"


async def test_source_maps_once_per_fetch_and_rereads_after_the_ttl(
    make_source: SourceFactory, funding_server: SmartsheetServer
) -> None:
    clock = FakeClock()
    source = make_source(
        MemoryCache(clock=clock), funding={"api_token": FUNDING_TOKEN, "id": FUNDING_ID}
    )

    first = await source.funding("Test Platform")
    clock.now += 299
    second = await source.funding("test platform")

    assert first.records[0] is second.records[0]  # the mapped table was kept, not rebuilt
    assert funding_server.sheet_requests(FUNDING_ID) == 1

    funding_server.sheets[FUNDING_ID] = funding_sheet(
        [["Test Platform", None, None, "NINDS", "1U01NS999004", None, None]]
    )
    clock.now += 2
    third = await source.funding("Test Platform")

    assert funding_server.sheet_requests(FUNDING_ID) == 2
    assert [row.document["grant_number"] for row in third.records] == ["1U01NS999004"]
    assert third.message == ""


async def test_source_unknown_projects_and_blank_names(
    funded: SmartsheetSource, funding_server: SmartsheetServer
) -> None:
    unknown = await funded.funding("No Such Project")
    nobody = await funded.investigators("Test Platform")
    blank = await funded.funding("  ")

    assert (unknown.code, unknown.records) == (Code.NOT_FOUND, ())
    assert nobody.code == Code.NOT_FOUND
    assert blank.code == Code.BAD_REQUEST
    assert funding_server.sheet_requests(FUNDING_ID) == 1  # the blank name asked nothing


async def test_source_a_sheet_without_project_names_is_503(
    funded: SmartsheetSource, funding_server: SmartsheetServer
) -> None:
    funding_server.sheets[FUNDING_ID] = sheet(["Grant Number"], [["X"]], sheet_id=FUNDING_ID)

    result = await funded.funding("Test Platform")
    listed = await funded.project_names()

    assert result.code == listed.code == Code.UNAVAILABLE
    assert result.message == "smartsheet: the funding sheet has no 'Project Name' column"


async def test_source_failures_and_missing_configuration_are_503(
    funded: SmartsheetSource, smartsheet: SmartsheetSource, funding_server: SmartsheetServer
) -> None:
    funding_server.fail_next(1, 500)

    failed = await funded.funding("Test Platform")
    recovered = await funded.funding("Test Platform")
    absent = await smartsheet.funding("Test Platform")

    assert failed.code == Code.UNAVAILABLE
    assert failed.message == "smartsheet: Smartsheet answered HTTP 500 for the funding sheet"
    assert recovered.code == Code.OK
    assert (absent.code, absent.configured) == (Code.UNAVAILABLE, False)
    assert absent.message == "the Smartsheet funding sheet is not configured"


async def test_the_demo_funding_sheet() -> None:
    source = SmartsheetSource.from_snapshot(DEMO_SNAPSHOT)
    assert source is not None
    try:
        listed = await source.project_names()
        cell_types = await source.funding("Demo Cell Types")
        imaging = await source.funding("Demo Imaging")
        behavior = await source.investigators("Demo Behavior")
    finally:
        await source.aclose()

    assert listed.records == (
        "Demo Behavior",
        "Demo Cell Types",
        "Demo Cell Types - Subproject 1 Demo Morphology",
        "Demo Cell Types - Subproject 2 Demo Transcriptomics",
        "Demo Imaging",
    )
    assert listed.message == ""
    assert [row.subproject for row in cell_types.records] == [
        "Subproject 1 Demo Morphology",
        "Subproject 1 Demo Morphology",
        "Subproject 2 Demo Transcriptomics",
    ]
    assert all(error_fields(row.document) == set() for row in cell_types.records)
    # One funder that aind-data-schema does not know: returned, and invalid.
    assert [error_fields(row.document) for row in imaging.records] == [{"funder"}, set()]
    assert [person["name"] for person in behavior.records] == ["Demo Person E", "Demo Person F"]
