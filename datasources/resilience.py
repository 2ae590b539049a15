"""What bounds every backend call: the request's deadline, retries and circuit breakers.

* **Deadline.** The service layer starts one per request (:func:`start_request`); every
  backend call gets ``min(its own timeout, what is left)``, so a request never waits past it,
  and a call asked after it passed is not made at all. It lives in a context variable because
  it must reach calls made deep inside batch loaders and single-flight tasks, which inherit
  the request's context.
* **Retries.** Only for failures a second try can cure (connection reset, HTTP 502/503/504,
  an ODBC communication-link error), with exponential backoff and full jitter, bounded in count
  and by the call's time budget. Every backend call is a read, so repeating one is safe.
* **Circuit breakers** (purgatory). One per circuit name (``labtracks``,
  ``sharepoint.nsb2019``, ...) in each :class:`Resilience`: after ``breaker_failures``
  consecutive backend failures the circuit opens and calls answer at once without touching the
  backend; after ``breaker_cooldown_seconds`` one call is let through (half-open) and closes it
  again on success. Our own bugs never count: the backend answered.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import OpenedState
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from datasources import observe
from datasources.settings import BackendSettings

logger = logging.getLogger("datasources.resilience")

_DEADLINE: ContextVar[float | None] = ContextVar("aind_request_deadline", default=None)
_REQUEST_ID: ContextVar[str] = ContextVar("aind_request_id", default="-")

#: Circuit states as /ready and metrics show them.
CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"
_STATES = {"closed": CLOSED, "opened": OPEN, "half-opened": HALF_OPEN}


class ResilienceSettings(BackendSettings):
    """``AIND_GRAPHQL_BREAKER_*`` and ``AIND_GRAPHQL_RETRY_*``, shared by every backend."""

    model_config = SettingsConfigDict(env_prefix="AIND_GRAPHQL_", extra="ignore", frozen=True)

    breaker_failures: int = Field(default=5, ge=1, le=1000)
    # Short: a backend's blip of a few seconds should not cost half a minute of answers.
    breaker_cooldown_seconds: float = Field(default=10.0, gt=0)
    retries: int = Field(default=2, ge=0, le=5)
    retry_backoff_seconds: float = Field(default=0.1, ge=0)

    @property
    def configured(self) -> bool:
        return True


def start_request(request_id: str, deadline_seconds: float | None) -> None:
    """Start the current request's clock (and name it in backend log lines)."""
    _REQUEST_ID.set(request_id)
    _DEADLINE.set(None if deadline_seconds is None else time.monotonic() + deadline_seconds)


def remaining() -> float | None:
    """Seconds left before the current request's deadline; None when it has none."""
    deadline = _DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


def request_id() -> str:
    return _REQUEST_ID.get()


class CircuitOpenError(Exception):
    """The circuit is open: the backend is not asked."""


class Resilience:
    """The breakers and retry policy of one source (so tests and processes never share
    circuit state by accident)."""

    def __init__(self, settings: ResilienceSettings | None = None) -> None:
        self.settings = settings or ResilienceSettings()
        self._factory = AsyncCircuitBreakerFactory(
            default_threshold=self.settings.breaker_failures,
            default_ttl=self.settings.breaker_cooldown_seconds,
        )
        self._factory.add_listener(self._on_event)
        self._states: dict[str, str] = {}

    @property
    def retries(self) -> int:
        return self.settings.retries

    def backoff(self, attempt: int) -> float:
        """Full jitter: a random wait up to ``base * 2**attempt`` (attempt counts from 0)."""
        return random.uniform(0, self.settings.retry_backoff_seconds * 2**attempt)  # noqa: S311 (jitter)

    def states(self) -> dict[str, str]:
        """Each circuit asked so far and its state."""
        return dict(sorted(self._states.items()))

    @asynccontextmanager
    async def circuit(self, name: str) -> AsyncIterator[None]:
        """Run the block through circuit ``name``; raises :class:`CircuitOpenError` at once
        when it is open. An exception leaving the block counts as a backend failure."""
        breaker = await self._factory.get_breaker(name)
        if name not in self._states:
            self._states[name] = CLOSED
            observe.circuit_state(name, CLOSED)
        try:
            async with breaker:
                yield
        except OpenedState as opened:
            raise CircuitOpenError(name) from opened

    def _on_event(self, name: str, event_name: str, event: Any) -> None:
        if event_name == "state_changed":
            state = _STATES.get(str(getattr(event, "state", "")), CLOSED)
            if self._states.get(name) != state:
                logger.warning("circuit %s is now %s", name, state)
            self._states[name] = state
            observe.circuit_state(name, state)
