"""Conformance: every reference NSB 2023 item maps with the facts of its old (1.x) mapping.

The reference pairs (``../shared/reference/sharepoint/nsb2023/raw`` -> ``mapped``) are real
items and what the previous service made of them in aind-data-schema 1.x. The shape differs in
2.x, so the comparison is on facts: dates, surgeon, protocol, weights, anaesthesia, workstation,
headframes, craniotomies, injection positions/depths/volumes/currents/materials and fibers.

Deliberate differences from the old service, allowed here:

* Grouping: procedures whose "Perform During" is blank join the initial surgery when the
  request plans a single session (the old service put them in an undated surgery), and a
  window's headframe follows the headpost's session. So procedures are compared per item, and
  each dated old surgery must have a dated counterpart with the same session facts.
* Fiber names follow burr-hole order over the whole item (old: sorted by A/P, restarting per
  surgery), so names are not compared.
* Workstation: the old service took the headpost workstation for headframes and craniotomies
  even in a follow-up surgery; the follow-up's own workstation is used now.
* Materials: injectables without a titer are kept now (the old service dropped them), so the
  old materials must be a subset.
* Experimenter: the surgeon is also read from the "Test1Id"/"Test1StringId" spellings of the
  lookup column, so an old "NSB" may now be "NSB-<id>".
* Positions: 2.x depths are positive distances below the surface and M/L carries the
  hemisphere's sign; a missing angle is no rotation where 1.x wrote 0.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from datasources.sharepoint.nsb2023.mapping import map_item, parse_item
from datasources.sharepoint.nsb2023.measurements import intended_measurements
from datasources.sharepoint.nsb2023.models import BURR_HOLE_NUMBERS, burr_hole_columns
from datasources.sharepoint.parsers import parse_alternating

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
PAIRS = REFERENCE / "sharepoint" / "nsb2023"


def _pairs() -> list[Any]:
    if not (PAIRS / "raw").is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{PAIRS} is absent"))]
    found = []
    for raw in sorted((PAIRS / "raw").glob("*.json")):
        mapped = PAIRS / "mapped" / f"mapped_{raw.name}"
        if mapped.is_file():
            found.append(pytest.param(raw, id=raw.stem))
    return found


def _num(value: Any) -> Decimal | None:
    """Numbers from either shape compared exactly (1.x writes "2.0", 2.x writes 2.0)."""
    if value is None:
        return None
    return Decimal(str(value)).normalize()


def _abs(value: Any) -> Decimal | None:
    number = _num(value)
    return None if number is None else abs(number)


def _angle(value: Any) -> Decimal:
    return _num(value) or Decimal(0)


def _length(value: Any) -> Decimal | None:
    return None if value is None else _num(str(value).replace(" mm", ""))


# --- facts of the old 1.x documents -------------------------------------------------------


def _old_procedures(surgeries: list[dict[str, Any]]) -> dict[str, Counter[Any]]:
    facts: dict[str, Counter[Any]] = {
        k: Counter() for k in ("headframe", "window", "inj", "fiber")
    }
    for surgery in surgeries:
        for p in surgery["procedures"]:
            kind = p["procedure_type"]
            if kind == "Headframe":
                facts["headframe"][_headframe(p)] += 1
            elif kind == "Craniotomy":
                size = _num((p["craniotomy_type"] or "").replace(" mm", "") or None)
                facts["window"][(size, p["implant_part_number"])] += 1
            elif kind == "Fiber implant":
                for probe in p["probes"]:
                    facts["fiber"][_old_fiber(probe)] += 1
            else:
                facts["inj"][_old_injection(p)] += 1
    return facts


def _headframe(p: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("headframe_type", "headframe_part_number", "well_type", "well_part_number")
    return tuple(p[key] for key in keys)


def _old_fiber(probe: dict[str, Any]) -> tuple[Any, ...]:
    device = probe["ophys_probe"]
    return (
        _num(probe["stereotactic_coordinate_ap"]),
        _abs(probe["stereotactic_coordinate_ml"]),
        _abs(probe["stereotactic_coordinate_dv"]),
        _angle(probe["angle"]),
        _length(device["total_length"]),
        _num(device["core_diameter"]),
        _num(device["numerical_aperture"]),
    )


def _old_injection(p: dict[str, Any]) -> tuple[Any, ...]:
    depths = p["injection_coordinate_depth"] or []
    volumes = p.get("injection_volume") or []
    return (
        _num(p["injection_coordinate_ap"]),
        _abs(p["injection_coordinate_ml"]),
        tuple(_abs(d) for d in depths),
        _angle(p["injection_angle"]),
        p["injection_hemisphere"],
        tuple(_num(v) for v in volumes),
        _num(p.get("injection_current")),
        parse_alternating(p.get("alternating_current")),
    )


def _old_materials(surgeries: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {
        (m["name"], m.get("titer"), _num(m.get("concentration")))
        for s in surgeries
        for p in s["procedures"]
        for m in p.get("injection_materials") or []
    }


# --- facts of the new 2.x documents -------------------------------------------------------


def _position(transforms: list[dict[str, Any]]) -> tuple[Any, ...]:
    (ap, ml, depth) = next(t for t in transforms if t["object_type"] == "Translation")[
        "translation"
    ]
    rotation = next((t for t in transforms if t["object_type"] == "Rotation"), None)
    return _num(ap), _abs(ml), _abs(depth), _angle(rotation and rotation["angles"][0])


def _new_procedures(surgeries: list[dict[str, Any]]) -> dict[str, Counter[Any]]:
    facts: dict[str, Counter[Any]] = {
        k: Counter() for k in ("headframe", "window", "inj", "fiber")
    }
    for surgery in surgeries:
        for p in surgery["procedures"]:
            kind = p["object_type"]
            if kind == "Headframe":
                facts["headframe"][_headframe(p)] += 1
            elif kind == "Craniotomy":
                facts["window"][(_num(p["size"]), p["implant_part_number"])] += 1
            elif kind == "Probe implant":
                facts["fiber"][_new_fiber(p)] += 1
            else:
                facts["inj"][_new_injection(p)] += 1
    return facts


def _new_fiber(p: dict[str, Any]) -> tuple[Any, ...]:
    device = p["implanted_device"]
    return (
        *_position(p["device_config"]["transform"]),
        _num(device["total_length"]),
        _num(device["core_diameter"]),
        _num(device["numerical_aperture"]),
    )


def _new_injection(p: dict[str, Any]) -> tuple[Any, ...]:
    positions = [_position(c) for c in p["coordinates"]]
    dynamics = p["dynamics"]
    volumes = tuple(_num(d["volume"]) for d in dynamics if d["volume"] is not None)
    ap, ml, _, angle = positions[0]
    return (
        ap,
        ml,
        tuple(depth for *_, depth, _ in positions if depth is not None),
        angle,
        (p["relative_position"] or [None])[0],
        volumes,
        _num(dynamics[0]["injection_current"]),
        dynamics[0]["alternating_current"],
    )


def _new_materials(surgeries: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {
        (m["name"], m.get("titer"), _num(m.get("concentration")))
        for s in surgeries
        for p in s["procedures"]
        for m in p.get("injection_materials") or []
    }


def _session(surgery: dict[str, Any]) -> tuple[Any, ...]:
    anaesthesia = surgery["anaesthesia"] or {}
    return (
        _num(surgery["animal_weight_prior"]),
        _num(surgery["animal_weight_post"]),
        _num(anaesthesia.get("duration")),
        _num(anaesthesia.get("level")),
    )


# --- the comparison -----------------------------------------------------------------------


def _load(path: Path) -> Any:
    return json.loads(path.read_text())


@pytest.mark.parametrize("raw_path", _pairs())
def test_reference_item_keeps_its_facts(raw_path: Path) -> None:
    fields = _load(raw_path)
    old = _load(PAIRS / "mapped" / f"mapped_{raw_path.name}")
    subject = str(fields.get("LabTracks_x0020_ID1") or "000000")
    for list_name in ("nsb2023", "nsb_present"):
        records = map_item(fields, subject, list_name)
        new = [record.document for record in records]

        assert _new_procedures(new) == _old_procedures(old)
        assert _old_materials(old) <= _new_materials(new)
        assert {s["iacuc_protocol"] for s in old} <= {s["ethics_review_id"] for s in new}

        recovery = {r.extras.get("recovery_time_minutes") for r in records}
        for surgery in old:
            for p in surgery["procedures"]:
                if p.get("recovery_time") is not None:
                    assert float(p["recovery_time"]) in recovery

        old_dates = {s["start_date"] for s in old if s["start_date"]}
        assert old_dates == {s["start_date"] for s in new if s["start_date"]}
        for surgery in old:
            if surgery["start_date"] is None:
                continue
            same_day = [s for s in new if s["start_date"] == surgery["start_date"]]
            assert _session(surgery) in {_session(s) for s in same_day}
            workstations = {s["workstation_id"] for s in same_day} | {fields.get("HpWorkStation")}
            assert surgery["workstation_id"] in workstations
            experimenters = {e for s in same_day for e in s["experimenters"]}
            if surgery["experimenter_full_name"] == "NSB":
                assert all(e.startswith("NSB") for e in experimenters)
            else:
                assert surgery["experimenter_full_name"] in experimenters


MEASUREMENT_FILES = [
    REFERENCE / "sharepoint" / "nsb2023" / "nsb2023_intended_measurements.json",
    REFERENCE / "sharepoint-v2" / "nsb2023" / "nsb2023_intended_measurements.json",
]
#: What the old service reported for that request's four fibers (names aside).
OLD_CHANNELS = Counter(
    [
        ("acetylcholine", "calcium", "GABA", "control"),
        ("acetylcholine", "dopamine", "GABA", "control"),
        ("acetylcholine", "dopamine", "glutamate", "control"),
        ("norepinephrine", "calcium", "glutamate", "voltage"),
    ]
)


@pytest.mark.parametrize("path", MEASUREMENT_FILES, ids=["v1", "v2"])
def test_reference_intended_measurements(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    fields = _load(path)
    found = intended_measurements(fields, str(fields["LabTracks_x0020_ID1"]))
    channels = Counter(
        tuple(m[f"intended_measurement_{c}"] for c in ("R", "G", "B", "Iso")) for m in found
    )
    assert channels == OLD_CHANNELS
    implanted = {
        p["implanted_device"]["name"]
        for r in map_item(fields, str(fields["LabTracks_x0020_ID1"]), "nsb_present")
        for p in r.document["procedures"]
        if p["object_type"] == "Probe implant"
    }
    assert {m["fiber_name"] for m in found} == implanted


STRING_ENTRIES = PAIRS / "nsb2023_string_entries.json"
_HOLE_VALUES = {
    "ap": lambda hole: hole.ap,
    "ml": lambda hole: hole.ml,
    "dv": lambda hole: hole.depths[0] if len(hole.depths) == 1 else None,
    "angle": lambda hole: hole.angle,
    "volume": lambda hole: hole.volume_nl,
    "current": lambda hole: hole.current_ua,
    "duration": lambda hole: hole.duration_min,
    "fiber_dv": lambda hole: hole.fiber_depth,
    "alternating": lambda hole: hole.alternating,
}


def _string_entries() -> list[Any]:
    if not STRING_ENTRIES.is_file():
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason="absent"))]
    columns = {
        column: (number, field)
        for number in BURR_HOLE_NUMBERS
        for field, names in burr_hole_columns(number).items()
        for column in names
        if field in _HOLE_VALUES
    }
    cases = []
    for column, entries in _load(STRING_ENTRIES).items():
        for text, old in entries["unique_entries"].items():
            if column in columns and old is not None:
                where = (*columns[column], column)
                cases.append(pytest.param(where, text, old, id=f"{column}={text!r}"))
    return cases


@pytest.mark.parametrize(("where", "text", "old"), _string_entries())
def test_free_text_cells_read_as_the_old_service_read_them(
    where: tuple[int, str, str], text: str, old: float
) -> None:
    """Every value the old service could read is read the same way (it read fewer)."""
    number, field, column = where
    fields = {f"Burr_x0020_hole_x0020_{number}": "Injection & Fiber Implant", column: text}
    (hole,) = parse_item(fields)[1]
    value = _HOLE_VALUES[field](hole)
    if field == "alternating":
        # 1.x kept only the on-time of the on/off cycle.
        assert value == f"{old:g}s on/{old:g}s off"
    else:
        assert value == Decimal(str(old))
