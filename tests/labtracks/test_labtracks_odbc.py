"""The production client against a real database: pyodbc + psqlODBC + the local PostgreSQL.

Each test builds its own database from a labtracks.sql script and reaches it only through
``LabTracksSource``/``LabTracksClient``, exactly as the service reaches SQL Server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.labtracks.pool import sqlstate
from datasources.result import Code

pytestmark = [pytest.mark.odbc, pytest.mark.usefixtures("odbc_available")]

HERE = Path(__file__).parent
DEMO_DIR = HERE.parents[1] / "datasources" / "demo"
SMALL_DIR = HERE / "data" / "small"
DEMO_IDS = list(range(650101, 650125))
SECRET = "s3cret;pa}ss"

Settings = Callable[..., LabTracksSettings]


@pytest.fixture
async def sources() -> AsyncIterator[Callable[[LabTracksSettings], LabTracksSource]]:
    """``open(settings)``: a live source, closed after the test."""
    opened: list[LabTracksSource] = []

    def open_source(settings: LabTracksSettings) -> LabTracksSource:
        source = LabTracksSource.from_settings(settings)
        opened.append(source)
        return source

    yield open_source
    for source in opened:
        await source.aclose()


def pool_of(source: LabTracksSource) -> Any:
    assert source.client is not None
    return source.client.pool


# --- the production SQL on another engine -----------------------------------------------


@pytest.mark.parametrize(
    ("script_dir", "ids"), [(DEMO_DIR, DEMO_IDS), (SMALL_DIR, [1001, 1002, 1003, 1004])]
)
async def test_odbc_answers_like_the_snapshot(
    pg_database: Callable[[Path], str],
    pg_settings: Settings,
    sources: Callable[[LabTracksSettings], LabTracksSource],
    script_dir: Path,
    ids: list[int],
) -> None:
    live = sources(pg_settings(pg_database(script_dir / "labtracks.sql")))
    snapshot = LabTracksSource.from_snapshot(script_dir)
    assert snapshot is not None
    try:
        expected = await snapshot.subjects([*ids, 1])
    finally:
        await snapshot.aclose()

    result = await live.subjects([*ids, 1])

    assert result.code == Code.OK, result.message
    assert [record.subject_id for record in result.records] == [
        record.subject_id for record in expected.records
    ]
    # Same SQL, same row model, same mapping: datetimes vs text and Decimals vs ints included.
    # Rows that share an id come in whichever order the engine's join plan yields them.
    assert sorted(map(repr, result.records)) == sorted(map(repr, expected.records))


async def test_small_script_types_through_psqlodbc(
    pg_database: Callable[[Path], str],
    pg_settings: Settings,
    sources: Callable[[LabTracksSettings], LabTracksSource],
) -> None:
    live = sources(pg_settings(pg_database(SMALL_DIR / "labtracks.sql")))

    result = await live.subjects([1001, 1003])

    assert [record.subject_id for record in result.records] == ["1001", "1003", "1003"]
    details = result.records[0].document["subject_details"]
    assert details["date_of_birth"] == "2024-05-06"
    assert details["housing"] == {"object_type": "Housing", "room_id": "12", "cage_id": "501"}
    assert details["breeding_info"]["maternal_id"] == "2001"


async def test_unknown_ids_are_404(
    pg_database: Callable[[Path], str],
    pg_settings: Settings,
    sources: Callable[[LabTracksSettings], LabTracksSource],
) -> None:
    live = sources(pg_settings(pg_database(DEMO_DIR / "labtracks.sql")))
    result = await live.subjects([1, 2, 3])
    assert result.code == Code.NOT_FOUND
    assert (await live.ping()).code == Code.OK


# --- connection reuse and recovery ------------------------------------------------------


async def test_connections_are_pooled_across_requests(
    pg_database: Callable[[Path], str],
    pg_settings: Settings,
    sources: Callable[[LabTracksSettings], LabTracksSource],
    backend_pids: Callable[[str], set[int]],
) -> None:
    database = pg_database(DEMO_DIR / "labtracks.sql")
    live = sources(pg_settings(database, pool_size=2))

    assert (await live.subjects([650101])).code == Code.OK
    first = backend_pids(database)
    assert len(first) == 1
    for subject_id in DEMO_IDS:
        assert (await live.subjects([subject_id])).code == Code.OK
    assert backend_pids(database) == first  # the same server session served them all

    results = await asyncio.gather(*(live.subjects([DEMO_IDS[i % 24]]) for i in range(40)))

    assert all(result.code == Code.OK for result in results)
    assert 1 <= len(backend_pids(database)) <= 2
    assert pool_of(live).opened <= 2


async def test_recovers_when_the_server_drops_pooled_connections(
    pg_database: Callable[[Path], str],
    pg_settings: Settings,
    sources: Callable[[LabTracksSettings], LabTracksSource],
    backend_pids: Callable[[str], set[int]],
    pg_admin: Any,
) -> None:
    database = pg_database(DEMO_DIR / "labtracks.sql")
    live = sources(pg_settings(database, pool_size=2))
    pool = pool_of(live)
    leases = [pool.acquire(), pool.acquire()]  # two idle sessions in the pool
    for lease in leases:
        pool.release(lease)
    before = backend_pids(database)
    assert len(before) == 2

    for pid in before:
        pg_admin.execute("SELECT pg_terminate_backend(?)", pid).fetchall()

    result = await live.subjects([650101])

    assert result.code == Code.OK, result.message
    assert len(result.records) == 1
    assert backend_pids(database).isdisjoint(before)
    assert (await live.subjects([650102])).code == Code.OK


# --- failures become statuses -----------------------------------------------------------


async def test_unreachable_server_is_503_without_secrets(
    pg_settings: Settings,
    sources: Callable[[LabTracksSettings], LabTracksSource],
    closed_port: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = pg_settings("labtracks", port=closed_port, user="svc_user", password=SECRET)
    live = sources(settings)

    with caplog.at_level(logging.DEBUG):
        result = await live.subjects([650101])
        ping = await live.ping()

    assert result.code == Code.UNAVAILABLE
    assert ping.code == Code.UNAVAILABLE
    assert result.records == ()
    for text in (result.message, ping.message, caplog.text):
        for secret in ("s3cret", "PWD", "DRIVER=", "svc_user", str(closed_port)):
            assert secret not in text
    assert result.message == "labtracks is unavailable"


async def test_silent_server_hits_the_login_timeout(
    pg_settings: Settings,
    sources: Callable[[LabTracksSettings], LabTracksSource],
    silent_port: int,
) -> None:
    live = sources(pg_settings("labtracks", port=silent_port, timeout_seconds=1))

    result = await live.subjects([650101])

    assert result.code == Code.UNAVAILABLE
    assert result.message in ("labtracks timed out", "labtracks is unavailable")


async def test_driver_query_timeout_ends_a_slow_statement(
    pg_database: Callable[[Path], str],
    pg_settings: Settings,
    sources: Callable[[LabTracksSettings], LabTracksSource],
) -> None:
    import pyodbc

    live = sources(pg_settings(pg_database(DEMO_DIR / "labtracks.sql"), timeout_seconds=1))
    assert live.client is not None

    # Without a driver-side timeout this would simply return after 30 s.
    with pytest.raises(pyodbc.Error) as raised:
        await live.client.fetch("SELECT pg_sleep(30)")

    assert sqlstate(raised.value) == "57014"  # canceling statement due to statement timeout
    assert await live.client.fetch("SELECT 1 AS ONE") == [{"ONE": 1}]


async def test_blocked_query_times_out_then_the_source_recovers(
    pg_database: Callable[[Path], str],
    pg_settings: Settings,
    sources: Callable[[LabTracksSettings], LabTracksSource],
    pg_session: Callable[[str], Any],
) -> None:
    database = pg_database(DEMO_DIR / "labtracks.sql")
    live = sources(pg_settings(database, timeout_seconds=1, pool_size=1))
    blocker = pg_session(database)
    blocker.execute("LOCK TABLE ANIMALS_COMMON IN ACCESS EXCLUSIVE MODE")

    blocked = await live.subjects([650101])
    blocker.rollback()
    after = await live.subjects([650101])

    assert blocked.code == Code.UNAVAILABLE
    assert blocked.message in ("labtracks timed out", "labtracks is unavailable")
    assert after.code == Code.OK, after.message
