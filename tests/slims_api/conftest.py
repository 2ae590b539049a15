"""The service over a loopback SLIMS (aind-slims-api's real client over HTTP) and a LabTracks
snapshot, for the SLIMS root fields and ``Subject.sessions``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aind_slims_api import SlimsClient

from datasources.labtracks import LabTracksSource
from datasources.slims.client import SlimsReader
from datasources.slims.source import SlimsSource
from resolvers.backends import Backends
from tests.conftest import graphql_client
from tests.servers.slims import SlimsServer, tables_of
from tests.slims.records import T0, mouse
from tests.slims_api.records import DAY, ecephys_session, instrument
from tests.slims_records.records import DATA, entities
from tests.snapshots import Animal, write_snapshot

#: Two sessions of 700001 (the second two days later), one of 700002; 700003 is a mouse without
#: sessions; 700009 is in LabTracks but not in SLIMS.
SUBJECTS = ("700001", "700002", "700003", "700009")
RIG = "323_EPHYS1_20250101"
IMAGING_INSTRUMENT_PK = 51

VALID_INSTRUMENT: dict[str, Any] = json.loads((DATA / "instrument_v2.json").read_text())
OLD_INSTRUMENT = {
    "describedBy": "https://example.org/instrument.py",
    "schema_version": "0.10.0",
    "instrument_id": "440_SmartSPIM9_20240101",
    "modification_date": "2024-01-01",
    "instrument_type": "SmartSPIM",
    "manufacturer": {"name": "LifeCanvas"},
}
#: Attachment contents of tests/slims_records/data/instruments.json, by Attachment pk.
CONTENTS = {
    3001: json.dumps(VALID_INSTRUMENT).encode(),
    3002: json.dumps({**VALID_INSTRUMENT, "notes": "an older draft"}).encode(),
    3003: json.dumps(OLD_INSTRUMENT).encode(),
    3004: json.dumps({"schema_version": "1.1.1", "rig_id": "323_EPHYS9_20250205"}).encode(),
    3005: b"\x89PNG\r\n\x1a\n",
    3006: b"not json",
}


def session_records() -> list[dict[str, Any]]:
    return [
        instrument(90, RIG),
        *ecephys_session("700001", 1000, name="ecephys_700001_first", instrument_pk=90),
        *ecephys_session(
            "700001",
            1100,
            name="ecephys_700001_second",
            created=T0 + 2 * DAY,
            instrument_pk=90,
            mouse_pk=1000,
        ),
        *ecephys_session("700002", 1200, name="ecephys_700002_only", instrument_pk=90),
        mouse(1300, "700003"),
    ]


def other_records() -> list[dict[str, Any]]:
    """SmartSPIM imaging, viral injections and instruments (tests/slims_records/data; their
    mice are not the sessions' mice, so they are served apart). The imaging data's own record of
    instrument 440_SmartSPIM9_20250101 (undated, no attachment) is left out: it would stand for
    the instrument with its document."""
    imaging = [e for e in entities("imaging") if e["pk"] != IMAGING_INSTRUMENT_PK]
    return [*imaging, *entities("viral_injections"), *entities("instruments")]


def source_over(server: SlimsServer) -> SlimsSource:
    def connect() -> SlimsClient:
        return SlimsClient(
            url=server.slims_url, username=server.username, password=server.password
        )

    return SlimsSource(SlimsReader(connect, 4), 10.0)


def labtracks(directory: Path) -> LabTracksSource:
    write_snapshot(directory, [Animal(int(s)) for s in SUBJECTS])
    source = LabTracksSource.from_snapshot(directory)
    assert source is not None
    return source


@pytest.fixture
def slims_records() -> list[dict[str, Any]]:
    """What the loopback SLIMS holds: sessions here; modules may override it."""
    return session_records()


@pytest.fixture
def slims_server(slims_records: list[dict[str, Any]]) -> Iterator[SlimsServer]:
    with SlimsServer(tables=tables_of(slims_records), contents=CONTENTS) as server:
        yield server


@pytest.fixture
def backends(tmp_path: Path, slims_server: SlimsServer) -> Backends:
    return Backends(labtracks=labtracks(tmp_path / "labtracks"), slims=source_over(slims_server))


@pytest.fixture
async def client(backends: Backends) -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(backends) as http:
        yield http
