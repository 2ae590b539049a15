"""The load generator: closed-loop clients in a process of their own, and what an answer means.

The loopback backends live in the suite's process; a generator sharing their interpreter would
slow both, so :func:`load_elsewhere` runs the clients in a spawned process (asyncio, one
``httpx.AsyncClient``). Each client sends a request, waits for its answer, sends the next,
until the duration is over; bodies are taken round-robin, so the clients spread over subjects.
"""

from __future__ import annotations

import asyncio
import json
import math
import multiprocessing
import os
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:  # the spawned generator imports this module: nothing of the service's
    from benchmarks.suite.service import Service

Body = dict[str, Any]
CLIENT_TIMEOUT = 60.0
_TICKS = os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process (all its threads) has used so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name may hold spaces: the fields are counted from its closing parenthesis.
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def failure(status: int, text: str) -> str | None:
    """Why an answer counts as an error (HTTP status, ``errors[]``, a field's status 5xx),
    or None for a good one (404s and 406s are answers, not errors)."""
    if status != 200:
        return f"HTTP {status}"
    try:
        body = json.loads(text)
    except ValueError:
        return "invalid JSON"
    if body.get("errors"):
        return "errors[]"
    fields = (body.get("extensions") or {}).get("status") or {}
    codes = [entry.get("code", 0) for entry in fields.values()]
    if any(code >= 500 for code in codes):
        return f"field status {max(codes)}"
    return None


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


@dataclass
class LoadResult:
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    def summary(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "requests_per_second": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(percentile(self.latencies_ms, 0.5), 1),
            "p99_ms": round(percentile(self.latencies_ms, 0.99), 1),
            "errors": sum(self.errors.values()),
            "errors_by_kind": dict(self.errors),
        }


async def _load(url: str, bodies: list[Body], clients: int, duration: float) -> LoadResult:
    turn = count()
    result = LoadResult(seconds=0.0)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=CLIENT_TIMEOUT, limits=limits) as client:
        started = time.perf_counter()
        end = started + duration

        async def one_client() -> None:
            while time.perf_counter() < end:
                body = bodies[next(turn) % len(bodies)]
                began = time.perf_counter()
                try:
                    response = await client.post("/graphql", json=body)
                    why = failure(response.status_code, response.text)
                except httpx.HTTPError as error:
                    why = type(error).__name__
                result.latencies_ms.append((time.perf_counter() - began) * 1000)
                if why is not None:
                    result.errors[why] += 1

        await asyncio.gather(*(one_client() for _ in range(clients)))
        result.seconds = time.perf_counter() - started
    return result


def load(url: str, bodies: list[Body], clients: int, duration: float) -> LoadResult:
    return asyncio.run(_load(url, bodies, clients, duration))


class Sampler:
    """A process's RSS (largest seen) and CPU share (of one core) over a period."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every = pid, every
        self.rss_max = 0.0
        self.cpu_share = math.nan
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)

    def __enter__(self) -> Sampler:
        self._cpu, self._wall = cpu_seconds(self.pid), time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        wall = time.monotonic() - self._wall
        self.cpu_share = (cpu_seconds(self.pid) - self._cpu) / wall
        self.rss_max = max(self.rss_max, rss_mib(self.pid))

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.rss_max = max(self.rss_max, rss_mib(self.pid))


def load_elsewhere(
    service: Service, bodies: list[Body], clients: int, duration: float
) -> dict[str, Any]:
    """:func:`load` in a spawned process, the service sampled meanwhile: the figures of P3."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        # The generator starts and imports before the clock, not in the run's time.
        generator = pool.submit(os.getpid).result()
        with Sampler(service.process.pid) as sampler, Sampler(generator) as itself:
            result = pool.submit(load, service.url, bodies, clients, duration).result()
    return {
        **result.summary(),
        "rss_mib_max": round(sampler.rss_max, 1),
        "cpu_share": round(sampler.cpu_share, 2),
        "generator_cpu_share": round(itself.cpu_share, 2),
    }
