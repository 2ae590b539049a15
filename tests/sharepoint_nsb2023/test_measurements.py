"""Intended measurements of fiber implants (R, G, B, isosbestic) keyed by fiber name."""

from __future__ import annotations

from datasources.sharepoint.nsb2023.measurements import intended_measurements
from tests.sharepoint_nsb2023.helpers import SUBJECT, fixture, records


def test_one_entry_per_fiber_with_channels() -> None:
    found = intended_measurements(fixture("fiber_photometry_two_sessions"), SUBJECT)
    assert found == [
        {
            "fiber_name": "Fiber_0",
            "burr_hole": 1,
            "intended_measurement_R": "dopamine",
            "intended_measurement_G": "calcium",
            "intended_measurement_B": None,  # "N/A"
            "intended_measurement_Iso": "control",
        },
        {
            "fiber_name": "Fiber_1",
            "burr_hole": 3,
            "intended_measurement_R": "serotonin",
            "intended_measurement_G": None,
            "intended_measurement_B": None,
            "intended_measurement_Iso": None,
        },
    ]


def test_fiber_names_match_the_procedures() -> None:
    implanted = sorted(
        p["implanted_device"]["name"]
        for r in records("fiber_photometry_two_sessions")
        for p in r.document["procedures"]
        if p["object_type"] == "Probe implant"
    )
    measured = [
        m["fiber_name"]
        for m in intended_measurements(fixture("fiber_photometry_two_sessions"), SUBJECT)
    ]
    assert measured == implanted


def test_no_fibers_no_measurements() -> None:
    assert intended_measurements(fixture("cranial_window_dhc"), SUBJECT) == []


def test_unreadable_input_gives_nothing() -> None:
    assert intended_measurements({"Burr_x0020_hole_x0020_1": ["odd", 1]}, SUBJECT) == []
    assert intended_measurements(None, SUBJECT) == []  # type: ignore[arg-type]
