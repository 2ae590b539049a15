"""A small thread-safe pool of DB-API connections (pyodbc or sqlite3), reused across requests.

Opening an ODBC connection to SQL Server costs a TCP handshake, TLS and a login: far more than
the queries the service runs. The pool keeps at most ``size`` connections, hands an idle one
out when it can, and throws away any connection whose state it cannot vouch for.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from datasources.errors import BackendError

# DB-API exception classes raised for a bad statement or bad data: the connection is fine.
_STATEMENT_ERRORS = frozenset({"ProgrammingError", "DataError", "IntegrityError"})
# SQLSTATEs (pyodbc puts them first in ``args``) that mean the session is gone: class 08 is
# "connection exception"; 57P01-57P03 are PostgreSQL's terminated/shutting-down backends.
_DISCONNECT_STATES = frozenset({"01002", "57P01", "57P02", "57P03", "HYT01"})


class Connection(Protocol):
    """The part of a DB-API connection the pool and the client use."""

    def cursor(self) -> Any: ...

    def close(self) -> Any: ...


C = TypeVar("C", bound=Connection)


class PoolClosedError(BackendError):
    """The pool was shut down; no more connections are handed out (the service is stopping:
    to a caller, the database is unavailable)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, kind="connection")


class PoolExhaustedError(TimeoutError):
    """No connection became free in time."""


def sqlstate(error: BaseException) -> str | None:
    """The SQLSTATE a pyodbc error carries, if any."""
    args = getattr(error, "args", ())
    state = args[0] if args else None
    if isinstance(state, str) and len(state) == 5 and state.isalnum():
        return state.upper()
    return None


def is_disconnect(error: BaseException) -> bool:
    """True when the error's SQLSTATE says the session itself is lost.

    Drivers do not always say so: psqlODBC reports a backend killed while it prepares
    parameters as a generic HY000. :meth:`ConnectionPool.release` therefore also probes.
    """
    state = sqlstate(error)
    return state is not None and (state.startswith("08") or state in _DISCONNECT_STATES)


def keeps_connection(error: BaseException) -> bool:
    """True for errors that leave the connection usable: a bad statement or bad data.

    Anything else (timeouts, driver errors, lost sessions, interrupts) discards the connection:
    reconnecting costs one login, reusing a connection in an unknown state costs wrong answers.
    """
    if is_disconnect(error):
        return False
    return any(klass.__name__ in _STATEMENT_ERRORS for klass in type(error).__mro__)


def answers(connection: Connection) -> bool:
    """Whether the connection still runs a trivial statement."""
    try:
        cursor = connection.cursor()
        try:
            cursor.execute("SELECT 1")
            cursor.fetchall()
        finally:
            cursor.close()
    except Exception:  # any failure at all means "not usable"
        return False
    return True


@dataclass(eq=False)
class Lease(Generic[C]):
    """One checked-out connection.

    ``reused``: it served an earlier request. ``lost``: set on release when the work failed
    because the session was gone, the one failure worth retrying on a new connection.
    """

    connection: C
    reused: bool
    lost: bool = False


class ConnectionPool(Generic[C]):
    """At most ``size`` connections made by ``factory``; idle ones are reused, newest first."""

    def __init__(self, factory: Callable[[], C], size: int, acquire_timeout: float) -> None:
        if size < 1:
            raise ValueError("pool size must be at least 1")
        self._factory = factory
        self._size = size
        self._acquire_timeout = acquire_timeout
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: deque[C] = deque()
        self._closed = False
        self._opened = 0

    @property
    def size(self) -> int:
        return self._size

    @property
    def opened(self) -> int:
        """How many connections the factory made over the pool's life."""
        return self._opened

    @property
    def idle(self) -> int:
        return len(self._idle)

    def acquire(self) -> Lease[C]:
        """A connection for the calling thread; blocks while ``size`` are in use."""
        if self._closed:
            raise PoolClosedError("connection pool is closed")
        if not self._slots.acquire(timeout=self._acquire_timeout):
            raise PoolExhaustedError("no database connection became free in time")
        try:
            with self._lock:
                if self._closed:
                    raise PoolClosedError("connection pool is closed")
                if self._idle:
                    return Lease(self._idle.pop(), reused=True)
            connection = self._factory()  # outside the lock: a login can take seconds
            with self._lock:
                self._opened += 1
            return Lease(connection, reused=False)
        except BaseException:
            self._slots.release()
            raise

    def release(self, lease: Lease[C], error: BaseException | None = None) -> None:
        """Give a connection back; ``error`` is what the work on it raised, if anything."""
        try:
            keep = error is None or keeps_connection(error)
            if not keep and isinstance(error, Exception):
                lease.lost = is_disconnect(error) or not answers(lease.connection)
            with self._lock:
                if keep and not self._closed:
                    self._idle.append(lease.connection)
                    return
                # A lost session usually means the server restarted or failed over: the idle
                # connections opened before are dead too, and would each fail a request.
                stale = list(self._idle) if lease.lost else []
                if stale:
                    self._idle.clear()
            for connection in (lease.connection, *stale):
                _close_quietly(connection)
        finally:
            self._slots.release()

    @contextmanager
    def connection(self) -> Iterator[Lease[C]]:
        """``with pool.connection() as lease:`` acquire, then release with whatever was raised."""
        lease = self.acquire()
        try:
            yield lease
        except BaseException as error:
            self.release(lease, error)
            raise
        self.release(lease)

    def close(self) -> None:
        """Close the idle connections now and the leased ones when they come back."""
        with self._lock:
            self._closed = True
            idle = list(self._idle)
            self._idle.clear()
        for connection in idle:
            _close_quietly(connection)


def _close_quietly(connection: Connection) -> None:
    # Closing a connection whose socket is already dead raises in some drivers; it is gone
    # either way, and the error says nothing useful.
    with suppress(Exception):
        connection.close()
