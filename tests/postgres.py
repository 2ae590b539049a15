"""PostgreSQL through pyodbc and psqlODBC: throwaway databases for LabTracks tests.

The ODBC tests talk to the PostgreSQL at 127.0.0.1:5432 (trust auth) through pyodbc and
psqlODBC ("PostgreSQL Unicode"), running the production SQL through the production client.
Without pyodbc, the driver or the server they skip, except under CI=true where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from datasources.labtracks import LabTracksSettings

DRIVER = "PostgreSQL Unicode"
HOST, PORT = "127.0.0.1", 5432


def _admin_connection_string(database: str = "postgres") -> str:
    return f"DRIVER={{{DRIVER}}};SERVER={HOST};PORT={PORT};DATABASE={database};UID=postgres;PWD="


def _unavailable() -> str | None:
    try:
        import pyodbc
    except ImportError as error:
        return f"pyodbc cannot be imported ({error}); install unixodbc and pyodbc"
    if DRIVER not in pyodbc.drivers():
        return f"ODBC driver {DRIVER!r} is not registered (apt-get install odbc-postgresql)"
    try:
        pyodbc.connect(_admin_connection_string(), timeout=5).close()
    except pyodbc.Error:
        return f"PostgreSQL is not reachable at {HOST}:{PORT} through {DRIVER!r}"
    return None


@pytest.fixture(scope="session")
def odbc_available() -> None:
    reason = _unavailable()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"ODBC tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_admin(odbc_available: None) -> Iterator[Any]:
    """An autocommit connection to the server's ``postgres`` database, for setup and probes."""
    import pyodbc

    connection = pyodbc.connect(_admin_connection_string(), autocommit=True)
    yield connection
    connection.close()


@pytest.fixture
def pg_database(pg_admin: Any) -> Iterator[Callable[[Path], str]]:
    """``make(script)`` creates a uniquely named database, runs the script in it, names it.

    Every database made is dropped afterwards, whoever still holds connections to it.
    """
    import pyodbc

    made: list[str] = []

    def make(script: Path) -> str:
        name = f"labtracks_test_{uuid.uuid4().hex[:12]}"
        pg_admin.execute(f"CREATE DATABASE {name}")
        made.append(name)
        connection = pyodbc.connect(_admin_connection_string(name), autocommit=True)
        try:
            connection.execute(script.read_text(encoding="utf-8"))
        finally:
            connection.close()
        return name

    yield make
    for name in made:
        pg_admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_settings() -> Callable[..., LabTracksSettings]:
    """``pg_settings(database, **overrides)``: settings for the local server through psqlODBC."""

    def build(database: str, **overrides: Any) -> LabTracksSettings:
        values: dict[str, Any] = {
            "odbc_driver": DRIVER,
            "server": HOST,
            "port": PORT,
            "database": database,
            "user": "postgres",
            "password": "",
        }
        values.update(overrides)
        return LabTracksSettings(**values)

    return build


@pytest.fixture
def backend_pids(pg_admin: Any) -> Callable[[str], set[int]]:
    """``backend_pids(database)``: server processes connected to it, one per open connection."""

    def pids(database: str) -> set[int]:
        rows = pg_admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = ?", database
        ).fetchall()
        return {row[0] for row in rows}

    return pids


@pytest.fixture
def pg_session(odbc_available: None) -> Iterator[Callable[[str], Any]]:
    """``pg_session(database)``: a separate non-autocommit session, e.g. to hold a lock."""
    import pyodbc

    opened: list[Any] = []

    def open_session(database: str) -> Any:
        connection = pyodbc.connect(_admin_connection_string(database), autocommit=False)
        opened.append(connection)
        return connection

    yield open_session
    for connection in opened:
        connection.close()
