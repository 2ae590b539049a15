"""Procedures on live backends: LabTracks in PostgreSQL over ODBC, Graph and Smartsheet on
loopback servers holding the demo records — batching across subjects, and faults."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.sharepoint.filters import batched_filters
from datasources.sharepoint.settings import LIST_NAMES
from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from tests.conftest import free_port, graphql_client, run_query
from tests.procedures_live import (
    DB_PASSWORD,
    DEMO_IDS,
    LIST_IDS,
    PERFUSIONS_SHEET_ID,
    SITES,
    StatementLog,
    assert_no_secrets,
    codes_by_source,
    demo_graph,
    demo_smartsheet,
    live_backends,
    procedure_sources,
    sharepoint_settings,
    smartsheet_settings,
)
from tests.servers.graph import GraphServer
from tests.servers.smartsheet import SmartsheetServer
from tests.test_graphql_procedures import DEMO_STATUSES, PROCEDURES, SLIMS_ONLY, SUBJECTS


@pytest.fixture
def graph() -> Iterator[GraphServer]:
    with demo_graph() as server:
        yield server


@pytest.fixture
def smartsheet() -> Iterator[SmartsheetServer]:
    with demo_smartsheet() as server:
        yield server


@pytest.fixture
def statements() -> StatementLog:
    return StatementLog()


@pytest.fixture
def labtracks(
    pg_database: Callable[[Path], str],
    pg_settings: Callable[..., LabTracksSettings],
    statements: StatementLog,
) -> LabTracksSource:
    database = pg_database(DEMO_SNAPSHOT / "labtracks.sql")
    return statements.labtracks(pg_settings(database, password=DB_PASSWORD))


async def ask(
    backends: Backends, subject_id: str, caplog: pytest.LogCaptureFixture
) -> dict[str, Any]:
    """The procedures answer; fails when a secret or a stack trace is in it or in the logs."""
    caplog.set_level(logging.DEBUG)
    async with graphql_client(backends) as client:
        response = await client.post(
            "/graphql", json={"query": PROCEDURES, "variables": {"id": subject_id}}
        )
    assert_no_secrets(response.text, caplog.text)
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.odbc
async def test_many_subjects_take_one_round_trip_per_backend(
    labtracks: LabTracksSource,
    statements: StatementLog,
    graph: GraphServer,
    smartsheet: SmartsheetServer,
) -> None:
    sheets = smartsheet_settings(smartsheet.api_url)
    backends = live_backends(labtracks, sharepoint_settings(graph), sheets)
    async with graphql_client(backends) as client:
        body = await run_query(client, SUBJECTS, {"ids": DEMO_IDS})
    status = body["extensions"]["status"]
    found = {s: status[f"subjects.{i}.procedures"]["code"] for i, s in enumerate(DEMO_IDS)}
    # These live backends have no SLIMS: the subjects only SLIMS knows have nothing.
    expected = {s: 404 if s in SLIMS_ONLY else code for s, code in DEMO_STATUSES.items()}
    assert found == expected, "live backends must give what the snapshot gives"
    assert len(statements.reading("TASK_SET_OBJECT")) == 1
    assert len(statements.reading("ANIMALS_COMMON")) == 1
    for name in LIST_NAMES:
        sent = graph.filters(SITES[name], LIST_IDS[name])
        assert len(sent) == len(batched_filters(name, DEMO_IDS)) < len(DEMO_IDS), name
    assert len(graph.filters(SITES["nsb2019"], LIST_IDS["nsb2019"])) == 1
    assert graph.token_calls == 1
    assert smartsheet.sheet_requests(PERFUSIONS_SHEET_ID) == 1


@pytest.mark.odbc
@pytest.mark.parametrize("fault", ["500", "timeout", "dropped"])
async def test_one_list_failing_gives_207_with_the_rest(
    labtracks: LabTracksSource,
    graph: GraphServer,
    smartsheet: SmartsheetServer,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    broken = LIST_IDS["nsb_present"]
    if fault == "500":
        graph.fail_list(broken, 500)
    elif fault == "timeout":
        graph.slow_list(broken, 30.0)
    else:
        graph.drop_list(broken)
    sharepoint = sharepoint_settings(graph, timeout_seconds=2.0)
    backends = live_backends(labtracks, sharepoint, smartsheet_settings(smartsheet.api_url))
    body = await ask(backends, "650101", caplog)
    status = body["extensions"]["status"]["procedures"]
    assert "errors" not in body
    assert status["code"] == 207
    assert codes_by_source(status) == {
        "labtracks": 200,
        "sharepoint.nsb2019": 200,
        "sharepoint.nsb2023": 200,
        "sharepoint.nsb_present": 503,
        "sharepoint.las2020": 200,
        "smartsheet.perfusions": 200,
    }
    sources = procedure_sources(body["data"]["procedures"])
    assert "sharepoint.nsb_present" not in sources
    assert {"smartsheet.perfusions", "sharepoint.nsb2019", "sharepoint.nsb2023"} <= set(sources)


@pytest.mark.odbc
async def test_smartsheet_down_gives_207(
    labtracks: LabTracksSource, graph: GraphServer, caplog: pytest.LogCaptureFixture
) -> None:
    nowhere = smartsheet_settings(f"http://127.0.0.1:{free_port()}/2.0")  # nothing listens
    body = await ask(
        live_backends(labtracks, sharepoint_settings(graph), nowhere), "650107", caplog
    )
    status = body["extensions"]["status"]["procedures"]
    assert status["code"] == 207
    assert codes_by_source(status)["smartsheet.perfusions"] == 503
    sources = procedure_sources(body["data"]["procedures"])
    assert "smartsheet.perfusions" not in sources
    # NSB 2019, the NSB 2023 request (once), and LAS 2020's injection and tissue collection.
    assert len(sources) == 5


@pytest.mark.odbc
async def test_everything_down_gives_503_with_an_error_at_the_path(
    pg_settings: Callable[..., LabTracksSettings],
    odbc_available: None,
    statements: StatementLog,
    graph: GraphServer,
    smartsheet: SmartsheetServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sharepoint, sheets = sharepoint_settings(graph), smartsheet_settings(smartsheet.api_url)
    graph.stop()
    smartsheet.stop()
    database_down = pg_settings("labtracks", port=free_port(), password=DB_PASSWORD)
    body = await ask(
        live_backends(statements.labtracks(database_down), sharepoint, sheets), "650101", caplog
    )
    [error] = body["errors"]
    assert body["data"]["procedures"] is None
    assert error["path"] == ["procedures"]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "status": 503}
    status = body["extensions"]["status"]["procedures"]
    assert status["code"] == 503
    assert set(codes_by_source(status).values()) == {503}
