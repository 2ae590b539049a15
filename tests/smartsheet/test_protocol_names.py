"""Protocol titles of the protocols sheet: each once, sorted, from the one cached sheet."""

from __future__ import annotations

import pytest

from datasources.result import Code
from datasources.smartsheet import SmartsheetSource
from datasources.smartsheet.protocols import read_protocols
from tests.servers.smartsheet import SmartsheetServer
from tests.smartsheet.conftest import PROTOCOLS_ID, PROTOCOLS_TOKEN, SourceFactory
from tests.smartsheet.test_protocols import ROWS, S, parsed, protocols_sheet


@pytest.fixture
def with_protocols(
    make_source: SourceFactory, smartsheet_server: SmartsheetServer
) -> SmartsheetSource:
    smartsheet_server.add_sheet(PROTOCOLS_ID, protocols_sheet(), PROTOCOLS_TOKEN)
    return make_source(protocols={"api_token": PROTOCOLS_TOKEN, "id": PROTOCOLS_ID})


def test_titles_are_listed_once_ignoring_case_and_spacing_sorted() -> None:
    rows = [
        *ROWS,
        [S, "Perfusion", "test  perfusion v.5", None, 6.0, None],  # the same title again
        [S, "Perfusion", "a first title", None, 1.0, None],
    ]
    names = read_protocols(parsed(protocols_sheet(rows))).protocol_names()
    assert names == [
        "a first title",
        "Test Clearing of a Whole Brain",
        "Test Iontophoresis V.3",
        "Test Nanoject Injection V.10",
        "Test Nanoject Injection V.2",
        "Test Perfusion Draft",
        "Test Perfusion V.5",  # the first spelling met
        "Test Protocol Without Procedure",
        "Test Retro-Orbital Injection",
    ]


async def test_names_and_lookups_share_one_fetch(
    with_protocols: SmartsheetSource, smartsheet_server: SmartsheetServer
) -> None:
    names = await with_protocols.protocol_names()
    missing = await with_protocols.protocols("Test Perfusion V.6")

    assert names.code == Code.OK
    assert "Test Perfusion V.5" in names.records
    assert missing.code == Code.NOT_FOUND
    assert smartsheet_server.sheet_requests(PROTOCOLS_ID) == 1


async def test_a_sheet_without_titles_is_404_and_no_sheet_is_503(
    make_source: SourceFactory, smartsheet_server: SmartsheetServer
) -> None:
    rows = [[S, "Perfusion", None, None, 1.0, None]]
    smartsheet_server.add_sheet(PROTOCOLS_ID, protocols_sheet(rows), PROTOCOLS_TOKEN)
    configured = make_source(protocols={"api_token": PROTOCOLS_TOKEN, "id": PROTOCOLS_ID})
    unconfigured = make_source()

    assert (await configured.protocol_names()).code == Code.NOT_FOUND
    result = await unconfigured.protocol_names()
    assert result.code == Code.UNAVAILABLE
    assert not result.configured
