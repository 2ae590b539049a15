"""Grouping of a request's procedures into its initial and follow-up surgeries."""

from __future__ import annotations

import pytest

from datasources.sharepoint.nsb2023.mapping import map_item
from tests.sharepoint_nsb2023.helpers import SUBJECT, by_session, fixture, of_type, records


def test_two_sessions_become_two_surgeries_with_their_own_facts() -> None:
    surgeries = by_session(records("fiber_photometry_two_sessions"))
    assert set(surgeries) == {"initial", "follow_up"}
    initial, follow_up = surgeries["initial"], surgeries["follow_up"]

    assert initial["start_date"] == "2024-03-05"
    assert initial["experimenters"] == ["NSB-41"]
    assert (initial["animal_weight_prior"], initial["animal_weight_post"]) == (24.1, 25.0)
    assert initial["anaesthesia"]["anaesthetic_type"] == "isoflurane"
    assert (initial["anaesthesia"]["duration"], initial["anaesthesia"]["level"]) == (75.0, 1.5)
    assert initial["workstation_id"] == "SWS 2"

    # 07:00Z is local midnight in summer time: the day stays the chosen one.
    assert follow_up["start_date"] == "2024-03-19"
    assert follow_up["experimenters"] == ["NSB-57"]
    assert (follow_up["animal_weight_prior"], follow_up["animal_weight_post"]) == (25.4, 25.9)
    assert (follow_up["anaesthesia"]["duration"], follow_up["anaesthesia"]["level"]) == (45.0, 2.0)
    assert follow_up["workstation_id"] == "SWS 6"

    for surgery in (initial, follow_up):
        assert surgery["ethics_review_id"] == "2414"


def test_procedures_land_in_the_session_their_perform_during_names() -> None:
    surgeries = by_session(records("fiber_photometry_two_sessions"))
    initial = [p["object_type"] for p in surgeries["initial"]["procedures"]]
    follow_up = [p["object_type"] for p in surgeries["follow_up"]["procedures"]]
    assert initial == ["Headframe", "Brain injection", "Probe implant", "Brain injection"]
    assert follow_up == ["Probe implant"]


def test_recovery_time_is_kept_outside_the_document() -> None:
    found = records("fiber_photometry_two_sessions")
    recovery = {r.extras["session"]: r.extras.get("recovery_time_minutes") for r in found}
    assert recovery == {"initial": 12.0, "follow_up": 15.0}
    assert all("recovery" not in str(r.document) for r in found)


def test_single_session_request_without_perform_during_is_the_initial_surgery() -> None:
    surgeries = by_session(records("cranial_window_dhc"))
    assert list(surgeries) == ["initial"]
    kinds = [p["object_type"] for p in surgeries["initial"]["procedures"]]
    assert kinds == ["Headframe", "Craniotomy", "Brain injection"]
    assert surgeries["initial"]["ethics_review_id"] == "2415"  # from "Protocol"


def test_two_session_request_without_perform_during_is_unscheduled() -> None:
    fields = fixture("fiber_photometry_two_sessions")
    fields["Burr2_x0020_Perform_x0020_During"] = None
    surgeries = by_session(map_item(fields, SUBJECT, "nsb2023"))
    unscheduled = surgeries["unscheduled"]
    assert unscheduled["start_date"] is None
    assert unscheduled["experimenters"] == ["NSB"]
    assert unscheduled["anaesthesia"] is None
    assert unscheduled["workstation_id"] is None
    assert [p["object_type"] for p in unscheduled["procedures"]] == ["Brain injection"]
    assert len(of_type(surgeries["initial"], "Brain injection")) == 1


def test_window_headframe_follows_the_headpost_session() -> None:
    fields = fixture("cranial_window_dhc")
    fields["Procedure_x0020_Slots"] = "Initial surgery with follow up session"
    fields["Headpost_x0020_Perform_x0020_Dur"] = "Initial Surgery"
    fields["Craniotomy_x0020_Perform_x0020_D"] = "Follow up Surgery"
    fields["Burr1_x0020_Perform_x0020_During"] = "Follow up Surgery"
    surgeries = by_session(map_item(fields, SUBJECT, "nsb2023"))
    assert [p["object_type"] for p in surgeries["initial"]["procedures"]] == ["Headframe"]
    assert [p["object_type"] for p in surgeries["follow_up"]["procedures"]] == [
        "Craniotomy",
        "Brain injection",
    ]


def test_window_headframe_goes_with_the_window_when_headpost_session_is_blank() -> None:
    fields = fixture("cranial_window_dhc")
    fields["Procedure_x0020_Slots"] = "Initial surgery with follow up session"
    fields["Craniotomy_x0020_Perform_x0020_D"] = "Follow up Surgery"
    fields["Burr1_x0020_Perform_x0020_During"] = "Initial Surgery"
    surgeries = by_session(map_item(fields, SUBJECT, "nsb2023"))
    assert [p["object_type"] for p in surgeries["follow_up"]["procedures"]] == [
        "Headframe",
        "Craniotomy",
    ]


@pytest.mark.parametrize(
    ("procedure", "expected"),
    [
        ("Stereotaxic Injection", []),
        ("Sx-11&19 HP Only", ["Headframe"]),
        ("HP Transcranial", ["Headframe"]),
        ("Sx-12 Stereotaxic Injection (with Headpost)", ["Headframe"]),
        ("Sx-01 Visual Ctx 2P", ["Headframe", "Craniotomy"]),
        ("INJ + WHC NP", ["Headframe", "Craniotomy"]),
        (None, []),
    ],
)
def test_the_procedure_choice_decides_headframe_and_craniotomy(
    procedure: str | None, expected: list[str]
) -> None:
    # The Headpost and Craniotomy Type columns are filled in every case, as the form does.
    fields = fixture("cranial_window_dhc")
    fields["Procedure"] = procedure
    fields["Burr_x0020_hole_x0020_1"] = "Select..."
    found = map_item(fields, SUBJECT, "nsb2023")
    kinds = [p["object_type"] for r in found for p in r.document["procedures"]]
    assert kinds == expected


def test_headframe_parts_and_craniotomy_shape() -> None:
    surgery = by_session(records("cranial_window_dhc"))["initial"]
    (headframe,) = of_type(surgery, "Headframe")
    assert headframe["headframe_type"] == "DHC"
    assert headframe["headframe_part_number"] == "0160-100-57"
    assert headframe["headframe_material"] == "Titanium"
    assert (headframe["well_type"], headframe["well_part_number"]) == ("DHC well", "0160-075-01")
    (craniotomy,) = of_type(surgery, "Craniotomy")
    assert craniotomy["craniotomy_type"] == "Dual hemisphere craniotomy"
    assert craniotomy["implant_part_number"] == "3006"

    window = by_session(records("spinal_and_grid"))["initial"]
    (circle,) = of_type(window, "Craniotomy")
    assert (circle["craniotomy_type"], circle["size"], circle["size_unit"]) == (
        "Circle",
        5.0,
        "millimeter",
    )


def test_bregma_to_lambda_is_measured_where_coordinates_are_used() -> None:
    fields = fixture("fiber_photometry_two_sessions")
    fields["Burr_x0020_hole_x0020_3"] = "Select..."
    fields["Procedure_x0020_Slots"] = "Single surgical session"
    surgery = by_session(map_item(fields, SUBJECT, "nsb2023"))["initial"]
    lambda_position = surgery["measured_coordinates"]["Lambda"]
    assert lambda_position["translation"] == [-4.2, 0.0, 0.0]

    headpost_only = fixture("cranial_window_dhc")
    headpost_only["Breg2Lamb"] = "4.3"
    headpost_only["Burr_x0020_hole_x0020_1"] = "Select..."
    surgery = by_session(map_item(headpost_only, SUBJECT, "nsb2023"))["initial"]
    assert surgery["measured_coordinates"] is None
