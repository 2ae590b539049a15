"""Genotype splitting and the rules that make an allele-bucket row an allele."""

from __future__ import annotations

from typing import Any

import pytest
from aind_data_schema_models.pid_names import PIDName
from aind_data_schema_models.registries import Registry

from datasources.mgi import AlleleBucket, allele_names, map_alleles
from tests.servers.mgi import bucket, summary_row


@pytest.mark.parametrize(
    ("genotype", "expected"),
    [
        (None, []),
        ("", []),
        ("wt/wt", []),
        ("WT/Wt", []),
        ("Pvalb-IRES-Cre/wt", ["Pvalb-IRES-Cre"]),
        ("Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt", ["Pvalb-IRES-Cre", "Ai14(RCL-tdT)"]),
        (
            "Sst-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt",
            ["Sst-IRES-Cre", "Ai32(RCL-ChR2(H134R)_EYFP)"],
        ),
        (
            "Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt",
            ["Slc17a7-IRES2-Cre", "Camk2a-tTA", "Ai93(TITL-GCaMP6f)"],
        ),
        ("Vip-IRES-Cre/Vip-IRES-Cre", ["Vip-IRES-Cre"]),
        ("  Gad2-IRES-Cre / wt ;; Rorb-IRES2-Cre\twt ", ["Gad2-IRES-Cre", "Rorb-IRES2-Cre"]),
        # Separators inside parentheses belong to the name.
        ("Ai99(a/b c;d)/wt", ["Ai99(a/b c;d)"]),
        # Unbalanced parentheses: nothing can be trusted, every separator splits.
        ("Ai99(open/wt;Cre", ["Ai99(open", "Cre"]),
        ("Cre)/wt", ["Cre)"]),
    ],
)
def test_allele_names(genotype: str | None, expected: list[str]) -> None:
    assert allele_names(genotype) == expected


def _map(*rows: dict[str, Any]) -> list[dict[str, Any]]:
    return map_alleles(AlleleBucket.model_validate(bucket(*rows)))


def test_exact_synonym_row_becomes_pidname() -> None:
    alleles = _map(summary_row("Pvalb<tm1(cre)Arbr>", "MGI:3590684"))
    assert alleles == [
        {
            "name": "Pvalb<tm1(cre)Arbr>",
            "abbreviation": None,
            "registry": Registry.MGI.value,
            "registry_identifier": "MGI:3590684",
        }
    ]
    PIDName.model_validate(alleles[0])


@pytest.mark.parametrize(
    "row",
    [
        summary_row("A<tm1>", "MGI:1", stars="***"),
        summary_row("A<tm1>", "MGI:1", stars="*"),
        summary_row("A<tm1>", "MGI:1", match="Symbol"),
        summary_row("A<tm1>", "MGI:1", match="Name"),
        {**summary_row("A<tm1>", "MGI:1"), "stars": None},
        {**summary_row("A<tm1>", "MGI:1"), "detailUri": "/marker/MGI:1"},
        {**summary_row("A<tm1>", "MGI:1"), "detailUri": "/allele/1234"},
        {**summary_row("A<tm1>", "MGI:1"), "detailUri": None},
        {**summary_row("A<tm1>", "MGI:1"), "symbol": None},
    ],
)
def test_rows_that_are_not_alleles(row: dict[str, Any]) -> None:
    assert _map(row) == []


def test_several_exact_rows_keep_order_and_merge_one_allele_listed_twice() -> None:
    alleles = _map(
        summary_row("B<tm2>", "MGI:2"),
        summary_row("A<tm1>", "MGI:1", stars="***"),
        summary_row("C<tm3>", "MGI:3"),
        summary_row("B<tm2>", "MGI:2"),
    )
    assert [allele["registry_identifier"] for allele in alleles] == ["MGI:2", "MGI:3"]


def test_full_detail_url_is_parsed() -> None:
    row = {**summary_row("A<tm1>", "MGI:1"), "detailUri": "https://mgi.example/allele/MGI:77"}
    assert _map(row)[0]["registry_identifier"] == "MGI:77"


def test_bucket_model_is_tolerant() -> None:
    body = {"summaryRows": [{"symbol": "A", "unexpected": {"nested": 1}}], "meta": None}
    parsed = AlleleBucket.model_validate(body)
    assert parsed.summary_rows[0].symbol == "A"
    assert parsed.total_count is None
