"""SLIMS ecephys streams -> 2.x ``DataStream`` JSON, and the value readers the mapping shares.

A SLIMS stream lists its modalities, DAQ and camera names, and its stream modules (the New
Scale dome's modules). A module that targets something (a probe, a brain structure, CCF,
bregma or manipulator coordinates, a surface z, a dye, an implant hole) is an ephys assembly:
an ``EphysAssemblyConfig`` with one ``ProbeConfig``, its manipulator and its dome angles. A
module with only a name and angles is a stick microscope: an ``MISCameraConfig``, as 1.x made it
a ``DomeModule`` stick microscope.

SLIMS records no stream times, no coordinate systems, no manipulator name, no probe transform
and no camera position or detector; those required values stay None and validation reports
them. What 2.x has no field for (bregma target, CCF target without an atlas resolution, surface
z, implant hole, manipulator calibration) goes into the probe's or the module's ``notes``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from aind_data_schema_models.brain_atlas import CCFv3
from aind_data_schema_models.modalities import Modality
from pydantic import BaseModel

__all__ = [
    "column",
    "column_unit",
    "dedupe",
    "map_stream",
    "modality",
    "names",
    "number",
    "structure",
    "text",
]

#: SLIMS spellings that are neither a 2.x modality name nor its abbreviation.
_MODALITY_ALIASES = {"electromyography": "EMG", "fmost": "fMOST"}
_SHOWN = 60


def _shown(value: object) -> str:
    """A value as a note quotes it, cut short."""
    shown = repr(value)
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "..."


def _finite(value: object) -> float | None:
    """A finite float for a number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        found = float(value)
    except (ValueError, OverflowError):
        return None
    return found if math.isfinite(found) else None


def text(value: object) -> str | None:
    """A stripped string, a finite number as text, or None."""
    if isinstance(value, str):
        return value.strip() or None
    return None if _finite(value) is None else str(value)


def number(value: object, label: str, notes: list[str]) -> float | None:
    """A finite float, else None (with a note when a value was there but is not a number)."""
    if value is None:
        return None
    found = _finite(value)
    if isinstance(value, str) and value.strip():
        try:
            found = float(value.strip())
        except ValueError:
            found = None
    if found is None or not math.isfinite(found):
        notes.append(f"{label} {_shown(value)} is not a number")
        return None
    return found


def names(values: object, label: str, notes: list[str]) -> list[str]:
    """The names of a SLIMS multi-value field (a list, or one comma-separated string)."""
    if values is None:
        return []
    items: Iterable[object]
    if isinstance(values, str):
        items = values.replace(";", ",").split(",")
    elif isinstance(values, list | tuple):
        items = values
    else:
        notes.append(f"{label} {_shown(values)} is not a list of names")
        return []
    found = []
    for item in items:
        name = text(item)
        if name is not None:
            found.append(name)
        elif not (item is None or isinstance(item, str)):
            notes.append(f"{label} {_shown(item)} is not a name")
    return found


def dedupe(values: Iterable[str | None]) -> list[str]:
    """Names in first-seen order, each once, without None."""
    return list(dict.fromkeys(value for value in values if value))


def _column_entry(record: object, name: str) -> Mapping[str, Any] | None:
    entity = getattr(record, "json_entity", None)
    columns = entity.get("columns") if isinstance(entity, Mapping) else None
    if not isinstance(columns, list):
        return None
    for entry in columns:
        if isinstance(entry, Mapping) and entry.get("name") == name:
            return entry
    return None


def column(record: object, name: str) -> object:
    """A SLIMS column the client's model does not carry, from the record's raw ``json_entity``.

    Foreign keys give their display value (``joinedDisplayValue``, else ``displayValue``).
    """
    entry = _column_entry(record, name)
    if entry is None:
        return None
    for key in ("joinedDisplayValue", "displayValue", "value"):
        value = entry.get(key)
        if value is not None and value != "":
            return value
    return None


def column_unit(record: object, name: str) -> str | None:
    """The unit SLIMS shows for a quantity column ("&mu;m" -> "µm"), when the record has it."""
    entry = _column_entry(record, name)
    unit = text(entry.get("unit")) if entry is not None else None
    return None if unit is None else html.unescape(unit)


@lru_cache(maxsize=1)
def _modalities() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for value in vars(Modality).values():
        if isinstance(value, BaseModel):
            dumped = {"name": str(value.name), "abbreviation": str(value.abbreviation)}  # type: ignore[attr-defined]
            for key in (dumped["name"], dumped["abbreviation"]):
                found[key.casefold()] = dumped
                found[key.casefold().replace("-", " ")] = dumped
    for alias, abbreviation in _MODALITY_ALIASES.items():
        found[alias] = found[abbreviation.casefold()]
    return found


def modality(value: object) -> dict[str, str] | None:
    """The 2.x modality (as JSON) a SLIMS modality names ("Ecephys", "Behavior videos")."""
    name = text(value)
    return None if name is None else _modalities().get(name.casefold())


@lru_cache(maxsize=1)
def _structures() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for value in vars(CCFv3).values():
        if isinstance(value, BaseModel):
            dumped = value.model_dump(mode="json")
            found.setdefault(str(dumped["name"]).casefold(), dumped)
            found.setdefault(str(dumped["acronym"]).casefold(), dumped)
    return found


def structure(value: object) -> dict[str, str] | None:
    """The CCFv3 structure a SLIMS "CCF brain structures" record names (name or acronym)."""
    name = text(getattr(value, "name", None))
    return None if name is None else _structures().get(name.casefold())


def _structure_of(record: object, label: str, notes: list[str]) -> dict[str, str] | None:
    found = structure(record)
    name = text(getattr(record, "name", None))
    if found is None and name is not None:
        notes.append(f"{label} {_shown(name)} is not a CCFv3 structure name")
    return found


def _triple(module: object, fields: tuple[str, str, str], notes: list[str]) -> list[float | None]:
    return [number(getattr(module, field, None), field, notes) for field in fields]


def _described(axes: tuple[str, str, str], values: list[float | None], unit: str) -> str:
    parts = [
        f"{axis} {value:g}" for axis, value in zip(axes, values, strict=True) if value is not None
    ]
    return ", ".join(parts) + (f" {unit}" if unit else "")


def _is_ephys(module: object) -> bool:
    targeted = (
        "probe_name",
        "primary_targeted_structure",
        "ccf_coordinate_ap",
        "ccf_coordinate_ml",
        "ccf_coordinate_dv",
        "bregma_target_ap",
        "bregma_target_ml",
        "bregma_target_dv",
        "manipulator_x",
        "manipulator_y",
        "manipulator_z",
        "surface_z",
        "dye",
        "implant_hole",
    )
    return any(getattr(module, field, None) is not None for field in targeted)


def _mis_module(module: object, notes: list[str]) -> dict[str, Any] | None:
    """The dome angles (degrees in SLIMS), or None when SLIMS gives none."""
    arc, angle, rotation = _triple(module, ("arc_angle", "module_angle", "rotation_angle"), notes)
    calibration = text(getattr(module, "coordinate_transform", None))
    if arc is None and angle is None and rotation is None:
        if calibration is not None:
            notes.append(f"manipulator calibration: {calibration}")
        return None
    return {
        "object_type": "MIS module config",
        "arc_angle": arc,
        "module_angle": angle,
        "rotation_angle": rotation,
        "angle_unit": "degrees",
        "notes": None if calibration is None else f"manipulator calibration: {calibration}",
    }


def _probe_notes(module: object, notes: list[str]) -> None:
    """Targeting facts ``ProbeConfig`` has no field for, as sentences."""
    ccf = _triple(module, ("ccf_coordinate_ap", "ccf_coordinate_ml", "ccf_coordinate_dv"), notes)
    if any(value is not None for value in ccf):
        version = number(getattr(module, "ccf_version", None), "ccf_version", notes)
        atlas = "CCF" if version is None else f"CCF v{version:g}"
        notes.append(f"targeted {atlas} coordinates {_described(('AP', 'ML', 'DV'), ccf, 'µm')}")
    bregma = _triple(module, ("bregma_target_ap", "bregma_target_ml", "bregma_target_dv"), notes)
    if any(value is not None for value in bregma):
        unit = column_unit(module, "rdrc_cf_targetAp") or "(unit not recorded)"
        where = _described(("AP", "ML", "DV"), bregma, unit)
        notes.append(f"bregma target {where}")
    surface_z = number(getattr(module, "surface_z", None), "surface_z", notes)
    if surface_z is not None:
        notes.append(f"surface z {surface_z:g} µm")
    hole = number(getattr(module, "implant_hole", None), "implant_hole", notes)
    if hole is not None:
        notes.append(f"implant hole {hole:g}")


def _ephys_assembly(module: object) -> dict[str, Any]:
    probe_notes: list[str] = []
    primary = _structure_of(
        getattr(module, "primary_targeted_structure", None), "primary structure", probe_notes
    )
    others_raw = getattr(module, "secondary_targeted_structures", None) or []
    others = [
        _structure_of(other, "other structure", probe_notes)
        for other in (others_raw if isinstance(others_raw, list) else [])
    ]
    _probe_notes(module, probe_notes)
    mis = _mis_module(module, probe_notes)
    manipulator = _triple(module, ("manipulator_x", "manipulator_y", "manipulator_z"), probe_notes)
    positions = None
    if all(value is not None for value in manipulator):
        positions = {
            "object_type": "Translation",
            "translation": manipulator,
            "reference_coordinate_system": "global",
        }
    elif any(value is not None for value in manipulator):
        known = _described(("X", "Y", "Z"), manipulator, "µm")
        probe_notes.append(f"manipulator coordinates (incomplete) {known}")
    probe = {
        "object_type": "Probe config",
        "device_name": text(getattr(module, "probe_name", None)),
        "primary_targeted_structure": primary,
        "other_targeted_structure": [other for other in others if other] or None,
        "atlas_coordinate": None,
        "coordinate_system": None,
        "local_coordinate_system": None,
        "transform": None,
        "dye": text(getattr(module, "dye", None)),
        "notes": "; ".join(probe_notes) or None,
    }
    return {
        "object_type": "Ephys assembly config",
        "device_name": text(getattr(module, "assembly_name", None)),
        "manipulator": {
            "object_type": "Manipulator config",
            "device_name": None,
            "coordinate_system": None,
            "local_coordinate_system": None,
            "local_axis_positions": positions,
        },
        "probes": [probe],
        "modules": None if mis is None else [mis],
    }


def _stick_microscope(module: object, notes: list[str]) -> dict[str, Any]:
    name = text(getattr(module, "assembly_name", None))
    mis = _mis_module(module, notes)
    return {
        "object_type": "MIS camera config",
        "relative_position": None,
        "coordinate_system": None,
        "local_coordinate_system": None,
        "transform": None,
        "device_name": name,
        "detector_config": None,
        "module": mis,
    }


def _configuration(module: object, notes: list[str]) -> dict[str, Any] | None:
    try:
        if _is_ephys(module):
            return _ephys_assembly(module)
        return _stick_microscope(module, notes)
    except Exception:  # a module that cannot be read is a note, never an error
        notes.append("a stream module could not be read")
        return None


def map_stream(stream: object) -> dict[str, Any]:
    """One SLIMS stream as a 2.x ``DataStream`` (times stay None: SLIMS has none)."""
    notes: list[str] = []
    modalities = []
    for value in names(getattr(stream, "stream_modalities", None), "stream modality", notes):
        found = modality(value)
        if found is None:
            notes.append(f"stream modality {_shown(value)} is not an aind-data-schema modality")
        modalities.append(found)
    devices = names(getattr(stream, "daq_names", None), "DAQ name", notes)
    devices += names(getattr(stream, "camera_names", None), "camera name", notes)
    modules = getattr(stream, "stream_modules", None) or []
    configurations = []
    for module in modules if isinstance(modules, list) else []:
        config = _configuration(module, notes)
        if config is not None:
            configurations.append(config)
            devices.append(config["device_name"])
    return {
        "object_type": "Data stream",
        "stream_start_time": None,
        "stream_end_time": None,
        "modalities": modalities,
        "code": None,
        "notes": "; ".join(notes) or None,
        "active_devices": dedupe(devices),
        "configurations": configurations,
        "connections": [],
    }
