"""SLIMS histology runs -> 2.x specimen procedures (our own blocks, then the reference)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from aind_data_schema.components.specimen_procedures import SpecimenProcedure
from aind_slims_api.operations.histology_procedures import SPIMHistologyExpBlock
from pydantic import ValidationError

from datasources.slims.histology import map_histology, procedure_type, protocol_link

DATA = Path(__file__).parent / "data"
REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "slims"


def blocks(path: Path) -> list[SPIMHistologyExpBlock]:
    return [SPIMHistologyExpBlock.model_validate(raw) for raw in json.loads(path.read_text())]


def mapped() -> list[dict[str, Any]]:
    return map_histology(blocks(DATA / "histology_blocks.json"), "650101")


def errors(document: dict[str, Any]) -> list[str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            SpecimenProcedure.model_validate(document)
    except ValidationError as error:
        return [detail["msg"] for detail in error.errors()]
    return []


def test_one_procedure_per_run_and_per_antibody_wash() -> None:
    kinds = [(d["procedure_type"], d["procedure_name"]) for d in mapped()]
    assert kinds == [
        ("Delipidation", "Demo clearing protocol"),
        ("Immunolabeling", "Demo labeling protocol"),
        ("Immunolabeling", "Demo labeling protocol"),
        ("Refractive index matching", "Demo index matching"),
        ("Other", "SmartSPIM Mystery Step"),
    ]
    assert {d["specimen_id"] for d in mapped()} == {"650101"}


def test_a_run_spans_its_washes_and_carries_their_reagents() -> None:
    delipidation = mapped()[0]
    assert (delipidation["start_date"], delipidation["end_date"]) == ("2025-06-15", "2025-06-16")
    assert delipidation["protocol_id"] == ["https://protocols.example.org/clearing-v2"]
    assert delipidation["experimenters"] == ["person.histology"]
    reagents = [
        (r["name"], r["lot_number"], r["source"]["name"])
        for r in delipidation["procedure_details"]
    ]
    assert [r[:2] for r in reagents] == [
        ("SHIELD Buffer", "SB-77"),
        ("Delipidation Buffer", "DB-12"),
    ]
    assert errors(delipidation) == []


def test_antibodies_are_kept_in_notes_not_invented() -> None:
    """2.x names an antibody by its protein target, which SLIMS does not record: the class
    and mass go to notes and validation reports the missing probe (406, not a guess)."""
    primary, secondary = mapped()[1:3]
    assert (primary["notes"], secondary["notes"]) == (
        "Primary Antibody, 8 µg",
        "Secondary Antibody, 4.5 µg",
    )
    assert primary["start_date"] == primary["end_date"] == "2025-06-18"
    assert primary["procedure_details"] == []
    assert any("ProbeReagent required" in message for message in errors(primary))


def test_undated_and_untyped_runs_are_kept_for_validation_to_report() -> None:
    mystery = mapped()[4]
    assert (mystery["start_date"], mystery["end_date"], mystery["protocol_id"]) == (
        None,
        None,
        None,
    )
    assert mystery["notes"] == "SLIMS template: SmartSPIM Mystery Step"
    assert errors(mystery)


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ('<a href="https://x.org/p" target="_blank">P</a>', ["https://x.org/p"]),
        ("https://x.org/plain", ["https://x.org/plain"]),
        ("<b>no link</b>", []),
        (None, []),
    ],
)
def test_protocol_links(text: str | None, links: list[str]) -> None:
    assert protocol_link(text) == links


def test_procedure_types_by_name() -> None:
    assert procedure_type("SmartSPIM Delipidation") == "Delipidation"
    assert procedure_type(None, "Refractive Index Matching") == "Refractive index matching"
    assert procedure_type("Something new") == "Other"


def test_reference_facts() -> None:
    """The reference response mapped keeps 0.24's facts. Allowed differences: 2.x dates the
    delipidation's end by its last timed wash (0.24 left it empty when one wash had none);
    antibodies are in notes (2.x has no antibody without its target)."""
    raw = REFERENCE / "raw" / "histology_procedures_response.json"
    old_path = REFERENCE / "mapped" / "specimen_procedures.json"
    if not (raw.is_file() and old_path.is_file()):
        pytest.skip(f"reference SLIMS records not available at {REFERENCE}")
    ours = map_histology(blocks(raw), "000000")
    old = json.loads(old_path.read_text())
    assert [d["procedure_type"] for d in ours] == [d["procedure_type"] for d in old]
    for now, was in zip(ours, old, strict=True):
        assert now["procedure_name"] == was["procedure_name"]
        assert now["start_date"] == was["start_date"]
        assert was["end_date"] in (None, now["end_date"])
        assert now["experimenters"] == [was["experimenter_full_name"]]
        assert now["protocol_id"] == (was["protocol_id"] or None)
        reagents = [(r["name"], r["lot_number"]) for r in now["procedure_details"]]
        assert reagents == [(r["name"], r["lot_number"]) for r in was["reagents"]]
        for antibody in was["antibodies"] or []:
            assert f"{antibody['mass']:g} µg" in now["notes"]
            assert antibody["immunolabel_class"] in now["notes"]
