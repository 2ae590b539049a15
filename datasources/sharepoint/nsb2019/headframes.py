"""NSB 2019 headpost surgery pieces: the headframe and the craniotomy (2.x JSON dicts).

Headpost choices map to the part numbers the 1.x service used; a headpost typed in free text
is kept as the headframe type rather than dropped. Craniotomy choices map to 2.x types:
"Visual Cortex 5mm" and "Frontal Window 3mm" are 5 and 3 mm circles, "WHC NP"/"WHC 2P" whole
hemisphere craniotomies, anything else (or nothing) "Other", as in 1.x.

Positions: a circle needs one. The visual-cortex window's HP A/P, M/L are measured from Lambda
(as in 1.x), so they are moved to Bregma with the request's Bregma-Lambda distance when it is
known; a whole-hemisphere craniotomy's position is its side (``HpLoc``). When the numbers are
missing the side alone is given, and with neither the position stays empty for validation to
report.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from datasources.sharepoint.coordinates import COORDINATE_SYSTEM_NAME, signed_ml, translation
from datasources.sharepoint.nsb2019.models import NSB2019Item
from datasources.sharepoint.parsers import parse_coordinate_mm

__all__ = ["craniotomy", "headframe", "side"]


@dataclass(frozen=True, slots=True)
class _Headpost:
    headframe_type: str
    headframe_part_number: str | None = None
    well_type: str | None = None
    well_part_number: str | None = None


_HEADPOSTS = {
    "cam-style headframe (0160-100-10 rev a)": _Headpost(
        "CAM-style", "0160-100-10 Rev A", "CAM-style"
    ),
    "neuropixel-style headframe (0160-100-10/0160-200-36)": _Headpost(
        "Neuropixel-style", "0160-100-10", "Neuropixel-style", "0160-200-36"
    ),
    "mesoscope-style well with ngc-style headframe (0160-200-20/0160-100-10)": _Headpost(
        "NGC-style", "0160-100-10", "Mesoscope-style", "0160-200-20"
    ),
    "whc #42 with neuropixel well and well cap": _Headpost(
        "WHC #42", "42", "Neuropixel-style", "0160-200-36"
    ),
    "ngc-style headframe, no well (0160-100-10)": _Headpost("NGC-style", "0160-100-10"),
    "ai straight headbar": _Headpost("AI Straight Headbar"),
}


@dataclass(frozen=True, slots=True)
class _Window:
    craniotomy_type: str
    size_mm: int | None = None
    from_lambda: bool = False


_WINDOWS = {
    "visual cortex 5mm": _Window("Circle", 5, from_lambda=True),
    "frontal window 3mm": _Window("Circle", 3),
    "whc np": _Window("Whole hemisphere craniotomy"),
    "whc 2p": _Window("Whole hemisphere craniotomy"),
}
_OTHER = _Window("Other")


def headframe(item: NSB2019Item) -> dict[str, Any]:
    """The headframe of the request (type ``None`` when the request does not say)."""
    text = item.headpost_type
    known = _HEADPOSTS.get(text.strip().lower()) if text else None
    post = known or (_Headpost(text.strip()) if text else None)
    return {
        "object_type": "Headframe",
        "protocol_id": None,
        "headframe_type": post.headframe_type if post else None,
        "headframe_part_number": post.headframe_part_number if post else None,
        "headframe_material": None,
        "well_part_number": post.well_part_number if post else None,
        "well_type": post.well_type if post else None,
    }


def side(text: str | None) -> str | None:
    """The 2.x ``AnatomicalRelative`` side ("Left", "Right") a hemisphere column names."""
    lowered = (text or "").strip().lower()
    if lowered.startswith("left"):
        return "Left"
    if lowered.startswith("right"):
        return "Right"
    return None


def _durotomy(text: str | None) -> bool | None:
    return {"yes": True, "no": False}.get((text or "").strip().lower())


def craniotomy(item: NSB2019Item, bregma_to_lambda: Decimal | None) -> dict[str, Any]:
    """The craniotomy of the request."""
    window = _WINDOWS.get((item.craniotomy_type or "").strip().lower(), _OTHER)
    where = side(item.hp_location)
    position: dict[str, Any] | list[str] | None = [where] if where else None
    if window.craniotomy_type == "Circle":
        ap = parse_coordinate_mm(item.hp_ap, "AP")
        ml = signed_ml(parse_coordinate_mm(item.hp_ml, "ML"), item.hp_location)
        if window.from_lambda and ap is not None:
            ap = None if bregma_to_lambda is None else ap - abs(bregma_to_lambda)
        if ap is not None and ml is not None:
            position = translation(ap, ml, Decimal(0))
    elif window.craniotomy_type == _OTHER.craniotomy_type:
        position = None
    return {
        "object_type": "Craniotomy",
        "protocol_id": None,
        "craniotomy_type": window.craniotomy_type,
        # 2.x asks for the system's name with any position, a side included.
        "coordinate_system_name": COORDINATE_SYSTEM_NAME if position else None,
        "position": position,
        "size": window.size_mm,
        "size_unit": "millimeter" if window.size_mm else None,
        "protective_material": None,
        "implant_part_number": None,
        "dura_removed": _durotomy(item.hp_durotomy),
    }
