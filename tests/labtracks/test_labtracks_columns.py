"""Only what production has: the statements read the columns aind-metadata-service 0.24 read.

``data/v024/labtracks.sql`` holds each table with exactly those columns. Against it, in
SQLite (snapshot) and in PostgreSQL (psqlODBC), subjects and procedures answer 200 or 404, never
503. ``TASK_SET.TASK_DESCRIPTION``, which 0.24 never read, is optional: probed once, read (as
the surgery's notes) where the database has it. The breeding group is the mother's group's name,
as 0.24 read it.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.labtracks import queries as q
from datasources.labtracks.tsql import sqlite_statements
from datasources.records import ProcedureRecord
from datasources.result import Code, SourceResult

HERE = Path(__file__).parent
V024_DIR = HERE / "data" / "v024"
V024_SCRIPT = V024_DIR / "labtracks.sql"

# Every column 0.24's query_builder.py names, by table (its SELECT lists and its JOIN and WHERE
# conditions).
V024_COLUMNS = {
    "ANIMALS_COMMON": {
        "ID", "CLASS_VALUES", "SEX", "BIRTH_DATE", "MATERNAL_INDEX", "PATERNAL_INDEX",
        "SPECIES_ID", "GROUP_ID", "CAGE_ID", "ROOM_ID",
    },
    "SPECIES": {"ID", "SPECIES_NAME"},
    "GROUPS": {"ID", "GROUP_NAME", "GROUP_DESCRIPTION"},
    "TASK_SET": {
        "ID", "TASK_TYPE_ID", "ACUC_LINK_ID", "INVESTIGATOR_ID", "DATE_START", "DATE_END",
        "TASK_STATUS",
    },
    "TASK_SET_OBJECT": {"TASK_ID", "TASK_OBJECT"},
    "TASK_TYPE": {"ID", "TYPE_NAME"},
    "ACUC_PROTOCOL": {"LINK_INDEX", "PROTOCOL_NUMBER"},
}  # fmt: skip

NOTES_COLUMN = """
ALTER TABLE TASK_SET ADD TASK_DESCRIPTION VARCHAR(255);
UPDATE TASK_SET SET TASK_DESCRIPTION = 'Perfused for histology' WHERE ID = 6001;
"""

Settings = Callable[..., LabTracksSettings]


def read_columns(statement: str) -> dict[str, set[str]]:
    """Table -> columns a statement names, resolving its table aliases."""
    pairs = re.findall(r"(?:FROM|JOIN)\s+(\w+)\s+(\w+)", statement)
    tables = {alias: table for table, alias in pairs}
    named: dict[str, set[str]] = {}
    for alias, column in re.findall(r"\b([A-Z]+)\.([A-Z_]+)\b", statement):
        named.setdefault(tables[alias], set()).add(column)
    return named


def portable(script: str) -> str:
    """The SQL Server flavoured script as plain statements PostgreSQL runs too."""
    return ";\n".join(statement for _, statement in sqlite_statements(script)) + ";\n"


def snapshot_dir(directory: Path, extra: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "labtracks.sql").write_text(V024_SCRIPT.read_text() + extra)
    return directory


def notes(result: SourceResult[ProcedureRecord]) -> list[Any]:
    return [record.document["notes"] for record in result.records]


# --- the statements and the script ----------------------------------------------------------


def test_statements_read_only_columns_0_24_read() -> None:
    for statement in (q.subjects(3), q.tasks(3), *q.zero_row_forms().values()):
        for table, columns in read_columns(statement).items():
            assert columns <= V024_COLUMNS[table], (table, columns - V024_COLUMNS[table])


def test_optional_columns_are_read_only_when_present() -> None:
    assert "TASK_DESCRIPTION" not in q.tasks(1)
    assert read_columns(q.tasks(1, q.OPTIONAL_COLUMNS))["TASK_SET"] - V024_COLUMNS["TASK_SET"] == {
        "TASK_DESCRIPTION"
    }
    # Each probe reads exactly its column, from its table, and no row.
    for column in q.OPTIONAL_COLUMNS:
        assert column.probe == f"SELECT {column.name} FROM {column.table} WHERE 1 = 0"


def test_breeding_group_joins_the_mothers_group() -> None:
    statement = q.subjects(1)
    assert "MGR.GROUP_NAME AS MATERNAL_GROUP_NAME" in statement
    assert "GROUPS MGR ON MGR.ID = MOTHER.GROUP_ID" in statement
    assert "LEFT OUTER JOIN GROUPS MGR" in statement  # a pup without a recorded dam still shows


def test_the_script_has_exactly_the_0_24_columns() -> None:
    database = sqlite3.connect(":memory:")
    try:
        for _, statement in sqlite_statements(V024_SCRIPT.read_text()):
            database.execute(statement)
        declared = {
            table: {row[1] for row in database.execute(f"PRAGMA table_info({table})")}
            for table in V024_COLUMNS
        }
    finally:
        database.close()
    assert declared == V024_COLUMNS


# --- SQLite: the snapshot loader --------------------------------------------------------------


@pytest.fixture
async def opened() -> AsyncIterator[Callable[[LabTracksSource | None], LabTracksSource]]:
    sources: list[LabTracksSource] = []

    def keep(source: LabTracksSource | None) -> LabTracksSource:
        assert source is not None
        sources.append(source)
        return source

    yield keep
    for source in sources:
        await source.aclose()


async def test_snapshot_with_the_0_24_columns(
    opened: Callable[[LabTracksSource | None], LabTracksSource],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO):
        source = opened(LabTracksSource.from_snapshot(V024_DIR))

    subjects = await source.subjects([4101, 4102, 1])
    procedures = await source.procedures([4101])

    assert subjects.code == Code.OK
    assert [record.subject_id for record in subjects.records] == ["4101", "4102"]
    assert procedures.code == Code.OK
    assert notes(procedures) == [None]
    assert (await source.procedures([4102])).code == Code.NOT_FOUND
    assert source.queries == {"subjects": "ok", "tasks": "ok"}
    assert "optional column TASK_DESCRIPTION is absent" in caplog.text


async def test_snapshot_reads_the_optional_column_when_present(
    opened: Callable[[LabTracksSource | None], LabTracksSource], tmp_path: Path
) -> None:
    source = opened(LabTracksSource.from_snapshot(snapshot_dir(tmp_path, NOTES_COLUMN)))

    procedures = await source.procedures([4101])

    assert notes(procedures) == ["Perfused for histology"]
    assert source.client is not None
    assert source.client.columns == {q.TASK_DESCRIPTION}


async def test_breeding_group_is_the_dams_group(
    opened: Callable[[LabTracksSource | None], LabTracksSource],
) -> None:
    source = opened(LabTracksSource.from_snapshot(V024_DIR))

    pup, orphan = (await source.subjects([4101, 4102])).records

    # The pup's own group is "Weaned cross" (C57BL/6J); its dam is in "Sst-IRES-Cre breeders".
    assert pup.breeding_group == "Sst-IRES-Cre breeders"
    assert pup.document["subject_details"]["strain"]["name"] == "C57BL/6J"
    assert orphan.breeding_group is None


async def test_demo_breeding_groups(
    opened: Callable[[LabTracksSource | None], LabTracksSource],
) -> None:
    demo = HERE.parents[1] / "datasources" / "demo"
    source = opened(LabTracksSource.from_snapshot(demo))

    records = {r.subject_id: r for r in (await source.subjects([650101, 650122, 650124])).records}

    assert records["650101"].breeding_group == "Pvalb-IRES-Cre;Ai14"
    # 650122 is in "Mixed cross" (no strain); its dam, 640019, in "Gad2-IRES-Cre".
    assert records["650122"].breeding_group == "Gad2-IRES-Cre"
    assert records["650122"].document["subject_details"]["strain"] is None
    assert records["650124"].breeding_group is None  # no parents recorded


# --- PostgreSQL through psqlODBC ------------------------------------------------------------


@pytest.fixture
def v024_database(pg_database: Callable[[Path], str], tmp_path: Path) -> Callable[[str], str]:
    """``make(extra)``: a database from the 0.24 script, then ``extra`` SQL; its name."""

    def make(extra: str = "") -> str:
        path = tmp_path / f"labtracks-{len(list(tmp_path.iterdir()))}.sql"
        path.write_text(portable(V024_SCRIPT.read_text()) + extra)
        return pg_database(path)

    return make


@pytest.mark.odbc
@pytest.mark.usefixtures("odbc_available")
async def test_postgresql_with_the_0_24_columns(
    v024_database: Callable[[str], str],
    pg_settings: Settings,
    opened: Callable[[LabTracksSource | None], LabTracksSource],
    caplog: pytest.LogCaptureFixture,
) -> None:
    live = opened(LabTracksSource.from_settings(pg_settings(v024_database())))
    snapshot = opened(LabTracksSource.from_snapshot(V024_DIR))

    with caplog.at_level(logging.INFO):
        subjects = await live.subjects([4101, 4102, 1])
        procedures = await live.procedures([4101])
        none = await live.procedures([4102, 999999])
        unknown = await live.subjects([999999])
        queries = await live.check_queries()
        await live.procedures([4101])

    assert subjects.code == Code.OK
    assert procedures.code == Code.OK, procedures.message
    assert none.code == Code.NOT_FOUND
    assert unknown.code == Code.NOT_FOUND
    assert notes(procedures) == [None]
    assert queries == {"subjects": "ok", "tasks": "ok"}
    # Same answers as the snapshot of the same script.
    assert list(subjects.records) == list((await snapshot.subjects([4101, 4102, 1])).records)
    assert [r.document for r in procedures.records] == [
        r.document for r in (await snapshot.procedures([4101])).records
    ]
    # The missing column is logged once, by its name alone; no SQL, no table.
    assert caplog.text.count("TASK_DESCRIPTION") == 1
    assert "SELECT" not in caplog.text
    assert "TASK_SET" not in caplog.text


@pytest.mark.odbc
@pytest.mark.usefixtures("odbc_available")
async def test_postgresql_reads_the_optional_column_when_present(
    v024_database: Callable[[str], str],
    pg_settings: Settings,
    opened: Callable[[LabTracksSource | None], LabTracksSource],
    caplog: pytest.LogCaptureFixture,
) -> None:
    live = opened(LabTracksSource.from_settings(pg_settings(v024_database(NOTES_COLUMN))))

    with caplog.at_level(logging.INFO):
        procedures = await live.procedures([4101])

    assert procedures.code == Code.OK
    assert notes(procedures) == ["Perfused for histology"]
    assert live.client is not None
    assert live.client.columns == {q.TASK_DESCRIPTION}
    assert "TASK_DESCRIPTION" not in caplog.text


@pytest.mark.odbc
@pytest.mark.usefixtures("odbc_available")
async def test_postgresql_breeding_group_is_the_dams_group(
    v024_database: Callable[[str], str],
    pg_settings: Settings,
    opened: Callable[[LabTracksSource | None], LabTracksSource],
) -> None:
    live = opened(LabTracksSource.from_settings(pg_settings(v024_database())))

    pup, orphan = (await live.subjects([4101, 4102])).records

    assert (pup.breeding_group, orphan.breeding_group) == ("Sst-IRES-Cre breeders", None)
