"""Fixtures shared by the whole suite: ASGI clients and a real `serve` process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from datasources.settings import PARAM_STORE_VARIABLE
from graphql_service.app import create_app
from graphql_service.settings import ServiceSettings
from resolvers.backends import BACKEND_PREFIXES, Backends
from tests.postgres import (  # noqa: F401 - fixtures, found by name
    backend_pids,
    odbc_available,
    pg_admin,
    pg_database,
    pg_session,
    pg_settings,
)

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
IN_CI = os.environ.get("CI") == "true"


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: a backend that is down."""
    return free_port()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts TCP connections and never says a word: a hung backend."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def missing(reason: str) -> None:
    """Skip locally, but fail in CI, where every real component must be present."""
    if IN_CI:
        pytest.fail(f"{reason} (CI installs it: see scripts/system-deps.sh)")
    pytest.skip(reason)


@asynccontextmanager
async def graphql_client(
    backends: Backends, settings: ServiceSettings | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the ASGI app in-process, lifespan included."""
    app = create_app(settings or ServiceSettings(), backends=backends)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


Query = Callable[..., Awaitable[dict[str, Any]]]


async def run_query(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"service exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("service did not become healthy")


def start_service(
    args: list[str], env: dict[str, str] | None = None
) -> tuple[str, subprocess.Popen[bytes]]:
    """A real `aind-metadata-graphql serve` process on a free loopback port."""
    port = free_port()
    executable = shutil.which("aind-metadata-graphql", path=str(Path(sys.executable).parent))
    assert executable, "the console script is not installed"
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(BACKEND_PREFIXES) and k != PARAM_STORE_VARIABLE
    }
    process = subprocess.Popen(
        [executable, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        env={**clean, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
    except RuntimeError:
        process.kill()
        raise
    return url, process


def stop_service(process: subprocess.Popen[bytes]) -> bytes:
    process.terminate()
    try:
        _, stderr = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return stderr


@pytest.fixture(scope="session")
def service_url() -> Iterator[str]:
    """The service on its embedded demo snapshot, as `make demo` starts it."""
    url, process = start_service(["--demo"])
    yield url
    stop_service(process)
