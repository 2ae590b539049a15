"""LAS 2020 request items (synthetic fixtures in ``data/``) mapped to 2.x injections."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from datasources.records import ProcedureRecord
from datasources.sharepoint.las2020.mapping import SOURCE, map_item

from .helpers import fixture, validate


def _by_key(records: list[ProcedureRecord]) -> dict[str, ProcedureRecord]:
    return {record.key or "": record for record in records}


def _materials(injection: dict[str, Any]) -> list[tuple[str, str | None, int | None]]:
    return [
        (
            material["name"],
            (material["tars_identifiers"] or {}).get("prep_lot_number"),
            material["titer"],
        )
        for material in injection["injection_materials"]
    ]


def test_subject_in_title_and_first_slot() -> None:
    records = _by_key(map_item(fixture("las2020_requests.json"), "710001"))
    assert list(records) == [
        "las2020:8801#dosing",
        "las2020:8801#request2",
        "las2020:8801#retro-orbital",
    ]
    assert all(r.source == SOURCE and r.subject_id == "710001" for r in records.values())
    assert all(r.extras == {"experimenters": ["LAS-77"]} for r in records.values())

    retro = records["las2020:8801#retro-orbital"].document
    assert retro["object_type"] == "Non surgical injection"
    assert (retro["start_date"], retro["ethics_review_id"]) == ("2024-02-05", "2306")
    (injection,) = retro["injections"]
    assert injection["relative_position"] == ["Left"]
    assert injection["dynamics"][0]["volume"] == 90.0
    assert injection["dynamics"][0]["volume_unit"] == "microliter"
    assert _materials(injection) == [("AiP900001", "DEMO-LOT-1", 15_000_000_000_000)]
    assert "Retro-orbital" in retro["notes"]
    validate("710001", retro)

    dosing = records["las2020:8801#dosing"].document
    (dose,) = dosing["injections"]
    assert (dose["dynamics"][0]["volume"], dose["dynamics"][0]["duration"]) == (100.0, 5.0)
    (material,) = dose["injection_materials"]
    assert (material["name"], material["concentration"], material["concentration_unit"]) == (
        "Tamoxifen",
        20.0,
        "mg/mL",
    )
    with pytest.raises(ValidationError) as failure:  # the list never names the supplier
        validate("710001", dosing)
    assert {error["loc"][-1] for error in failure.value.errors()} == {"source"}


def test_subject_in_several_slots_gets_each_injection_and_no_substring_match() -> None:
    records = _by_key(map_item(fixture("las2020_requests.json"), "710002"))
    retro = records["las2020:8801#retro-orbital"].document
    second, fourth = retro["injections"]  # slot 3 is 7100021, another animal
    assert second["relative_position"] == ["Right"]
    assert _materials(second) == [
        ("AiP900002", "DEMO-LOT-2", 2_000_000_000_000),
        ("AiP900003", None, 300_000_000_000),
    ]
    assert fourth["relative_position"] is None  # "Behind Either"
    assert fourth["dynamics"][0]["volume"] == 50.0  # 0.05 mL
    assert _materials(fourth) == [("DEMO-LOT-4", "DEMO-LOT-4", 4_000_000_000_000)]
    validate("710002", retro)


def test_only_exact_subject_ids_match() -> None:
    assert map_item(fixture("las2020_requests.json"), "71000") == []
    assert map_item(fixture("las2020_requests.json"), "7100021") != []


def test_retro_orbital_is_found_in_any_requested_slot() -> None:
    fields = fixture("las2020_requests.json")
    moved = fields | {"ReqPro3": None, "ReqPro2": "Retro-Orbital Injection"}
    assert "las2020:8801#retro-orbital" in _by_key(map_item(moved, "710001"))
    none = fields | {"ReqPro3": "Tissue Collection"}
    records = _by_key(map_item(none, "710001"))
    assert list(records) == [
        "las2020:8801#dosing",
        "las2020:8801#request2",
        "las2020:8801#request3",
    ]
    collection = records["las2020:8801#request3"].document
    assert collection["object_type"] == "Generic subject procedure"
    assert collection["description"] == "Tissue Collection (LAS request)"
    assert collection["experimenters"] == ["LAS-77"]


def test_dosing_by_another_route_is_a_generic_procedure() -> None:
    """1.x mapped only intraperitoneal dosing; any other route is kept, as what was asked."""
    fields = fixture("las2020_requests.json") | {"doseRoute": "Subcutaneous (SC)"}
    records = _by_key(map_item(fields, "710001"))
    assert "las2020:8801#dosing" not in records
    (generic,) = [
        r.document for r in records.values() if "Dosing" in r.document.get("description", "")
    ]
    assert generic["object_type"] == "Generic subject procedure"
    assert generic["description"].startswith("Dosing, Subcutaneous (SC): Tamoxifen")
    validate("710001", generic)


@pytest.mark.parametrize("choice", ["Blood Collection", "Induction", "Other", "Handling"])
def test_every_other_request_is_kept(choice: str) -> None:
    fields = fixture("las2020_requests.json") | {"ReqPro3": choice}
    records = _by_key(map_item(fields, "710001"))
    generic = records["las2020:8801#request3"].document
    assert generic["description"] == f"{choice} (LAS request)"
    validate("710001", generic)


def test_the_author_is_kept_in_the_injection_notes() -> None:
    """2.x ``NonSurgicalInjection`` has no experimenter; 1.x's (the author) is in notes."""
    records = _by_key(map_item(fixture("las2020_requests.json"), "710001"))
    for key in ("las2020:8801#retro-orbital", "las2020:8801#dosing"):
        assert "Experimenter (request author): LAS-77" in records[key].document["notes"]
    without = _by_key(map_item(fixture("las2020_requests.json") | {"AuthorId": None}, "710001"))
    assert "Experimenter" not in without["las2020:8801#dosing"].document["notes"]


def test_start_date_falls_back_to_the_requested_date() -> None:
    fields = fixture("las2020_requests.json") | {"nStart_x0020_Date": None}
    records = _by_key(map_item(fields, "710001"))
    assert records["las2020:8801#retro-orbital"].document["start_date"] == "2024-02-07"
    assert records["las2020:8801#dosing"].document["start_date"] == "2024-02-05"


def test_bad_values_never_raise() -> None:
    fields = fixture("las2020_requests.json") | {
        "roVol1": "a lot",
        "roTite1": "high",
        "Protocol": {"weird": True},
        "AuthorId": "x",
        "nStart_x0020_Date": "soon",
        "Reqdate3": 5,
    }
    records = _by_key(map_item(fields, "710001"))
    retro = records["las2020:8801#retro-orbital"]
    assert retro.extras == {}
    assert retro.document["start_date"] is None
    assert retro.document["ethics_review_id"] is None
    (injection,) = retro.document["injections"]
    assert injection["dynamics"][0]["volume"] is None
    assert _materials(injection) == [("AiP900001", "DEMO-LOT-1", None)]
    assert map_item({"Title": None}, "710001") == []
