"""The start-up query check: each LabTracks statement run once, reading no row.

A statement the database cannot run (a missing column) is named in ``/ready`` and in the log,
never quoted; the service starts and serves everything else. The check is asked of the database
once, has a deadline and never raises: an unreachable database leaves it to be tried again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.labtracks.checks import QueryCheck, statement_fault
from datasources.labtracks.client import LabTracksClient
from datasources.labtracks.snapshot import load_snapshot, sqlite_factory
from datasources.labtracks.tsql import sqlite_statements
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query

HERE = Path(__file__).parent
V024_SCRIPT = HERE / "data" / "v024" / "labtracks.sql"
QUERY = """{
  subject(subject_id: "4101") { subject_id }
  procedures(subject_id: "4101") { subject_id }
}"""
# What would betray SQL text in a body or a log line.
SQL_WORDS = ("SELECT", "ANIMALS_COMMON", "TASK_TYPE", "JOIN", "ROOM_ID", "TYPE_NAME")

Settings = Callable[..., LabTracksSettings]


class OdbcError(Exception):
    """Stands in for a pyodbc error: the SQLSTATE first in ``args``, then the message."""


def portable(extra: str = "") -> str:
    statements = [statement for _, statement in sqlite_statements(V024_SCRIPT.read_text())]
    return ";\n".join(statements) + ";\n" + extra


def sql_free(text: str) -> bool:
    return not any(word in text.upper() for word in SQL_WORDS)


def labtracks_status(body: dict[str, Any], field: str) -> int:
    sources = body["extensions"]["status"][field]["sources"]
    code: int = next(s["code"] for s in sources if s["name"] == "labtracks")
    return code


@pytest.fixture
async def opened() -> AsyncIterator[Callable[[LabTracksSource], LabTracksSource]]:
    sources: list[LabTracksSource] = []

    def keep(source: LabTracksSource) -> LabTracksSource:
        sources.append(source)
        return source

    yield keep
    for source in sources:
        await source.aclose()


def live_over_sqlite(tmp_path: Path, extra: str = "", timeout: float = 5) -> LabTracksSource:
    """A source as live mode builds it (nothing known yet), over an SQLite copy of the script."""
    path = tmp_path / "labtracks.sql"
    path.write_text(V024_SCRIPT.read_text() + extra)
    image = load_snapshot(path).image
    client = LabTracksClient(sqlite_factory(image), pool_size=2, timeout=timeout)
    return LabTracksSource(client, timeout)


def count_checks(source: LabTracksSource, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every database round trip of the check, recorded."""
    client = source.client
    assert client is not None
    calls: list[int] = []
    original = client.check

    async def counted() -> QueryCheck:
        calls.append(1)
        return await original()

    monkeypatch.setattr(client, "check", counted)
    return calls


# --- what counts as the statement's fault ---------------------------------------------------


def test_statement_faults() -> None:
    assert statement_fault(OdbcError("42S22", "[SQL Server]Invalid column name 'X'."))
    assert statement_fault(OdbcError("42703", "ERROR: column x does not exist"))
    assert statement_fault(OdbcError("42000", "SELECT permission was denied"))
    assert not statement_fault(OdbcError("08S01", "Communication link failure"))
    assert not statement_fault(OdbcError("HYT00", "Query timeout expired"))
    assert not statement_fault(OdbcError("57014", "canceling statement due to timeout"))
    assert not statement_fault(RuntimeError("anything else"))
    database = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.Error) as raised:
        database.execute("SELECT NOPE FROM sqlite_master")
    database.close()
    assert statement_fault(raised.value)


# --- live mode, the check's own logic (over SQLite) -------------------------------------------


async def test_checked_once_then_cached(
    tmp_path: Path,
    opened: Callable[[LabTracksSource], LabTracksSource],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = opened(live_over_sqlite(tmp_path))
    calls = count_checks(source, monkeypatch)
    assert source.queries is None  # nothing asked yet

    async with graphql_client(Backends(labtracks=source, mode="live")) as client:
        bodies = [(await client.get("/ready")).json() for _ in range(3)]
        await asyncio.gather(*(source.check_queries() for _ in range(5)))
        await run_query(client, QUERY)

    assert len(calls) == 1
    for body in bodies:
        assert body["backends"]["labtracks"]["queries"] == {"subjects": "ok", "tasks": "ok"}


async def test_an_unanswered_check_is_tried_again(
    tmp_path: Path,
    opened: Callable[[LabTracksSource], LabTracksSource],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    source = opened(live_over_sqlite(tmp_path))
    client = source.client
    assert client is not None
    original = client.check
    failures = [OdbcError("08001", "could not connect to server at secret-host")]

    async def flaky() -> QueryCheck:
        if failures:
            raise failures.pop()
        return await original()

    monkeypatch.setattr(client, "check", flaky)
    with caplog.at_level(logging.DEBUG):
        first = await source.check_queries()
        second = await source.check_queries()

    assert first is None
    assert second == {"subjects": "ok", "tasks": "ok"}
    assert "secret-host" not in caplog.text


async def test_the_check_has_a_deadline(
    tmp_path: Path,
    opened: Callable[[LabTracksSource], LabTracksSource],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = opened(live_over_sqlite(tmp_path, timeout=0.2))
    assert source.client is not None

    async def stuck() -> QueryCheck:
        await asyncio.sleep(30)
        raise AssertionError("never reached")

    monkeypatch.setattr(source.client, "check", stuck)

    assert await asyncio.wait_for(source.check_queries(), 5) is None


async def test_a_failing_statement_is_named_not_quoted(
    tmp_path: Path,
    opened: Callable[[LabTracksSource], LabTracksSource],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The task statement needs TASK_TYPE.TYPE_NAME; the database lacks it.
    source = opened(live_over_sqlite(tmp_path, "\nALTER TABLE TASK_TYPE DROP COLUMN TYPE_NAME;"))
    caplog.clear()  # what loading the SQLite copy said; live mode has no such step

    with caplog.at_level(logging.DEBUG):
        async with graphql_client(Backends(labtracks=source, mode="live")) as client:
            ready = await client.get("/ready")
            body = await run_query(client, QUERY)

    assert ready.status_code == 200
    assert ready.json()["backends"]["labtracks"]["queries"] == {
        "subjects": "ok",
        "tasks": "failed",
    }
    assert labtracks_status(body, "subject") == 200
    assert labtracks_status(body, "procedures") == 503
    assert "the tasks query fails" in caplog.text
    assert sql_free(ready.text)
    assert sql_free(caplog.text)
    assert sql_free(json.dumps(body))


# --- live mode over psqlODBC ------------------------------------------------------------------


@pytest.fixture
def database(pg_database: Callable[[Path], str], tmp_path: Path) -> Callable[[str], str]:
    def make(extra: str = "") -> str:
        path = tmp_path / "pg.sql"
        path.write_text(portable(extra))
        return pg_database(path)

    return make


@pytest.mark.odbc
@pytest.mark.usefixtures("odbc_available")
async def test_postgresql_missing_subject_column_starts_and_says_which(
    database: Callable[[str], str],
    pg_settings: Settings,
    opened: Callable[[LabTracksSource], LabTracksSource],
    caplog: pytest.LogCaptureFixture,
) -> None:
    name = database("ALTER TABLE ANIMALS_COMMON DROP COLUMN ROOM_ID;")
    source = opened(LabTracksSource.from_settings(pg_settings(name)))

    with caplog.at_level(logging.DEBUG):
        async with graphql_client(Backends(labtracks=source, mode="live")) as client:
            ready = await client.get("/ready")
            again = await client.get("/ready")
            body = await run_query(client, QUERY)

    assert ready.status_code == 200
    labtracks = ready.json()["backends"]["labtracks"]
    assert labtracks["state"] == "reachable"
    assert labtracks["queries"] == {"subjects": "failed", "tasks": "ok"}
    assert again.json()["backends"]["labtracks"]["queries"] == labtracks["queries"]
    assert labtracks_status(body, "subject") == 503
    assert labtracks_status(body, "procedures") == 200
    assert "the subjects query fails on this database (42703)" in caplog.text
    assert caplog.text.count("query fails") == 1  # logged once, however often /ready is asked
    assert sql_free(ready.text)
    assert sql_free(caplog.text)
    assert sql_free(json.dumps(body))


@pytest.mark.odbc
@pytest.mark.usefixtures("odbc_available")
async def test_postgresql_unreachable_check_is_none_and_ready_says_unreachable(
    pg_settings: Settings,
    opened: Callable[[LabTracksSource], LabTracksSource],
    silent_port: int,
) -> None:
    settings = pg_settings("labtracks", port=silent_port, timeout_seconds=1)
    source = opened(LabTracksSource.from_settings(settings))

    async with graphql_client(Backends(labtracks=source, mode="live")) as client:
        ready = await asyncio.wait_for(client.get("/ready"), 15)

    assert ready.status_code == 200
    labtracks = ready.json()["backends"]["labtracks"]
    assert labtracks["state"] == "unreachable"
    assert "queries" not in labtracks
    assert await asyncio.wait_for(source.check_queries(), 15) is None
    assert source.queries is None
