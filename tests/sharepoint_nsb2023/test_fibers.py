"""Fiber implants: names in burr-hole order, standard specifications, tip position, targets."""

from __future__ import annotations

from typing import Any

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


def _implants(fields: dict[str, Any]) -> list[dict[str, Any]]:
    found = map_item(fields, SUBJECT, "nsb2023")
    return [p for r in found for p in of_type(r.document, "Probe implant")]


def test_fiber_names_follow_burr_hole_order_across_sessions() -> None:
    surgeries = by_session(records("fiber_photometry_two_sessions"))
    (initial,) = of_type(surgeries["initial"], "Probe implant")
    (follow_up,) = of_type(surgeries["follow_up"], "Probe implant")
    # Hole 1 (initial) and hole 3 (follow-up): the follow-up does not restart at Fiber_0.
    assert initial["implanted_device"]["name"] == "Fiber_0"
    assert follow_up["implanted_device"]["name"] == "Fiber_1"
    for implant in (initial, follow_up):
        assert implant["device_config"]["device_name"] == implant["implanted_device"]["name"]


def test_fiber_names_are_deterministic_and_skip_injection_only_holes() -> None:
    fields = fixture("fiber_photometry_two_sessions")
    fields["Burr_x0020_hole_x0020_2"] = "Fiber Implant"
    fields["Burr2_x0020_Perform_x0020_During"] = "Follow up Surgery"
    names = [i["implanted_device"]["name"] for i in _implants(fields)]
    assert sorted(names) == ["Fiber_0", "Fiber_1", "Fiber_2"]
    assert names == [i["implanted_device"]["name"] for i in _implants(fields)]


def test_standard_fiber_specifications_and_tip_position() -> None:
    surgery = by_session(records("fiber_photometry_two_sessions"))["initial"]
    (implant,) = of_type(surgery, "Probe implant")
    probe = implant["implanted_device"]
    assert probe["manufacturer"]["name"] == "Neurophotometrics"
    assert (probe["core_diameter"], probe["core_diameter_unit"]) == ("200", "micrometer")
    assert probe["numerical_aperture"] == "0.37"
    assert probe["ferrule_material"] == "Ceramic"
    assert (probe["total_length"], probe["length_unit"]) == ("4.0", "millimeter")
    config = implant["device_config"]
    # Entry through burr hole 1 (A/P -1.4, M/L 1.1 left, 10 degrees) down to the fiber D/V 3.0.
    assert translations(config["transform"]) == [[-1.4, -1.1, 3.0]]
    assert rotations(config["transform"]) == [[10.0, 0.0, 0.0]]
    assert config["primary_targeted_structure"]["acronym"] == "VTA"
    assert config["local_coordinate_system"]["origin"] == "Tip"


def test_follow_up_fiber_angle_and_length() -> None:
    surgery = by_session(records("fiber_photometry_two_sessions"))["follow_up"]
    (implant,) = of_type(surgery, "Probe implant")
    assert implant["implanted_device"]["total_length"] == "3.5"
    assert translations(implant["device_config"]["transform"]) == [[-2.0, -0.8, 2.6]]
    assert rotations(implant["device_config"]["transform"]) == [[-15.0, 0.0, 0.0]]
    assert implant["device_config"]["primary_targeted_structure"]["acronym"] == "ACB"


def test_custom_fiber_keeps_the_requestor_comments_and_no_invented_specs() -> None:
    fields = fixture("fiber_photometry_two_sessions")
    fields["Burr_x0020_1_x0020_Fiber_x0020_t"] = "Custom"
    fields["LongRequestorComments"] = "<div>400&nbsp;um core, NA 0.5</div>"
    probe = _implants(fields)[0]["implanted_device"]
    assert probe["notes"] == "400 um core, NA 0.5"
    assert probe["core_diameter"] is None
    assert probe["numerical_aperture"] is None
    assert probe["manufacturer"] is None


def test_several_intended_targets() -> None:
    fields = fixture("fiber_photometry_two_sessions")
    fields["Burr_x0020_1_x0020_Intended_x002"] = ["VTA - Ventral tegmental area", "CP"]
    config = _implants(fields)[0]["device_config"]
    assert config["primary_targeted_structure"]["acronym"] == "VTA"
    assert [s["acronym"] for s in config["other_targeted_structure"]] == ["CP"]
