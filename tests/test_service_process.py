"""The real `aind-metadata-graphql serve` process, as users start it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.conftest import start_service, stop_service
from tests.snapshots import COLONY, MGI_ANSWERS, write_snapshot

DEMO_QUERY = """{
  subject(subject_id: "650101") {
    subject_id
    subject_details { ... on MouseSubject { sex genotype alleles { name registry_identifier } } }
  }
  invalid: subject(subject_id: "650121") { subject_id }
}"""


def post(url: str, query: str) -> dict[str, Any]:
    response = httpx.post(f"{url}/graphql", json={"query": query}, timeout=30)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_demo_serves_subjects_with_status(service_url: str) -> None:
    body = post(service_url, DEMO_QUERY)
    subject = body["data"]["subject"]
    assert subject["subject_id"] == "650101"
    assert subject["subject_details"]["alleles"], "demo alleles must arrive from the MGI snapshot"
    status = body["extensions"]["status"]
    assert status["subject"]["code"] == 200
    assert status["invalid"]["code"] == 406
    assert body["data"]["invalid"]["subject_id"] == "650121"


def test_demo_has_at_least_twenty_subjects_with_parents(service_url: str) -> None:
    ids = ", ".join(f'"{650100 + n}"' for n in range(1, 25))
    query = f"""{{ subjects(subject_ids: [{ids}]) {{
        subject_details {{ ... on MouseSubject {{ breeding_info {{ maternal_id }} }} }} }} }}"""
    body = post(service_url, query)
    found = [item for item in body["data"]["subjects"] if item]
    assert len(found) == 24
    with_parents = [item for item in found if (item["subject_details"].get("breeding_info") or {})]
    assert len(with_parents) >= 20
    codes = [body["extensions"]["status"][f"subjects.{i}"]["code"] for i in range(24)]
    assert codes.count(406) >= 2


def test_ready_reports_the_demo_backends(service_url: str) -> None:
    ready = httpx.get(f"{service_url}/ready", timeout=10)
    assert ready.status_code == 200
    assert ready.json()["mode"] == "demo"
    assert ready.json()["backends"]["labtracks"]["state"] == "reachable"


def test_serve_snapshot_directory(tmp_path: Path) -> None:
    snapshot = write_snapshot(tmp_path / "snap", COLONY, MGI_ANSWERS)
    url, process = start_service(["--snapshot", str(snapshot)])
    try:
        body = post(url, '{ subject(subject_id: "700102") { subject_id } }')
        assert body["data"]["subject"]["subject_id"] == "700102"
        absent = post(url, '{ subject(subject_id: "650101") { subject_id } }')
        assert absent["extensions"]["status"]["subject"]["code"] == 404
    finally:
        stop_service(process)


def test_serve_refuses_a_missing_snapshot_directory(tmp_path: Path) -> None:
    import subprocess
    import sys

    executable = Path(sys.executable).parent / "aind-metadata-graphql"
    completed = subprocess.run(
        [str(executable), "serve", "--snapshot", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 2
    assert "does not exist" in completed.stderr


def test_serve_without_backend_settings_refuses_to_start() -> None:
    """No silent demo: nothing configured and no --demo/--snapshot is an error naming settings."""
    import os
    import subprocess
    import sys

    from datasources.settings import PARAM_STORE_VARIABLE
    from resolvers.backends import BACKEND_PREFIXES

    executable = Path(sys.executable).parent / "aind-metadata-graphql"
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith((*BACKEND_PREFIXES, "AIND_GRAPHQL_")) and k != PARAM_STORE_VARIABLE
    }
    completed = subprocess.run(
        [str(executable), "serve", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean,
    )
    assert completed.returncode == 2
    for hint in (*BACKEND_PREFIXES, PARAM_STORE_VARIABLE, "--demo", "--snapshot DIR"):
        assert hint in completed.stderr, hint


def test_demo_runs_without_pyodbc(tmp_path: Path) -> None:
    """The demo must work on a machine without unixODBC, where `import pyodbc` fails."""
    import subprocess
    import sys

    script = tmp_path / "no_odbc.py"
    script.write_text(
        "import asyncio, sys\n"
        "sys.modules['pyodbc'] = None  # any 'import pyodbc' now raises ImportError\n"
        "from resolvers.backends import Backends\n"
        "from datasources.snapshot import DEMO_SNAPSHOT\n"
        "from resolvers.request import Limits, RequestResolvers\n"
        "async def main():\n"
        "    backends = Backends.from_snapshot(DEMO_SNAPSHOT)\n"
        "    resolvers = RequestResolvers.for_request(backends, Limits())\n"
        "    resolved = await resolvers.subjects.subject('650101')\n"
        "    await backends.aclose()\n"
        "    print(int(resolved.status.code), 'pyodbc' in sys.modules and sys.modules['pyodbc'])\n"
        "asyncio.run(main())\n"
    )
    root = Path(__file__).resolve().parents[1]
    completed = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=root, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["200", "None"]
