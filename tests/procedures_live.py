"""Live backends holding the demo snapshot's records, for end-to-end procedures tests.

LabTracks is the demo ``labtracks.sql`` loaded into PostgreSQL and read over ODBC; the four
SharePoint lists are the demo ``sharepoint/*.json`` items on a loopback Graph; the perfusions
sheet is the demo ``smartsheet/perfusions.json`` on a loopback Smartsheet. The service code runs
unchanged against them, so the demo's statuses must come out the same here.

:class:`StatementLog` wraps the ODBC connections the LabTracks client opens and records every
statement it sends, so that tests can count database round trips.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import Any

from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.labtracks.client import LabTracksClient, odbc_factory
from datasources.labtracks.pool import Connection
from datasources.sharepoint import SharePointSettings, SharePointSource
from datasources.sharepoint.settings import LIST_NAMES
from datasources.smartsheet import SmartsheetSettings, SmartsheetSource
from datasources.smartsheet.settings import (
    FundingSheetSettings,
    PerfusionsSheetSettings,
    ProtocolsSheetSettings,
)
from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from tests.servers.graph import GraphServer
from tests.servers.smartsheet import SmartsheetServer

DEMO_IDS = [f"6501{number:02d}" for number in range(1, 25)]

AIND_SITE = "demo.sharepoint.invalid,aind-site,aind-web"
LAS_SITE = "demo.sharepoint.invalid,las-site,las-web"
SITES = {"nsb2019": AIND_SITE, "nsb2023": AIND_SITE, "nsb_present": AIND_SITE, "las2020": LAS_SITE}
LIST_IDS = {name: f"demo-list-{name}" for name in LIST_NAMES}

PERFUSIONS_SHEET_ID = 4_200_000_000_000_001

# Made-up credentials; tests check that none of them ever reaches a response or a log line.
GRAPH_SECRET = "graph-secret-5d1e-not-real"
SHEET_TOKEN = "sheet-token-91c4-not-real"
DB_PASSWORD = "db-password-3a7f-not-real"
SECRETS = (GRAPH_SECRET, SHEET_TOKEN, DB_PASSWORD)


def demo_items(list_name: str) -> list[dict[str, Any]]:
    """The demo snapshot's Graph items of one list."""
    path = DEMO_SNAPSHOT / "sharepoint" / f"{list_name}.json"
    items: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return items


def demo_graph() -> GraphServer:
    """A loopback Graph (not started) serving every demo list."""
    server = GraphServer(client_secret=GRAPH_SECRET)
    for name in LIST_NAMES:
        server.add_list(SITES[name], LIST_IDS[name], demo_items(name))
    return server


def demo_smartsheet() -> SmartsheetServer:
    """A loopback Smartsheet (not started) serving the demo perfusions sheet."""
    server = SmartsheetServer()
    body = (DEMO_SNAPSHOT / "smartsheet" / "perfusions.json").read_bytes()
    server.add_sheet(PERFUSIONS_SHEET_ID, body, SHEET_TOKEN)
    return server


def sharepoint_settings(graph: GraphServer, **overrides: Any) -> SharePointSettings:
    """Every value explicit, so that SHAREPOINT_* variables of the environment cannot leak in."""
    values: dict[str, Any] = {
        "aind_site_id": AIND_SITE,
        "las_site_id": LAS_SITE,
        "nsb_2019_list_id": LIST_IDS["nsb2019"],
        "nsb_2023_list_id": LIST_IDS["nsb2023"],
        "nsb_present_list_id": LIST_IDS["nsb_present"],
        "las_2020_list_id": LIST_IDS["las2020"],
        "client_id": graph.client_id,
        "client_secret": GRAPH_SECRET,
        "tenant_id": graph.tenant,
        "graph_api_url": graph.graph_url,
        "token_url": graph.token_url,
        "scope": graph.scope,
        "timeout_seconds": 5.0,
    }
    return SharePointSettings(**(values | overrides))


def smartsheet_settings(api_url: str, **overrides: Any) -> SmartsheetSettings:
    """The perfusions sheet on ``api_url``; the other sheets explicitly unconfigured."""
    values: dict[str, Any] = {
        "api_url": api_url,
        "timeout_seconds": 5.0,
        "perfusions": PerfusionsSheetSettings(api_token=SHEET_TOKEN, id=PERFUSIONS_SHEET_ID),
        "funding": FundingSheetSettings(api_token=None, id=None),
        "protocols": ProtocolsSheetSettings(api_token=None, id=None),
    }
    return SmartsheetSettings(**(values | overrides))


class _TracedCursor:
    def __init__(self, cursor: Any, log: StatementLog) -> None:
        self._cursor = cursor
        self._log = log

    def execute(self, sql: str, *params: Any) -> Any:
        self._log.record(sql)
        return self._cursor.execute(sql, *params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class _TracedConnection:
    def __init__(self, connection: Connection, log: StatementLog) -> None:
        self._connection = connection
        self._log = log

    def cursor(self) -> _TracedCursor:
        return _TracedCursor(self._connection.cursor(), self._log)

    def close(self) -> Any:
        return self._connection.close()


class StatementLog:
    """Every SQL statement sent through the connections of :meth:`labtracks`, in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._statements: list[str] = []

    def record(self, sql: str) -> None:
        with self._lock:
            self._statements.append(sql)

    @property
    def statements(self) -> list[str]:
        with self._lock:
            return list(self._statements)

    def reading(self, table: str) -> list[str]:
        """The statements that read ``table`` (the pool's liveness probes read none, and the
        start-up query check's zero-row forms, ``1 = 0``, read no row of it)."""
        return [sql for sql in self.statements if table in sql and "1 = 0" not in sql]

    def labtracks(self, settings: LabTracksSettings) -> LabTracksSource:
        """A live LabTracks source whose ODBC connections report to this log."""
        connect = odbc_factory(settings)

        def traced() -> Connection:
            return _TracedConnection(connect(), self)

        client = LabTracksClient(
            traced, pool_size=settings.pool_size, timeout=settings.timeout_seconds
        )
        return LabTracksSource(client, settings.timeout_seconds)


def live_backends(
    labtracks: LabTracksSource, sharepoint: SharePointSettings, smartsheet: SmartsheetSettings
) -> Backends:
    return Backends(
        labtracks=labtracks,
        sharepoint=SharePointSource.from_settings(sharepoint),
        smartsheet=SmartsheetSource.from_settings(smartsheet),
        mode="test",
    )


def assert_no_secrets(*texts: str) -> None:
    """No credential, SQL or stack trace in any of ``texts`` (responses, captured logs)."""
    for text in texts:
        assert "Traceback" not in text
        assert "TASK_SET" not in text
        for secret in SECRETS:
            assert secret not in text


def source_names(status: dict[str, Any]) -> list[str]:
    return [source["name"] for source in status["sources"]]


def codes_by_source(status: dict[str, Any]) -> dict[str, int]:
    """Codes of the backends configured here (TARS and the protocols sheet are not, live)."""
    return {s["name"]: s["code"] for s in status["sources"] if s.get("configured", True)}


def procedure_sources(procedures: dict[str, Any]) -> list[str]:
    return [item["source"] for item in procedures["subject_procedures"]]


def fiber_names(procedures: dict[str, Any]) -> Sequence[tuple[str, str, str]]:
    """(fiber name, its config's device name, the procedure's source) for every fiber."""
    return [
        (step["implanted_device"]["name"], step["device_config"]["device_name"], item["source"])
        for item in procedures["subject_procedures"]
        for step in item.get("procedures") or []
        if step["__typename"] == "ProbeImplant"
    ]
