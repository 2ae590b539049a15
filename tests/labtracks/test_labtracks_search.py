"""The subject search's SQL on PostgreSQL (pyodbc + psqlODBC) and SQLite (snapshots): the same
answers from both, literal wildcards, inclusive dates, keyset pages; and its SQL Server form."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest

from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.labtracks.search import Dialect, SubjectFilter, page_statement
from datasources.result import Code

HERE = Path(__file__).parent
DEMO_DIR = HERE.parents[1] / "datasources" / "demo"

CLASS_VALUES = (
    '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Reserved_by>{reserved}'
    "</Reserved_by><Full_Genotype>{genotype}</Full_Genotype></MouseCustomClass>"
)
# id, genotype as the XML holds it, reserved by, sex, birth date (and time)
ANIMALS = [
    (1, "A%B/wt", "", "F", "2024-04-30 00:00:00"),
    (2, "A_B/wt", "", "female", "2024-05-01 00:00:00"),
    (3, "AxB/wt", "", "M", "2024-05-01 23:59:00"),
    (4, "[AB]/wt", "", "Male", "2024-05-02 00:00:00"),
    (5, "A&amp;B/wt", "", None, "2024-05-02 08:00:00"),
    (6, "C!D/wt", "", "F", None),
    (7, "wt/wt", "Ai14 colony", "M", "2024-06-01 00:00:00"),
    (9, "wt/wt", "", "F", "2024-06-02 00:00:00"),
    (9, "wt/wt", "", "F", "2024-06-02 00:00:00"),  # LabTracks holding one id twice
]

SCRIPT_HEAD = """
CREATE TABLE SPECIES (ID INTEGER NOT NULL PRIMARY KEY, SPECIES_NAME VARCHAR(100));
CREATE TABLE GROUPS (
    ID INTEGER NOT NULL PRIMARY KEY, GROUP_NAME VARCHAR(100), GROUP_DESCRIPTION VARCHAR(255)
);
CREATE TABLE ANIMALS_COMMON (
    ID INTEGER NOT NULL, CLASS_VALUES TEXT, SEX VARCHAR(10), BIRTH_DATE TIMESTAMP,
    MATERNAL_INDEX INTEGER, PATERNAL_INDEX INTEGER, SPECIES_ID INTEGER, GROUP_ID INTEGER,
    CAGE_ID INTEGER, ROOM_ID INTEGER
);
INSERT INTO SPECIES (ID, SPECIES_NAME) VALUES (1, 'mouse');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (1, 'Colony A', 'C57BL/6J');
"""


def _literal(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def edge_script(directory: Path) -> Path:
    """A labtracks.sql, portable to SQLite and PostgreSQL, holding :data:`ANIMALS`."""
    rows = [
        "INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, SPECIES_ID, GROUP_ID, "
        f"CAGE_ID, ROOM_ID) VALUES ({animal_id}, "
        f"{_literal(CLASS_VALUES.format(reserved=reserved, genotype=genotype))}, "
        f"{_literal(sex)}, {_literal(born)}, 1, 1, 10, 20);"
        for animal_id, genotype, reserved, sex, born in ANIMALS
    ]
    path = directory / "labtracks.sql"
    path.write_text(SCRIPT_HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    return path


Open = Callable[[Path], Awaitable[LabTracksSource]]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.odbc)])
async def open_source(
    request: pytest.FixtureRequest,
) -> AsyncIterator[Open]:
    """``open_source(directory)``: a source over ``directory/labtracks.sql``, as a snapshot
    (SQLite) or loaded into a fresh PostgreSQL database reached through psqlODBC."""
    opened: list[LabTracksSource] = []

    async def open_(directory: Path) -> LabTracksSource:
        if request.param == "sqlite":
            source = LabTracksSource.from_snapshot(directory)
            assert source is not None
        else:
            request.getfixturevalue("odbc_available")
            make: Callable[[Path], str] = request.getfixturevalue("pg_database")
            settings: Callable[..., LabTracksSettings] = request.getfixturevalue("pg_settings")
            source = LabTracksSource.from_settings(settings(make(directory / "labtracks.sql")))
        opened.append(source)
        return source

    yield open_
    for source in opened:
        await source.aclose()


async def every_page(
    source: LabTracksSource, subject_filter: SubjectFilter, rows: int
) -> list[int]:
    """Every matching id, asking page after page the way the resolver does."""
    found: list[int] = []
    after = None
    while True:
        result = await source.find_subjects(subject_filter, after, rows + 1)
        assert not result.failed, result.message
        page = list(result.records)
        found.extend(page[:rows])
        if len(page) <= rows:
            return found
        after = page[rows - 1]


@pytest.mark.parametrize(
    ("subject_filter", "expected"),
    [
        (SubjectFilter(), [1, 2, 3, 4, 5, 6, 7, 9]),
        (SubjectFilter(genotype_contains="A%B"), [1]),
        (SubjectFilter(genotype_contains="A_B"), [2]),
        (SubjectFilter(genotype_contains="axb"), [3]),
        (SubjectFilter(genotype_contains="[AB]"), [4]),
        (SubjectFilter(genotype_contains="A&B"), [5]),
        (SubjectFilter(genotype_contains="C!D"), [6]),
        # Text elsewhere in CLASS_VALUES is not the genotype.
        (SubjectFilter(genotype_contains="Ai14"), []),
        (SubjectFilter(sex="Female"), [1, 2, 6, 9]),
        (SubjectFilter(sex="Male"), [3, 4, 7]),
        # Inclusive days, whatever the time of day.
        (
            SubjectFilter(born_on_or_after=date(2024, 5, 1), born_on_or_before=date(2024, 5, 1)),
            [2, 3],
        ),
        (SubjectFilter(born_on_or_after=date(2024, 5, 2)), [4, 5, 7, 9]),
        (SubjectFilter(group_name="colony a", room_id=20, sex="Male"), [3, 4, 7]),
        (SubjectFilter(group_name="Colony"), []),
        (SubjectFilter(room_id=21), []),
    ],
)
async def test_filters_on_every_engine(
    open_source: Open, tmp_path: Path, subject_filter: SubjectFilter, expected: list[int]
) -> None:
    edge_script(tmp_path)
    source = await open_source(tmp_path)
    assert await every_page(source, subject_filter, 2) == expected
    counted = await source.count_subjects(subject_filter)
    assert counted.code == Code.OK
    assert counted.records == (len(expected),)


async def test_the_demo_pages_alike_on_every_engine(open_source: Open) -> None:
    source = await open_source(DEMO_DIR)
    everyone = await every_page(source, SubjectFilter(), 7)
    assert everyone == [*range(640001, 640031), *range(650101, 650125)]
    females = await every_page(source, SubjectFilter(sex="Female", genotype_contains="ai14"), 2)
    assert females == [640015, 650101, 650105, 650113, 650115]  # Ai148 contains Ai14


async def test_nothing_after_the_last_id_is_404(open_source: Open) -> None:
    source = await open_source(DEMO_DIR)
    result = await source.find_subjects(SubjectFilter(), 650124, 10)
    assert result.code == Code.NOT_FOUND
    assert result.records == ()


def test_sql_server_pages_with_top_and_binds_every_value() -> None:
    subject_filter = SubjectFilter(
        born_on_or_after=date(2024, 1, 1),
        born_on_or_before=date(2024, 12, 31),
        sex="Male",
        genotype_contains="Ai14",
        group_name="Colony A",
        room_id=20,
    )
    statement = page_statement(subject_filter, 650101, 51, Dialect.SQL_SERVER)
    assert statement.sql.lstrip().startswith("SELECT DISTINCT TOP (?) AC.ID AS ID")
    assert "LIMIT" not in statement.sql
    assert "OFFSET" not in statement.sql
    assert statement.sql.count("?") == len(statement.params)
    assert statement.params == (
        51,
        650101,
        date(2024, 1, 1),
        date(2025, 1, 1),
        "M",
        "MALE",
        "%<FULL_GENOTYPE>%AI14%</FULL_GENOTYPE>%",
        "COLONY A",
        20,
    )
    for value in ("Ai14", "Colony", "650101"):
        assert value not in statement.sql  # bound, never written into the text


def test_other_engines_page_with_limit_and_sqlite_gets_dates_as_text() -> None:
    subject_filter = SubjectFilter(born_on_or_before=date(2024, 2, 28))
    sqlite = page_statement(subject_filter, None, 3, Dialect.SQLITE)
    postgresql = page_statement(subject_filter, None, 3, Dialect.POSTGRESQL)
    assert sqlite.sql == postgresql.sql
    assert sqlite.sql.rstrip().endswith("ORDER BY AC.ID\nLIMIT ?")
    assert sqlite.params == ("2024-02-29", 3)
    assert postgresql.params == (date(2024, 2, 29), 3)
