"""Snapshot mode: labtracks.sql replayed through SQLite, the production SQL and mapping."""

from __future__ import annotations

import re
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import pytest
from aind_data_schema.core.subject import Subject
from pydantic import ValidationError

from datasources.labtracks import LabTracksSource, MappedSubject
from datasources.labtracks.snapshot import SnapshotError
from datasources.labtracks.tsql import sqlite_statements
from datasources.result import Code

HERE = Path(__file__).parent
DEMO_DIR = HERE.parents[1] / "datasources" / "demo"
SMALL_DIR = HERE / "data" / "small"
SQLSERVER_DIR = HERE / "data" / "sqlserver"
DEMO_IDS = list(range(650101, 650125))
MOUSE = ("subject_details", "Mouse subject")


def errors(record: MappedSubject) -> list[tuple[Any, ...]]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            Subject.model_validate(record.document)
    except ValidationError as error:
        return [tuple(item["loc"]) for item in error.errors()]
    return []


@pytest.fixture
async def demo() -> Any:
    source = LabTracksSource.from_snapshot(DEMO_DIR)
    assert source is not None
    yield source
    await source.aclose()


def in_list_length(statement: str) -> int:
    """How many ids a traced statement asked for (SQLite traces it with values bound)."""
    match = re.search(r"\bIN \(([^)]*)\)", statement)
    assert match is not None, statement
    return len(match.group(1).split(","))


def trace_next_connection(source: LabTracksSource) -> list[str]:
    """Statements the next request runs: the pool hands out its most recent idle connection."""
    assert source.client is not None
    pool = source.client.pool
    lease = pool.acquire()
    statements: list[str] = []
    lease.connection.set_trace_callback(statements.append)  # type: ignore[attr-defined]
    pool.release(lease)
    return statements


# --- the demo snapshot ------------------------------------------------------------------


async def test_demo_subjects_all_come_back(demo: LabTracksSource) -> None:
    result = await demo.subjects(DEMO_IDS)

    assert result.code == Code.OK
    assert result.name == "labtracks"
    assert [record.subject_id for record in result.records] == [str(i) for i in DEMO_IDS]


async def test_demo_subjects_validate_except_the_deliberate_ones(demo: LabTracksSource) -> None:
    result = await demo.subjects(DEMO_IDS)
    by_id = {record.subject_id: record for record in result.records}

    for subject_id in range(650101, 650121):
        assert errors(by_id[str(subject_id)]) == [], subject_id
    assert errors(by_id["650121"]) == [(*MOUSE, "sex")]
    assert errors(by_id["650122"]) == [(*MOUSE, "strain")]
    assert errors(by_id["650123"]) == [(*MOUSE, "genotype")]


async def test_demo_genotypes_and_parents(demo: LabTracksSource) -> None:
    result = await demo.subjects(DEMO_IDS)
    genotypes = {record.genotype for record in result.records}

    assert genotypes >= {
        "Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt",
        "Sst-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt",
        "Vip-IRES-Cre/wt;Ai148(TIT2L-GC6f-ICL-tTA2)/wt",
        "wt/wt",
        "Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt",
        "Dbh-Cre_KH212/wt",
        "Chat-IRES-Cre-neo/wt",
        "Ai14(RCL-tdT)/Ai14(RCL-tdT)",
        "Rorb-IRES2-Cre/wt;Ai14(RCL-tdT)/wt",
        "Gad2-IRES-Cre/wt",
        "Emx1-IRES-Cre/wt",
        "Xyz-Unknown-Cre/wt",
    }
    for record in result.records:
        if record.subject_id == "650124":
            continue
        breeding = record.document["subject_details"]["breeding_info"]
        assert breeding["maternal_id"].startswith("6400"), record.subject_id
        assert breeding["maternal_genotype"]
        assert breeding["paternal_genotype"]


async def test_demo_malformed_class_values_spoil_only_the_genotype(
    demo: LabTracksSource,
) -> None:
    result = await demo.subjects([650122, 650123, 650101])

    assert result.code == Code.OK
    assert [record.subject_id for record in result.records] == ["650101", "650122", "650123"]
    broken = result.records[2]
    assert broken.genotype is None
    details = broken.document["subject_details"]
    assert details["sex"] == "Female"
    assert details["date_of_birth"] == "2025-06-30"
    assert details["breeding_info"]["maternal_genotype"] == "Pvalb-IRES-Cre/Pvalb-IRES-Cre"
    assert result.records[0].genotype == "Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt"


async def test_demo_subject_without_parents_or_housing(demo: LabTracksSource) -> None:
    result = await demo.subjects([650124])

    details = result.records[0].document["subject_details"]
    assert details["breeding_info"] is None
    assert details["housing"] is None  # room and cage are -1
    assert details["source"]["name"] == "Allen Institute"


async def test_unknown_ids_are_404(demo: LabTracksSource) -> None:
    result = await demo.subjects([1, 2, 999999])
    assert result.code == Code.NOT_FOUND
    assert result.records == ()


async def test_no_ids_is_404_without_a_query(demo: LabTracksSource) -> None:
    statements = trace_next_connection(demo)
    result = await demo.subjects([])
    assert result.code == Code.NOT_FOUND
    assert statements == []


async def test_many_ids_one_round_trip(demo: LabTracksSource) -> None:
    statements = trace_next_connection(demo)
    ids = [*range(1, 600), *DEMO_IDS, 650101]

    result = await demo.subjects(ids)

    assert len(statements) == 1
    assert in_list_length(statements[0]) == 599 + 24  # duplicates are asked for once
    assert len(result.records) == 24


async def test_very_long_id_lists_are_chunked_on_one_connection(demo: LabTracksSource) -> None:
    statements = trace_next_connection(demo)
    ids = [*range(1, 2400), *DEMO_IDS]

    result = await demo.subjects(ids)

    assert [in_list_length(statement) for statement in statements] == [1000, 1000, 423]
    assert [record.subject_id for record in result.records] == [str(i) for i in DEMO_IDS]


async def test_ping_and_close(demo: LabTracksSource) -> None:
    assert (await demo.ping()).code == Code.OK
    await demo.aclose()
    result = await demo.subjects([650101])
    assert result.code == Code.UNAVAILABLE
    assert result.message == "labtracks: labtracks is closed"
    assert result.error == "connection"


# --- other snapshot scripts -------------------------------------------------------------


async def test_small_script_edge_cases() -> None:
    source = LabTracksSource.from_snapshot(SMALL_DIR)
    assert source is not None
    try:
        result = await source.subjects([1004, 1003, 1002, 1001])
    finally:
        await source.aclose()

    ids = [record.subject_id for record in result.records]
    assert ids == ["1001", "1002", "1003", "1003", "1004"]  # both rows of 1003 kept
    first = result.records[0].document["subject_details"]
    assert first["strain"]["name"] == "BALB/c"
    assert first["date_of_birth"] == "2024-05-06"
    assert errors(result.records[0]) == []
    orphan = result.records[1].document["subject_details"]["breeding_info"]
    assert orphan["maternal_id"] == "2003"
    assert orphan["maternal_genotype"] is None
    assert result.records[4].genotype is None  # the entity was refused, not expanded


async def test_sql_server_flavoured_script() -> None:
    source = LabTracksSource.from_snapshot(SQLSERVER_DIR)
    assert source is not None
    try:
        result = await source.subjects([3100])
    finally:
        await source.aclose()

    assert result.code == Code.OK
    (record,) = result.records
    assert errors(record) == []
    assert record.breeding_group == "Ai14 [reporter]; dbo.line"  # literals left untouched
    details = record.document["subject_details"]
    assert details["sex"] == "Male"
    assert details["date_of_birth"] == "2024-09-30"
    assert details["strain"]["name"] == "C57BL/6J"
    assert details["breeding_info"]["maternal_genotype"] == "Ai14(RCL-tdT)/Ai14(RCL-tdT)"


async def test_utf16_script_as_ssms_saves_it(tmp_path: Path) -> None:
    script = (SQLSERVER_DIR / "labtracks.sql").read_text(encoding="utf-8")
    (tmp_path / "labtracks.sql").write_bytes(script.encode("utf-16"))

    source = LabTracksSource.from_snapshot(tmp_path)
    assert source is not None
    result = await source.subjects([3001, 3002, 3100])
    await source.aclose()
    assert len(result.records) == 3


def test_missing_file_means_no_backend(tmp_path: Path) -> None:
    assert LabTracksSource.from_snapshot(tmp_path) is None
    assert LabTracksSource.from_snapshot(tmp_path / "nowhere") is None


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("CREATE TABLE SPECIES (ID INTEGER);\nINSERT INTO NOPE VALUES (1);\n", "line 2"),
        ("CREATE TABLE A (ID INTEGER);\nINSERT INTO A VALUES ('open);\n", "unterminated"),
        ("CREATE TABLE SPECIES (ID INTEGER, SPECIES_NAME TEXT);\n", "subject query"),
        ("-- an empty script\n", "subject query"),
    ],
)
def test_broken_script_names_the_file(tmp_path: Path, script: str, expected: str) -> None:
    (tmp_path / "labtracks.sql").write_text(script, encoding="utf-8")

    with pytest.raises(SnapshotError) as raised:
        LabTracksSource.from_snapshot(tmp_path)

    assert str(tmp_path / "labtracks.sql") in str(raised.value)
    assert expected in str(raised.value)


def test_undecodable_script_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "labtracks.sql").write_bytes(b"INSERT INTO A VALUES ('\xff\xfe\xfa');")
    with pytest.raises(SnapshotError, match=r"labtracks\.sql"):
        LabTracksSource.from_snapshot(tmp_path)


# --- the dialect translation ------------------------------------------------------------


def statements(script: str) -> list[str]:
    return [text for _, text in sqlite_statements(script)]


def test_portable_statements_pass_through() -> None:
    script = "CREATE TABLE A (ID INTEGER, T TIMESTAMP);\nINSERT INTO A VALUES (1, 'x;y');\n"
    assert statements(script) == [
        "CREATE TABLE A (ID INTEGER, T TIMESTAMP)",
        "INSERT INTO A VALUES (1, 'x;y')",
    ]


def test_sql_server_dialect_is_removed() -> None:
    script = (
        "USE [LabTracks]\nGO\nSET NOCOUNT ON\n"
        "CREATE TABLE [dbo].[A] ([ID] [int] IDENTITY(1,1) NOT NULL, [N] NVARCHAR(MAX),"
        " [D] DATETIME2(7), [B] BIT) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]\nGO\n"
        "INSERT [dbo].[A] ([ID], [N]) VALUES (1, N'it''s [not] dbo.x GO')\n"
        "INSERT INTO dbo.A (ID, D) VALUES (2, CAST(N'2024-01-02T00:00:00' AS DateTime2))\n"
        "GO\n"
    )
    assert statements(script) == [
        'CREATE TABLE "A" ("ID" int  NOT NULL, "N" NVARCHAR, "D" TIMESTAMP, "B" INTEGER)',
        """INSERT INTO "A" ("ID", "N") VALUES (1, 'it''s [not] dbo.x GO')""",
        "INSERT INTO A (ID, D) VALUES (2, '2024-01-02T00:00:00')",
    ]


def test_statements_report_their_line() -> None:
    script = "-- header\n\nCREATE TABLE A (\n  ID INTEGER\n)\nGO\n\nINSERT INTO A VALUES (1)\n"
    assert [line for line, _ in sqlite_statements(script)] == [3, 8]


def test_update_with_set_on_its_own_line_stays_whole() -> None:
    assert statements("UPDATE A\nSET ID = 2\nWHERE ID = 1\n") == [
        "UPDATE A\nSET ID = 2\nWHERE ID = 1"
    ]


def test_translated_script_runs_in_sqlite() -> None:
    database = sqlite3.connect(":memory:")
    for _, statement in sqlite_statements((SQLSERVER_DIR / "labtracks.sql").read_text()):
        database.execute(statement)
    count = database.execute("SELECT COUNT(*) FROM ANIMALS_COMMON").fetchone()[0]
    assert count == 3


def test_comments_and_go_lines_do_not_split_wrongly() -> None:
    script = (
        "-- a comment; with a semicolon\n"
        "CREATE TABLE A (ID INTEGER, /* GO; */ N TEXT)\n"
        "GO 2\n"
        "INSERT INTO A VALUES (1, 'GO\n;-- still a literal')\n"
        "insert into A values (2, n'x')\n"
        "INSERT OR REPLACE INTO A VALUES (3, 'y');\n"
    )
    assert statements(script) == [
        "CREATE TABLE A (ID INTEGER,   N TEXT)",
        "INSERT INTO A VALUES (1, 'GO\n;-- still a literal')",
        "insert into A values (2, 'x')",
        "INSERT OR REPLACE INTO A VALUES (3, 'y')",
    ]
