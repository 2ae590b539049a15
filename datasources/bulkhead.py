"""A blocking backend's own threads: one backend's slowness never takes another's.

Each blocking library (pyodbc for LabTracks, office365/requests for Graph) gets a
:class:`Bulkhead`: a thread pool of its own, sized to the backend's concurrency limit, instead
of Python's shared default executor. A caller that stops waiting (its deadline passed) does not
free the slot: the thread is still blocked in the backend and keeps it until it really
finishes, so a hanging backend can hold at most its own ``size`` threads, and new calls wait
for a slot (within their own deadline) instead of piling up threads.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from datasources.errors import BackendError

R = TypeVar("R")


class Bulkhead:
    def __init__(self, name: str, size: int) -> None:
        if size < 1:
            raise ValueError("a bulkhead needs at least one thread")
        self.name = name
        self.size = size
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=size, thread_name_prefix=f"bulkhead-{name}"
        )
        self._slots = asyncio.Semaphore(size)
        self._busy = 0
        self._closed = False

    @property
    def busy(self) -> int:
        """Threads working (or stuck) in the backend right now."""
        return self._busy

    async def run(self, work: Callable[[], R]) -> R:
        """``work()`` on one of this bulkhead's threads, once a slot is free."""
        if self._closed:
            raise BackendError(f"{self.name} is closed", kind="connection")
        await self._slots.acquire()
        loop = asyncio.get_running_loop()
        try:
            future = self._executor.submit(work)
        except BaseException:
            self._slots.release()
            raise
        self._busy += 1

        def done(_: concurrent.futures.Future[R]) -> None:
            # Released when the thread is done, not when the caller gives up waiting.
            with contextlib.suppress(RuntimeError):  # the loop may be gone at shutdown
                loop.call_soon_threadsafe(self._release)

        future.add_done_callback(done)
        waited = asyncio.wrap_future(future, loop=loop)
        waited.add_done_callback(_retrieved)
        return await asyncio.shield(waited)

    def close(self) -> None:
        """Take no more work; threads still stuck in the backend end on their own."""
        self._closed = True
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _release(self) -> None:
        self._busy -= 1
        self._slots.release()


def _retrieved(future: asyncio.Future[Any]) -> None:
    # A caller that stopped waiting never reads the outcome; reading it here keeps asyncio
    # from reporting a "never retrieved" exception the caller already answered for.
    if not future.cancelled():
        future.exception()
