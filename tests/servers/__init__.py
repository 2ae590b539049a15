"""Loopback HTTP servers standing in for the backends in tests (127.0.0.1 only)."""

from tests.servers.base import LoopbackServer, RecordedRequest, Reply, loopback_server

__all__ = ["LoopbackServer", "RecordedRequest", "Reply", "loopback_server"]
