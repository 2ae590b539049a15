"""Fixtures of the fault tests: the demo database in PostgreSQL and every loopback backend."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from datasources.labtracks import LabTracksSettings
from datasources.snapshot import DEMO_SNAPSHOT
from tests.faults.world import World, running_servers
from tests.postgres import DRIVER, HOST, PORT
from tests.procedures_live import DB_PASSWORD


def _connection_string(database: str) -> str:
    return f"DRIVER={{{DRIVER}}};SERVER={HOST};PORT={PORT};DATABASE={database};UID=postgres;PWD="


@pytest.fixture(scope="module")
def demo_database(pg_admin: Any) -> Iterator[str]:
    """The demo LabTracks tables, shared by a module's tests that do not change them."""
    import pyodbc

    name = f"labtracks_faults_{uuid.uuid4().hex[:12]}"
    pg_admin.execute(f"CREATE DATABASE {name}")
    connection = pyodbc.connect(_connection_string(name), autocommit=True)
    try:
        connection.execute((DEMO_SNAPSHOT / "labtracks.sql").read_text(encoding="utf-8"))
    finally:
        connection.close()
    yield name
    pg_admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def own_database(pg_database: Callable[..., str]) -> str:
    """A demo database of this test's own, to break."""
    return pg_database(DEMO_SNAPSHOT / "labtracks.sql")


def sql(database: str, statement: str) -> None:
    """Run one statement in ``database`` (to break or mend it)."""
    import pyodbc

    connection = pyodbc.connect(_connection_string(database), autocommit=True)
    try:
        connection.execute(statement)
    finally:
        connection.close()


def labtracks_settings(database: str, port: int = PORT) -> LabTracksSettings:
    return LabTracksSettings(
        odbc_driver=DRIVER,
        server=HOST,
        port=port,
        database=database,
        user="postgres",
        password=DB_PASSWORD,
    )


@pytest.fixture
def world(demo_database: str) -> Iterator[World]:
    with running_servers() as (graph, sheets, tars, mgi):
        yield World(graph, sheets, tars, mgi, labtracks_settings(demo_database))
