"""`serve` against live backends: LabTracks in PostgreSQL over ODBC, MGI on a loopback server.

The process gets its backends from the environment, exactly as a deployment does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from datasources.snapshot import DEMO_SNAPSHOT
from tests.conftest import free_port, start_service, stop_service
from tests.postgres import DRIVER, HOST, PORT
from tests.servers.mgi import MgiServer

pytestmark = pytest.mark.odbc

SECRET = "not-a-real-password-7f3a"

QUERY = """{
  subject(subject_id: "650101") {
    subject_id
    subject_details { ... on MouseSubject { genotype alleles { registry_identifier } } }
  }
  mgi_allele(allele_name: "Pvalb-IRES-Cre") { registry_identifier }
}"""


def labtracks_env(database: str, port: int = PORT) -> dict[str, str]:
    return {
        "LABTRACKS_ODBC_DRIVER": DRIVER,
        "LABTRACKS_SERVER": HOST,
        "LABTRACKS_PORT": str(port),
        "LABTRACKS_DATABASE": database,
        "LABTRACKS_USER": "postgres",
        "LABTRACKS_PASSWORD": SECRET,
        "LABTRACKS_TIMEOUT_SECONDS": "3",
        "MGI_TIMEOUT_SECONDS": "2",
    }


@pytest.fixture
def mgi_server() -> Iterator[MgiServer]:
    answers = json.loads((DEMO_SNAPSHOT / "mgi.json").read_text())
    with MgiServer(answers) as server:
        yield server


@pytest.fixture
def demo_database(pg_database: Callable[[Path], str]) -> str:
    return pg_database(DEMO_SNAPSHOT / "labtracks.sql")


def post(url: str, query: str) -> dict[str, Any]:
    response = httpx.post(f"{url}/graphql", json={"query": query}, timeout=30)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_live_backends_answer(demo_database: str, mgi_server: MgiServer) -> None:
    env = {**labtracks_env(demo_database), "MGI_URL": mgi_server.endpoint}
    url, process = start_service([], env)
    try:
        body = post(url, QUERY)
        ready = httpx.get(f"{url}/ready", timeout=10).json()
    finally:
        stop_service(process)
    data, status = body["data"], body["extensions"]["status"]
    assert data["subject"]["subject_id"] == "650101"
    assert data["subject"]["subject_details"]["alleles"]
    assert status["subject"]["code"] == 200
    assert ready["mode"] == "live"
    assert ready["backends"]["labtracks"]["state"] == "reachable"
    assert "Pvalb-IRES-Cre" in mgi_server.queries()


def test_mgi_down_gives_207_and_keeps_the_subject(
    demo_database: str, mgi_server: MgiServer
) -> None:
    mgi_server.fail_next(1000, status=502)
    env = {**labtracks_env(demo_database), "MGI_URL": mgi_server.endpoint}
    url, process = start_service([], env)
    try:
        body = post(url, QUERY)
    finally:
        stop_service(process)
    status = body["extensions"]["status"]
    assert body["data"]["subject"]["subject_id"] == "650101"
    assert status["subject"]["code"] == 207
    mgi = next(s for s in status["subject"]["sources"] if s["name"] == "mgi")
    assert mgi["code"] == 503
    assert status["mgi_allele"]["code"] == 503


def test_database_down_gives_503_and_keeps_other_fields(
    odbc_available: None,
    mgi_server: MgiServer,
) -> None:
    closed_port = free_port()  # nothing listens there: the database is "down"
    env = {**labtracks_env("labtracks", port=closed_port), "MGI_URL": mgi_server.endpoint}
    url, process = start_service([], env)
    try:
        response = httpx.post(f"{url}/graphql", json={"query": QUERY}, timeout=30)
        ready = httpx.get(f"{url}/ready", timeout=30)
    finally:
        stderr = stop_service(process).decode()
    body = response.json()
    assert body["data"]["subject"] is None
    assert body["data"]["mgi_allele"], "MGI still answers while LabTracks is down"
    [error] = body["errors"]
    assert error["path"] == ["subject"]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "status": 503}
    assert body["extensions"]["status"]["subject"]["code"] == 503
    # Ready all the same: the service answers, LabTracks' fields say 503.
    assert ready.status_code == 200
    labtracks = ready.json()["backends"]["labtracks"]
    assert (labtracks["state"], labtracks["configured"]) == ("unreachable", True)
    assert "HTTP Request:" not in stderr  # backend URLs are not logged request by request
    for text in (response.text, ready.text, stderr):
        assert SECRET not in text
        assert "Traceback" not in text
        assert "ANIMALS_COMMON" not in text
