"""`serve --workers N`: uvicorn worker processes made by graphql_service/factory.py."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest

from graphql_service.cli import main
from graphql_service.factory import app_from_environment
from resolvers.backends import DEMO_SNAPSHOT
from tests.conftest import start_service, stop_service

QUERY = '{ subject(subject_id: "650101") { subject_id } }'


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found.extend(int(child) for child in children)
    return found


def _workers(pid: int) -> list[int]:
    """The serve process's children that run uvicorn workers (spawned multiprocessing
    children; multiprocessing's resource tracker is not one)."""
    workers = []
    for child in _children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        except FileNotFoundError:
            continue
        if b"spawn_main" in command:
            workers.append(child)
    return workers


def _environ(pid: int) -> dict[str, str]:
    entries = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    pairs = (entry.decode(errors="replace").partition("=") for entry in entries if entry)
    return {name: value for name, _, value in pairs}


def _writers(directory: Path) -> set[str]:
    """The pids that wrote prometheus_client's multiprocess files (``<kind>_<pid>.db``)."""
    return {path.stem.rsplit("_", 1)[1] for path in directory.glob("*.db")}


def _requests(text: str, route: str) -> float:
    """``aind_graphql_requests_total`` for ``route``, every operation and outcome added."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith("aind_graphql_requests_total{") and f'route="{route}"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_two_workers_serve_the_demo_and_add_up_their_metrics(tmp_path: Path) -> None:
    env = {"PROMETHEUS_MULTIPROC_DIR": ""}  # unset: serve makes a directory of its own
    url, process = start_service(["--demo", "--workers", "2"], env=env)
    try:
        deadline = time.monotonic() + 30
        while len(workers := _workers(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) == 2, workers
        directory = Path(_environ(workers[0])["PROMETHEUS_MULTIPROC_DIR"])
        assert directory.is_dir()
        assert _environ(workers[1])["AIND_GRAPHQL_SNAPSHOT"] == str(DEMO_SNAPSHOT.resolve())

        # Each worker writes its own metric files (from when it imports the app) there, and
        # /metrics adds them all up.
        expected = {str(pid) for pid in workers}
        while not expected <= _writers(directory) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert expected <= _writers(directory)

        requests = 20
        with httpx.Client(base_url=url, timeout=30) as client:
            for _ in range(requests):
                # A new connection each time, so the kernel may hand it to either worker.
                answer = client.post(
                    "/graphql", json={"query": QUERY}, headers={"Connection": "close"}
                )
                assert answer.status_code == 200
                assert answer.json()["data"] == {"subject": {"subject_id": "650101"}}
                ready = client.get("/ready", headers={"Connection": "close"})
                assert ready.status_code == 200
                assert ready.json()
            metrics = client.get("/metrics").text
        assert _requests(metrics, "/graphql") == requests
        assert _requests(metrics, "/ready") == requests
    finally:
        stderr = stop_service(process)
    assert process.returncode == 0, stderr.decode(errors="replace")[-2000:]
    assert not directory.exists()


def test_workers_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--demo", "--workers", "0"])
    assert "must be at least 1" in capsys.readouterr().err


def test_workers_variable_must_be_a_number(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AIND_GRAPHQL_WORKERS", "many")
    assert main(["serve", "--demo"]) == 2
    error = capsys.readouterr().err
    assert "AIND_GRAPHQL_WORKERS" in error
    assert "many" not in error  # a setting's value is never echoed (it could be a secret)


async def test_factory_reads_the_snapshot_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AIND_GRAPHQL_SNAPSHOT", str(DEMO_SNAPSHOT))
    monkeypatch.setenv("AIND_GRAPHQL_LOG_FORMAT", "text")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    app = app_from_environment()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            answer = await client.post("/graphql", json={"query": QUERY})
    assert answer.json()["data"] == {"subject": {"subject_id": "650101"}}
    assert os.environ["AIND_GRAPHQL_SNAPSHOT"] == str(DEMO_SNAPSHOT)
