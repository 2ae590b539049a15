"""What the service layer may watch of backend calls, without datasources knowing who watches.

``guarded`` reports every backend call (its code, time and failure kind), the caches report
hits and misses, and :class:`~datasources.resilience.Resilience` reports circuit states. The
service layer registers an :class:`Observer` (Prometheus collectors, the per-request log) with
:func:`add_observer`. An observer's own failure is swallowed: watching never breaks a call.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("datasources.observe")


class Observer:
    """Override what you need; every method is a no-op by default."""

    def backend_call(self, backend: str, code: int, ms: float, kind: str | None) -> None:
        """One guarded call ended: its code, its time, and its failure kind when it failed."""

    def cache_lookup(self, backend: str, hit: bool) -> None:
        """One cache read for ``backend``'s answers: found (hit) or not (miss)."""

    def circuit_state(self, circuit: str, state: str) -> None:
        """Circuit ``circuit`` is now ``state`` (closed, half-open, open)."""


_OBSERVERS: list[Observer] = []


def add_observer(observer: Observer) -> None:
    if observer not in _OBSERVERS:
        _OBSERVERS.append(observer)


def remove_observer(observer: Observer) -> None:
    if observer in _OBSERVERS:
        _OBSERVERS.remove(observer)


def backend_call(backend: str, code: int, ms: float, kind: str | None) -> None:
    for observer in tuple(_OBSERVERS):
        try:
            observer.backend_call(backend, code, ms, kind)
        except Exception:  # an observer's bug must not fail the call
            logger.exception("observer %s failed", type(observer).__name__)


def cache_lookup(backend: str, hit: bool) -> None:
    for observer in tuple(_OBSERVERS):
        try:
            observer.cache_lookup(backend, hit)
        except Exception:  # an observer's bug must not fail the call
            logger.exception("observer %s failed", type(observer).__name__)


def circuit_state(circuit: str, state: str) -> None:
    for observer in tuple(_OBSERVERS):
        try:
            observer.circuit_state(circuit, state)
        except Exception:  # an observer's bug must not fail the call
            logger.exception("observer %s failed", type(observer).__name__)
