"""Does the SQL in :mod:`queries` run on this database? Found out once, at start-up.

A statement that names a column the database lacks fails on every request, and a request is
the worst place to find out: each answer becomes a 503 and the log says nothing the operator
can act on. So each optional column is probed and each statement run once in its zero-row form,
on one connection. A statement that fails because of what it says (a missing table or column,
no permission) is reported by name; a failure of the connection or of the clock says nothing
about the statements and makes the whole check inconclusive (it raises, to be tried again).

Works on every engine the client talks to: pyodbc (SQL Server, PostgreSQL) and sqlite3.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from datasources.labtracks import queries
from datasources.labtracks.pool import Connection, sqlstate
from datasources.labtracks.queries import OptionalColumn

OK = "ok"
FAILED = "failed"

# Parameters of the zero-row forms: one id, which the forms' "1 = 0" never lets match.
_NO_ID: Sequence[Any] = (-1,)


@dataclass(frozen=True)
class QueryCheck:
    """What the database said.

    ``columns``: the optional columns it has; ``absent``: those it lacks. ``statements``: each
    statement's name and ``OK`` or ``FAILED``; ``faults``: for each failed one, a label safe to
    log (the SQLSTATE or the error class, never the driver's message, which may quote SQL).
    """

    columns: frozenset[OptionalColumn]
    absent: tuple[OptionalColumn, ...]
    statements: dict[str, str]
    faults: dict[str, str] = field(default_factory=dict)


def statement_fault(error: BaseException) -> bool:
    """True when the statement itself is at fault: unknown table or column, bad syntax, no
    permission. Not for lost connections, timeouts or cancellations."""
    if isinstance(error, sqlite3.Error):
        # SQLite says SQLITE_ERROR for a missing table or column; busy, interrupted or
        # corrupt databases have codes of their own.
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_ERROR
    # Class 42 is "syntax error or access rule violation": 42S02/42S22 from SQL Server,
    # 42P01/42703 from PostgreSQL, 42000 for a refused permission.
    state = sqlstate(error)
    return state is not None and state.startswith("42")


def _label(error: BaseException) -> str:
    """The SQLSTATE, else the error class: enough to look the fault up, and free of SQL."""
    state = None if isinstance(error, sqlite3.Error) else sqlstate(error)
    return state or type(error).__name__


def _fault(connection: Connection, sql: str, params: Sequence[Any] = ()) -> str | None:
    """None when the statement runs; a loggable label when it fails by its own fault.

    Any other failure propagates: it says nothing about the statement.
    """
    cursor = connection.cursor()
    try:
        cursor.execute(sql, list(params))
        cursor.fetchall()
    except Exception as error:
        if not statement_fault(error):
            raise
        return _label(error)
    finally:
        with suppress(Exception):  # a cursor whose statement failed may refuse to close
            cursor.close()
    return None


def probe_columns(
    connection: Connection, candidates: Collection[OptionalColumn] = queries.OPTIONAL_COLUMNS
) -> tuple[frozenset[OptionalColumn], tuple[OptionalColumn, ...]]:
    """The optional columns the database has, and those it lacks."""
    present: list[OptionalColumn] = []
    absent: list[OptionalColumn] = []
    for column in candidates:
        (present if _fault(connection, column.probe) is None else absent).append(column)
    return frozenset(present), tuple(absent)


def check_statements(
    connection: Connection, columns: Collection[OptionalColumn]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each statement's outcome (``OK``/``FAILED``) and, for the failed ones, a safe label."""
    outcomes: dict[str, str] = {}
    faults: dict[str, str] = {}
    for name, sql in queries.zero_row_forms(columns).items():
        fault = _fault(connection, sql, _NO_ID)
        outcomes[name] = OK if fault is None else FAILED
        if fault is not None:
            faults[name] = fault
    return outcomes, faults


def run_checks(connection: Connection) -> QueryCheck:
    """Probe the optional columns, then run every statement with the columns found."""
    columns, absent = probe_columns(connection)
    statements, faults = check_statements(connection, columns)
    return QueryCheck(columns, absent, statements, faults)
