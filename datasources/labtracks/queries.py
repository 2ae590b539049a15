"""The SQL the service runs against LabTracks.

One text serves SQL Server (production, pyodbc), PostgreSQL (tests, psqlODBC) and SQLite
(snapshots): plain unquoted upper-case identifiers, ``LEFT OUTER JOIN``, qmark parameters.
PostgreSQL folds unquoted names to lower case; the client upper-cases result column names, so
every backend yields the same keys. Values are always bound, never written into the text: the
only things formatted in are the number of placeholders, the optional columns the database was
found to have, and the start-up check's ``1 = 0``.

The statements read only columns that aind-metadata-service 0.24 read, because those are the
only ones known to exist in production. A column beyond them is an :class:`OptionalColumn`:
probed once at start-up, read only where present (see :mod:`datasources.labtracks.checks`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

# SQL Server accepts at most 2100 parameters per statement; chunks of 1000 stay well clear.
MAX_PARAMETERS = 1000

PING = "SELECT 1 AS OK"

# Statement names: what the start-up check, /ready and the logs call them (never their text).
SUBJECTS = "subjects"
TASKS = "tasks"

# Put in front of a WHERE clause for the start-up check. Every engine still resolves each table
# and column (a missing one fails just as in a real request), but no row is read.
_NO_ROWS = "1 = 0 AND "


@dataclass(frozen=True)
class OptionalColumn:
    """A column the service can use but that production is not known to have.

    ``probe`` is a zero-row statement that fails exactly when the column is missing; ``select``
    is the select-list item added to the statement when it is present.
    """

    name: str
    table: str
    probe: str
    select: str


TASK_DESCRIPTION = OptionalColumn(
    name="TASK_DESCRIPTION",
    table="TASK_SET",
    probe="SELECT TASK_DESCRIPTION FROM TASK_SET WHERE 1 = 0",
    select="TS.TASK_DESCRIPTION AS TASK_DESCRIPTION",
)
OPTIONAL_COLUMNS: tuple[OptionalColumn, ...] = (TASK_DESCRIPTION,)
_TASK_OPTIONAL = (TASK_DESCRIPTION,)

# The subject, its parents, species and groups; 0.24's columns exactly. Two GROUPS joins, as in
# 0.24: GR is the subject's own group (its description and name name the strain), MGR the group
# of the mother's row, whose name 0.24 reported as the breeding group.
_SUBJECTS = """
SELECT
    AC.ID AS ID,
    AC.CLASS_VALUES AS CLASS_VALUES,
    AC.SEX AS SEX,
    AC.BIRTH_DATE AS BIRTH_DATE,
    AC.MATERNAL_INDEX AS MATERNAL_INDEX,
    MOTHER.ID AS MATERNAL_ID,
    MOTHER.CLASS_VALUES AS MATERNAL_CLASS_VALUES,
    AC.PATERNAL_INDEX AS PATERNAL_INDEX,
    FATHER.ID AS PATERNAL_ID,
    FATHER.CLASS_VALUES AS PATERNAL_CLASS_VALUES,
    SP.SPECIES_NAME AS SPECIES_NAME,
    GR.GROUP_NAME AS GROUP_NAME,
    GR.GROUP_DESCRIPTION AS GROUP_DESCRIPTION,
    MGR.GROUP_NAME AS MATERNAL_GROUP_NAME,
    AC.CAGE_ID AS CAGE_ID,
    AC.ROOM_ID AS ROOM_ID
FROM ANIMALS_COMMON AC
LEFT OUTER JOIN ANIMALS_COMMON MOTHER ON MOTHER.ID = AC.MATERNAL_INDEX
LEFT OUTER JOIN ANIMALS_COMMON FATHER ON FATHER.ID = AC.PATERNAL_INDEX
LEFT OUTER JOIN SPECIES SP ON SP.ID = AC.SPECIES_ID
LEFT OUTER JOIN GROUPS GR ON GR.ID = AC.GROUP_ID
LEFT OUTER JOIN GROUPS MGR ON MGR.ID = MOTHER.GROUP_ID
WHERE {no_rows}AC.ID IN ({placeholders})
ORDER BY AC.ID
"""


# Tasks done to animals. Columns as LabTracks names them, all of them read by 0.24:
#   TASK_SET        ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END,
#                   TASK_STATUS ('F' finished, 'S' scheduled, 'C' cancelled, ...)
#   TASK_SET_OBJECT TASK_ID (-> TASK_SET.ID), TASK_OBJECT (the animal, ANIMALS_COMMON.ID)
#   TASK_TYPE       ID, TYPE_NAME
#   ACUC_PROTOCOL   LINK_INDEX (-> TASK_SET.ACUC_LINK_ID), PROTOCOL_NUMBER
# plus TASK_SET.TASK_DESCRIPTION (the surgery's notes) where the database has it.
# The type and protocol are outer joins: a task without either is still a task, and its
# missing protocol stays null (0.24 joined them inner and silently lost such tasks). Status
# and type are filtered by the mapping, so the statement only binds animal ids. Ordered by
# non-null keys only: engines disagree on where NULL dates sort.
_TASKS = """
SELECT
    TS.ID AS TASK_ID,
    TSO.TASK_OBJECT AS SUBJECT_ID,
    TT.TYPE_NAME AS TYPE_NAME,
    TS.TASK_STATUS AS TASK_STATUS,
    TS.DATE_START AS DATE_START,
    TS.DATE_END AS DATE_END,
    TS.INVESTIGATOR_ID AS INVESTIGATOR_ID,
    AP.PROTOCOL_NUMBER AS PROTOCOL_NUMBER{optional}
FROM TASK_SET_OBJECT TSO
INNER JOIN TASK_SET TS ON TS.ID = TSO.TASK_ID
LEFT OUTER JOIN TASK_TYPE TT ON TT.ID = TS.TASK_TYPE_ID
LEFT OUTER JOIN ACUC_PROTOCOL AP ON AP.LINK_INDEX = TS.ACUC_LINK_ID
WHERE {no_rows}TSO.TASK_OBJECT IN ({placeholders})
ORDER BY TSO.TASK_OBJECT, TS.ID
"""


def placeholders(count: int) -> str:
    """``?, ?, ...`` for ``count`` bound values."""
    if not 0 < count <= MAX_PARAMETERS:
        raise ValueError(f"between 1 and {MAX_PARAMETERS} parameters per statement")
    return ", ".join("?" * count)


def subjects(count: int, *, no_rows: bool = False) -> str:
    """Subjects with their parents, species and groups, for ``count`` animal ids."""
    return _SUBJECTS.format(no_rows=_NO_ROWS if no_rows else "", placeholders=placeholders(count))


def tasks(count: int, columns: Collection[OptionalColumn] = (), *, no_rows: bool = False) -> str:
    """Tasks (with type and IACUC protocol) done to any of ``count`` animal ids.

    ``columns``: the optional columns the database has; those this statement can use are read.
    """
    optional = "".join(f",\n    {c.select}" for c in _TASK_OPTIONAL if c in columns)
    return _TASKS.format(
        optional=optional, no_rows=_NO_ROWS if no_rows else "", placeholders=placeholders(count)
    )


def zero_row_forms(columns: Collection[OptionalColumn] = ()) -> dict[str, str]:
    """Each statement by name, as the start-up check runs it: one bound id, no row read."""
    return {
        SUBJECTS: subjects(1, no_rows=True),
        TASKS: tasks(1, columns, no_rows=True),
    }
