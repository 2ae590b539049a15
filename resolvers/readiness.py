"""What `/ready` says: each backend's state, probed in the background, never per request.

A load balancer may ask `/ready` every second on every replica; each question answering from
the last probe keeps that from becoming a stream of calls to LabTracks, Graph, TARS,
Smartsheet and MGI. The first `/ready` starts the probe, which then runs every ``interval``
seconds in the background (a process nobody asks about asks nobody); circuit states are read
live (they cost nothing). The service is ready whenever it runs: a backend
that is down makes its fields answer 503, it does not stop the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from resolvers.backends import Backends

logger = logging.getLogger("resolvers.readiness")


class ReadinessProbe:
    def __init__(self, backends: Backends, interval: float) -> None:
        self._backends = backends
        self._interval = interval
        self._report: dict[str, dict[str, Any]] | None = None
        self._probed_at = 0.0
        self._first: asyncio.Task[None] | None = None
        self._loop: asyncio.Task[None] | None = None
        self._again: asyncio.Task[None] | None = None
        self._circuits_seen: dict[str, dict[str, str]] = {}

    async def report(self) -> dict[str, Any]:
        """The last probe (the first question waits for the first probe), with the live state
        of every circuit."""
        if self._first is None:
            self._first = asyncio.ensure_future(self._refresh())
            self._loop = asyncio.ensure_future(self._every_interval())
        if self._report is None:
            await asyncio.shield(self._first)
        elif self._circuits_changed() and (self._again is None or self._again.done()):
            # A circuit opened or closed since the probe: its reading is stale, ask again now
            # (in the background; this answer still comes from the last probe).
            self._again = asyncio.ensure_future(self._refresh())
        backends: dict[str, dict[str, Any]] = {}
        present = self._backends.present()
        for name, entry in (self._report or {}).items():
            backend = present.get(name)
            live = dict(entry)
            if backend is not None:
                live["circuits"] = backend.circuits()
            backends[name] = live
        age = round(time.monotonic() - self._probed_at, 1) if self._report else None
        return {"mode": self._backends.mode, "probed_seconds_ago": age, "backends": backends}

    async def aclose(self) -> None:
        for task in (self._loop, self._first, self._again):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _every_interval(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            await self._refresh()

    async def _refresh(self) -> None:
        try:
            report = await self._backends.readiness()
        except Exception:  # the probe loop must outlive any one bad probe
            logger.exception("readiness probe failed")
            return
        for entry in report.values():
            entry["configured"] = entry["state"] != "not configured"
        self._report, self._probed_at = report, time.monotonic()
        self._circuits_seen = self._circuits()

    def _circuits(self) -> dict[str, dict[str, str]]:
        present = self._backends.present()
        return {name: b.circuits() for name, b in present.items() if b is not None}

    def _circuits_changed(self) -> bool:
        return self._circuits() != self._circuits_seen
