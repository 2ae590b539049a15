"""Finding LabTracks animals by what they are: born when, which sex, what genotype, which
group or room. The statements return animal ids only; the subjects themselves are then read by
:func:`datasources.labtracks.queries.subjects`, as for any other subject lookup.

Pages are keyset pages on ``ANIMALS_COMMON.ID`` (its primary key): ``WHERE AC.ID > <last id of
the previous page> ORDER BY AC.ID`` and one row more than the page holds, to know whether
another page follows. So a page costs the same however deep it is, and inserting or deleting
animals never shifts a later page; there is no OFFSET.

What each filter costs on SQL Server, where ``ANIMALS_COMMON`` is ordered by ``ID``:

- every filter is a condition on the same ordered read, which stops once the page is full: a
  common match fills a page after a few rows; a rare one reads far, up to the whole table;
- ``genotype_contains`` is a ``LIKE '%...%'`` over ``CLASS_VALUES`` (the animal's custom-field
  XML) and can use no index;
- ``group_name`` looks the name up in the small ``GROUPS`` table first;
- the count (:func:`count_statement`) reads every match, so it is only run when asked for.

Only tables and columns that :mod:`queries` already reads (and 0.24 read) are named here:
``ANIMALS_COMMON`` ``ID``, ``BIRTH_DATE``, ``SEX``, ``CLASS_VALUES``, ``GROUP_ID``,
``ROOM_ID``, and ``GROUPS`` ``ID``, ``GROUP_NAME``. Values are always bound, never written into
the text; what is formatted in is the row limit's place (``TOP (?)`` on SQL Server, ``LIMIT ?``
elsewhere) and which conditions are present.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any
from xml.sax.saxutils import escape

# How LabTracks writes each sex: single letters, sometimes whole words (any case).
SEX_CODES: dict[str, tuple[str, ...]] = {
    "Female": ("F", "FEMALE"),
    "Male": ("M", "MALE"),
}

# Characters LIKE reads as wildcards: "%" and "_" everywhere, "[" on SQL Server.
_LIKE_ESCAPE = "!"
_LIKE_SPECIAL = frozenset("%_[!")
# Upper-cased here as every engine upper-cases: ASCII letters only (SQLite's UPPER).
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")

_PAGE = """
SELECT DISTINCT {top}AC.ID AS ID
FROM ANIMALS_COMMON AC
WHERE {conditions}
ORDER BY AC.ID{limit}
"""

_COUNT = """
SELECT COUNT(DISTINCT AC.ID) AS TOTAL
FROM ANIMALS_COMMON AC
WHERE {conditions}
"""

# Each filter's condition; the placeholders are bound in this order.
_AFTER = "AC.ID > ?"
_BORN_FROM = "AC.BIRTH_DATE >= ?"
# The day after the last birth date wanted: a time of day on that date still counts.
_BORN_UNTIL = "AC.BIRTH_DATE < ?"
_SEX = "UPPER(AC.SEX) IN ({placeholders})"
_GENOTYPE = "UPPER(AC.CLASS_VALUES) LIKE ? ESCAPE '!'"
_GROUP = "AC.GROUP_ID IN (SELECT G.ID FROM GROUPS G WHERE UPPER(G.GROUP_NAME) = ?)"
_ROOM = "AC.ROOM_ID = ?"
_ALL = "1 = 1"


class Dialect(Enum):
    """What the statements must say differently per engine."""

    #: Production: ``SELECT TOP (?)``; dates bound as dates.
    SQL_SERVER = "sqlserver"
    #: The tests' psqlODBC: ``LIMIT ?``; dates bound as dates.
    POSTGRESQL = "postgresql"
    #: Snapshots: ``LIMIT ?``; dates bound as ISO text, as SQLite stores them.
    SQLITE = "sqlite"


@dataclass(frozen=True, slots=True)
class SubjectFilter:
    """What the animals must be; every given part must hold. Checked by the caller.

    ``sex`` is "Female" or "Male" (aind-data-schema's values); ``genotype_contains`` is found
    in the ``Full_Genotype`` custom field ignoring ASCII case; ``group_name`` is the animal's
    own group, whole name ignoring ASCII case; the birth dates are inclusive.
    """

    born_on_or_after: date | None = None
    born_on_or_before: date | None = None
    sex: str | None = None
    genotype_contains: str | None = None
    group_name: str | None = None
    room_id: int | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    sql: str
    params: tuple[Any, ...]


def _upper(text: str) -> str:
    return text.translate(_ASCII_UPPER)


def _like_literal(text: str) -> str:
    return "".join(_LIKE_ESCAPE + char if char in _LIKE_SPECIAL else char for char in text)


def genotype_pattern(text: str) -> str:
    """The LIKE pattern finding ``text`` inside the ``<Full_Genotype>`` element of
    ``CLASS_VALUES``, upper-cased like the column.

    The element occurs once per document, so text before its opening tag or after its closing
    tag cannot match. The text is escaped as XML writes it (``&`` is ``&amp;``).
    """
    needle = _like_literal(_upper(escape(text)))
    return f"%<FULL_GENOTYPE>%{needle}%</FULL_GENOTYPE>%"


def _day(value: date, dialect: Dialect) -> Any:
    return value.isoformat() if dialect is Dialect.SQLITE else value


def _conditions(
    subject_filter: SubjectFilter, after: int | None, dialect: Dialect
) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if after is not None:
        conditions.append(_AFTER)
        params.append(after)
    if subject_filter.born_on_or_after is not None:
        conditions.append(_BORN_FROM)
        params.append(_day(subject_filter.born_on_or_after, dialect))
    if subject_filter.born_on_or_before is not None:
        conditions.append(_BORN_UNTIL)
        params.append(_day(subject_filter.born_on_or_before + timedelta(days=1), dialect))
    if subject_filter.sex is not None:
        codes = SEX_CODES[subject_filter.sex]
        conditions.append(_SEX.format(placeholders=", ".join("?" * len(codes))))
        params.extend(codes)
    if subject_filter.genotype_contains is not None:
        conditions.append(_GENOTYPE)
        params.append(genotype_pattern(subject_filter.genotype_contains))
    if subject_filter.group_name is not None:
        conditions.append(_GROUP)
        params.append(_upper(subject_filter.group_name))
    if subject_filter.room_id is not None:
        conditions.append(_ROOM)
        params.append(subject_filter.room_id)
    return "\n  AND ".join(conditions or [_ALL]), params


def page_statement(
    subject_filter: SubjectFilter, after: int | None, rows: int, dialect: Dialect
) -> Statement:
    """Ids of at most ``rows`` matching animals after id ``after`` (from the first when None),
    in id order."""
    if rows < 1:
        raise ValueError("a page reads at least one row")
    conditions, params = _conditions(subject_filter, after, dialect)
    if dialect is Dialect.SQL_SERVER:
        sql = _PAGE.format(top="TOP (?) ", conditions=conditions, limit="")
        return Statement(sql, (rows, *params))
    sql = _PAGE.format(top="", conditions=conditions, limit="\nLIMIT ?")
    return Statement(sql, (*params, rows))


def count_statement(subject_filter: SubjectFilter, dialect: Dialect) -> Statement:
    """How many animals match, in one row (``TOTAL``)."""
    conditions, params = _conditions(subject_filter, None, dialect)
    return Statement(_COUNT.format(conditions=conditions), tuple(params))


def total(rows: Sequence[dict[str, Any]]) -> int:
    """The count a :func:`count_statement` answered."""
    return int(rows[0]["TOTAL"]) if rows else 0
