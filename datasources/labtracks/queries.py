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
    AC.CAGE_ID AS CAGE_ID,
    AC.ROOM_ID AS ROOM_ID
FROM ANIMALS_COMMON AC
LEFT OUTER JOIN ANIMALS_COMMON MOTHER ON MOTHER.ID = AC.MATERNAL_INDEX
LEFT OUTER JOIN ANIMALS_COMMON FATHER ON FATHER.ID = AC.PATERNAL_INDEX
LEFT OUTER JOIN SPECIES SP ON SP.ID = AC.SPECIES_ID
LEFT OUTER JOIN GROUPS GR ON GR.ID = AC.GROUP_ID
WHERE AC.ID IN ({placeholders})
ORDER BY AC.ID
"""


def placeholders(count: int) -> str:
    """``?, ?, ...`` for ``count`` bound values."""
    if not 0 < count <= MAX_PARAMETERS:
        raise ValueError(f"between 1 and {MAX_PARAMETERS} parameters per statement")
    return ", ".join("?" * count)


def subjects(count: int) -> str:
    """Subjects with their parents, species and group, for ``count`` animal ids."""
    return _SUBJECTS.format(placeholders=placeholders(count))
