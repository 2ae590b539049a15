"""Deadlines, retries, circuit breakers and bulkheads around a backend call (``guarded``).

The calls here are plain coroutines standing in for a client's read, so that each behaviour is
pinned on its own; the same code against real loopback backends is in the fault matrix.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
import time
from collections.abc import Sequence

import httpx
import pytest

from datasources.bulkhead import Bulkhead
from datasources.errors import BackendError, backend_failure, guarded
from datasources.resilience import Resilience, ResilienceSettings, start_request
from datasources.result import Code


class Calls:
    """A backend read that fails with ``faults`` in turn, then answers ``("record",)``."""

    def __init__(self, *faults: BaseException, delay: float = 0.0) -> None:
        self.faults = list(faults)
        self.count = 0
        self.delay = delay

    async def __call__(self) -> Sequence[str]:
        self.count += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.faults:
            raise self.faults.pop(0)
        return ("record",)


def policy(**settings: float) -> Resilience:
    values = {"retry_backoff_seconds": 0.0, **settings}
    return Resilience(ResilienceSettings.model_validate(values))


def in_request(deadline: float | None) -> contextvars.Context:
    context = contextvars.copy_context()
    context.run(start_request, "req-7", deadline)
    return context


async def guarded_in(context: contextvars.Context, call: Calls, timeout: float = 5.0) -> object:
    task = asyncio.get_running_loop().create_task(
        guarded("mgi", call, timeout, resilience=policy()), context=context
    )
    return await task


# --- failure kinds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "kind", "transient"),
    [
        (BackendError.status(503, "x"), "http_status", True),
        (BackendError.status(500, "x"), "http_status", False),
        (BackendError("bad body"), "bad_response", False),
        (TimeoutError(), "timeout", False),
        (httpx.ConnectError("refused"), "connection", True),
        (ConnectionResetError(), "connection", True),
        (ValueError("raised by our own code"), None, None),
        (KeyError("a bug"), None, None),
    ],
)
def test_failure_kinds(error: Exception, kind: str | None, transient: bool | None) -> None:
    failure = backend_failure(error)
    if kind is None:
        assert failure is None
    else:
        assert failure is not None
        assert (failure.kind, failure.transient) == (kind, transient)


# --- retries ------------------------------------------------------------------------------


async def test_a_transient_failure_is_retried() -> None:
    call = Calls(BackendError.status(503, "MGI answered HTTP 503"))
    result = await guarded("mgi", call, 5, resilience=policy())
    assert (result.code, result.records, call.count) == (Code.OK, ("record",), 2)


async def test_retries_are_bounded_in_count() -> None:
    call = Calls(*(httpx.ConnectError("refused") for _ in range(10)))
    result = await guarded("mgi", call, 5, resilience=policy(retries=2))
    assert (result.code, result.error, call.count) == (Code.UNAVAILABLE, "connection", 3)


async def test_a_lasting_failure_is_not_retried() -> None:
    call = Calls(BackendError.status(500, "MGI answered HTTP 500"))
    result = await guarded("mgi", call, 5, resilience=policy())
    assert (result.code, result.error, call.count) == (Code.UNAVAILABLE, "http_status", 1)
    assert result.message == "mgi: MGI answered HTTP 500"


async def test_retries_stay_within_the_time_budget() -> None:
    """A backoff longer than what is left is not waited for: the failure answers now."""
    call = Calls(*(httpx.ConnectError("refused") for _ in range(10)))
    resilience = policy(retries=5, retry_backoff_seconds=10.0)
    result = await guarded("mgi", call, 0.5, resilience=resilience)
    assert result.error in ("connection", "timeout")
    assert call.count < 6


# --- deadlines ----------------------------------------------------------------------------


async def test_the_request_deadline_cuts_a_longer_timeout() -> None:
    call = Calls(delay=30.0)
    started = time.monotonic()
    result = await guarded_in(in_request(0.2), call, timeout=30.0)
    assert result.code == Code.UNAVAILABLE  # type: ignore[attr-defined]
    assert result.error == "timeout"  # type: ignore[attr-defined]
    assert time.monotonic() - started < 10  # not the backend's 30 s


async def test_a_call_after_the_deadline_is_not_made() -> None:
    call = Calls()
    context = in_request(0.0)
    result = await guarded_in(context, call)
    assert (result.code, result.error, call.count) == (Code.UNAVAILABLE, "deadline", 0)  # type: ignore[attr-defined]


# --- our bugs -----------------------------------------------------------------------------


async def test_a_bug_of_ours_is_500_logged_once_with_the_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    call = Calls(KeyError("password=hunter2"))
    with caplog.at_level(logging.WARNING, logger="datasources"):
        result = await guarded_in(in_request(5.0), call)
    assert result.code == Code.INTERNAL  # type: ignore[attr-defined]
    assert result.error == "internal"  # type: ignore[attr-defined]
    assert "hunter2" not in result.message  # type: ignore[attr-defined]
    assert call.count == 1  # not retried
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "req-7" in record.getMessage()
    assert record.exc_info is not None


async def test_bugs_do_not_open_the_circuit() -> None:
    resilience = policy(breaker_failures=2)
    for _ in range(5):
        result = await guarded("mgi", Calls(KeyError("bug")), 5, resilience=resilience)
        assert result.code == Code.INTERNAL
    assert resilience.states() == {"mgi": "closed"}


# --- circuit breakers ---------------------------------------------------------------------


async def test_the_circuit_opens_answers_fast_then_half_opens_and_closes() -> None:
    resilience = policy(breaker_failures=2, breaker_cooldown_seconds=0.3, retries=0)
    failing = Calls(*(BackendError.status(500, "down") for _ in range(2)))
    for _ in range(2):
        assert (await guarded("mgi", failing, 5, resilience=resilience)).error == "http_status"
    assert resilience.states() == {"mgi": "open"}

    healthy = Calls()
    refused = await guarded("mgi", healthy, 5, resilience=resilience)
    assert (refused.code, refused.error, healthy.count) == (Code.UNAVAILABLE, "circuit_open", 0)
    assert "circuit is open" in refused.message

    await asyncio.sleep(0.4)
    recovered = await guarded("mgi", healthy, 5, resilience=resilience)
    assert (recovered.code, healthy.count) == (Code.OK, 1)
    assert resilience.states() == {"mgi": "closed"}


async def test_a_failed_half_open_call_opens_the_circuit_again() -> None:
    resilience = policy(breaker_failures=1, breaker_cooldown_seconds=0.2, retries=0)
    await guarded("mgi", Calls(BackendError.status(500, "down")), 5, resilience=resilience)
    await asyncio.sleep(0.3)
    await guarded("mgi", Calls(BackendError.status(500, "down")), 5, resilience=resilience)
    assert resilience.states() == {"mgi": "open"}


async def test_circuits_are_per_name_and_not_found_is_no_failure() -> None:
    resilience = policy(breaker_failures=1, retries=0)
    await guarded("sharepoint.nsb2019", Calls(TimeoutError()), 5, resilience=resilience)

    async def nothing() -> Sequence[str]:
        return ()

    for _ in range(3):
        assert (await guarded("tars", nothing, 5, resilience=resilience)).code == Code.NOT_FOUND
    assert resilience.states() == {"sharepoint.nsb2019": "open", "tars": "closed"}


# --- bulkheads ----------------------------------------------------------------------------


async def test_a_timed_out_call_keeps_its_thread_until_the_backend_lets_go() -> None:
    bulkhead = Bulkhead("graph", 1)
    release = threading.Event()

    async def stuck() -> Sequence[str]:
        return await bulkhead.run(lambda: (release.wait(10), "late")[1:])

    first = await guarded("graph", stuck, 0.1)
    assert first.error == "timeout"
    assert bulkhead.busy == 1  # the thread is still in the backend
    # The slot is not handed out again: a second call waits for it instead of a new thread.
    second = await guarded("graph", stuck, 0.1)
    assert second.error == "timeout"
    assert bulkhead.busy == 1
    names = [t.name for t in threading.enumerate() if t.name.startswith("bulkhead-graph")]
    assert len(names) == 1
    release.set()
    for _ in range(100):
        if bulkhead.busy == 0:
            break
        await asyncio.sleep(0.01)
    assert bulkhead.busy == 0
    assert await bulkhead.run(lambda: "free again") == "free again"
    bulkhead.close()


async def test_a_closed_bulkhead_is_a_backend_failure() -> None:
    bulkhead = Bulkhead("graph", 2)
    bulkhead.close()

    async def call() -> Sequence[str]:
        return await bulkhead.run(lambda: ("never",))

    result = await guarded("graph", call, 1)
    assert (result.code, result.error) == (Code.UNAVAILABLE, "connection")
