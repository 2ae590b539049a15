"""The one coordinate system in which SharePoint surgery requests are expressed (2.x).

aind-data-schema 1.x wrote ``injection_coordinate_ap/ml/depth`` relative to Bregma; 2.x writes a
list of transforms in a named coordinate system and the ``Procedures`` document declares that
system once in ``global_coordinate_system``. Every SharePoint mapping uses ``BREGMA_ARI`` from
aind-data-schema's own library (defined offline, no ontology lookup):

* origin Bregma, millimetres;
* axis 1 AP, positive anterior: the request's A/P value as written (negative is posterior);
* axis 2 ML, positive to the subject's right: the request's M/L magnitude, made negative for the
  left hemisphere when the request names one (the lists hold "-3.3" with "Left" as well as
  "3.3" with "Left"), otherwise the value as written;
* axis 3 SI, positive inferior: the request's D/V depth as a positive distance below the
  surface, whatever sign the requester typed ("-4.05" and "4.05" are the same depth). The lists
  do not say whether depth was zeroed on the skull at Bregma or on the brain surface, and
  neither did 1.x; aind-data-schema's own depth axis (``BREGMA_ARID``) is deprecated, so the
  depth goes on the inferior axis.

A position is ``[Translation([ap, ml, depth])]`` followed by ``Rotation([angle, 0, 0])`` when
an angle was requested: the requests give one tilt from vertical in the coronal plane, which is a
rotation about the AP axis. A missing component stays ``None`` inside the transform so that
validation reports it instead of the mapping inventing a zero.

Two more systems exist for the cases the global one cannot express:

* ``LAMBDA_SYSTEM`` (``LAMBDA_ARI``): the same axes with Lambda as origin, for a request whose
  coordinates are written "from lambda". It goes in that surgery's own
  ``Surgery.global_coordinate_system`` (which 2.x allows when it differs from the document's),
  so the numbers stay as written rather than shifted by a Bregma-Lambda distance that is often
  missing.
* ``FIBER_TIP_SYSTEM`` (``FIBER_TIP_ARI``): a fiber's local system, origin at its tip and axes
  parallel to the global ones, which 2.x requires on every ``ProbeConfig``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aind_data_schema.components.coordinates import CoordinateSystem, CoordinateSystemLibrary
from aind_data_schema_models.coordinates import Origin

__all__ = [
    "COORDINATE_SYSTEM",
    "COORDINATE_SYSTEM_JSON",
    "COORDINATE_SYSTEM_NAME",
    "FIBER_TIP_SYSTEM",
    "LAMBDA_SYSTEM",
    "position",
    "rotation",
    "signed_ml",
    "translation",
]

COORDINATE_SYSTEM: CoordinateSystem = CoordinateSystemLibrary.BREGMA_ARI.model_copy(deep=True)
COORDINATE_SYSTEM_NAME: str = COORDINATE_SYSTEM.name
COORDINATE_SYSTEM_JSON: dict[str, Any] = COORDINATE_SYSTEM.model_dump(mode="json")

LAMBDA_SYSTEM: CoordinateSystem = COORDINATE_SYSTEM.model_copy(
    update={"name": "LAMBDA_ARI", "origin": Origin.LAMBDA}, deep=True
)
FIBER_TIP_SYSTEM: CoordinateSystem = COORDINATE_SYSTEM.model_copy(
    update={"name": "FIBER_TIP_ARI", "origin": Origin.TIP}, deep=True
)


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def signed_ml(ml: Decimal | None, hemisphere: str | None) -> Decimal | None:
    """M/L on the left-to-right axis: the hemisphere, when named, decides the sign."""
    if ml is None:
        return None
    side = (hemisphere or "").strip().lower()
    if side.startswith("left"):
        return -abs(ml)
    if side.startswith("right"):
        return abs(ml)
    return ml


def translation(
    ap: Decimal | float | None, ml: Decimal | float | None, depth: Decimal | float | None
) -> dict[str, Any]:
    """A BREGMA_ARI translation as aind-data-schema serialises it (depth made positive)."""
    inferior = None if depth is None else abs(float(depth))
    return {
        "object_type": "Translation",
        "translation": [_float(ap), _float(ml), _float(inferior)],
        "reference_coordinate_system": "global",
    }


def rotation(angle_degrees: Decimal | float | None) -> dict[str, Any]:
    """A tilt from vertical in the coronal plane (about the AP axis), in degrees."""
    return {
        "object_type": "Rotation",
        "angles": [_float(angle_degrees), 0.0, 0.0],
        "angles_unit": "degrees",
        "axis_order": "xyz",
        "reference_coordinate_system": "global",
        "rotation_direction": "right_hand",
        "pivot": "global",
    }


def position(
    ap: Decimal | float | None,
    ml: Decimal | float | None,
    depth: Decimal | float | None,
    angle_degrees: Decimal | float | None = None,
) -> list[dict[str, Any]]:
    """The transform list of one injection site or implant: translation, then any tilt."""
    transforms = [translation(ap, ml, depth)]
    if angle_degrees is not None:
        transforms.append(rotation(angle_degrees))
    return transforms
