"""Snapshot mode: the real client, paging, filtering and mapping over recorded TARS records."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aind_data_schema.components.injection_procedures import ViralMaterial

from datasources.result import Code
from datasources.snapshot import DEMO_SNAPSHOT
from datasources.tars import SnapshotTransport, TarsSource, load_snapshot
from datasources.tars.snapshot import SNAPSHOT_RESOURCE, SNAPSHOT_TOKEN
from tests.servers.tars import TarsServer
from tests.tars.conftest import PREP_LOTS, VIRUSES, SourceFactory

DEMO_LOTS = [f"DEMO-LOT-{index:03d}" for index in range(1, 9)]
# Lots whose facts both paths can serve (the snapshot has no Molecules beyond the viruses').
PARITY_LOTS = ["VT900101", "vt900102", "VT900200", "VT900404", "VT900505", "VT000000", "VT90010"]


def write_snapshot(directory: Path, lots: object, viruses: object | None) -> Path:
    folder = directory / "tars"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "prep_lots.json").write_text(json.dumps(lots))
    if viruses is not None:
        (folder / "viruses.json").write_text(json.dumps(viruses))
    return directory


@pytest.fixture
async def demo() -> AsyncIterator[TarsSource]:
    source = TarsSource.from_snapshot(DEMO_SNAPSHOT)
    assert source is not None
    yield source
    await source.aclose()


async def test_snapshot_answers_like_the_live_service(
    tmp_path: Path, make_source: SourceFactory, tars_server: TarsServer
) -> None:
    snapshot = TarsSource.from_snapshot(write_snapshot(tmp_path, PREP_LOTS, VIRUSES))
    assert snapshot is not None
    try:
        offline = await snapshot.materials(PARITY_LOTS)
    finally:
        await snapshot.aclose()
    live = await make_source().materials(PARITY_LOTS)
    assert {n: (r.code, r.records) for n, r in offline.items()} == {
        n: (r.code, r.records) for n, r in live.items()
    }
    assert [r.code for r in offline.values()] == [200, 200, 300, 200, 200, 404, 404]


def test_missing_lots_file_means_absent(tmp_path: Path) -> None:
    assert TarsSource.from_snapshot(tmp_path) is None
    (tmp_path / "tars").mkdir()
    (tmp_path / "tars" / "viruses.json").write_text("[]")
    assert TarsSource.from_snapshot(tmp_path) is None


async def test_missing_viruses_file_maps_lots_from_their_embedded_virus(tmp_path: Path) -> None:
    source = TarsSource.from_snapshot(write_snapshot(tmp_path, PREP_LOTS, None))
    assert source is not None
    try:
        result = await source.material("VT900101")
    finally:
        await source.aclose()
    assert result.code == Code.OK
    assert result.records[0]["name"] == "VIR900101_PHPeB"


@pytest.mark.parametrize("content", [{"data": []}, [1, 2]])
def test_file_that_is_not_a_list_of_records_is_rejected(tmp_path: Path, content: object) -> None:
    write_snapshot(tmp_path, content, [])
    with pytest.raises(ValueError, match="JSON list of TARS records"):
        TarsSource.from_snapshot(tmp_path)


async def test_transport_searches_pages_and_wants_its_token(tmp_path: Path) -> None:
    lots = [{"id": str(n), "lot": f"LOT-{n}"} for n in range(5)]
    snapshot = load_snapshot(write_snapshot(tmp_path, lots, []))
    assert snapshot is not None
    async with httpx.AsyncClient(
        transport=SnapshotTransport(snapshot), base_url=SNAPSHOT_RESOURCE
    ) as client:
        url = "/api/v1/ViralPrepLots"
        params = {"searchFields": "lot", "search": "lot-", "pageSize": "2", "page": "3"}
        assert (await client.get(url, params=params)).status_code == 401
        headers = {"Authorization": f"Bearer {SNAPSHOT_TOKEN}"}
        body = (await client.get(url, params=params, headers=headers)).json()
        assert ([item["lot"] for item in body["data"]], body["totalCount"]) == (["LOT-4"], 5)
        assert (await client.get("/api/v1/Other", headers=headers)).status_code == 404


async def test_demo_lots_each_resolve_to_one_valid_material(demo: TarsSource) -> None:
    results = await demo.materials(DEMO_LOTS)
    assert {n: r.code for n, r in results.items()} == dict.fromkeys(DEMO_LOTS, Code.OK)
    for number, result in results.items():
        (material,) = result.records
        ViralMaterial.model_validate(material)
        identifiers = material["tars_identifiers"]
        assert identifiers["prep_lot_number"] == number
        assert identifiers["prep_date"].startswith("2024-")
        assert identifiers["virus_tars_id"].startswith("DemoVIR")


async def test_demo_edge_cases(demo: TarsSource) -> None:
    duplicate = await demo.material("demo-lot-dup")
    assert duplicate.code == Code.MULTIPLE
    assert len(duplicate.records) == 2
    # Every demo lot is a near match of this search: none is exact.
    assert (await demo.material("DEMO-LOT-00")).code == Code.NOT_FOUND
    two_molecules = (await demo.material("DEMO-LOT-003")).records[0]
    assert "; " in two_molecules["name"]
    rabies = (await demo.material("DEMO-LOT-004")).records[0]
    assert rabies["tars_identifiers"]["prep_type"] is None
    assert rabies["addgene_id"] is None
    assert (await demo.ping()).code == Code.OK


def test_demo_files_hold_eight_lots_of_five_viruses() -> None:
    snapshot = load_snapshot(DEMO_SNAPSHOT)
    assert snapshot is not None
    numbers = [lot["lot"] for lot in snapshot.prep_lots]
    assert sorted(set(numbers) - {"DEMO-LOT-DUP"}) == DEMO_LOTS
    assert numbers.count("DEMO-LOT-DUP") == 2
    assert len(snapshot.viruses) == 5
