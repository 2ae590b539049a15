"""Bad cells never fail an item: they become None and validation reports them."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from datasources.sharepoint.nsb2023.mapping import map_item, map_request
from datasources.sharepoint.nsb2023.measurements import intended_measurements
from datasources.sharepoint.nsb2023.models import (
    BURR_HOLE_NUMBERS,
    SESSION_COLUMNS,
    Nsb2023Item,
    burr_hole_columns,
)
from tests.sharepoint_nsb2023.helpers import SUBJECT, by_session, fixture, of_type, records

JUNK: list[Any] = [
    None,
    "",
    "Select...",
    "abc",
    "-",
    -1,
    1e300,
    float("nan"),
    True,
    [],
    ["a", 2, None],
    {"nested": {"value": 1}},
    "1e-9",
    "\u00bd mm",
    "2.8/3.1 mm",
    "10-20",
]


def _all_columns() -> set[str]:
    columns = {alias for name, info in Nsb2023Item.model_fields.items() if (alias := info.alias)}
    for session in SESSION_COLUMNS.values():
        columns.update(c for names in session.values() for c in names)
    for number in BURR_HOLE_NUMBERS:
        columns.update(c for names in burr_hole_columns(number).values() for c in names)
    for name in ("fiber_photometry_two_sessions", "cranial_window_dhc", "spinal_and_grid"):
        columns.update(fixture(name))
    return columns


def test_bad_cells_become_none() -> None:
    surgeries = by_session(records("bad_cells"))
    (surgery,) = surgeries.values()
    assert surgery["start_date"] is None
    assert surgery["experimenters"] == ["NSB"]
    assert surgery["animal_weight_prior"] is None
    assert surgery["animal_weight_post"] is None  # "27.4/29": two weights, no guess
    assert surgery["anaesthesia"] is None
    assert surgery["ethics_review_id"] is None
    assert surgery["measured_coordinates"] is None
    (injection,) = of_type(surgery, "Brain injection")
    assert injection["coordinates"][0][0]["translation"][:2] == [None, None]
    assert injection["relative_position"] is None
    assert injection["dynamics"][0]["volume"] is None
    assert injection["dynamics"][0]["duration"] is None
    assert injection["targeted_structure"] is None
    (implant,) = of_type(surgery, "Probe implant")
    assert implant["implanted_device"]["total_length"] is None
    assert implant["implanted_device"]["notes"] == "Fiber: 400 um core, NA 0.5"
    assert "'anterior part of the craniotomy'" in surgery["notes"]
    assert "'not a CCF structure'" in surgery["notes"]


def test_every_column_tolerates_junk(caplog: pytest.LogCaptureFixture) -> None:
    base = fixture("fiber_photometry_two_sessions")
    columns = sorted(_all_columns())
    half = len(JUNK) // 2
    with caplog.at_level(logging.WARNING, logger="datasources.sharepoint.nsb2023"):
        # Each column alone, with half of the junk (which half rotates from column to column).
        for index, column in enumerate(columns):
            for step in range(half):
                junk = JUNK[(index + step * 2) % len(JUNK)]
                assert map_item({**base, column: junk}, SUBJECT, "nsb2023")
        # Every column junk at once.
        for shift in range(len(JUNK)):
            fields = {c: JUNK[(i + shift) % len(JUNK)] for i, c in enumerate(columns)}
            assert isinstance(map_item(fields, SUBJECT, "nsb_present"), list)
            assert isinstance(intended_measurements(fields, SUBJECT), list)
    # The guards log when a value escapes the tolerant parsing: that must never happen.
    assert caplog.records == []


@pytest.mark.parametrize("fields", [None, [], "text", {}, {"Burr_x0020_hole_x0020_1": None}])
def test_not_an_item(fields: Any) -> None:
    assert map_item(fields, SUBJECT, "nsb2023") == []


def test_placeholders_and_numbers_in_the_raw_model() -> None:
    item = Nsb2023Item.model_validate(
        {
            "Title": "  x  ",
            "HpWorkStation": "Select...",
            "Weight_x0020_before_x0020_Surger": 25.2,
            "Iso_x0020_On": 1e-05,
            "Virus_x0020_D_x002f_V": 3,
            "Burr_x0020_1_x0020_Intended_x002": ["ACB - Nucleus accumbens", None, ""],
            "Test1LookupId": None,
            "Test1Id": 2846,
        }
    )
    assert item.title == "x"
    assert item.initial.workstation is None
    assert item.initial.weight_before == "25.2"
    assert item.initial.iso_duration == "0.00001"
    assert item.initial.surgeon == "2846"  # an empty alternative column is skipped
    hole = item.burr_holes[0]
    assert hole.dv == ("3", None, None)
    assert hole.targets == ["ACB - Nucleus accumbens"]


def test_unknown_burr_hole_kind_and_undescribed_procedure_are_reported() -> None:
    """What the service cannot map is named (item and slot), never dropped without a word."""
    fields = {
        "id": "41",
        "Title": "700041 EMG",
        "Procedure": "Stereotaxic Injection",
        "Burr_x0020_hole_x0020_1": "Laser ablation",
    }
    mapped = map_request(fields, "700041", "nsb_present")
    assert mapped.records == []
    described = [part.describe() for part in mapped.unmapped]
    assert described == [
        "sharepoint.nsb_present item 41, burr hole 1: "
        "procedure 'Laser ablation' is not one the service maps",
        "sharepoint.nsb_present item 41, whole request: "
        "procedure 'Stereotaxic Injection' is requested, but no burr hole describes it",
    ]


@pytest.mark.parametrize(
    "procedure", ["Sx- EMG Array", "Testes Injection", "Oviduct Injection", "Custom"]
)
def test_procedures_no_column_describes_become_generic(procedure: str) -> None:
    fields = {"id": "42", "Title": "700042", "Procedure": procedure}
    mapped = map_request(fields, "700042", "nsb2023")
    assert mapped.unmapped == []
    (record,) = mapped.records
    (step,) = record.document["procedures"]
    assert step["object_type"] == "Generic surgery procedure"
    assert step["description"] == f"{procedure} (surgery request)"


def test_a_mapping_bug_is_reported_for_the_item(monkeypatch: pytest.MonkeyPatch) -> None:
    import datasources.sharepoint.nsb2023.mapping as mapping

    def broken(*args: object) -> None:
        raise KeyError("bug")

    monkeypatch.setattr(mapping, "_records", broken)
    mapped = map_request({"id": "43", "Procedure": "HP Only"}, "700043", "nsb2023")
    assert mapped.records == []
    assert [part.describe() for part in mapped.unmapped] == [
        "sharepoint.nsb2023 item 43, whole item: it could not be mapped (KeyError)"
    ]
