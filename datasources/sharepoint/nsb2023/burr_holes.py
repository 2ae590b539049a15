"""Burr holes 1-6 of an NSB 2023 request: what was done there, where, and the injection.

A burr hole's "Burr hole N" choice says what it is for: a stereotaxic injection, a fiber
implant, both ("Stereotaxic Injection & Fiber Implant"), a spinal injection, or a 6/9-site grid
injection. Each hole has its own A/P, M/L, angle, hemisphere and up to three D/V columns (each of
which may itself list several depths, "2.8/3.1 mm"); the volume column is the volume *per depth*.

Positions follow :mod:`datasources.sharepoint.coordinates` (BREGMA_ARI, one transform list per
depth). A spinal injection is not relative to Bregma, so it becomes a plain ``Injection`` (no
brain coordinates) and its vertebral location goes into the surgery notes; a grid injection is a
``BrainInjection`` at the requested grid position, with the grid noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any

from aind_data_schema_models.brain_atlas import BrainStructureModel, CCFv3

from datasources.sharepoint.coordinates import COORDINATE_SYSTEM_NAME, position, signed_ml
from datasources.sharepoint.nsb2023.models import RawBurrHole
from datasources.sharepoint.parsers import (
    parse_alternating,
    parse_angle_degrees,
    parse_current_ua,
    parse_duration_minutes,
    parse_length_mm,
    parse_volume_nl,
    split_depths,
)


class InjectionType(StrEnum):
    """How the material was delivered."""

    NANOJECT = "nanoject"
    IONTOPHORESIS = "iontophoresis"


@dataclass(frozen=True, slots=True)
class BurrHole:
    """One burr hole with its free text parsed; ``None`` where a cell was empty or unreadable."""

    raw: RawBurrHole
    injection: bool
    fiber: bool
    spinal: bool
    injection_type: InjectionType | None
    side: str | None
    ap: Decimal | None
    ml: Decimal | None
    depths: tuple[Decimal, ...]
    angle: Decimal | None
    volume_nl: Decimal | None
    current_ua: Decimal | None
    alternating: str | None
    duration_min: Decimal | None
    fiber_depth: Decimal | None
    fiber_length: Decimal | None
    #: Intended CCF targets as aind-data-schema ``BrainStructureModel`` JSON, first is primary.
    targets: tuple[dict[str, Any], ...]
    #: Human-readable remarks for the surgery notes (unreadable cells, spinal location, grid).
    remarks: tuple[str, ...] = field(default=())

    @property
    def number(self) -> int:
        """The hole's number on the request form (1-6)."""
        return self.raw.number

    @property
    def during(self) -> str | None:
        """The hole's "Perform During" text (initial or follow-up surgery)."""
        return self.raw.during


# Cells that say "nothing here" rather than something unreadable.
_BLANKS = frozenset({"na", "n/a", "none", "-", "tbd"})
_GRID = re.compile(r"(\d+)\s*grid", re.IGNORECASE)


def _injection_type(text: str | None) -> InjectionType | None:
    lowered = (text or "").casefold()
    if "nanoject" in lowered or "pressure" in lowered:
        return InjectionType.NANOJECT
    if "ionto" in lowered:
        return InjectionType.IONTOPHORESIS
    return None


def _side(text: str | None) -> str | None:
    lowered = (text or "").strip().casefold()
    if lowered.startswith("left"):
        return "Left"
    if lowered.startswith("right"):
        return "Right"
    return None


@cache
def _ccf_by_acronym() -> dict[str, BrainStructureModel]:
    """CCFv3 structures by acronym, from aind-data-schema-models' offline table."""
    structures = [
        value for value in vars(CCFv3).values() if isinstance(value, BrainStructureModel)
    ]
    table = {structure.acronym.casefold(): structure for structure in structures}
    table.update({structure.acronym: structure for structure in structures})
    return table


def _target(text: str) -> BrainStructureModel | None:
    """A CCF target written as "ACB - Nucleus accumbens" (or just "ACB")."""
    acronym = text.split(" - ", 1)[0].strip()
    table = _ccf_by_acronym()
    return table.get(acronym) or table.get(acronym.casefold())


class _Remarks:
    """Collects notes about cells that were filled in but could not be read."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.items: list[str] = []

    def unread(self, label: str, text: str | None, value: object) -> None:
        blank = text is None or text.casefold() in _BLANKS
        if not blank and (value is None or value == ()):
            self.items.append(f"burr hole {self.number} {label} as written: {text!r}")

    def add(self, text: str) -> None:
        self.items.append(f"burr hole {self.number}: {text}")


def _depths(raw: RawBurrHole, remarks: _Remarks) -> tuple[Decimal, ...]:
    depths: list[Decimal] = []
    for cell in raw.dv:
        found = split_depths(cell)
        remarks.unread("D/V", cell, tuple(found))
        depths.extend(found)
    return tuple(depths)


def _spinal_remark(location: str | None, ml: Decimal | None, depths: tuple[Decimal, ...]) -> str:
    """Where a spinal injection went, since its position is not in Bregma coordinates."""
    parts = [f"spinal injection, {location or 'location not given'}"]
    if ml is not None:
        parts.append(f"M/L {ml} mm")
    if depths:
        parts.append(f"depths {', '.join(str(abs(depth)) for depth in depths)} mm")
    return ", ".join(parts)


def parse_burr_hole(raw: RawBurrHole) -> BurrHole | None:
    """The hole's parsed content, or None when the request does not use this hole."""
    kind = (raw.kind or "").casefold()
    grid = _GRID.search(kind)
    spinal = "spinal" in kind
    fiber = "fiber" in kind
    injection = "inject" in kind or spinal or grid is not None
    if not (injection or fiber):
        return None
    remarks = _Remarks(raw.number)
    ap, ml = parse_length_mm(raw.ap), parse_length_mm(raw.ml)
    angle = parse_angle_degrees(raw.angle)
    remarks.unread("A/P", raw.ap, ap)
    remarks.unread("M/L", raw.ml, ml)
    remarks.unread("angle", raw.angle, angle)
    depths = _depths(raw, remarks)
    targets = []
    for text in raw.targets:
        structure = _target(text)
        remarks.unread("intended CCF target", text, structure)
        if structure is not None:
            targets.append(structure.model_dump(mode="json"))
    if spinal:
        remarks.add(_spinal_remark(raw.spinal_location, ml, depths))
    if grid is not None:
        remarks.add(f"{grid.group(1)}-site grid injection around the given position")
    injection_type = _injection_type(raw.injection_type)
    volume = parse_volume_nl(raw.volume)
    current = parse_current_ua(raw.current)
    alternating = parse_alternating(raw.alternating)
    duration = parse_duration_minutes(raw.duration)
    if injection and injection_type is not InjectionType.IONTOPHORESIS:
        remarks.unread("volume per depth", raw.volume, volume)
    if injection and injection_type is not InjectionType.NANOJECT:
        remarks.unread("current", raw.current, current)
        remarks.unread("alternating current", raw.alternating, alternating)
        remarks.unread("iontophoresis time", raw.duration, duration)
    fiber_depth = parse_length_mm(raw.fiber_dv)
    fiber_length = parse_length_mm(raw.fiber_length)
    if fiber:
        remarks.unread("fiber D/V", raw.fiber_dv, fiber_depth)
        remarks.unread("fiber length", raw.fiber_length, fiber_length)
    return BurrHole(
        raw=raw,
        injection=injection,
        fiber=fiber,
        spinal=spinal,
        injection_type=injection_type,
        side=_side(raw.hemisphere),
        ap=ap,
        ml=ml,
        depths=depths,
        angle=angle,
        volume_nl=volume,
        current_ua=current,
        alternating=alternating,
        duration_min=duration,
        fiber_depth=fiber_depth,
        fiber_length=fiber_length,
        targets=tuple(targets),
        remarks=tuple(remarks.items),
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def dynamics(hole: BurrHole) -> dict[str, Any]:
    """``InjectionDynamics`` JSON for one depth of the hole.

    A nanoject injection is described by its volume, an iontophoresis by its current, on/off
    cycle and duration; when the type is not given, whatever was filled in is kept.
    """
    nanoject = hole.injection_type is InjectionType.NANOJECT
    ionto = hole.injection_type is InjectionType.IONTOPHORESIS
    volume = None if ionto else hole.volume_nl
    current = None if nanoject else hole.current_ua
    duration = None if nanoject else hole.duration_min
    return {
        "object_type": "Injection dynamics",
        "profile": "Bolus",
        "volume": _float(volume),
        "volume_unit": None if volume is None else "nanoliter",
        "duration": _float(duration),
        "duration_unit": None if duration is None else "minute",
        "injection_current": _float(current),
        "injection_current_unit": None if current is None else "microamps",
        "alternating_current": None if nanoject else hole.alternating,
    }


def positions(hole: BurrHole, depths: tuple[Decimal | None, ...]) -> list[list[dict[str, Any]]]:
    """One transform list per depth, in BREGMA_ARI (M/L signed by the hemisphere)."""
    ml = signed_ml(hole.ml, hole.side)
    return [position(hole.ap, ml, depth, hole.angle) for depth in depths]


def injection_document(hole: BurrHole, materials: list[dict[str, Any]]) -> dict[str, Any]:
    """The hole's injection: ``BrainInjection`` JSON, or ``Injection`` JSON for the spinal cord.

    There is one dynamics entry per depth (the form's volume is per depth); a hole without a
    readable depth still gets one entry, whose missing depth validation then reports.
    """
    depths: tuple[Decimal | None, ...] = hole.depths or (None,)
    document: dict[str, Any] = {
        "object_type": "Injection" if hole.spinal else "Brain injection",
        "protocol_id": None,
        "injection_materials": materials,
        "targeted_structure": None,
        "relative_position": None if hole.side is None else [hole.side],
        "dynamics": [dynamics(hole) for _ in depths],
    }
    if not hole.spinal:
        document["coordinate_system_name"] = COORDINATE_SYSTEM_NAME
        document["coordinates"] = positions(hole, depths)
        document["targeted_structure"] = dict(hole.targets[0]) if hole.targets else None
    return document
