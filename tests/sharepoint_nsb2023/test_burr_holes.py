"""Burr holes: positions, several depths, volumes per depth, currents, materials, spinal/grid."""

from __future__ import annotations

from typing import Any

import pytest

from datasources.records import ProcedureRecord
from datasources.sharepoint.coordinates import COORDINATE_SYSTEM_NAME
from datasources.sharepoint.nsb2023.mapping import map_item
from tests.sharepoint_nsb2023.helpers import (
    SUBJECT,
    by_session,
    fixture,
    of_type,
    records,
    rotations,
    translations,
)


def _injections(found: list[ProcedureRecord]) -> list[dict[str, Any]]:
    kinds = {"Brain injection", "Injection"}
    return [p for r in found for p in r.document["procedures"] if p["object_type"] in kinds]


def _mapped(fields: dict[str, Any]) -> list[dict[str, Any]]:
    return _injections(map_item(fields, SUBJECT, "nsb2023"))


def test_nanoject_hole_with_depths_in_several_columns() -> None:
    first = _injections(records("fiber_photometry_two_sessions"))[0]
    assert first["object_type"] == "Brain injection"
    assert first["coordinate_system_name"] == COORDINATE_SYSTEM_NAME
    # Left hemisphere: M/L 1.1 is written as -1.1 on the left-to-right axis.
    assert [translations(c) for c in first["coordinates"]] == [
        [[-1.4, -1.1, 3.2]],
        [[-1.4, -1.1, 3.6]],
    ]
    assert [rotations(c) for c in first["coordinates"]] == [[[10.0, 0.0, 0.0]]] * 2
    assert [d["volume"] for d in first["dynamics"]] == [50.0, 50.0]
    assert {d["volume_unit"] for d in first["dynamics"]} == {"nanoliter"}
    assert {d["injection_current"] for d in first["dynamics"]} == {None}
    assert first["relative_position"] == ["Left"]
    assert first["targeted_structure"]["acronym"] == "VTA"


def test_several_depths_in_one_cell_and_volume_in_microlitres() -> None:
    (injection,) = _injections(records("cranial_window_dhc"))
    assert [translations(c) for c in injection["coordinates"]] == [
        [[-2.5, 2.0, 0.3]],
        [[-2.5, 2.0, 0.6]],
    ]
    assert [d["volume"] for d in injection["dynamics"]] == [50.0, 50.0]


def test_iontophoresis_hole() -> None:
    ionto = _injections(records("fiber_photometry_two_sessions"))[1]
    (dynamics,) = ionto["dynamics"]
    assert (dynamics["injection_current"], dynamics["injection_current_unit"]) == (
        5.0,
        "microamps",
    )
    assert dynamics["alternating_current"] == "7s on/7s off"
    assert (dynamics["duration"], dynamics["duration_unit"]) == (5.0, "minute")
    assert dynamics["volume"] is None
    # Right hemisphere keeps M/L positive; a typed negative depth is still a depth below.
    assert translations(ionto["coordinates"][0]) == [[0.5, 1.2, 2.1]]
    assert ionto["relative_position"] == ["Right"]


def test_injection_materials_with_titers() -> None:
    first = _injections(records("fiber_photometry_two_sessions"))[0]
    assert [(m["object_type"], m["name"], m["titer"]) for m in first["injection_materials"]] == [
        ("Viral material", "VT100", 12_000_000_000_000),
        ("Viral material", "VT200", 3_000_000_000_000),
    ]


@pytest.mark.parametrize(
    ("biosafety", "titer", "expected"),
    [
        ("BSL 1 - AAV", None, ("Viral material", None)),
        ("BSL 1 - Beads", None, ("Non viral material", None)),
        ("BSL 2 - Cholera Toxin B", "1 %", ("Non viral material", 1.0)),
        ("BSL 1 - Beads", "0.5 mg/mL", ("Non viral material", 0.5)),
        ("BSL 2 - Rabies", "7000000000000", ("Viral material", 7_000_000_000_000)),
    ],
)
def test_material_kind_from_titer_or_biosafety(
    biosafety: str, titer: str | None, expected: tuple[str, float | None]
) -> None:
    fields = fixture("cranial_window_dhc")
    fields["Burr1_x0020_Virus_x0020_Biosafte"] = biosafety
    fields["Burr_x0020_1_x0020_Injectable_x03"] = titer
    (material,) = _mapped(fields)[0]["injection_materials"]
    amount = material.get("titer", material.get("concentration"))
    assert (material["object_type"], amount) == expected


def test_virus_strain_stands_in_when_no_injectable_is_named() -> None:
    fields = fixture("cranial_window_dhc")
    fields["Burr_x0020_1_x0020_Injectable_x0"] = "N/A"
    fields["Inj1VirusStrain_rt"] = "<p>Premixed &quot;\u200bdL+Cre&quot;</p>"
    (material,) = _mapped(fields)[0]["injection_materials"]
    assert (material["object_type"], material["name"]) == ("Viral material", 'Premixed "dL+Cre"')


def test_spinal_injection_is_an_injection_with_its_location_noted() -> None:
    surgery = by_session(records("spinal_and_grid"))["initial"]
    (spinal,) = of_type(surgery, "Injection")
    assert "coordinates" not in spinal
    assert [d["volume"] for d in spinal["dynamics"]] == [100.0, 100.0]
    assert spinal["injection_materials"][0]["name"] == "VT500"
    assert spinal["relative_position"] == ["Left"]
    assert "spinal injection, Between C1-C2, M/L 0.5 mm, depths 0.3, 0.6 mm" in surgery["notes"]


def test_grid_injection_is_mapped_with_its_unreadable_position_noted() -> None:
    surgery = by_session(records("spinal_and_grid"))["initial"]
    (grid,) = of_type(surgery, "Brain injection")
    assert translations(grid["coordinates"][0]) == [[None, -2.8, 0.3]]
    assert grid["injection_materials"][0]["concentration_unit"] == "mg/mL"
    assert "9-site grid injection" in surgery["notes"]
    assert "'9 spots in a grid pattern with 600 microns spacing'" in surgery["notes"]


def test_unused_holes_produce_nothing() -> None:
    fields = fixture("cranial_window_dhc")
    fields["Burr_x0020_hole_x0020_2"] = "Select..."
    fields["AP2ndInj"] = 1.0  # leftover values of an unused hole
    assert len(_mapped(fields)) == 1
