"""Turning a backend call into a :class:`SourceResult`, whatever happens inside it.

A backend failure becomes a status with a short, safe message. Nothing that could carry SQL
text, a connection string, a token or a stack trace leaves this module: the log line names the
backend, the exception class and the elapsed time only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from datasources.result import Code, SourceResult

T = TypeVar("T")

logger = logging.getLogger("datasources")


class BackendError(Exception):
    """A backend answered, but not usefully (bad status, unparseable body).

    The message must be safe to show to a caller: no secrets, no SQL, no response bodies.
    """


def classify(records: Sequence[T]) -> Code:
    """200 for one record, 300 for several, 404 for none."""
    if not records:
        return Code.NOT_FOUND
    return Code.OK if len(records) == 1 else Code.MULTIPLE


async def guarded(
    name: str,
    call: Callable[[], Awaitable[Sequence[T]]],
    timeout: float,
    *,
    code: Callable[[Sequence[T]], Code] = classify,
) -> SourceResult[T]:
    """Run ``call`` with a deadline; any failure becomes a 503 result, never an exception."""
    started = time.perf_counter()

    def elapsed() -> float:
        return round((time.perf_counter() - started) * 1000, 1)

    try:
        async with asyncio.timeout(timeout):
            records = await call()
    except TimeoutError:
        logger.warning("backend %s timed out after %.0f ms", name, elapsed())
        return SourceResult(name, Code.UNAVAILABLE, message=f"{name} timed out", ms=elapsed())
    except BackendError as error:
        logger.warning("backend %s failed: %s (%.0f ms)", name, error, elapsed())
        return SourceResult(name, Code.UNAVAILABLE, message=f"{name}: {error}", ms=elapsed())
    except Exception as error:  # every backend fault must become a status, never a raise
        logger.warning(
            "backend %s unavailable: %s (%.0f ms)", name, type(error).__name__, elapsed()
        )
        return SourceResult(name, Code.UNAVAILABLE, message=f"{name} is unavailable", ms=elapsed())
    records = tuple(records)
    return SourceResult(name, code(records), records, ms=elapsed())
