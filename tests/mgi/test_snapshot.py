"""Snapshot mode: the real client and mapping over recorded alleleBucket bodies."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import datasources
from datasources.mgi import MgiSource, allele_names
from datasources.result import Code
from tests.servers.mgi import bucket, summary_row

DEMO = Path(datasources.__file__).parent / "demo"

DEMO_GENOTYPES = [
    "Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt",
    "Sst-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt",
    "Vip-IRES-Cre/wt;Ai148(TIT2L-GC6f-ICL-tTA2)/wt",
    "Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt",
    "Dbh-Cre_KH212/wt",
    "Chat-IRES-Cre-neo/wt",
    "Rorb-IRES2-Cre/wt",
    "Gad2-IRES-Cre/wt",
]


@pytest.fixture
async def demo() -> AsyncIterator[MgiSource]:
    source = MgiSource.from_snapshot(DEMO)
    assert source is not None
    yield source
    await source.aclose()


async def test_snapshot_directory_answers_through_the_client(tmp_path: Path) -> None:
    bodies = {
        "One-Cre": bucket(summary_row("One<tm1>", "MGI:9600001")),
        "Near-Cre": bucket(summary_row("Near<tm1>", "MGI:9600002", stars="***")),
    }
    (tmp_path / "mgi.json").write_text(json.dumps(bodies))
    source = MgiSource.from_snapshot(tmp_path)
    assert source is not None
    try:
        one = await source.allele("One-Cre")
        near = await source.allele("Near-Cre")
        absent = await source.allele("Absent-Cre")
        ping = await source.ping()
    finally:
        await source.aclose()
    assert one.code == Code.OK
    assert one.records[0]["registry_identifier"] == "MGI:9600001"
    assert near.code == Code.NOT_FOUND
    assert absent.code == Code.NOT_FOUND
    assert ping.code == Code.OK


async def test_unparseable_recorded_body_is_503(tmp_path: Path) -> None:
    (tmp_path / "mgi.json").write_text(json.dumps({"Bad-Cre": {"rows": []}}))
    source = MgiSource.from_snapshot(tmp_path)
    assert source is not None
    try:
        result = await source.allele("Bad-Cre")
    finally:
        await source.aclose()
    assert result.code == Code.UNAVAILABLE


def test_missing_file_means_absent(tmp_path: Path) -> None:
    assert MgiSource.from_snapshot(tmp_path) is None


def test_file_that_is_not_an_object_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "mgi.json").write_text("[]")
    with pytest.raises(ValueError, match="JSON object"):
        MgiSource.from_snapshot(tmp_path)


@pytest.mark.parametrize("genotype", DEMO_GENOTYPES)
async def test_demo_genotypes_resolve_to_one_allele_each(demo: MgiSource, genotype: str) -> None:
    names = allele_names(genotype)
    assert names
    results = await demo.alleles(names)
    assert {name: result.code for name, result in results.items()} == dict.fromkeys(names, Code.OK)
    for result in results.values():
        assert result.records[0]["registry_identifier"].startswith("MGI:")


async def test_demo_pvalb_is_the_documented_example(demo: MgiSource) -> None:
    result = await demo.allele("Pvalb-IRES-Cre")
    assert [(r["name"], r["registry_identifier"]) for r in result.records] == [
        ("Pvalb<tm1(cre)Arbr>", "MGI:3590684")
    ]


@pytest.mark.parametrize(
    ("name", "code"),
    [("Emx1-IRES-Cre", Code.NOT_FOUND), ("Xyz-Unknown-Cre", Code.NOT_FOUND), ("Cre-Dup", 300)],
)
async def test_demo_edge_cases(demo: MgiSource, name: str, code: int) -> None:
    assert (await demo.allele(name)).code == code
