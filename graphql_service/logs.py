"""Log lines: JSON (one object a line) or text, and the one line every HTTP request ends with.

``AIND_GRAPHQL_LOG_FORMAT=json|text`` picks the format; ``serve`` defaults to JSON, ``serve
--demo`` and the other commands to text. The request line carries the request id, method, path
(never the query string: GraphQL GET requests carry queries and variables there), the route or
GraphQL operation, status, outcome, duration, and each backend call the request made with its
code, time and failure kind. Backend names and failure kinds only: no SQL text, no secrets.
Tracebacks appear only where the service logs its own bugs (the 500 path).
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import sys
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from typing import Any, Literal

from resolvers.observe import Observer, add_observer

LogFormat = Literal["json", "text"]
LOG_FORMAT_VARIABLE = "AIND_GRAPHQL_LOG_FORMAT"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
#: A request's line lists at most this many backend calls (a large batch is summarised).
MAX_LOGGED_CALLS = 50

request_logger = logging.getLogger("graphql_service.requests")

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_NAMED_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def log_format(default: LogFormat) -> LogFormat:
    """``AIND_GRAPHQL_LOG_FORMAT`` when it is json or text, else ``default``."""
    given = os.environ.get(LOG_FORMAT_VARIABLE, "").strip().lower()
    if given == "json":
        return "json"
    if given == "text":
        return "text"
    return default


def default_log_format(command: str, demo: bool) -> LogFormat:
    """JSON lines for a deployed service (``serve``); text for the demo, the other commands
    and people at a terminal."""
    return "json" if command == "serve" and not demo else "text"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(fmt: LogFormat, level: str) -> None:
    """The root logger writes to stderr in ``fmt``; uvicorn's loggers propagate to it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    # httpx logs every backend request with its full URL (query values included) at INFO;
    # the service logs backend outcomes itself.
    logging.getLogger("httpx").setLevel(logging.WARNING)


@dataclass(slots=True)
class RequestRecord:
    """What one HTTP request did, filled in while it runs."""

    method: str
    path: str
    request_id: str = "-"
    route: str = ""
    operation: str | None = None
    graphql_errors: int = 0
    graphql_data: bool = True
    calls: list[dict[str, Any]] = field(default_factory=list)
    calls_dropped: int = 0
    cache_hits: int = 0
    cache_misses: int = 0


_RECORD: ContextVar[RequestRecord | None] = ContextVar("aind_request_record", default=None)


def begin(record: RequestRecord) -> Token[RequestRecord | None]:
    return _RECORD.set(record)


def end(token: Token[RequestRecord | None]) -> None:
    _RECORD.reset(token)


def current() -> RequestRecord | None:
    return _RECORD.get()


def operation_name(given: str | None, query: str | None) -> str:
    """The GraphQL operation's name: ``operationName``, else the document's first named
    operation, else ``anonymous``; a name that is not a GraphQL name is ``invalid``."""
    name = given
    if not name and query:
        found = _NAMED_OPERATION.match(query)
        name = found.group(1) if found else None
    if not name:
        return "anonymous"
    return name if _NAME.fullmatch(name) else "invalid"


def note_operation(given: str | None, query: str | None) -> None:
    record = current()
    if record is not None:
        record.operation = operation_name(given, query)


def note_graphql_result(response: dict[str, Any]) -> None:
    """How a GraphQL response ended: its error count and whether any root field has data."""
    record = current()
    if record is not None:
        data = response.get("data")
        record.graphql_errors = len(response.get("errors") or [])
        record.graphql_data = isinstance(data, dict) and any(v is not None for v in data.values())


class RequestLogObserver(Observer):
    """Adds each backend call and cache lookup to the current request's record."""

    def backend_call(self, backend: str, code: int, ms: float, kind: str | None) -> None:
        record = current()
        if record is None:
            return
        if len(record.calls) >= MAX_LOGGED_CALLS:
            record.calls_dropped += 1
            return
        call: dict[str, Any] = {"name": backend, "code": code, "ms": ms}
        if kind:
            call["error"] = kind
        record.calls.append(call)

    def cache_lookup(self, backend: str, hit: bool) -> None:
        record = current()
        if record is None:
            return
        if hit:
            record.cache_hits += 1
        else:
            record.cache_misses += 1


REQUEST_LOG_OBSERVER = RequestLogObserver()


def install_request_log() -> None:
    add_observer(REQUEST_LOG_OBSERVER)


def log_request(record: RequestRecord, status: int, outcome: str, seconds: float) -> None:
    """The request's one line (INFO; WARNING for 5xx)."""
    ms = round(seconds * 1000, 1)
    fields: dict[str, Any] = {
        "request_id": record.request_id,
        "method": record.method,
        "path": record.path,
        "route": record.route,
        "operation": record.operation,
        "status": status,
        "outcome": outcome,
        "duration_ms": ms,
        "backends": record.calls,
    }
    if record.calls_dropped:
        fields["backends_not_listed"] = record.calls_dropped
    if record.cache_hits or record.cache_misses:
        fields["cache"] = {"hits": record.cache_hits, "misses": record.cache_misses}
    if record.operation is not None:
        fields["graphql_errors"] = record.graphql_errors
    backends = " ".join(
        f"{c['name']}={c['code']}/{c['ms']:.0f}ms" + (f"/{c['error']}" if "error" in c else "")
        for c in record.calls
    )
    operation = f" {record.operation}" if record.operation else ""
    message = (
        f"{record.method} {record.path}{operation} {status} {outcome} {ms:.1f} ms"
        f" (request {record.request_id})" + (f" backends: {backends}" if backends else "")
    )
    level = logging.WARNING if status >= 500 else logging.INFO
    request_logger.log(level, "%s", message, extra={"fields": fields})
