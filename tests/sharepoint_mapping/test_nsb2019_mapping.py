"""NSB 2019 list items (synthetic fixtures in ``data/``) mapped to 2.x surgeries."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from datasources.sharepoint.coordinates import LAMBDA_SYSTEM
from datasources.sharepoint.nsb2019.mapping import SOURCE, Categories, map_item

from .helpers import fixture, procedures_of, validate


def _by_key(fields: dict[str, Any], subject_id: str) -> dict[str, dict[str, Any]]:
    records = map_item(fields, subject_id)
    assert all(r.source == SOURCE and r.subject_id == subject_id for r in records)
    return {record.key or "": record.document for record in records}


def _translations(injection: dict[str, Any]) -> list[list[float | None]]:
    return [position[0]["translation"] for position in injection["coordinates"]]


def test_headpost_and_two_injection_rounds() -> None:
    docs = _by_key(fixture("nsb2019_injection_headpost.json"), "700001")
    assert list(docs) == ["nsb2019:9101#surgery", "nsb2019:9101#round1", "nsb2019:9101#round2"]

    surgery = docs["nsb2019:9101#surgery"]
    assert surgery["start_date"] == "2021-03-02"
    assert surgery["experimenters"] == ["NSB-42"]
    assert surgery["ethics_review_id"] == "2109"
    assert (surgery["animal_weight_prior"], surgery["animal_weight_post"]) == (21.4, 21.9)
    assert surgery["anaesthesia"]["duration"] == 90.0
    assert surgery["anaesthesia"]["level"] == 1.5
    assert surgery["workstation_id"] == "SWS 4"
    assert surgery["measured_coordinates"]["Lambda"]["translation"] == [-4.2, 0.0, 0.0]
    (frame,) = procedures_of(surgery, "Headframe")
    assert (frame["headframe_type"], frame["headframe_part_number"]) == (
        "NGC-style",
        "0160-100-10",
    )
    (window,) = procedures_of(surgery, "Craniotomy")
    assert (window["craniotomy_type"], window["size"], window["dura_removed"]) == (
        "Circle",
        3,
        False,
    )
    assert window["position"]["translation"] == [2.5, -1.5, 0.0]

    first = docs["nsb2019:9101#round1"]
    assert first["start_date"] == "2021-03-09"
    assert (first["animal_weight_prior"], first["animal_weight_post"]) == (22.0, 22.3)
    assert (first["anaesthesia"]["duration"], first["anaesthesia"]["level"]) == (105.0, 2.0)
    assert first["workstation_id"] == "SWS 1"
    (nanoject,) = procedures_of(first, "Brain injection")
    assert [m["name"] for m in nanoject["injection_materials"]] == [
        "AAV1-syn-FLEX-demo-GFP",
        "AAV9-CAG-demo-tdTomato",
    ]
    assert nanoject["relative_position"] == ["Left"]
    assert _translations(nanoject) == [[-3.8, -2.6, 0.3], [-3.8, -2.6, 0.6]]
    assert {p[1]["angles"][0] for p in nanoject["coordinates"]} == {10.0}
    assert [(d["profile"], d["volume"], d["duration"]) for d in nanoject["dynamics"]] == [
        ("Bolus", 100.0, 3.1667),
        ("Bolus", 100.0, 3.1667),
    ]
    assert "NJ#2" in first["notes"]

    second = docs["nsb2019:9101#round2"]
    assert second["start_date"] == "2021-03-23"
    assert second["anaesthesia"]["duration"] == 45.0
    (ionto,) = procedures_of(second, "Brain injection")
    assert ionto["relative_position"] == ["Right"]
    assert _translations(ionto) == [[1.5, 0.85, 2.95], [1.5, 0.85, 2.75]]
    dynamics = ionto["dynamics"][0]
    assert (dynamics["profile"], dynamics["injection_current"]) == ("Pulsed", 5.0)
    assert (dynamics["alternating_current"], dynamics["volume"]) == ("7s on/7s off", None)
    assert "Iontophoresis (Ionto #3)" in second["notes"]

    for document in docs.values():
        validate("700001", document)


def test_fibers_are_named_per_item_and_keep_their_slot() -> None:
    docs = _by_key(fixture("nsb2019_fibers.json"), "700002")
    assert list(docs) == ["nsb2019:9102#surgery", "nsb2019:9102#round1"]
    implants = procedures_of(docs["nsb2019:9102#surgery"], "Probe implant")
    assert [i["implanted_device"]["name"] for i in implants] == ["Fiber_0", "Fiber_1"]
    assert [i["device_config"]["device_name"] for i in implants] == ["Fiber_0", "Fiber_1"]
    assert "Fiber implant 2" in implants[1]["implanted_device"]["notes"]
    first, second = (i["device_config"]["transform"] for i in implants)
    assert first[0]["translation"] == [-1.2, -1.1, 4.4]
    assert second[0]["translation"] == [-3.1, 1.4, None]  # "see comments" is no depth
    assert second[1]["angles"][0] == -15.0
    # The second slot has no round and no date: only the first injection was done.
    assert len(procedures_of(docs["nsb2019:9102#round1"], "Brain injection")) == 1
    validate("700002", docs["nsb2019:9102#round1"])
    with pytest.raises(ValidationError):  # the list has no fiber optics or targets
        validate("700002", docs["nsb2019:9102#surgery"])


def test_spinal_injection_from_the_calamus_is_kept_as_an_injection() -> None:
    docs = _by_key(fixture("nsb2019_spinal.json"), "700003")
    assert list(docs) == ["nsb2019:9103#round1"]
    surgery = docs["nsb2019:9103#round1"]
    assert surgery["start_date"] == "2022-08-01"  # no round date: the surgery date
    assert (surgery["animal_weight_prior"], surgery["anaesthesia"]["duration"]) == (24.5, 45.0)
    (spinal,) = procedures_of(surgery, "Injection")
    assert spinal["relative_position"] == ["Right"]
    assert [d["volume"] for d in spinal["dynamics"]] == [50.6, 50.6]  # two depths
    assert "calamus -0.44" in surgery["notes"]
    validate("700003", surgery)


def test_grid_injection_has_one_entry_per_site_and_depth() -> None:
    docs = _by_key(fixture("nsb2019_grid.json"), "700004")
    (generic,) = procedures_of(docs["nsb2019:9104#surgery"], "Generic surgery procedure")
    assert generic["description"].startswith("Custom")
    (grid,) = procedures_of(docs["nsb2019:9104#round1"], "Injection")
    assert len(grid["dynamics"]) == 18  # 3x3 sites, two depths
    assert "3x3 grid" in docs["nsb2019:9104#round1"]["notes"]
    for document in docs.values():
        validate("700004", document)


def test_lambda_coordinates_use_the_lambda_system() -> None:
    docs = _by_key(fixture("nsb2019_lambda.json"), "700005")
    (frame,) = procedures_of(docs["nsb2019:9105#surgery"], "Headframe")
    assert frame["headframe_type"] == "Custom steel post (see comments)"
    surgery = docs["nsb2019:9105#round1"]
    assert surgery["experimenters"] == ["NSB"]  # no author: the team
    assert surgery["global_coordinate_system"]["name"] == LAMBDA_SYSTEM.name
    (ionto,) = procedures_of(surgery, "Brain injection")
    assert ionto["coordinate_system_name"] == LAMBDA_SYSTEM.name
    assert _translations(ionto) == [[-0.8, -0.8, 2.6]]
    assert ionto["dynamics"][0]["profile"] == "Continuous"
    assert ionto["dynamics"][0]["injection_current"] == 3.0
    for document in docs.values():
        validate("700005", document)


def test_bad_values_become_none_and_the_item_still_maps() -> None:
    docs = _by_key(fixture("nsb2019_messy.json"), "700006")
    assert list(docs) == ["nsb2019:12345#surgery", "nsb2019:12345#round1", "nsb2019:12345#round2"]
    surgery = docs["nsb2019:12345#surgery"]
    assert surgery["start_date"] is None
    assert surgery["ethics_review_id"] is None
    assert (surgery["animal_weight_prior"], surgery["animal_weight_post"]) == (None, None)
    assert surgery["anaesthesia"] == {
        "object_type": "Anaesthetic",
        "anaesthetic_type": "isoflurane",
        "duration": None,
        "duration_unit": "minute",
        "level": 3.0,
    }
    (window,) = procedures_of(surgery, "Craniotomy")
    assert (window["craniotomy_type"], window["position"], window["dura_removed"]) == (
        "Whole hemisphere craniotomy",
        None,
        None,
    )
    (injection,) = procedures_of(docs["nsb2019:12345#round1"], "Brain injection")
    assert _translations(injection) == [[None, None, None]]
    assert injection["dynamics"][0]["volume"] is None
    assert injection["dynamics"][0]["duration"] is None
    assert "up to trainer" in docs["nsb2019:12345#round1"]["notes"]
    with pytest.raises(ValidationError):
        validate("700006", surgery)


def test_injections_of_the_same_round_share_a_surgery() -> None:
    fields = fixture("nsb2019_injection_headpost.json") | {"Inj2Round": "1st"}
    docs = _by_key(fields, "700001")
    assert list(docs) == ["nsb2019:9101#surgery", "nsb2019:9101#round1"]
    assert len(procedures_of(docs["nsb2019:9101#round1"], "Brain injection")) == 2


def test_categories_decide_the_procedures() -> None:
    fields = fixture("nsb2019_injection_headpost.json") | {"Procedure": "HP only"}
    docs = _by_key(fields, "700001")
    assert list(docs) == ["nsb2019:9101#surgery"]
    assert [p["object_type"] for p in docs["nsb2019:9101#surgery"]["procedures"]] == ["Headframe"]
    assert map_item({}, "700001") == []


def test_a_dated_request_naming_no_procedure_is_a_generic_surgery() -> None:
    """1.x kept such a request as a surgery without procedures; 2.x needs one, so it says so."""
    for chosen in (None, "Select..."):
        fields = fixture("nsb2019_injection_headpost.json") | {"Procedure": chosen}
        (record,) = map_item(fields, "1")
        (step,) = record.document["procedures"]
        assert step["object_type"] == "Generic surgery procedure"
        assert step["description"] == "Surgery; the request names no procedure"
        assert record.document["start_date"] == fields_date(fields)
    # Stricter than 0.24 on purpose: it wrote an all-null surgery for an undated "Select..."
    # request; with neither a procedure nor a date, nothing says a surgery took place.
    for chosen in (None, "Select..."):
        undated = fixture("nsb2019_injection_headpost.json") | {
            "Procedure": chosen,
            "Date_x0020_of_x0020_Surgery": None,
        }
        assert map_item(undated, "1") == []


def fields_date(fields: dict[str, Any]) -> str:
    return str(fields["Date_x0020_of_x0020_Surgery"])[:10]


@pytest.mark.parametrize(
    ("procedure", "expected"),
    [
        ("HP+C CAM", "HC"),
        ("HP+C Neuropixel style", "HC"),
        ("HP+INJ", "HI"),
        ("HP+Injection+Optic Fiber Implant", "HIF"),
        ("HP only", "H"),
        ("HP Transcranial (for ISI)", "H"),
        ("INJ+HP+C", "HCI"),
        ("INJ+WHC NP", "CI"),
        ("WHC NP", "C"),
        ("Stereotaxic Injection", "I"),
        ("Custom", "G"),
        ("Training Surgery", "G"),
        (None, ""),
    ],
)
def test_categories(procedure: str | None, expected: str) -> None:
    found = Categories(procedure)
    flags = [
        ("H", found.headframe),
        ("C", found.craniotomy),
        ("I", found.injection),
        ("F", found.fiber),
        ("G", found.generic is not None),
    ]
    assert "".join(letter for letter, on in flags if on) == expected


@pytest.mark.parametrize(
    ("slot_two", "kept"),
    [
        # 1.x's rule (round or type), and the date: each alone keeps the second injection.
        ({"Inj2Type": "Iontophoresis", "Inj2Round": "NA"}, True),
        ({"Inj2Type": "Nanoject (Pressure)"}, True),
        ({"Inj2Round": "2nd"}, True),
        ({"Inj2Round": "NA", "Date2ndInjection": "2022-05-24T07:00:00Z"}, True),
        # The form's defaults alone describe no injection.
        ({"Inj2Round": "NA"}, False),
        ({"Inj2Type": "Select...", "Inj2Round": "Select..."}, False),
    ],
)
def test_second_injection_is_kept_when_round_type_or_date_says_so(
    slot_two: dict[str, Any], kept: bool
) -> None:
    """An iontophoresis second site with "NA" as its round and no date (a fiber implanted at
    it) is an injection the old service kept: it must not vanish while its fiber stays."""
    fields = fixture("nsb2019_fibers.json") | {
        "Inj2Current": "5 uA",
        "Inj2AlternatingTime": "7/7",
        "Inj2LenghtofTime": "10 min",
        "Inj2Round": None,
    }
    fields |= slot_two
    documents = {r.key: r.document for r in map_item(fields, "700002")}
    injections = [
        step
        for document in documents.values()
        for step in document["procedures"]
        if step["object_type"] in ("Brain injection", "Injection")
    ]
    fibers = [
        step
        for document in documents.values()
        for step in document["procedures"]
        if step["object_type"] == "Probe implant"
    ]
    assert len(fibers) == 2
    assert len(injections) == (2 if kept else 1)
    if kept and slot_two.get("Inj2Type") == "Iontophoresis":
        (second,) = [s for s in injections if s["dynamics"][0]["injection_current"] is not None]
        assert second["dynamics"][0]["injection_current"] == 5.0
        assert second["dynamics"][0]["profile"] == "Pulsed"
