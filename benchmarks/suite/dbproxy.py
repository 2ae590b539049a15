"""A TCP proxy in front of PostgreSQL: LabTracks' network latency and its statements.

The service reaches LabTracks over ODBC; the statements are its own, so the delay cannot be
put in them. It is put on the wire instead. The proxy reads the PostgreSQL protocol's framing
of what the client sends and counts statements: an extended-protocol ``Execute`` (``E``) or a
simple query (``Q``) other than psqlODBC's ``DEALLOCATE`` of a statement it prepared. What
completes a statement reaches the server ``latency`` seconds after it arrived; everything else
goes on at once; answers come back at once. So a statement costs one latency, as a
statement costs one round trip to SQL Server over TDS, although psqlODBC spends several round
trips (parse, describe, execute) on a statement with parameters.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from types import TracebackType
from typing import Self

_SPECIAL_REQUESTS = {80877103, 80877104}  # SSLRequest, GSSENCRequest: a startup follows


class _Framing:
    """Counts the client's statements in its byte stream, whatever the reads' boundaries."""

    def __init__(self) -> None:
        self.buffer = b""
        self.started = False  # after the untyped startup message(s)

    def feed(self, data: bytes) -> int:
        self.buffer += data
        statements = 0
        while True:
            if not self.started:
                if len(self.buffer) < 8:
                    return statements
                length, code = struct.unpack("!II", self.buffer[:8])
                if len(self.buffer) < length:
                    return statements
                self.buffer = self.buffer[length:]
                self.started = code not in _SPECIAL_REQUESTS
                continue
            if len(self.buffer) < 5:
                return statements
            kind, length = self.buffer[0], struct.unpack("!I", self.buffer[1:5])[0]
            if len(self.buffer) < 1 + length:
                return statements
            message, self.buffer = self.buffer[5 : 1 + length], self.buffer[1 + length :]
            statements += kind == ord("E") or (
                kind == ord("Q") and not message.startswith(b"DEALLOCATE")
            )


class DelayingProxy:
    """127.0.0.1:<port> → ``target``; :attr:`latency` seconds per statement."""

    def __init__(self, target: tuple[str, int], latency: float = 0.0) -> None:
        self.target, self.latency = target, latency
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._lock = threading.Lock()
        self._statements = 0
        self._sockets: list[socket.socket] = []
        self._stopping = threading.Event()

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    @property
    def statements(self) -> int:
        with self._lock:
            return self._statements

    def __enter__(self) -> Self:
        threading.Thread(target=self._accept, name="dbproxy-accept", daemon=True).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stopping.set()
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            for sock in (client, server):
                # Forwarded pieces go at once, as PostgreSQL and its clients send theirs.
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._sockets += [client, server]
            for name, work in (("in", self._inbound), ("out", self._outbound)):
                threading.Thread(
                    target=work, args=(client, server), name=f"dbproxy-{name}", daemon=True
                ).start()

    def _outbound(self, client: socket.socket, server: socket.socket) -> None:
        """The server's answers, straight back."""
        _pump(server, client)

    def _inbound(self, client: socket.socket, server: socket.socket) -> None:
        """The client's bytes, in order; those completing a statement ``latency`` late.

        Sleeping in this one thread delays a statement from when it was read, which is when it
        arrived: psqlODBC waits for each answer before it sends more."""
        framing = _Framing()
        while True:
            try:
                data = client.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            statements = framing.feed(data)
            if statements:
                with self._lock:
                    self._statements += statements
                time.sleep(self.latency)
            try:
                server.sendall(data)
            except OSError:
                break
        with contextlib.suppress(OSError):
            server.shutdown(socket.SHUT_WR)


def _pump(source: socket.socket, sink: socket.socket) -> None:
    while True:
        try:
            data = source.recv(65536)
        except OSError:
            data = b""
        if not data:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)
            return
        try:
            sink.sendall(data)
        except OSError:
            return
