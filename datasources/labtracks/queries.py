"""The SQL the service runs against LabTracks.

One text serves SQL Server (production, pyodbc), PostgreSQL (tests, psqlODBC) and SQLite
(snapshots): plain unquoted upper-case identifiers, ``LEFT OUTER JOIN``, qmark parameters.
PostgreSQL folds unquoted names to lower case; the client upper-cases result column names, so
every backend yields the same keys. Values are always bound, never written into the text: the
only thing formatted in is the number of placeholders.
"""

from __future__ import annotations

# SQL Server accepts at most 2100 parameters per statement; chunks of 1000 stay well clear.
MAX_PARAMETERS = 1000

PING = "SELECT 1 AS OK"

# Two GROUPS joins, as in 0.24: GR is the subject's own group (its description and name name the
# strain), MGR the group of the mother's row, whose name 0.24 reported as the breeding group.
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
WHERE AC.ID IN ({placeholders})
ORDER BY AC.ID
"""


# Tasks done to animals. Columns as LabTracks names them (and as the 0.24 service read them):
#   TASK_SET        ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END,
#                   TASK_STATUS ('F' finished, 'S' scheduled, 'C' cancelled, ...),
#                   TASK_DESCRIPTION
#   TASK_SET_OBJECT TASK_ID (-> TASK_SET.ID), TASK_OBJECT (the animal, ANIMALS_COMMON.ID)
#   TASK_TYPE       ID, TYPE_NAME
#   ACUC_PROTOCOL   LINK_INDEX (-> TASK_SET.ACUC_LINK_ID), PROTOCOL_NUMBER
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
    TS.TASK_DESCRIPTION AS TASK_DESCRIPTION,
    AP.PROTOCOL_NUMBER AS PROTOCOL_NUMBER
FROM TASK_SET_OBJECT TSO
INNER JOIN TASK_SET TS ON TS.ID = TSO.TASK_ID
LEFT OUTER JOIN TASK_TYPE TT ON TT.ID = TS.TASK_TYPE_ID
LEFT OUTER JOIN ACUC_PROTOCOL AP ON AP.LINK_INDEX = TS.ACUC_LINK_ID
WHERE TSO.TASK_OBJECT IN ({placeholders})
ORDER BY TSO.TASK_OBJECT, TS.ID
"""


def placeholders(count: int) -> str:
    """``?, ?, ...`` for ``count`` bound values."""
    if not 0 < count <= MAX_PARAMETERS:
        raise ValueError(f"between 1 and {MAX_PARAMETERS} parameters per statement")
    return ", ".join("?" * count)


def subjects(count: int) -> str:
    """Subjects with their parents, species and groups, for ``count`` animal ids."""
    return _SUBJECTS.format(placeholders=placeholders(count))


def tasks(count: int) -> str:
    """Tasks (with type and IACUC protocol) done to any of ``count`` animal ids."""
    return _TASKS.format(placeholders=placeholders(count))
