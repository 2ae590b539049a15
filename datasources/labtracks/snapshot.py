"""Offline LabTracks: ``<snapshot>/labtracks.sql`` replayed into SQLite.

The production SQL runs unchanged through the standard library's ``sqlite3`` (qmark parameters,
like pyodbc), so snapshot mode exercises the same queries, row models and mapping as a live
database.

The script is executed once, into a scratch database whose image is then serialised; each
pooled connection deserialises its own private in-memory copy and is switched to read-only.
That beats one shared-cache database (which SQLite discourages, and whose table-level locks
serialise readers) and beats a single connection (which serialises every request): the data
never changes, so independent copies are exact, and they cost a memcpy of a small file.

Snapshot directories are also written by hand, sometimes by exporting from SQL Server, so the
loader accepts that flavour too (see :mod:`datasources.labtracks.tsql`).
"""

from __future__ import annotations

import codecs
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from datasources.labtracks import queries
from datasources.labtracks.checks import FAILED, OK, probe_columns
from datasources.labtracks.queries import OptionalColumn
from datasources.labtracks.tsql import ScriptError, sqlite_statements

logger = logging.getLogger(__name__)

FILE_NAME = "labtracks.sql"
# The tables only the task query reads. Snapshots written before tasks were read lack them all:
# such a snapshot simply records no tasks. Having some but not all of them is a broken script.
TASK_TABLES = ("TASK_SET", "TASK_SET_OBJECT", "TASK_TYPE", "ACUC_PROTOCOL")


class SnapshotError(RuntimeError):
    """The snapshot's script cannot be loaded; the message names the file."""


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        # SQL Server Management Studio saves scripts as UTF-16 with a byte-order mark.
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SnapshotError(f"{path}: not UTF-8 or UTF-16 text ({error.reason})") from None


@dataclass(frozen=True)
class SnapshotImage:
    """A loaded script: the serialised SQLite database, and whether it records tasks.

    ``tasks_problem`` says why the task query cannot run on a script that has only some of the
    task tables: subjects are still served, procedures from tasks answer 503 with it.
    ``columns``: the optional columns the script has; ``queries``: each statement run at load
    and its outcome, as the live start-up check reports them.
    """

    image: bytes
    has_tasks: bool
    tasks_problem: str | None = None
    columns: frozenset[OptionalColumn] = frozenset()
    queries: dict[str, str] = field(default_factory=dict)


def load_snapshot(path: Path) -> SnapshotImage:
    """Run the script at ``path`` into a fresh SQLite database and serialise it.

    Raises :class:`SnapshotError` naming the file (and the line) when the script is broken or
    lacks what the service's queries read.
    """
    try:
        statements = sqlite_statements(_read(path))
    except ScriptError as error:
        raise SnapshotError(f"{path}: {error}") from None
    database = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for line, statement in statements:
            try:
                database.execute(statement)
            except sqlite3.Error as error:
                raise SnapshotError(f"{path}, statement at line {line}: {error}") from None
        return _check_queries(database, path)
    finally:
        database.close()


def _check_queries(database: sqlite3.Connection, path: Path) -> SnapshotImage:
    """Run each query once, so that a missing table or column shows at startup, not later.

    The subject query must run. The image says whether the snapshot records tasks (has task
    tables), and why the task query cannot run when it has some but not what the query reads.
    """
    forms = queries.zero_row_forms()
    try:
        database.execute(forms[queries.SUBJECTS], [-1]).fetchall()
    except sqlite3.Error as error:
        raise SnapshotError(f"{path}: lacks what the subject query reads ({error})") from None
    names = {
        str(name).upper()
        for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if not names.intersection(TASK_TABLES):
        return SnapshotImage(database.serialize(), False, queries={queries.SUBJECTS: OK})
    columns, absent = probe_columns(database)
    for column in absent:
        logger.info("LabTracks snapshot: optional column %s is absent", column.name)
    outcomes = {queries.SUBJECTS: OK, queries.TASKS: OK}
    problem = None
    try:
        database.execute(queries.zero_row_forms(columns)[queries.TASKS], [-1]).fetchall()
    except sqlite3.Error as error:
        problem = f"{path.name} lacks what the task query reads ({error})"
        logger.warning("LabTracks snapshot: %s; subjects are served, tasks are not", problem)
        outcomes[queries.TASKS] = FAILED
    return SnapshotImage(database.serialize(), True, problem, columns, outcomes)


def sqlite_factory(image: bytes) -> Callable[[], sqlite3.Connection]:
    """Connections to private, read-only in-memory copies of ``image``."""

    def connect() -> sqlite3.Connection:
        # The pool hands a connection to whichever worker thread runs the next request, one
        # thread at a time, hence check_same_thread=False.
        connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        connection.deserialize(image)
        connection.execute("PRAGMA query_only = ON")
        return connection

    return connect
