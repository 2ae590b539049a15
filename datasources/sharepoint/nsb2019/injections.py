"""NSB 2019 injection slots 1 and 2 as aind-data-schema 2.x injections (JSON dicts).

Method: "Nanoject (Pressure)" gives bolus dynamics with a volume per depth; "Iontophoresis"
gives a current, pulsed when an alternating on/off time is given (continuous otherwise), and no
volume (the form's volume column is not what iontophoresis delivers; 1.x did not keep it
either). An unknown method keeps whatever was written.

Depths: the D/V column may list several depths ("0.3, 0.6"); each depth is one dynamics entry
and one coordinate. The volume at each depth is ``inj1volperdepth`` when given, else the
``Inj1Vol`` column (1.x read that column as the volume of an injection site, one per depth).

Shape, by what the coordinates say:

* numbers measured from Bregma -> ``BrainInjection`` in ``BREGMA_ARI``;
* numbers written "from lambda" -> ``BrainInjection`` in ``LAMBDA_ARI`` (the surgery carries
  that system, see ``datasources.sharepoint.coordinates``);
* spinal/brainstem injections measured from the calamus, the requester's "(TS)" landmark, and
  grids ("3x3 grid with 600 micron spacing", "3 spots around the craniotomy") cannot be written
  as Bregma coordinates without inventing numbers -> a plain ``Injection`` (which 2.x allows in a
  surgery) with one dynamics entry per site and depth, the hemisphere as relative position, and
  the coordinates as requested in the surgery's notes. 1.x dropped these values.

Materials: the rich-text virus column, one viral material per line (1.x left it empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from datasources.sharepoint.coordinates import (
    COORDINATE_SYSTEM_NAME,
    LAMBDA_SYSTEM,
    position,
    signed_ml,
)
from datasources.sharepoint.documents import as_float
from datasources.sharepoint.nsb2019.headframes import side
from datasources.sharepoint.nsb2019.models import InjectionColumns
from datasources.sharepoint.parsers import (
    coordinate_reference,
    count_sites,
    parse_alternating,
    parse_angle_degrees,
    parse_coordinate_mm,
    parse_current_ua,
    parse_duration_minutes,
    parse_volume_nl,
    split_depths,
    text_lines,
)

__all__ = ["IONTOPHORESIS", "NANOJECT", "MappedInjection", "Site", "injection", "method", "site"]

NANOJECT = "nanoject"
IONTOPHORESIS = "iontophoresis"


@dataclass(frozen=True, slots=True)
class Site:
    """Where one injection slot (and a fiber implanted at its site) is, as far as known."""

    ap: Decimal | None
    ml: Decimal | None
    reference: str | None  # None for Bregma
    sites: int | None  # set when the request describes a grid or several spots


@dataclass(frozen=True, slots=True)
class MappedInjection:
    """One injection procedure and what the surgery should say about it."""

    document: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    coordinate_system: str = COORDINATE_SYSTEM_NAME


def method(text: str | None) -> str | None:
    """Nanoject (pressure) or iontophoresis, from the injection type column."""
    lowered = (text or "").lower()
    if "nanoject" in lowered or "pressure" in lowered:
        return NANOJECT
    if "ionto" in lowered:
        return IONTOPHORESIS
    return None


def site(columns: InjectionColumns) -> Site:
    """The slot's A/P, M/L (signed by its hemisphere) and the landmark they are measured from."""
    texts = (columns.ap, columns.ml, columns.dv)
    reference = next((found for found in map(coordinate_reference, texts) if found), None)
    sites = count_sites(columns.ap) or count_sites(columns.ml)
    ml = signed_ml(parse_coordinate_mm(columns.ml, "ML"), columns.hemisphere)
    return Site(parse_coordinate_mm(columns.ap, "AP"), ml, reference, sites)


def _materials(columns: InjectionColumns) -> list[dict[str, Any]]:
    return [
        {
            "object_type": "Viral material",
            "name": line,
            "tars_identifiers": None,
            "addgene_id": None,
            "titer": None,
            "titer_unit": "gc/mL",
        }
        for line in text_lines(columns.virus)
    ]


def _dynamics(columns: InjectionColumns, kind: str | None) -> dict[str, Any]:
    volume = parse_volume_nl(columns.volume_per_depth)
    if volume is None:
        volume = parse_volume_nl(columns.volume)
    if kind == IONTOPHORESIS:
        volume = None
    current = None if kind == NANOJECT else parse_current_ua(columns.current)
    alternating = None if kind == NANOJECT else parse_alternating(columns.alternating)
    duration = parse_duration_minutes(columns.duration)
    profile = "Bolus"
    if kind == IONTOPHORESIS:
        profile = "Pulsed" if alternating else "Continuous"
    return {
        "object_type": "Injection dynamics",
        "profile": profile,
        "volume": as_float(volume),
        "volume_unit": None if volume is None else "nanoliter",
        "duration": as_float(duration),
        "duration_unit": None if duration is None else "minute",
        "injection_current": as_float(current),
        "injection_current_unit": None if current is None else "microamps",
        "alternating_current": alternating,
    }


def _as_requested(columns: InjectionColumns) -> str:
    written = (("A/P", columns.ap), ("M/L", columns.ml), ("D/V", columns.dv))
    return ", ".join(f"{axis} {text!r}" for axis, text in written if text) or "none given"


def _notes(columns: InjectionColumns, kind: str | None, where: Site, plain: bool) -> list[str]:
    instrument = columns.nanoject if kind == NANOJECT else columns.iontophoresis
    described = f"Injection {columns.index}: {columns.type or 'method not given'}"
    notes = [described + (f" ({instrument})" if instrument else "")]
    if plain:
        landmark = f"measured from the {where.reference}" if where.reference else "as a pattern"
        notes.append(
            f"Injection {columns.index} coordinates {landmark}, as requested: "
            f"{_as_requested(columns)}"
        )
    elif any(
        text and value is None for text, value in ((columns.ap, where.ap), (columns.ml, where.ml))
    ):
        notes.append(
            f"Injection {columns.index} coordinates as requested: {_as_requested(columns)}"
        )
    return notes


def injection(columns: InjectionColumns) -> MappedInjection:
    """Injection slot ``columns`` as a 2.x ``BrainInjection`` or ``Injection`` dict."""
    kind = method(columns.type)
    where = site(columns)
    depths: list[Decimal | None] = [abs(depth) for depth in split_depths(columns.dv)] or [None]
    plain = where.sites is not None or where.reference not in (None, "Lambda")
    dynamics = _dynamics(columns, kind)
    hemisphere = side(columns.hemisphere)
    document: dict[str, Any] = {
        "object_type": "Injection" if plain else "Brain injection",
        "protocol_id": None,
        "injection_materials": _materials(columns),
        "targeted_structure": None,
        "relative_position": [hemisphere] if hemisphere else None,
    }
    notes = _notes(columns, kind, where, plain)
    if plain:
        document["dynamics"] = [dict(dynamics) for _ in range((where.sites or 1) * len(depths))]
        return MappedInjection(document, notes)
    angle = parse_angle_degrees(columns.angle)
    if angle is None:
        angle = parse_angle_degrees(columns.angle_choice)
    system = LAMBDA_SYSTEM.name if where.reference == "Lambda" else COORDINATE_SYSTEM_NAME
    document["dynamics"] = [dict(dynamics) for _ in depths]
    document["coordinate_system_name"] = system
    document["coordinates"] = [position(where.ap, where.ml, depth, angle) for depth in depths]
    return MappedInjection(document, notes, system)
