"""NSB 2019 fiber implants (``FiberImplant1``/``FiberImplant2``) as 2.x ``ProbeImplant`` dicts.

A fiber goes in at the site of the injection slot with the same number (its A/P and M/L, and
the slot's ``Inj<n>Angle_v2`` tilt, as in 1.x) to the depth in ``FiberImplant<n>DV``.

Names: ``Fiber_0``, ``Fiber_1``... in slot order within the request; the merge of all of a
subject's procedures renumbers them so that names are unique per subject. The slot number is
kept in the fiber's ``notes`` (a free-text field of both the device and its configuration),
which survives that renumbering.

The list records neither the fiber's optics (core diameter, numerical aperture, length) nor its
target structure, all required by 2.x: they stay ``None`` and validation reports them.
"""

from __future__ import annotations

from typing import Any

from datasources.sharepoint.coordinates import FIBER_TIP_SYSTEM, position
from datasources.sharepoint.nsb2019.injections import site
from datasources.sharepoint.nsb2019.models import NSB2019Item
from datasources.sharepoint.parsers import parse_angle_degrees, split_depths

__all__ = ["fiber_implants"]

_LOCAL_SYSTEM = FIBER_TIP_SYSTEM.model_dump(mode="json")


def _implant(item: NSB2019Item, slot: int, name: str) -> dict[str, Any]:
    columns = item.injection(slot)
    where = site(columns)
    depths = split_depths(columns.fiber_dv)
    depth = abs(depths[0]) if len(depths) == 1 else None
    # A site measured from another landmark has no Bregma numbers to give.
    ap, ml = (
        (where.ap, where.ml) if where.reference is None and where.sites is None else (None, None)
    )
    note = f"Fiber implant {slot} of the surgery request (at injection {slot}'s site)"
    return {
        "object_type": "Probe implant",
        "protocol_id": None,
        "implanted_device": {
            "object_type": "Fiber probe",
            "name": name,
            "serial_number": None,
            "manufacturer": None,
            "model": None,
            "additional_settings": None,
            "notes": note,
            "core_diameter": None,
            "core_diameter_unit": "micrometer",
            "numerical_aperture": None,
            "ferrule_material": None,
            "active_length": None,
            "total_length": None,
            "length_unit": "millimeter",
        },
        "device_config": {
            "object_type": "Probe config",
            "device_name": name,
            "primary_targeted_structure": None,
            "other_targeted_structure": None,
            "atlas_coordinate": None,
            "local_coordinate_system": _LOCAL_SYSTEM,
            "transform": position(ap, ml, depth, parse_angle_degrees(columns.angle)),
            "dye": None,
            "notes": note,
        },
    }


def fiber_implants(item: NSB2019Item) -> list[dict[str, Any]]:
    """The fibers the request implants, named ``Fiber_<n>`` in slot order."""
    slots = [slot for slot in (1, 2) if item.injection(slot).fiber]
    return [_implant(item, slot, f"Fiber_{number}") for number, slot in enumerate(slots)]
