"""aind-slims-api, run on SLIMS' own threads, with a timeout on every HTTP call.

aind-slims-api (on slims-python-api) is synchronous and builds its HTTP session inside
``SlimsClient.__init__`` without a timeout; :class:`TimedSlimsClient` passes one to every
request. Calls run in this backend's :class:`~datasources.bulkhead.Bulkhead`, so a slow SLIMS
holds only its own threads. The library raises ``slims`` exceptions whose text carries the
response body: :func:`calling` turns them into a safe :class:`BackendError`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from aind_slims_api import SlimsClient
from aind_slims_api.exceptions import SlimsRecordNotFound
from slims.slims import Slims, _SlimsApiException

from datasources.bulkhead import Bulkhead
from datasources.errors import BackendError
from datasources.slims.settings import SlimsSettings

R = TypeVar("R")

__all__ = ["SlimsReader", "SlimsRecordNotFound", "TimedSlimsClient"]


class TimedSlimsClient(SlimsClient):
    """The library's client, its requests bounded by ``timeout`` seconds."""

    def __init__(self, url: str, username: str, password: str, timeout: float) -> None:
        self._timeout = timeout
        super().__init__(url=url, username=username, password=password)

    def connect(self, url: str, username: str, password: str) -> None:
        # Connecting makes no request: it only keeps the URL and credentials.
        self.db = Slims("aind-metadata-graphql", url, username, password, timeout=self._timeout)


class SlimsReader:
    """Runs library calls on SLIMS' threads, against one client made on first use."""

    def __init__(self, connect: Callable[[], Any], max_concurrency: int) -> None:
        self._connect = connect
        self._client: Any = None
        self._lock = threading.Lock()
        self._threads = Bulkhead("slims", max_concurrency)

    @classmethod
    def from_settings(cls, settings: SlimsSettings) -> SlimsReader:
        def connect() -> TimedSlimsClient:
            password = settings.password.get_secret_value()
            return TimedSlimsClient(
                settings.host, settings.username, password, settings.timeout_seconds
            )

        return cls(connect, settings.max_concurrency)

    async def run(self, work: Callable[[Any], R]) -> R:
        """``work(client)`` on one of SLIMS' threads."""
        return await self._threads.run(lambda: calling(work, self._client_now()))

    def close(self) -> None:
        self._threads.close()

    def _client_now(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = self._connect()
            return self._client


def calling(work: Callable[[Any], R], client: Any) -> R:
    """``work(client)``, with the library's error (its text holds SLIMS' response body)
    replaced by a safe message."""
    try:
        return work(client)
    except _SlimsApiException:
        raise BackendError("SLIMS answered with an error") from None
