"""Headframe (headpost + well) and craniotomy of an NSB 2023 request.

Whether a request includes them is decided by its "Procedure" choice, not by the Headpost and
Craniotomy Type columns: the form fills those with defaults even for injection-only requests.
"HP Only", "HP Transcranial" and every "... (with Headpost)" procedure place a headframe;
cranial-window procedures ("Visual Ctx 2P", "INJ + Motor Ctx", "WHC NP", "DHC", ...) make a
craniotomy and place the headframe that holds the window. Catalogue names may carry an "Sx-NN"
prefix ("Sx-11&19 HP Only"), which is ignored.

Part numbers are the ones the institute's headposts and wells are catalogued under.
"""

from __future__ import annotations

import re
from typing import Any

from datasources.sharepoint.nsb2023.models import Nsb2023Item

HEADFRAME_PARTS: dict[str, tuple[str, str | None]] = {
    # headpost choice -> (part number, material)
    "visual ctx": ("0160-100-10", None),
    "whc np": ("0160-100-42", None),
    "whc 2p": ("0160-100-45", None),
    "frontal ctx": ("0160-100-46", None),
    "motor ctx": ("0160-100-51", None),
    "dhc": ("0160-100-57", "Titanium"),
}
WELL_PARTS: dict[str, str] = {
    "scientifica (cam)": "Rev A",
    "mesoscope": "0160-200-20",
    "neuropixel": "0160-200-36",
    "whc np": "0160-055-08",
    "whc 2p": "0160-200-62",
    "dhc well": "0160-075-01",
}

_CATALOGUE_PREFIX = re.compile(r"^\s*sx-\s*[\d&]*\s*", re.IGNORECASE)
_WINDOW_WORDS = ("visual ctx", "frontal ctx", "motor ctx", "whc", "dhc")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mm\s*$", re.IGNORECASE)


def procedure_name(item: Nsb2023Item) -> str:
    """The request's procedure without its catalogue prefix, lower-cased ("" when not chosen)."""
    return _CATALOGUE_PREFIX.sub("", item.procedure or "").strip().casefold()


def has_craniotomy(item: Nsb2023Item) -> bool:
    """Cranial-window procedures; "HP Transcranial" keeps the skull closed."""
    name = procedure_name(item)
    return not name.startswith("hp ") and any(word in name for word in _WINDOW_WORDS)


def has_headframe(item: Nsb2023Item) -> bool:
    """Headpost procedures, and every cranial window (the window is held by a headframe)."""
    name = procedure_name(item)
    return (
        name.startswith("hp only")
        or name.startswith("hp transcranial")
        or "with headpost" in name
        or has_craniotomy(item)
    )


def _material(headpost: str) -> str | None:
    if "zirconia" in headpost:
        return "White Zirconia"
    return HEADFRAME_PARTS.get(headpost, (None, None))[1]


def headframe_document(item: Nsb2023Item) -> dict[str, Any]:
    """``Headframe`` JSON from the Headpost and Well choices."""
    headpost = (item.headpost or "").casefold()
    well = (item.well or "").casefold()
    return {
        "object_type": "Headframe",
        "protocol_id": None,
        "headframe_type": item.headpost,
        "headframe_part_number": HEADFRAME_PARTS.get(headpost, (None, None))[0],
        "headframe_material": _material(headpost),
        "well_part_number": WELL_PARTS.get(well),
        "well_type": item.well,
    }


def _craniotomy_shape(item: Nsb2023Item) -> tuple[str | None, float | None]:
    """(aind-data-schema craniotomy type, diameter in mm) from the Craniotomy Type choice."""
    text = (item.craniotomy_type or "").casefold()
    size = _SIZE.match(text)
    if size:
        return "Circle", float(size.group(1))
    # Whole- and dual-hemisphere windows are also named by the procedure itself.
    for source in (text, procedure_name(item)):
        if "whc" in source:
            return "Whole hemisphere craniotomy", None
        if "dhc" in source:
            return "Dual hemisphere craniotomy", None
    return ("Other" if text else None), None


def craniotomy_document(item: Nsb2023Item) -> dict[str, Any]:
    """``Craniotomy`` JSON. The form has no window position, which 2.x requires for circles
    and whole-hemisphere windows, so validation reports it rather than the mapping guessing."""
    craniotomy_type, size = _craniotomy_shape(item)
    return {
        "object_type": "Craniotomy",
        "protocol_id": None,
        "craniotomy_type": craniotomy_type,
        "coordinate_system_name": None,
        "position": None,
        "size": size,
        "size_unit": None if size is None else "millimeter",
        "protective_material": None,
        "implant_part_number": item.coverslip,
        "dura_removed": None,
    }
