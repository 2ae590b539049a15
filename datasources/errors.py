"""Turning a backend call into a :class:`SourceResult`, whatever happens inside it.

Failures are told apart:

* the backend's (unreachable, timed out, an error status, an answer that is not what it should
  be, its circuit open): 503 with the failure's *kind*, retried first when a retry can help;
* our own (a bug in a mapping): 500, the traceback logged once with the request id, a masked
  message in the answer. It does not count against the backend's circuit.

Nothing that could carry SQL text, a connection string, a token or a stack trace leaves this
module in a message; backend log lines name the backend, the failure's kind and class only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar
from xml.etree.ElementTree import ParseError

import httpx
from pydantic import ValidationError

from datasources import observe
from datasources.resilience import CircuitOpenError, Resilience, remaining, request_id
from datasources.result import Code, SourceResult

T = TypeVar("T")

logger = logging.getLogger("datasources")

Kind = Literal[
    "timeout", "connection", "http_status", "bad_response", "database", "circuit_open", "deadline"
]
#: HTTP statuses a second try can cure: the server or a gateway before it was briefly away.
TRANSIENT_STATUSES = frozenset({502, 503, 504})
_LOST_SESSION_STATES = frozenset({"01002", "57P01", "57P02", "57P03"})


class BackendError(Exception):
    """A backend answered, but not usefully (bad status, unparseable body).

    The message must be safe to show to a caller: no secrets, no SQL, no response bodies.
    """

    def __init__(self, message: str, *, kind: Kind = "bad_response", transient: bool = False):
        super().__init__(message)
        self.kind: Kind = kind
        self.transient = transient

    @classmethod
    def status(cls, status: int, message: str) -> BackendError:
        """An HTTP error status; transient for 502/503/504."""
        return cls(message, kind="http_status", transient=status in TRANSIENT_STATUSES)


@dataclass(frozen=True, slots=True)
class Failure:
    kind: Kind
    transient: bool


def classify(records: Sequence[T]) -> Code:
    """200 for one record, 300 for several, 404 for none."""
    if not records:
        return Code.NOT_FOUND
    return Code.OK if len(records) == 1 else Code.MULTIPLE


def _class_names(error: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(error).__mro__}


def backend_failure(error: BaseException) -> Failure | None:
    """What kind of backend failure ``error`` is; None when it is not one (our bug)."""
    if isinstance(error, BackendError):
        return Failure(error.kind, error.transient)
    if isinstance(error, TimeoutError | httpx.TimeoutException):
        return Failure("timeout", False)
    if isinstance(error, httpx.TransportError | ConnectionError):
        return Failure("connection", True)
    module = type(error).__module__.split(".")[0]
    names = _class_names(error)
    if module == "pyodbc":
        state = str(error.args[0]) if error.args else ""
        if state.startswith("HYT"):
            return Failure("timeout", False)
        # SQLSTATE class 08, or PostgreSQL's terminated backends: the session was lost.
        lost = state.startswith("08") or state in _LOST_SESSION_STATES
        return Failure("connection", True) if lost else Failure("database", False)
    if module == "sqlite3":
        return Failure("database", False)
    if module == "requests":
        if "Timeout" in names:
            return Failure("timeout", False)
        if "ConnectionError" in names:
            return Failure("connection", True)
        return Failure("bad_response", False)
    if module == "office365":
        return Failure("bad_response", False)
    if isinstance(error, OSError):
        return Failure("connection", False)
    if isinstance(error, json.JSONDecodeError | ValidationError | ParseError | UnicodeDecodeError):
        return Failure("bad_response", False)
    return None


class _BackendFailedError(Exception):
    def __init__(self, failure: Failure, message: str, cause: str = "") -> None:
        super().__init__(message)
        self.failure = failure
        self.cause = cause


@dataclass(frozen=True, slots=True)
class _OurBug:
    error: Exception


async def guarded(
    name: str,
    call: Callable[[], Awaitable[Sequence[T]]],
    timeout: float,
    *,
    code: Callable[[Sequence[T]], Code] = classify,
    resilience: Resilience | None = None,
) -> SourceResult[T]:
    """Run ``call`` within its budget; any failure becomes a result, never an exception.

    The budget is ``timeout`` or what is left of the request's deadline, whichever is less;
    retries (when ``resilience`` allows them) happen within it. With ``resilience``, the call
    goes through circuit ``name``.
    """
    started = time.perf_counter()

    def elapsed() -> float:
        return round((time.perf_counter() - started) * 1000, 1)

    left = remaining()
    if left is not None and left <= 0:
        message = f"{name} was not asked: the request's deadline had passed"
        return _failed(name, Failure("deadline", False), message, elapsed())
    budget = timeout if left is None else min(timeout, left)
    try:
        if resilience is None:
            outcome = await _within(name, call, budget, None)
        else:
            async with resilience.circuit(name):
                outcome = await _within(name, call, budget, resilience)
    except CircuitOpenError:
        # Not logged as a failure: the circuit's opening was, once (datasources.resilience).
        message = f"{name} is failing: its circuit is open, so it was not asked"
        failure = Failure("circuit_open", False)
        ms = elapsed()
        observe.backend_call(name, int(Code.UNAVAILABLE), ms, failure.kind)
        return SourceResult(name, Code.UNAVAILABLE, message=message, ms=ms, error=failure.kind)
    except _BackendFailedError as failed:
        return _failed(name, failed.failure, str(failed), elapsed(), failed.cause)
    if isinstance(outcome, _OurBug):
        logger.error(
            "backend %s: unexpected error inside the service (request %s)",
            name,
            request_id(),
            exc_info=outcome.error,
        )
        message = f"{name}: unexpected failure inside the service; it has been logged"
        ms = elapsed()
        observe.backend_call(name, int(Code.INTERNAL), ms, "internal")
        return SourceResult(name, Code.INTERNAL, message=message, ms=ms, error="internal")
    records = tuple(outcome)
    answered, ms = code(records), elapsed()
    observe.backend_call(name, int(answered), ms, None)
    return SourceResult(name, answered, records, ms=ms)


async def _within(
    name: str,
    call: Callable[[], Awaitable[Sequence[T]]],
    budget: float,
    resilience: Resilience | None,
) -> Sequence[T] | _OurBug:
    try:
        async with asyncio.timeout(budget):
            return await _attempts(name, call, resilience, time.monotonic() + budget)
    except TimeoutError:
        raise _BackendFailedError(Failure("timeout", False), f"{name} timed out") from None


async def _attempts(
    name: str,
    call: Callable[[], Awaitable[Sequence[T]]],
    resilience: Resilience | None,
    until: float,
) -> Sequence[T] | _OurBug:
    retries = resilience.retries if resilience is not None else 0
    attempt = 0
    while True:
        try:
            return await call()
        except Exception as error:  # every fault becomes a status, never a raise
            failure = backend_failure(error)
            if failure is None:
                return _OurBug(error)
            if failure.transient and resilience is not None and attempt < retries:
                pause = resilience.backoff(attempt)
                if time.monotonic() + pause < until:
                    logger.info(
                        "backend %s: %s failure (%s), retrying", name, failure.kind, _named(error)
                    )
                    attempt += 1
                    await asyncio.sleep(pause)
                    continue
            raise _BackendFailedError(
                failure, _message(name, failure, error), _named(error)
            ) from None


def _message(name: str, failure: Failure, error: Exception) -> str:
    if isinstance(error, BackendError):
        return f"{name}: {error}"
    if failure.kind == "timeout":
        return f"{name} timed out"
    return f"{name} is unavailable"


def _named(error: BaseException) -> str:
    return type(error).__name__


def _failed(
    name: str, failure: Failure, message: str, ms: float, cause: str = ""
) -> SourceResult[T]:
    detail = f"{failure.kind}, {cause}" if cause else failure.kind
    fields = {"backend": name, "kind": failure.kind, "ms": ms, "request_id": request_id()}
    logger.warning(
        "backend %s failed: %s (%s, %.0f ms)", name, message, detail, ms, extra={"fields": fields}
    )
    observe.backend_call(name, int(Code.UNAVAILABLE), ms, failure.kind)
    return SourceResult(name, Code.UNAVAILABLE, message=message, ms=ms, error=failure.kind)
