"""Prometheus metrics at /metrics, and the middleware that measures and logs every request.

Metrics (all prefixed ``aind_graphql_``):

* ``requests_total{route, operation, outcome}`` and ``request_seconds{route, operation}``: each
  HTTP request by its route template (``/graphql``, ``/api/v2/subject/{subject_id}``, ...)
  and, for /graphql, its operation name (REST requests repeat the route); outcome is ``ok``,
  ``partial`` (GraphQL errors, some root field with data), ``error`` (GraphQL errors, no
  root field with data),
  ``client_error`` (4xx) or ``server_error`` (5xx).
* ``requests_in_flight``.
* ``backend_call_seconds{backend}`` and ``backend_errors_total{backend, kind}``: every guarded
  backend call, its failures by kind (datasources/errors.py, plus ``internal`` for our bugs).
* ``cache_hits_total{backend}`` and ``cache_misses_total{backend}``.
* ``circuit_state{circuit}``: 0 closed, 1 half-open, 2 open.

With ``PROMETHEUS_MULTIPROC_DIR`` set (an empty, writable directory, before the service
starts), every worker writes its values there and /metrics adds them up across workers; the
live gauges of workers that died are dropped at each scrape.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphql_service import logs
from resolvers.observe import Observer, add_observer

MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
REQUEST_ID_HEADER = b"x-request-id"
#: Distinct GraphQL operation names counted apart; later new names count as ``other``.
MAX_OPERATIONS = 200
UNMATCHED = "unmatched"

REQUESTS = Counter(
    "aind_graphql_requests",
    "HTTP requests by route, GraphQL operation and outcome.",
    ["route", "operation", "outcome"],
)
REQUEST_SECONDS = Histogram(
    "aind_graphql_request_seconds",
    "HTTP request duration in seconds.",
    ["route", "operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
IN_FLIGHT = Gauge(
    "aind_graphql_requests_in_flight",
    "HTTP requests being answered.",
    multiprocess_mode="livesum",
)
BACKEND_SECONDS = Histogram(
    "aind_graphql_backend_call_seconds",
    "Backend call duration in seconds (retries included), by backend.",
    ["backend"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
BACKEND_ERRORS = Counter(
    "aind_graphql_backend_errors",
    "Failed backend calls by backend and failure kind.",
    ["backend", "kind"],
)
CACHE_HITS = Counter("aind_graphql_cache_hits", "Backend answers found in the cache.", ["backend"])
CACHE_MISSES = Counter(
    "aind_graphql_cache_misses", "Backend answers not found in the cache.", ["backend"]
)
CIRCUIT_STATE = Gauge(
    "aind_graphql_circuit_state",
    "Circuit breaker state: 0 closed, 1 half-open, 2 open.",
    ["circuit"],
    multiprocess_mode="livemax",
)
CIRCUIT_VALUES = {"closed": 0, "half-open": 1, "open": 2}


class PrometheusObserver(Observer):
    def backend_call(self, backend: str, code: int, ms: float, kind: str | None) -> None:
        BACKEND_SECONDS.labels(backend).observe(ms / 1000)
        if kind:
            BACKEND_ERRORS.labels(backend, kind).inc()

    def cache_lookup(self, backend: str, hit: bool) -> None:
        (CACHE_HITS if hit else CACHE_MISSES).labels(backend).inc()

    def circuit_state(self, circuit: str, state: str) -> None:
        CIRCUIT_STATE.labels(circuit).set(CIRCUIT_VALUES.get(state, 0))


PROMETHEUS_OBSERVER = PrometheusObserver()


def install() -> None:
    """Register the Prometheus and request-log observers (once; repeating is harmless)."""
    add_observer(PROMETHEUS_OBSERVER)
    logs.install_request_log()


def forget_dead_workers(directory: Path) -> list[int]:
    """Drop the live gauges (in flight, circuit state) of worker processes that are gone.

    A worker that crashed or was replaced leaves its gauge files behind; without this its last
    in-flight count would be added in for ever. Counters and histograms stay: what a dead
    worker counted did happen. Answers the process ids forgotten."""
    pids = {path.stem.rsplit("_", 1)[-1] for path in directory.glob("gauge_live*_*.db")}
    gone = sorted(int(pid) for pid in pids if pid.isdigit() and not _alive(int(pid)))
    for pid in gone:
        multiprocess.mark_process_dead(pid, str(directory))
    return gone


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # somebody else's process, so not one of our dead workers
    return True


async def metrics(request: Request) -> Response:
    """The Prometheus text exposition; every live worker's values in multiprocess mode."""
    if directory := os.environ.get(MULTIPROC_VARIABLE):
        forget_dead_workers(Path(directory))
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


_operations: set[str] = set()


def _operation_label(name: str) -> str:
    if name in _operations:
        return name
    if len(_operations) >= MAX_OPERATIONS:
        return "other"
    _operations.add(name)
    return name


def _route(scope: Scope) -> str:
    """The matching route's path template; never the raw path (unbounded label values)."""
    app = scope.get("app")
    for route in getattr(app, "routes", ()):
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return str(getattr(route, "path", UNMATCHED))
    return UNMATCHED


def outcome(status: int, record: logs.RequestRecord) -> str:
    if status >= 500:
        return "server_error"
    if status >= 400:
        return "client_error"
    if record.graphql_errors:
        return "partial" if record.graphql_data else "error"
    return "ok"


def _valid_id(value: str) -> bool:
    return 0 < len(value) <= 64 and value.replace("-", "").isalnum()


class RequestTelemetry:
    """Outermost middleware: counts, times and logs every HTTP request (refusals included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record = logs.RequestRecord(method=scope.get("method", ""), path=scope.get("path", ""))
        record.route = _route(scope)
        given = _header(scope, REQUEST_ID_HEADER)
        if _valid_id(given):
            record.request_id = given
        status = 500

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                answered = _header(message, REQUEST_ID_HEADER)
                if answered:
                    record.request_id = answered
            await send(message)

        token = logs.begin(record)
        IN_FLIGHT.inc()
        started = time.perf_counter()
        try:
            await self.app(scope, receive, observed_send)
        finally:
            seconds = time.perf_counter() - started
            IN_FLIGHT.dec()
            logs.end(token)
            operation = record.route
            if record.operation is not None:
                operation = _operation_label(record.operation)
            result = outcome(status, record)
            REQUESTS.labels(record.route, operation, result).inc()
            REQUEST_SECONDS.labels(record.route, operation).observe(seconds)
            logs.log_request(record, status, result, seconds)


def _header(holder: Any, name: bytes) -> str:
    for key, value in holder.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""
