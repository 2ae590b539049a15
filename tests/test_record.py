"""Record mode: a recording of live backends serves the same answers as they gave.

The live world is the demo records behind real transports (PostgreSQL over ODBC for
LabTracks, loopback Graph, Smartsheet, TARS and MGI servers; see tests/faults/world.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from datasources.slims.settings import SlimsSettings
from datasources.slims.snapshot import load_contents, load_tables
from datasources.slims.source import SlimsSource
from datasources.snapshot import DEMO_SNAPSHOT
from graphql_service.cli import main
from graphql_service.record import INSTRUMENT_QUERY, SLIMS_QUERY, SUBJECT_QUERY, record
from resolvers.backends import BACKEND_PREFIXES, PARAM_STORE_VARIABLE, Backends
from resolvers.recording import Recording
from tests.conftest import graphql_client, run_query
from tests.faults.conftest import labtracks_settings
from tests.faults.world import API_KEY, QUERY, SECRETS, World, running_servers
from tests.servers.slims import SlimsServer

#: The showcase (every backend but SLIMS), a LabTracks perfusion, an injection without material
#: (406), a subject without sex, one without parents, and the two SLIMS subjects.
SUBJECTS = ("650101", "650105", "650102", "650121", "650124", "650120", "650118")
LOTS = ("DEMO-LOT-003", "DEMO-LOT-DUP")
#: A SLIMS instrument with its document attached, and one SLIMS does not know.
INSTRUMENTS = ("SmartSPIM-DEMO-1", "NO-SUCH-RIG")
LOT_QUERY = """query($lot: String!) {
  injection_materials(prep_lot_number: $lot) { __typename name }
}"""


@pytest.fixture
def world(pg_database: Callable[[Path], str]) -> Iterator[World]:
    database = pg_database(DEMO_SNAPSHOT / "labtracks.sql")
    with running_servers() as (graph, sheets, tars, mgi):
        yield World(graph, sheets, tars, mgi, labtracks_settings(database))


@pytest.fixture
def slims() -> Iterator[SlimsServer]:
    tables = load_tables(DEMO_SNAPSHOT)
    assert tables is not None
    contents = load_contents(DEMO_SNAPSHOT)
    with SlimsServer(prefix="/slimsrest", tables=tables, contents=contents) as server:
        yield server


def _backends(world: World, slims: SlimsServer) -> Backends:
    settings = SlimsSettings(
        host=slims.slims_url,
        username=slims.username,
        password=SecretStr(slims.password),
        timeout_seconds=world.timeout,
    )
    return replace(world.backends(), slims=SlimsSource.from_settings(settings))


def _without_ms(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ms(v) for k, v in value.items() if k != "ms"}
    if isinstance(value, list):
        return [_without_ms(v) for v in value]
    return value


async def _answers(backends: Backends) -> list[dict[str, Any]]:
    answers = []
    async with graphql_client(backends) as client:
        for subject_id in SUBJECTS:
            for query in (QUERY, SUBJECT_QUERY, SLIMS_QUERY):
                body = await run_query(client, query, {"id": subject_id})
                answers.append(_without_ms({k: body.get(k) for k in ("data", "errors")}))
                answers.append(_without_ms(body["extensions"]["status"]))
        for lot in LOTS:
            body = await run_query(client, LOT_QUERY, {"lot": lot})
            answers.append(_without_ms({k: body.get(k) for k in ("data", "errors")}))
            answers.append(_without_ms(body["extensions"]["status"]))
        for instrument_id in INSTRUMENTS:
            body = await run_query(client, INSTRUMENT_QUERY, {"id": instrument_id})
            answers.append(_without_ms({k: body.get(k) for k in ("data", "errors")}))
            answers.append(_without_ms(body["extensions"]["status"]))
    return answers


def _assert_same(live: list[dict[str, Any]], served: list[dict[str, Any]]) -> None:
    assert len(live) == len(served)
    for expected, actual in zip(live, served, strict=True):
        assert actual == expected


def _assert_no_secret(directory: Path, *others: str) -> None:
    files = [path for path in directory.rglob("*") if path.is_file()]
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for secret in (*SECRETS, API_KEY, *others):
            assert secret not in text, f"{secret!r} written to {path}"


async def test_a_recording_serves_what_the_live_backends_answered(
    world: World, slims: SlimsServer, tmp_path: Path
) -> None:
    recording = Recording.attach(
        _backends(world, slims), labtracks_host="127.0.0.1", slims_host=slims.slims_url
    )
    written = await record(
        recording, SUBJECTS, LOTS, tmp_path / "snapshot", instruments=INSTRUMENTS
    )
    names = {path.relative_to(tmp_path / "snapshot").as_posix() for path in written}
    assert {"labtracks.sql", "mgi.json", "tars/prep_lots.json", "tars/viruses.json"} <= names
    assert {"smartsheet/funding.json", "smartsheet/perfusions.json"} <= names
    assert {"smartsheet/protocols.json", "sharepoint/nsb2019.json"} <= names
    readme = (tmp_path / "snapshot" / "README.md").read_text(encoding="utf-8")
    assert "127.0.0.1" in readme
    assert {"slims/Content.json", "slims/Attachment.json", "slims/AttachmentLink.json"} <= names
    assert "slims/repo/2101" in names  # the instrument's document, as SLIMS sent it
    _assert_no_secret(tmp_path / "snapshot", slims.password)

    live = await _answers(_backends(world, slims))
    served = await _answers(Backends.from_snapshot(tmp_path / "snapshot"))
    _assert_same(live, served)
    # Only the recorded subjects' rows: another demo subject is not in the recording.
    script = (tmp_path / "snapshot" / "labtracks.sql").read_text(encoding="utf-8")
    assert "650101" in script
    assert "650103" not in script


def test_the_record_command_reads_the_environment_and_writes_no_secret(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in world.environment().items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "recorded"
    argv = ["record", "--subject", "650101", "--subject", "650102", "--lot", "DEMO-LOT-003"]
    assert main([*argv, "--out", str(out)]) == 0
    _assert_no_secret(out)
    assert (out / "labtracks.sql").is_file()
    assert (out / "smartsheet" / "protocols.json").is_file()
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "127.0.0.1" in readme
    assert "postgres" not in readme  # hosts only: no user, database or port


def test_record_refuses_without_backend_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(os.environ):
        if name.startswith(BACKEND_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.delenv(PARAM_STORE_VARIABLE, raising=False)
    assert main(["record", "--subject", "650101", "--out", str(tmp_path / "x")]) == 2
    assert "nothing to serve" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
