"""The connection pool, with real sqlite3 connections and a factory that counts them."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from datasources.labtracks.pool import (
    ConnectionPool,
    PoolClosedError,
    PoolExhaustedError,
    is_disconnect,
    keeps_connection,
)


class CountingFactory:
    """Makes real in-memory SQLite connections and remembers each one."""

    def __init__(self) -> None:
        self.made: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def __call__(self) -> sqlite3.Connection:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        with self._lock:
            self.made.append(connection)
        return connection


def is_open(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:  # "Cannot operate on a closed database."
        return False
    return True


def lost_session() -> Exception:
    # The shape pyodbc gives a dropped session: SQLSTATE first, then the driver's message.
    return sqlite3.OperationalError("08S01", "[08S01] communication link failure")


def test_one_connection_serves_sequential_requests() -> None:
    factory = CountingFactory()
    pool = ConnectionPool(factory, size=3, acquire_timeout=1)

    for _ in range(20):
        with pool.connection() as lease:
            lease.connection.execute("SELECT 1")

    assert len(factory.made) == 1
    assert pool.opened == 1


def test_reuse_is_reported() -> None:
    pool = ConnectionPool(CountingFactory(), size=1, acquire_timeout=1)
    with pool.connection() as first:
        assert not first.reused
    with pool.connection() as second:
        assert second.reused
        assert second.connection is first.connection


def test_never_more_than_size_connections_under_threads() -> None:
    factory = CountingFactory()
    pool = ConnectionPool(factory, size=3, acquire_timeout=10)
    in_use, most = 0, 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal in_use, most
        for _ in range(50):
            with pool.connection() as lease:
                with lock:
                    in_use += 1
                    most = max(most, in_use)
                lease.connection.execute("SELECT 1")
                with lock:
                    in_use -= 1

    with ThreadPoolExecutor(max_workers=16) as executor:
        for future in [executor.submit(work) for _ in range(16)]:
            future.result()

    assert most <= 3
    assert 1 <= len(factory.made) <= 3


def test_exhausted_pool_refuses_after_its_wait() -> None:
    pool = ConnectionPool(CountingFactory(), size=1, acquire_timeout=0.05)
    lease = pool.acquire()
    with pytest.raises(PoolExhaustedError):
        pool.acquire()
    pool.release(lease)
    pool.release(pool.acquire())


def test_statement_errors_keep_the_connection() -> None:
    factory = CountingFactory()
    pool = ConnectionPool(factory, size=1, acquire_timeout=1)

    with pytest.raises(sqlite3.OperationalError), pool.connection() as lease:
        lease.connection.execute("SELECT * FROM no_such_table")
    # sqlite3 calls a missing table an OperationalError: the pool cannot tell, so it discards.
    assert pool.idle == 0

    with pytest.raises(sqlite3.ProgrammingError), pool.connection() as lease:
        lease.connection.execute("SELECT ?", (1, 2))
    assert pool.idle == 1
    with pool.connection() as lease:
        assert lease.reused


def test_other_errors_discard_and_close_the_connection() -> None:
    factory = CountingFactory()
    pool = ConnectionPool(factory, size=2, acquire_timeout=1)

    with pytest.raises(RuntimeError), pool.connection():
        raise RuntimeError("driver fell over")

    assert pool.idle == 0
    assert not is_open(factory.made[0])
    with pool.connection() as lease:
        assert not lease.reused
    assert len(factory.made) == 2


def test_a_lost_session_also_discards_the_idle_connections() -> None:
    factory = CountingFactory()
    pool = ConnectionPool(factory, size=3, acquire_timeout=1)
    leases = [pool.acquire() for _ in range(3)]
    for lease in leases[1:]:
        pool.release(lease)
    assert pool.idle == 2

    pool.release(leases[0], lost_session())

    assert pool.idle == 0
    assert not any(is_open(connection) for connection in factory.made)


def test_a_dead_connection_is_recognised_whatever_the_error_says() -> None:
    # Drivers do not always report a lost session as one (psqlODBC: a generic HY000).
    factory = CountingFactory()
    pool = ConnectionPool(factory, size=2, acquire_timeout=1)
    dead, idle = pool.acquire(), pool.acquire()
    pool.release(idle)
    dead.connection.close()

    pool.release(dead, RuntimeError("HY000", "something went wrong"))

    assert dead.lost
    assert pool.idle == 0
    assert not is_open(idle.connection)


def test_a_failure_on_a_live_connection_is_not_a_lost_session() -> None:
    pool = ConnectionPool(CountingFactory(), size=2, acquire_timeout=1)
    failed, idle = pool.acquire(), pool.acquire()
    pool.release(idle)

    pool.release(failed, RuntimeError("HYT00", "query timeout expired"))

    assert not failed.lost
    assert not is_open(failed.connection)  # still discarded: its state is unknown
    assert pool.idle == 1


def test_close_closes_idle_now_and_leased_on_return() -> None:
    factory = CountingFactory()
    pool = ConnectionPool(factory, size=2, acquire_timeout=1)
    held = pool.acquire()
    pool.release(pool.acquire())
    idle_connection = factory.made[1]

    pool.close()

    assert not is_open(idle_connection)
    assert is_open(held.connection)
    pool.release(held)
    assert not is_open(held.connection)
    with pytest.raises(PoolClosedError):
        pool.acquire()


def test_a_failing_factory_gives_its_slot_back() -> None:
    attempts = 0

    def refuse() -> sqlite3.Connection:
        nonlocal attempts
        attempts += 1
        raise sqlite3.OperationalError("unable to open database")

    pool = ConnectionPool(refuse, size=1, acquire_timeout=0.05)
    for _ in range(3):
        with pytest.raises(sqlite3.OperationalError):
            pool.acquire()
    assert attempts == 3  # not PoolExhaustedError: the slot was released each time


@pytest.mark.parametrize(
    ("args", "disconnect"),
    [
        (("08S01", "link failure"), True),
        (("08001", "cannot connect"), True),
        (("57P01", "terminating connection due to administrator command"), True),
        (("HYT00", "query timeout"), False),
        (("42S02", "invalid object name"), False),
        (("database is locked",), False),
        ((), False),
    ],
)
def test_disconnect_detection(args: tuple[str, ...], disconnect: bool) -> None:
    assert is_disconnect(Exception(*args)) is disconnect


def test_which_errors_keep_the_connection() -> None:
    assert keeps_connection(sqlite3.ProgrammingError("bad parameter count"))
    assert keeps_connection(sqlite3.IntegrityError("duplicate"))
    assert not keeps_connection(sqlite3.OperationalError("disk I/O error"))
    assert not keeps_connection(sqlite3.ProgrammingError("08S01", "lost"))
    assert not keeps_connection(TimeoutError())
