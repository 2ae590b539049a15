"""Facts of the reference records: each ``raw`` list item, mapped by this service, keeps the
facts of its ``mapped`` counterpart (written by the 1.x service in the 1.x shape).

Compared: dates, experimenter, protocol, weights, anaesthesia, workstation, headframe and
craniotomy types, fiber counts and positions, injection coordinates, depths, volumes, angles,
durations, currents, alternating times, retro-orbital eyes, materials and titers. Where 1.x
read nothing (``null``, ``[]``) this service may read more; the 1.x shape differences (ML sign
carried by the hemisphere, depth as a positive inferior distance, 2.x craniotomy types) are
translated before comparing. A 1.x surgery with no procedures (a request naming none) is a 2.x
surgery holding one generic procedure that says so (2.x requires at least one procedure).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from datasources.sharepoint.las2020.mapping import map_item as map_las2020
from datasources.sharepoint.nsb2019.mapping import map_item as map_nsb2019
from datasources.sharepoint.parsers import parse_alternating

from .helpers import REFERENCE, reference_dir


def _pairs(family: str) -> list[str]:
    raw = REFERENCE / "sharepoint" / family / "raw"
    return sorted(path.name for path in raw.glob("*.json")) if raw.is_dir() else ["absent"]


def _load(family: str, name: str) -> tuple[dict[str, Any], Any]:
    folder = reference_dir("sharepoint", family)
    raw = json.loads((folder / "raw" / name).read_text())
    mapped_path = folder / "mapped" / f"mapped_{name}"
    if not mapped_path.is_file():
        pytest.skip(f"no mapped counterpart for {name}")
    return raw.get("fields", raw), json.loads(mapped_path.read_text())


def _same(old: Any, new: Any, what: str) -> None:
    """``old`` (a 1.x value, often a string) equals ``new`` when 1.x read anything at all."""
    if old is None or old == []:
        return
    assert new is not None, f"{what}: 1.x had {old!r}, nothing mapped"
    assert Decimal(str(old)) == Decimal(str(new)), f"{what}: 1.x {old!r} != {new!r}"


def _abs(value: Any) -> Any:
    return None if value is None else abs(Decimal(str(value)))


# --- NSB 2019 -------------------------------------------------------------------------------

_CRANIOTOMIES = {
    "Visual Cortex": ("Circle", 5),
    "3 mm": ("Circle", 3),
    "5 mm": ("Circle", 5),
    "Whole hemisphere craniotomy": ("Whole hemisphere craniotomy", None),
    "Other": ("Other", None),
}


def _flatten(surgeries: list[dict[str, Any]], kinds: dict[str, str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for surgery in surgeries:
        for procedure in surgery.get("procedures") or []:
            kind = kinds.get(procedure.get("procedure_type") or procedure.get("object_type"))
            if kind:
                found.setdefault(kind, []).append((surgery, procedure))
    return found


_OLD_KINDS = {
    "Headframe": "headframe",
    "Craniotomy": "craniotomy",
    "Fiber implant": "fiber",
    "Nanoject injection": "injection",
    "Iontophoresis injection": "injection",
    "Brain injection": "injection",
}
_NEW_KINDS = {
    "Headframe": "headframe",
    "Craniotomy": "craniotomy",
    "Probe implant": "fiber",
    "Brain injection": "injection",
    "Injection": "injection",
}


def _surgery_facts(old: dict[str, Any], new: dict[str, Any], where: str) -> None:
    assert new["start_date"] == old["start_date"] or old["start_date"] is None, where
    assert new["ethics_review_id"] == old["iacuc_protocol"], where
    assert new["experimenters"] == [old["experimenter_full_name"]], where
    _same(old["animal_weight_prior"], new["animal_weight_prior"], f"{where} weight prior")
    _same(old["animal_weight_post"], new["animal_weight_post"], f"{where} weight post")
    if old["workstation_id"] is not None:
        assert new["workstation_id"] == old["workstation_id"], where
    old_iso, new_iso = old.get("anaesthesia") or {}, new.get("anaesthesia") or {}
    _same(old_iso.get("level"), new_iso.get("level"), f"{where} isoflurane level")
    _same(old_iso.get("duration"), new_iso.get("duration"), f"{where} isoflurane duration")


def _injection_facts(old: dict[str, Any], new: dict[str, Any], where: str) -> None:
    translations = [p[0]["translation"] for p in new.get("coordinates") or []]
    if translations:
        _same(old["injection_coordinate_ap"], translations[0][0], f"{where} AP")
        _same(_abs(old["injection_coordinate_ml"]), _abs(translations[0][1]), f"{where} ML")
        for index, depth in enumerate(old["injection_coordinate_depth"]):
            _same(_abs(depth), translations[index][2], f"{where} depth {index}")
        rotations = [p[1]["angles"][0] for p in new["coordinates"] if len(p) > 1]
        _same(old["injection_angle"], rotations[0] if rotations else None, f"{where} angle")
    if old.get("injection_hemisphere"):
        assert new["relative_position"] == [old["injection_hemisphere"]], where
    dynamics = new["dynamics"]
    _same(old.get("injection_duration"), dynamics[0]["duration"], f"{where} duration")
    for index, volume in enumerate(old.get("injection_volume") or []):
        _same(volume, dynamics[index]["volume"], f"{where} volume {index}")
    _same(old.get("injection_current"), dynamics[0]["injection_current"], f"{where} current")
    if old.get("alternating_current"):
        expected = parse_alternating(old["alternating_current"])
        assert dynamics[0]["alternating_current"] == expected, where
    profiles = {
        "Nanoject injection": {"Bolus"},
        "Iontophoresis injection": {"Pulsed", "Continuous"},
    }
    assert dynamics[0]["profile"] in profiles.get(old["procedure_type"], {dynamics[0]["profile"]})


@pytest.mark.parametrize("name", _pairs("nsb2019"))
def test_nsb2019_reference_facts(name: str) -> None:
    fields, old_surgeries = _load("nsb2019", name)
    records = map_nsb2019(fields, fields["LabTracks_x0020_ID"])
    new_surgeries = [record.document for record in records]
    old = _flatten(old_surgeries, _OLD_KINDS)
    new = _flatten(new_surgeries, _NEW_KINDS)
    if not any(surgery.get("procedures") for surgery in old_surgeries):
        assert len(new_surgeries) == len(old_surgeries), name
        for was, now in zip(old_surgeries, new_surgeries, strict=True):
            assert now["start_date"] == was["start_date"], name
            kinds = [step["object_type"] for step in now["procedures"]]
            assert kinds == ["Generic surgery procedure"], name
        return
    old_fibers = [probe for _, fiber in old.get("fiber", []) for probe in fiber["probes"]]
    assert len(new.get("fiber", [])) == len(old_fibers), name
    for kind in ("headframe", "craniotomy", "injection"):
        assert len(new.get(kind, [])) == len(old.get(kind, [])), f"{name}: {kind} count"
    for (old_surgery, old_one), (new_surgery, new_one) in zip(
        [pair for kind in ("headframe", "craniotomy", "injection") for pair in old.get(kind, [])],
        [pair for kind in ("headframe", "craniotomy", "injection") for pair in new.get(kind, [])],
        strict=True,
    ):
        where = f"{name} {old_one['procedure_type']}"
        _surgery_facts(old_surgery, new_surgery, where)
        if old_one["procedure_type"] == "Headframe":
            for field in (
                "headframe_type",
                "headframe_part_number",
                "well_type",
                "well_part_number",
            ):
                if old_one[field] is not None:
                    assert new_one[field] == old_one[field], f"{where} {field}"
        elif old_one["procedure_type"] == "Craniotomy":
            kind, size = _CRANIOTOMIES[old_one["craniotomy_type"]]
            assert (new_one["craniotomy_type"], new_one["size"]) == (kind, size), where
            assert new_one["dura_removed"] == old_one["dura_removed"], where
        else:
            _injection_facts(old_one, new_one, where)
    for probe, (_, implant) in zip(old_fibers, new.get("fiber", []), strict=True):
        transform = implant["device_config"]["transform"]
        where = f"{name} fiber {implant['implanted_device']['name']}"
        _same(probe["stereotactic_coordinate_ap"], transform[0]["translation"][0], f"{where} AP")
        old_ml, new_ml = probe["stereotactic_coordinate_ml"], transform[0]["translation"][1]
        _same(_abs(old_ml), _abs(new_ml), f"{where} ML")
        _same(_abs(probe["stereotactic_coordinate_dv"]), transform[0]["translation"][2], where)
        _same(probe["angle"], transform[1]["angles"][0], f"{where} angle")


# --- LAS 2020 -------------------------------------------------------------------------------


def _las_subject(fields: dict[str, Any]) -> str:
    return str(fields.get("Title") or "").split()[0]


@pytest.mark.parametrize("name", _pairs("las2020"))
def test_las2020_reference_facts(name: str) -> None:
    fields, old = _load("las2020", name)
    records = {r.key.split("#")[1]: r for r in map_las2020(fields, _las_subject(fields)) if r.key}
    generic = {k: r for k, r in records.items() if k.startswith("request")}
    for record in generic.values():
        # 1.x mapped only retro-orbital and IP injections; other requests are kept as such.
        assert record.document["object_type"] == "Generic subject procedure", name
    records = {k: r for k, r in records.items() if k not in generic}
    if old is None:
        assert records == {}, name
        return
    for record in records.values():
        assert record.document["start_date"] == old["start_date"], name
        assert record.document["ethics_review_id"] == old["iacuc_protocol"], name
        assert record.extras.get("experimenters") == [old["experimenter_full_name"]], name
    retro_orbital = [
        p for p in old["procedures"] if p["procedure_type"] == "Retro-orbital injection"
    ]
    injections = records["retro-orbital"].document["injections"] if retro_orbital else []
    assert len(injections) == len(retro_orbital), name
    for index, (was, now) in enumerate(zip(retro_orbital, injections, strict=True)):
        where = f"{name} retro-orbital {index}"
        if was["injection_eye"]:
            assert now["relative_position"] == [was["injection_eye"]], where
        _same(was["injection_volume"], now["dynamics"][0]["volume"], f"{where} volume")
        assert len(now["injection_materials"]) == len(was["injection_materials"]), where
        for material, mapped in zip(
            was["injection_materials"], now["injection_materials"], strict=True
        ):
            _same(material["titer"], mapped["titer"], f"{where} titer")
            if material["name"] is not None:
                lot = (mapped["tars_identifiers"] or {}).get("prep_lot_number")
                assert material["name"] in (mapped["name"], lot), where
    dosing = [p for p in old["procedures"] if p["procedure_type"] == "Intraperitoneal injection"]
    assert ("dosing" in records) == bool(dosing), name
    for was in dosing:
        (now,) = records["dosing"].document["injections"]
        _same(was["injection_volume"], now["dynamics"][0]["volume"], f"{name} dose volume")
        _same(was["injection_duration"], now["dynamics"][0]["duration"], f"{name} dose duration")
        assert len(now["injection_materials"]) == len(was["injection_materials"]), name


def test_reference_folders_are_walked() -> None:
    """Both folders hold records; the tests above do not pass vacuously on an empty walk."""
    for family in ("nsb2019", "las2020"):
        folder = reference_dir("sharepoint", family)
        assert list((folder / "raw").glob("*.json")), family
        assert isinstance(folder, Path)
