"""LabTracks tasks -> procedures: the production SQL on SQLite (snapshots) and PostgreSQL (ODBC).

Finished perfusion and retro-orbital injection tasks become Surgery documents; everything else
(unfinished tasks, other kinds) is left out. Null investigators and protocols stay null.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aind_data_schema.components.subject_procedures import Surgery
from pydantic import ValidationError

from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.labtracks.models import TaskRow
from datasources.labtracks.procedures import map_tasks, procedure_kind
from datasources.records import ProcedureRecord
from datasources.result import Code

HERE = Path(__file__).parent
DEMO_DIR = HERE.parents[1] / "datasources" / "demo"
SMALL_DIR = HERE / "data" / "small"
DEMO_IDS = list(range(650101, 650125))
SMALL_IDS = [1001, 1002, 1003, 1004]

Settings = Callable[..., LabTracksSettings]


def summary(records: Any) -> list[tuple[Any, ...]]:
    """What a test compares: who, which task, what kind, when, by whom, under which protocol."""
    return [
        (
            record.subject_id,
            record.key,
            record.document["procedures"][0]["object_type"],
            record.document["start_date"],
            record.document["experimenters"],
            record.document["ethics_review_id"],
        )
        for record in records
    ]


def task(task_id: int, **columns: Any) -> TaskRow:
    """A task row as the query returns it (upper-case column names), for animal 7."""
    return TaskRow.model_validate({"TASK_ID": task_id, "SUBJECT_ID": 7, **columns})


def errors(record: ProcedureRecord) -> set[str]:
    try:
        Surgery.model_validate(record.document)
    except ValidationError as error:
        return {".".join(str(part) for part in item["loc"]) for item in error.errors()}
    return set()


@pytest.fixture
async def small() -> AsyncIterator[LabTracksSource]:
    source = LabTracksSource.from_snapshot(SMALL_DIR)
    assert source is not None
    yield source
    await source.aclose()


@pytest.fixture
async def demo() -> AsyncIterator[LabTracksSource]:
    source = LabTracksSource.from_snapshot(DEMO_DIR)
    assert source is not None
    yield source
    await source.aclose()


SMALL_EXPECTED = [
    ("1001", "labtracks:task:5001", "Perfusion", "2024-09-03", ["4242"], "2304"),
    ("1001", "labtracks:task:5005", "Injection", "2024-07-15", ["4243"], "2212"),
    ("1002", "labtracks:task:5002", "Injection", "2024-08-01", None, None),
    ("1003", "labtracks:task:5005", "Injection", "2024-07-15", ["4243"], "2212"),
]


# --- snapshot mode (SQLite) ---------------------------------------------------------------


async def test_finished_procedures_of_many_subjects(small: LabTracksSource) -> None:
    result = await small.procedures(SMALL_IDS)

    assert result.code == Code.OK
    assert result.name == "labtracks"
    assert {record.source for record in result.records} == {"labtracks"}
    # 5003 (scheduled), 5004 (cancelled) and 5006 (an ear tag) are not procedures; 5005 is
    # one task for two animals, once each although its protocol link is duplicated.
    assert summary(result.records) == SMALL_EXPECTED


async def test_a_perfusion_is_a_valid_surgery(small: LabTracksSource) -> None:
    result = await small.procedures(["1001"])
    perfusion = result.records[0]

    assert errors(perfusion) == set()
    document = perfusion.document
    assert document["object_type"] == "Surgery"
    assert document["procedures"] == [
        {"object_type": "Perfusion", "protocol_id": None, "output_specimen_ids": ["1001"]}
    ]
    assert document["notes"] == "Perfused after imaging"
    assert perfusion.extras == {"task_type": "Perfusion - transcardial"}


async def test_null_investigator_and_protocol_stay_null(small: LabTracksSource) -> None:
    result = await small.procedures([1002])
    (record,) = result.records

    assert record.document["experimenters"] is None
    assert record.document["ethics_review_id"] is None
    assert "None" not in json.dumps(record.document)


async def test_an_ro_injection_lacks_what_labtracks_does_not_know(small: LabTracksSource) -> None:
    result = await small.procedures([1002])
    (record,) = result.records

    injection = record.document["procedures"][0]
    assert injection["object_type"] == "Injection"
    assert injection["injection_materials"] == []
    assert injection["dynamics"] == []
    assert errors(record) == {"procedures.0.Injection.injection_materials"}


async def test_subjects_without_procedures_are_404(small: LabTracksSource) -> None:
    assert (await small.procedures([1004])).code == Code.NOT_FOUND  # an ear tag only
    assert (await small.procedures([999999])).code == Code.NOT_FOUND
    assert (await small.procedures(["abc", ""])).code == Code.NOT_FOUND


def in_list_length(statement: str) -> int:
    start = statement.index("IN (") + len("IN (")
    return len(statement[start : statement.index(")", start)].split(","))


def traced(source: LabTracksSource) -> list[str]:
    """Statements the next request runs (the pool hands out its most recent idle connection)."""
    assert source.client is not None
    pool = source.client.pool
    lease = pool.acquire()
    statements: list[str] = []
    lease.connection.set_trace_callback(statements.append)  # type: ignore[attr-defined]
    pool.release(lease)
    return statements


async def test_many_subjects_are_one_round_trip(demo: LabTracksSource) -> None:
    statements = traced(demo)

    result = await demo.procedures(DEMO_IDS + DEMO_IDS[:3])

    task_statements = [s for s in statements if "TASK_SET" in s]
    assert len(task_statements) == 1
    assert in_list_length(task_statements[0]) == len(DEMO_IDS)
    assert result.code == Code.OK


async def test_very_long_id_lists_are_chunked_on_one_connection(demo: LabTracksSource) -> None:
    statements = traced(demo)

    result = await demo.procedures(list(range(649000, 650500)))

    task_statements = [s for s in statements if "TASK_SET" in s]
    assert [in_list_length(s) for s in task_statements] == [1000, 500]
    assert len(result.records) == 6


async def test_demo_tasks(demo: LabTracksSource) -> None:
    result = await demo.procedures(DEMO_IDS)
    by_subject = {record.subject_id: record for record in result.records}

    assert sorted(by_subject) == ["650101", "650102", "650105", "650109", "650112", "650114"]
    for subject_id in ("650101", "650105", "650114"):
        assert errors(by_subject[subject_id]) == set(), subject_id
        assert by_subject[subject_id].document["procedures"][0]["object_type"] == "Perfusion"
    assert by_subject["650109"].document["experimenters"] is None
    assert by_subject["650112"].document["ethics_review_id"] is None
    assert by_subject["650102"].document["experimenters"] == ["3102"]


def test_task_kinds() -> None:
    def kind(name: str | None) -> str | None:
        return procedure_kind(task(1, TYPE_NAME=name))

    assert kind("Perfusion") == kind("perfusion - transcardial") == "perfusion"
    assert kind("RO Injection") == "retro-orbital injection"
    assert kind("Retro-Orbital Injection (AAV)") == "retro-orbital injection"
    assert kind("retro orbital inj.") == "retro-orbital injection"
    assert kind("Tail Biopsy") is None
    assert kind("Robotic injection") is None
    assert kind(None) is None


def test_unfinished_tasks_are_skipped() -> None:
    rows = [
        task(i, TYPE_NAME="Perfusion", TASK_STATUS=status)
        for i, status in enumerate(["F", " f ", "S", "C", "D", "A", "L", None, ""])
    ]

    assert [record.key for record in map_tasks(rows)] == ["labtracks:task:0", "labtracks:task:1"]


async def test_snapshot_without_task_tables_answers_404(tmp_path: Path) -> None:
    script = (SMALL_DIR / "labtracks.sql").read_text()
    (tmp_path / "labtracks.sql").write_text(script[: script.index("-- Tasks.")])
    source = LabTracksSource.from_snapshot(tmp_path)
    assert source is not None
    try:
        result = await source.procedures(SMALL_IDS)
        subjects = await source.subjects(SMALL_IDS)
    finally:
        await source.aclose()

    assert result.code == Code.NOT_FOUND
    assert subjects.code == Code.OK


async def test_snapshot_with_half_the_task_tables_serves_subjects_not_tasks(
    tmp_path: Path,
) -> None:
    script = (SMALL_DIR / "labtracks.sql").read_text()
    broken = script.replace("CREATE TABLE TASK_TYPE", "CREATE TABLE TASK_KIND").replace(
        "INSERT INTO TASK_TYPE", "INSERT INTO TASK_KIND"
    )
    (tmp_path / "labtracks.sql").write_text(broken)

    source = LabTracksSource.from_snapshot(tmp_path)
    assert source is not None
    try:
        tasks = await source.procedures([1001])
        subjects = await source.subjects([1001])
    finally:
        await source.aclose()
    assert tasks.code == Code.UNAVAILABLE
    assert "task query" in tasks.message
    assert subjects.code == Code.OK


async def test_not_configured_is_503() -> None:
    source = LabTracksSource.from_settings(LabTracksSettings(server=None, database=None))

    result = await source.procedures([1001])

    assert (result.code, result.configured) == (Code.UNAVAILABLE, False)


# --- PostgreSQL through pyodbc and psqlODBC -----------------------------------------------


@pytest.fixture
async def pg_source(
    pg_database: Callable[[Path], str], pg_settings: Settings
) -> AsyncIterator[Callable[[Path], LabTracksSource]]:
    opened: list[LabTracksSource] = []

    def open_source(script_dir: Path) -> LabTracksSource:
        source = LabTracksSource.from_settings(
            pg_settings(pg_database(script_dir / "labtracks.sql"))
        )
        opened.append(source)
        return source

    yield open_source
    for source in opened:
        await source.aclose()


@pytest.mark.odbc
@pytest.mark.usefixtures("odbc_available")
async def test_postgresql_answers_like_the_snapshot(
    pg_source: Callable[[Path], LabTracksSource], small: LabTracksSource
) -> None:
    live = pg_source(SMALL_DIR)

    result = await live.procedures(SMALL_IDS)
    expected = await small.procedures(SMALL_IDS)

    assert result.code == Code.OK
    assert summary(result.records) == SMALL_EXPECTED
    assert [record.document for record in result.records] == [
        record.document for record in expected.records
    ]


@pytest.mark.odbc
@pytest.mark.usefixtures("odbc_available")
async def test_postgresql_demo_tasks_and_nulls(
    pg_source: Callable[[Path], LabTracksSource], demo: LabTracksSource
) -> None:
    live = pg_source(DEMO_DIR)

    result = await live.procedures(DEMO_IDS)
    expected = await demo.procedures(DEMO_IDS)

    assert summary(result.records) == summary(expected.records)
    nulls = {
        r.subject_id: r.document for r in result.records if r.subject_id in ("650109", "650112")
    }
    assert nulls["650109"]["experimenters"] is None
    assert nulls["650112"]["ethics_review_id"] is None
    assert "None" not in json.dumps(nulls)


@pytest.mark.odbc
@pytest.mark.usefixtures("odbc_available")
async def test_postgresql_unknown_subjects_are_404(
    pg_source: Callable[[Path], LabTracksSource],
) -> None:
    live = pg_source(SMALL_DIR)

    assert (await live.procedures([1004, 999999])).code == Code.NOT_FOUND
