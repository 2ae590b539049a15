"""Fiber implants of an NSB 2023 request as 2.x ``ProbeImplant`` JSON.

The fiber enters through its burr hole (the hole's A/P, M/L and angle) down to the hole's
"Fiber Implant N D/V" depth. "Standard (provided by NSB)" fibers are Neurophotometrics fibers
with a 200 um ceramic-ferrule core and NA 0.37; a "Custom" fiber's specifications live only in
the requestor comments, which become the probe's notes.

Fiber names are "Fiber_0", "Fiber_1", ... in burr-hole order over the whole request (initial and
follow-up surgery together), so that they are unique within an item and the same in the
procedures and the intended measurements; the resolver renumbers them across a subject.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from aind_data_schema_models.organizations import Organization

from datasources.sharepoint.coordinates import position, signed_ml
from datasources.sharepoint.nsb2023.burr_holes import BurrHole

STANDARD_CORE_DIAMETER_UM = Decimal(200)
STANDARD_NUMERICAL_APERTURE = Decimal("0.37")
_MANUFACTURER = Organization.NEUROPHOTOMETRICS.model_dump(mode="json")

PROBE_COORDINATE_SYSTEM_NAME = "FIBER_TIP_RSA"


def probe_coordinate_system() -> dict[str, Any]:
    """The probe's own frame: origin at the fiber tip, x to the right, y up, z forward (mm)."""
    return {
        "object_type": "Coordinate system",
        "name": PROBE_COORDINATE_SYSTEM_NAME,
        "origin": "Tip",
        "axes": [
            {"object_type": "Axis", "name": "X", "direction": "Left_to_right"},
            {"object_type": "Axis", "name": "Y", "direction": "Inferior_to_superior"},
            {"object_type": "Axis", "name": "Z", "direction": "Posterior_to_anterior"},
        ],
        "axis_unit": "millimeter",
        "handedness": None,
    }


def fiber_names(holes: Iterable[BurrHole]) -> dict[int, str]:
    """Burr-hole number -> fiber name, numbered in burr-hole order."""
    fibers = sorted(hole.number for hole in holes if hole.fiber)
    return {number: f"Fiber_{index}" for index, number in enumerate(fibers)}


def _is_standard(fiber_type: str | None) -> bool:
    return (fiber_type or "").casefold().startswith("standard")


def fiber_probe(hole: BurrHole, name: str, requestor_comments: str | None) -> dict[str, Any]:
    """``FiberProbe`` JSON; specifications stay empty unless the fiber is the standard one."""
    standard = _is_standard(hole.raw.fiber_type)
    custom = (hole.raw.fiber_type or "").casefold().startswith("custom")
    return {
        "object_type": "Fiber probe",
        "name": name,
        "serial_number": None,
        "manufacturer": dict(_MANUFACTURER) if standard else None,
        "model": None,
        "additional_settings": None,
        "notes": requestor_comments if custom else None,
        "core_diameter": str(STANDARD_CORE_DIAMETER_UM) if standard else None,
        "core_diameter_unit": "micrometer",
        "numerical_aperture": str(STANDARD_NUMERICAL_APERTURE) if standard else None,
        "ferrule_material": "Ceramic" if standard else None,
        "active_length": None,
        "total_length": None if hole.fiber_length is None else str(hole.fiber_length),
        "length_unit": "millimeter",
    }


def fiber_implant_document(
    hole: BurrHole, name: str, requestor_comments: str | None
) -> dict[str, Any]:
    """``ProbeImplant`` JSON for the fiber of one burr hole.

    The probe configuration's transform places the fiber tip in BREGMA_ARI; the first intended
    CCF target is the primary one (required by the schema, so a request without one is reported
    by validation rather than guessed).
    """
    ml = signed_ml(hole.ml, hole.side)
    return {
        "object_type": "Probe implant",
        "protocol_id": None,
        "implanted_device": fiber_probe(hole, name, requestor_comments),
        "device_config": {
            "object_type": "Probe config",
            "device_name": name,
            "primary_targeted_structure": dict(hole.targets[0]) if hole.targets else None,
            "other_targeted_structure": [dict(t) for t in hole.targets[1:]] or None,
            "atlas_coordinate": None,
            "coordinate_system": None,
            "local_coordinate_system": probe_coordinate_system(),
            "transform": position(hole.ap, ml, hole.fiber_depth, hole.angle),
            "dye": None,
            "notes": None,
        },
    }
