"""Optional OpenTelemetry tracing: a span per request, a child span per backend call.

Tracing is on when an OTLP endpoint is configured: ``AIND_GRAPHQL_OTLP_ENDPOINT`` (the
collector's base URL, ``/v1/traces`` is added) or the standard ``OTEL_EXPORTER_OTLP_ENDPOINT``
/ ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` (read by the exporter as the OpenTelemetry
specification says, with ``OTEL_EXPORTER_OTLP_HEADERS`` and the rest). ``OTEL_SDK_DISABLED=true``
turns it off again. Spans go out over OTLP/HTTP in batches; the packages come with the
``tracing`` extra.

When tracing is off, nothing of OpenTelemetry is imported (this module imports without it
installed) and no middleware or observer is added. When it is configured but the packages are
missing, the service logs a warning and serves untraced.

Spans:

* the request (kind server), named ``{method} {route}``: ``http.request.method``, ``url.path``,
  ``http.route``, ``http.response.status_code``, ``graphql.operation.name`` (for /graphql),
  ``aind.request_id``, ``aind.outcome`` (as in the metrics), ``aind.cache.hits`` and
  ``aind.cache.misses``; status error for a 5xx. A caller's W3C ``traceparent`` is its parent.
* each guarded backend call (kind client), named ``backend {name}``, a child of its request:
  ``aind.backend.name``, ``aind.backend.code``, ``aind.backend.ms`` and, when it failed,
  ``error.type`` and ``aind.backend.error`` (the failure's kind: timeout, connection,
  http_status, bad_response, database, circuit_open, deadline, internal) with status error.
  The span covers the call's time, retries included.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphql_service import logs
from graphql_service.metrics import outcome
from resolvers.observe import Observer, add_observer

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import SpanProcessor
    from opentelemetry.trace import Span, Tracer

logger = logging.getLogger("graphql_service.tracing")

ENDPOINT_VARIABLE = "AIND_GRAPHQL_OTLP_ENDPOINT"
STANDARD_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
SERVICE_NAME = "aind-metadata-graphql"
TRACES_PATH = "/v1/traces"

#: The current request's tracer and span, for the backend-call observer.
_REQUEST_SPAN: ContextVar[tuple[Tracer, Span] | None] = ContextVar(
    "aind_request_span", default=None
)


def configured_endpoint(environ: Mapping[str, str] | None = None) -> str | None:
    """The OTLP endpoint tracing sends to, or None when tracing is off.

    ``AIND_GRAPHQL_OTLP_ENDPOINT`` is returned as the full traces URL; for the standard
    variables the empty string is returned: the exporter reads them itself.
    """
    environ = os.environ if environ is None else environ
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return None
    own = environ.get(ENDPOINT_VARIABLE, "").strip()
    if own:
        return own.rstrip("/") + TRACES_PATH
    if any(environ.get(name, "").strip() for name in STANDARD_VARIABLES):
        return ""
    return None


def make_processor(endpoint: str) -> SpanProcessor:
    """Batches spans to the OTLP/HTTP exporter (``endpoint`` empty: the standard variables)."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    return BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint or None))


def _tracer(processor: SpanProcessor) -> Tracer:
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider

    attributes = {} if os.environ.get("OTEL_SERVICE_NAME") else {"service.name": SERVICE_NAME}
    provider = TracerProvider(resource=Resource.create(attributes))
    provider.add_span_processor(processor)
    return provider.get_tracer("graphql_service")


def tracing_middleware(environ: Mapping[str, str] | None = None) -> list[Middleware]:
    """The request-tracing middleware when an endpoint is configured; nothing otherwise."""
    endpoint = configured_endpoint(environ)
    if endpoint is None:
        return []
    try:
        tracer = _tracer(make_processor(endpoint))
    except ImportError as error:
        logger.warning(
            "an OTLP endpoint is configured, but OpenTelemetry is not installed (%s): "
            "serving without tracing; install aind-metadata-graphql[tracing]",
            error.name,
        )
        return []
    add_observer(BACKEND_SPANS)
    return [Middleware(RequestTracing, tracer=tracer)]


def _carrier(scope: Scope) -> dict[str, str]:
    return {
        bytes(key).decode("latin-1").lower(): bytes(value).decode("latin-1")
        for key, value in scope.get("headers") or ()
    }


class RequestTracing:
    """One server span per HTTP request; sits inside RequestTelemetry to read its record."""

    def __init__(self, app: ASGIApp, tracer: Tracer) -> None:
        self.app = app
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from opentelemetry.propagate import extract
        from opentelemetry.trace import SpanKind, Status, StatusCode

        method = str(scope.get("method", ""))
        span = self.tracer.start_span(
            method or "request",
            context=extract(_carrier(scope)),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method, "url.path": str(scope.get("path", ""))},
        )
        status = 500

        async def traced_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        token = _REQUEST_SPAN.set((self.tracer, span))
        try:
            await self.app(scope, receive, traced_send)
        except Exception as error:
            span.record_exception(error)
            raise
        finally:
            _REQUEST_SPAN.reset(token)
            attributes: dict[str, Any] = {"http.response.status_code": status}
            record = logs.current()
            if record is not None:
                if record.route:
                    attributes["http.route"] = record.route
                    span.update_name(f"{method} {record.route}")
                if record.operation is not None:
                    attributes["graphql.operation.name"] = record.operation
                attributes["aind.request_id"] = record.request_id
                attributes["aind.outcome"] = outcome(status, record)
                attributes["aind.cache.hits"] = record.cache_hits
                attributes["aind.cache.misses"] = record.cache_misses
            span.set_attributes(attributes)
            if status >= 500:
                span.set_status(Status(StatusCode.ERROR, f"HTTP {status}"))
            span.end()


class BackendSpans(Observer):
    """A client span, child of the request's, for each guarded backend call."""

    def backend_call(self, backend: str, code: int, ms: float, kind: str | None) -> None:
        current = _REQUEST_SPAN.get()
        if current is None:
            return
        from opentelemetry.trace import SpanKind, Status, StatusCode, set_span_in_context

        tracer, parent = current
        ended = time.time_ns()
        attributes: dict[str, Any] = {
            "aind.backend.name": backend,
            "aind.backend.code": code,
            "aind.backend.ms": ms,
        }
        if kind:
            attributes["error.type"] = kind
            attributes["aind.backend.error"] = kind
        span = tracer.start_span(
            f"backend {backend}",
            context=set_span_in_context(parent),
            kind=SpanKind.CLIENT,
            attributes=attributes,
            start_time=ended - int(ms * 1_000_000),
        )
        if kind:
            span.set_status(Status(StatusCode.ERROR, kind))
        span.end(end_time=ended)


BACKEND_SPANS = BackendSpans()
