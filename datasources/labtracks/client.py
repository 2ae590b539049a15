"""The LabTracks transport: SQL from :mod:`queries` over pooled DB-API connections.

pyodbc blocks, so every database call runs in a worker thread. At most ``pool_size`` threads
work for LabTracks at once, and a slot is only given back when its thread has finished, not
when the request that started it gave up at its deadline: a slow database therefore never
piles up threads or connections. The driver's own login and query timeouts make sure such an
abandoned thread ends soon after.

The same client runs against SQL Server (production), PostgreSQL through psqlODBC (tests) and
SQLite (snapshots, see :mod:`snapshot`): only the connection factory differs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, TypeVar

from datasources.bulkhead import Bulkhead
from datasources.labtracks import queries
from datasources.labtracks.checks import QueryCheck, run_checks
from datasources.labtracks.models import SubjectRow, TaskRow
from datasources.labtracks.pool import Connection, ConnectionPool, Lease
from datasources.labtracks.queries import OptionalColumn
from datasources.labtracks.settings import LabTracksSettings

logger = logging.getLogger("datasources.labtracks")

R = TypeVar("R")
Row = dict[str, Any]
Statement = tuple[str, Sequence[Any]]


def odbc_factory(settings: LabTracksSettings) -> Callable[[], Connection]:
    """Connections to the configured ODBC data source; pyodbc is imported on first use only."""
    connection_string = settings.odbc_connection_string()
    seconds = settings.driver_timeout
    postgresql = settings.is_postgresql

    def connect() -> Connection:
        import pyodbc  # here, so that snapshot and demo runs need neither pyodbc nor unixODBC

        # The driver manager's own pooling would sit under ours and could hand back a session
        # our pool already threw away as dead.
        pyodbc.pooling = False
        # Reads only: autocommit keeps no transaction (and no shared locks) open between calls.
        connection = pyodbc.connect(connection_string, timeout=seconds, autocommit=True)
        try:
            _limit_statement_time(pyodbc, connection, seconds, postgresql)
        except BaseException:
            connection.close()
            raise
        return connection

    return connect


def _limit_statement_time(pyodbc: Any, connection: Any, seconds: int, postgresql: bool) -> None:
    try:
        # pyodbc applies this as SQL_ATTR_QUERY_TIMEOUT on every statement (SQL Server).
        connection.timeout = seconds
        return
    except pyodbc.Error:
        pass  # psqlODBC refuses the connection-level attribute pyodbc sets first
    if postgresql:
        cursor = connection.cursor()
        try:
            cursor.execute(f"SET statement_timeout = {int(seconds) * 1000}")
        finally:
            cursor.close()
    else:
        logger.warning("labtracks: the ODBC driver has no query timeout; relying on deadlines")


def _execute(connection: Connection, statements: Sequence[Statement]) -> list[Row]:
    """Run the statements on one connection; rows as dicts keyed by upper-case column name."""
    cursor = connection.cursor()
    try:
        rows: list[Row] = []
        for sql, params in statements:
            cursor.execute(sql, list(params))
            names = [column[0].upper() for column in cursor.description]
            rows.extend(dict(zip(names, record, strict=True)) for record in cursor.fetchall())
        return rows
    finally:
        with suppress(Exception):  # a cursor on a dead connection may refuse to close
            cursor.close()


class LabTracksClient:
    """Pooled, thread-offloaded access to the LabTracks tables.

    ``columns``: the optional columns (:data:`queries.OPTIONAL_COLUMNS`) the database is known
    to have. None until :meth:`check` or the snapshot loader says otherwise, so that a
    database nobody has looked at yet is asked only for what 0.24 asked.
    """

    def __init__(
        self,
        factory: Callable[[], Connection],
        *,
        pool_size: int,
        timeout: float,
        columns: frozenset[OptionalColumn] = frozenset(),
    ) -> None:
        self._pool: ConnectionPool[Connection] = ConnectionPool(factory, pool_size, timeout)
        # One thread per pooled connection, LabTracks' own (see datasources.bulkhead).
        self._threads = Bulkhead("labtracks", pool_size)
        self._columns = columns

    @classmethod
    def for_odbc(cls, settings: LabTracksSettings) -> LabTracksClient:
        return cls(
            odbc_factory(settings),
            pool_size=settings.pool_size,
            timeout=settings.timeout_seconds,
        )

    @property
    def pool(self) -> ConnectionPool[Connection]:
        return self._pool

    @property
    def columns(self) -> frozenset[OptionalColumn]:
        return self._columns

    def use_columns(self, columns: frozenset[OptionalColumn]) -> None:
        """Read these optional columns from now on (the ones a check found)."""
        self._columns = frozenset(columns)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of one parameterised (qmark) statement."""
        return await self._in_thread(lambda: self._run([(sql, params)]))

    async def fetch_in(self, build: Callable[[int], str], values: Sequence[Any]) -> list[Row]:
        """Rows of ``build(n)``, a statement whose only parameters are an ``IN`` list of n.

        One statement for up to :data:`queries.MAX_PARAMETERS` values; longer lists run as
        several statements on the same connection, in the same worker thread.
        """
        if not values:
            return []
        size = queries.MAX_PARAMETERS
        statements = [
            (build(len(values[start : start + size])), values[start : start + size])
            for start in range(0, len(values), size)
        ]
        return await self._in_thread(lambda: self._run(statements))

    async def subject_rows(self, subject_ids: Sequence[int]) -> list[SubjectRow]:
        rows = await self.fetch_in(queries.subjects, list(subject_ids))
        return [SubjectRow.model_validate(row) for row in rows]

    async def task_rows(self, subject_ids: Sequence[int]) -> list[TaskRow]:
        columns = self._columns

        def build(count: int) -> str:
            return queries.tasks(count, columns)

        rows = await self.fetch_in(build, list(subject_ids))
        return [TaskRow.model_validate(row) for row in rows]

    async def check(self) -> QueryCheck:
        """Probe the optional columns and run each statement once, reading no row.

        Raises when the database cannot be asked (unreachable, lost, timed out): the outcome
        then says nothing about the statements. Does not change :attr:`columns`.
        """
        return await self._in_thread(lambda: self._with_connection(run_checks))

    async def ping(self) -> None:
        await self.fetch(queries.PING)

    async def aclose(self) -> None:
        await asyncio.to_thread(self._pool.close)
        self._threads.close()

    def _run(self, statements: Sequence[Statement]) -> list[Row]:
        return self._with_connection(lambda connection: _execute(connection, statements))

    def _with_connection(self, work: Callable[[Connection], R]) -> R:
        lease: Lease[Connection] | None = None
        try:
            with self._pool.connection() as lease:
                return work(lease.connection)
        except Exception:
            if lease is None or not (lease.reused and lease.lost):
                raise
        # The server dropped a session that waited in the pool (restart, failover, idle
        # timeout); the pool has discarded it and its idle siblings. Reads are idempotent, so
        # try once more on a new connection.
        logger.info("labtracks: a pooled connection was lost; retrying on a new one")
        with self._pool.connection() as lease:
            return work(lease.connection)

    async def _in_thread(self, work: Callable[[], R]) -> R:
        return await self._threads.run(work)
