"""A real HTTP/1.1 server on 127.0.0.1 for driving backend clients in tests.

The server runs in a background thread on an ephemeral port. A test registers routes
(method + path -> handler), then points the real client code at :attr:`LoopbackServer.url`.
Faults are switched on from the test: added latency, the next N requests failing with a status,
the next N connections closed without an answer or never answered (:data:`HANG`), or every
request answered with one fault reply until mended (:meth:`LoopbackServer.break_with`). Every
request is logged (method, path, query, headers, body) before any fault applies, so tests can
count what the client really sent.

Typical fixture::

    @pytest.fixture
    def graph() -> Iterator[LoopbackServer]:
        with LoopbackServer() as server:
            server.route("GET", "/v1.0/sites", lambda request: Reply.json({"value": []}))
            yield server
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

import pytest

logger = logging.getLogger("tests.servers")


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it (header names lower-cased)."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes = b""

    def param(self, name: str) -> str | None:
        """The first value of a query parameter, or None when absent."""
        values = self.query.get(name)
        return values[0] if values else None

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        """An ``application/x-www-form-urlencoded`` body (token endpoints), first values."""
        parsed = parse_qs(self.body.decode(), keep_blank_values=True)
        return {key: values[0] for key, values in parsed.items()}


@dataclass(frozen=True)
class Reply:
    """What a handler answers."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
        merged = {"Content-Type": "application/json", **(headers or {})}
        return cls(status, json.dumps(data).encode(), merged)

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain") -> Reply:
        return cls(status, text.encode(), {"Content-Type": f"{content_type}; charset=utf-8"})


Handler = Callable[[RecordedRequest], Reply]

# A queued fault that closes the connection instead of answering.
_DROP = object()

#: A fault that never answers: the request is read, then nothing, until the server stops.
HANG = Reply(597)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real backends do; every reply has a length
    # Headers and body leave in two writes: with Nagle's algorithm the body would wait for the
    # client's delayed ACK (40 ms on Linux) on every keep-alive request after the first.
    disable_nagle_algorithm = True
    server: _HTTPServer

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Tests read the request log instead of stderr."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        request = RecordedRequest(
            method=self.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
        )
        reply = self.server.owner.dispatch(request)
        if reply is None:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: LoopbackServer) -> None:
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.owner = owner
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that give up (timeouts) or a stopping server leave broken sockets behind:
        # that is what fault tests provoke, not a server bug.
        pass

    def close_connections(self) -> None:
        """End keep-alive connections so their handler threads finish."""
        with self.connections_lock:
            connections = list(self.connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 with per-test routes, faults and a request log."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], Handler] = {}
        self._log: list[RecordedRequest] = []
        self._faults: deque[object] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.latency = 0.0
        """Seconds every request waits before it is answered (or dropped)."""
        self._broken: Reply | None = None
        self._spared: frozenset[str] = frozenset()

    # lifecycle

    def start(self) -> Self:
        if self._httpd is not None:
            raise RuntimeError("server already started")
        self._stopping.clear()
        self._httpd = _HTTPServer(self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{type(self).__name__}-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stopping.set()  # wakes requests that sleep on added latency
        self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
        self._httpd = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    # routes

    def route(self, method: str, path: str, handler: Handler) -> None:
        """Answer ``method path`` (query string ignored) with ``handler``; replaces any earlier."""
        with self._lock:
            self._routes[(method.upper(), path)] = handler

    def respond(self, method: str, path: str, data: Any, status: int = 200) -> None:
        """Answer ``method path`` always with the same JSON body."""
        reply = Reply.json(data, status)
        self.route(method, path, lambda _request: reply)

    # faults

    def fail_next(self, count: int, status: int = 500, data: Any = None) -> None:
        """The next ``count`` requests get ``status`` with a JSON body instead of their route."""
        reply = Reply.json({"error": "injected failure"} if data is None else data, status)
        with self._lock:
            self._faults.extend([reply] * count)

    def drop_next(self, count: int = 1) -> None:
        """The next ``count`` requests see their connection closed without any answer."""
        with self._lock:
            self._faults.extend([_DROP] * count)

    def hang_next(self, count: int = 1) -> None:
        """The next ``count`` requests are read and never answered (until the server stops)."""
        with self._lock:
            self._faults.extend([HANG] * count)

    def break_with(self, reply: Reply | None, *, sparing: Iterable[str] = ()) -> None:
        """From now on every request gets ``reply`` (:data:`HANG`: no answer at all; any
        body, e.g. invalid JSON or JSON of the wrong shape), except requests to the paths in
        ``sparing`` (a token endpoint, say). ``None`` mends the server. Queued faults apply
        first."""
        with self._lock:
            self._broken = reply
            self._spared = frozenset(sparing)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
            self._broken = None
        self.latency = 0.0

    # request log

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        with self._lock:
            return list(self._log)

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many requests matched ``method`` and ``path`` (None matches any)."""
        return sum(
            1
            for request in self.requests
            if (method is None or request.method == method.upper())
            and (path is None or request.path == path)
        )

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    # serving (called on handler threads)

    def dispatch(self, request: RecordedRequest) -> Reply | None:
        """The reply for ``request``; None closes the connection without answering."""
        with self._lock:
            self._log.append(request)
            fault = self._faults.popleft() if self._faults else None
            if fault is None and self._broken is not None and request.path not in self._spared:
                fault = self._broken
            handler = self._routes.get((request.method, request.path))
        latency = self.latency
        if latency > 0 and self._stopping.wait(latency):
            return None
        if fault is HANG:
            self._stopping.wait()
            return None
        if fault is _DROP:
            return None
        if isinstance(fault, Reply):
            return fault
        if handler is None:
            return Reply.json({"error": "no such route"}, 404)
        try:
            return handler(request)
        except Exception:
            logger.exception("test route %s %s failed", request.method, request.path)
            return Reply.json({"error": "test handler failed"}, 500)


@pytest.fixture
def loopback_server() -> Iterator[LoopbackServer]:
    """A started server with no routes; import it into a conftest to use it."""
    with LoopbackServer() as server:
        yield server
