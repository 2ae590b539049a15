"""The service under test: `aind-metadata-graphql serve` (uvicorn, one worker) as a process.

Its environment holds only the world's settings: backend and ``AIND_GRAPHQL_`` variables of the
caller's environment are dropped, so no Redis or parameter store sneaks in and every cache is
the process's own (a fresh process is a cold one).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from datasources.settings import PARAM_STORE_VARIABLE
from resolvers.backends import BACKEND_PREFIXES

_DROPPED = (*BACKEND_PREFIXES, "AIND_GRAPHQL_", "PROMETHEUS_MULTIPROC_DIR", PARAM_STORE_VARIABLE)


@dataclass
class Service:
    url: str
    process: subprocess.Popen[bytes]
    startup_seconds: float  # from the process's start to its first /health 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_health(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=1) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the service exited with {process.returncode} at start-up")
            try:
                if client.get(f"{url}/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.01)
    raise RuntimeError(f"the service did not answer /health within {timeout:.0f} s")


@contextmanager
def running_service(env: dict[str, str], log: Path) -> Iterator[Service]:
    """A fresh `serve` process on a free port; its output is appended to ``log``."""
    executable = Path(sys.executable).parent / "aind-metadata-graphql"
    port = _free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED)}
    with log.open("ab") as output:
        started = time.monotonic()
        process = subprocess.Popen(
            [str(executable), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env={**clean, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, timeout=60)
        yield Service(url, process, time.monotonic() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
