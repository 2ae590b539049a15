"""Conformance: the reference SLIMS ecephys session maps with the facts of its old (1.x) mapping.

``../shared/reference/slims/raw/ecephys_session_response.json`` is an aind-slims-api
``EcephysSession`` as JSON; ``slims/mapped/ecephys_session.json`` is what the previous service
made of it, an aind-data-schema 1.x ``Session``. The 2.x ``Acquisition`` differs in shape, so
the comparison is on facts, translated:

- rig_id -> instrument_id; session_type -> acquisition_type; weights, reward consumed total and
  mouse platform name -> subject_details; stream modalities, DAQ and camera names -> the data
  stream's modalities and active devices; an ephys module -> an ``EphysAssemblyConfig`` (assembly
  name, dome angles as its module, manipulator coordinates as ``local_axis_positions``,
  targeted structures on its probe); a stick microscope -> an ``MISCameraConfig`` with its
  angles; a stimulus epoch's name, modalities, device names, speaker and LED -> the epoch.

Deliberate differences, allowed here:

- Reward delivery (solution, spout side, starting and variable position): 2.x's
  ``LickSpoutConfig`` needs a spout name, volume and valence SLIMS lacks, so it is a note.
- The implant hole and the bregma anatomical reference (1.x: ``implant_hole_number``,
  ``anatomical_reference``) are probe notes; the bregma and CCF targets themselves, which 1.x
  dropped, are probe notes too.
- ``active_mouse_platform``: 1.x wrote False when SLIMS had no value; 2.x leaves it unknown
  (no ``MousePlatformConfig``, no note).
- Reward consumed during an epoch: 1.x labelled it microliter (its default unit); SLIMS records
  millilitres (aind-slims-api's ``UnitSpec("ml")``), which is what 2.x says now.
- The laser "laserA" (no wavelength) was dropped by 1.x; it is a ``LaserConfig`` now, its
  missing wavelength left to validation.
- 1.x's constant module note "Anatomical Coordinates mapped AP:X, ML:Y, DV:Z" is no fact and is
  not carried; the session's SLIMS id and entry time are new notes.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aind_slims_api.operations.ecephys_session import EcephysSession

from datasources.slims.ecephys import map_session

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "slims"
RAW = REFERENCE / "raw" / "ecephys_session_response.json"
MAPPED = REFERENCE / "mapped" / "ecephys_session.json"


def _num(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).normalize()


@pytest.fixture(scope="module")
def pair() -> tuple[dict[str, Any], dict[str, Any]]:
    if not (RAW.is_file() and MAPPED.is_file()):
        pytest.skip(f"the SLIMS reference pair is absent ({RAW.parent.parent})")
    old = json.loads(MAPPED.read_text())
    new = map_session(EcephysSession.model_validate_json(RAW.read_text()), old["subject_id"])
    return old, new


def test_session_facts(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    old, new = pair
    assert new["subject_id"] == old["subject_id"]
    assert new["instrument_id"] == old["rig_id"]
    assert new["acquisition_type"] == old["session_type"]
    details = new["subject_details"]
    assert _num(details["animal_weight_prior"]) == _num(old["animal_weight_prior"])
    assert _num(details["animal_weight_post"]) == _num(old["animal_weight_post"])
    assert details["weight_unit"] == old["weight_unit"]
    assert details["mouse_platform_name"] == old["mouse_platform_name"]
    assert _num(details["reward_consumed_total"]) == _num(old["reward_consumed_total"])
    assert details["reward_consumed_unit"] == old["reward_consumed_unit"]


def test_reward_delivery_is_in_the_notes(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    old, new = pair
    delivery = old["reward_delivery"]
    (spout,) = delivery["reward_spouts"]
    assert f"solution {delivery['reward_solution']}" in new["notes"]
    assert f"side {spout['side']}" in new["notes"]
    assert f"starting position {spout['starting_position']}" in new["notes"]
    assert ("variable position" if spout["variable_position"] else "fixed position") in new[
        "notes"
    ]


def test_stream_facts(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    old, new = pair
    assert len(new["data_streams"]) == len(old["data_streams"])
    for old_stream, stream in zip(old["data_streams"], new["data_streams"], strict=True):
        assert stream["modalities"] == old_stream["stream_modalities"]
        devices = old_stream["daq_names"] + old_stream["camera_names"]
        assert set(devices) <= set(stream["active_devices"])
        by_name = {config["device_name"]: config for config in stream["configurations"]}
        for module in old_stream["ephys_modules"]:
            assembly = by_name[module["assembly_name"]]
            assert assembly["object_type"] == "Ephys assembly config"
            _same_angles(module, assembly["modules"][0])
            (probe,) = assembly["probes"]
            assert (
                probe["primary_targeted_structure"]["name"]
                == (module["primary_targeted_structure"])
            )
            assert probe["other_targeted_structure"] == module["other_targeted_structure"]
            assert probe["dye"] == module["dye"]
            coordinates = module["manipulator_coordinates"]
            assert [
                _num(v) for v in assembly["manipulator"]["local_axis_positions"]["translation"]
            ] == [_num(coordinates[axis]) for axis in ("x", "y", "z")]
            assert f"implant hole {_num(module['implant_hole_number'])}" in probe["notes"]
            assert f"{module['anatomical_reference'].casefold()} target" in probe["notes"]
            assert module["surface_z"] is None
            assert "surface z" not in probe["notes"]
        for microscope in old_stream["stick_microscopes"]:
            camera = by_name[microscope["assembly_name"]]
            assert camera["object_type"] == "MIS camera config"
            _same_angles(microscope, camera["module"])
        expected = len(old_stream["ephys_modules"]) + len(old_stream["stick_microscopes"])
        assert len(stream["configurations"]) == expected


def _same_angles(old: dict[str, Any], module: dict[str, Any]) -> None:
    assert old["angle_unit"] == module["angle_unit"]
    for key in ("arc_angle", "module_angle", "rotation_angle"):
        assert _num(module[key]) == _num(old[key]), key


def test_stimulus_epoch_facts(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    old, new = pair
    assert len(new["stimulus_epochs"]) == len(old["stimulus_epochs"])
    for old_epoch, epoch in zip(old["stimulus_epochs"], new["stimulus_epochs"], strict=True):
        assert epoch["stimulus_name"] == old_epoch["stimulus_name"]
        assert epoch["stimulus_modalities"] == old_epoch["stimulus_modalities"]
        for device in old_epoch["stimulus_device_names"].split(","):
            assert device.strip() in epoch["active_devices"]
        configs = {config["object_type"]: config for config in epoch["configurations"]}
        speaker = old_epoch["speaker_config"]
        assert configs["Speaker config"]["device_name"] == speaker["name"]
        assert _num(configs["Speaker config"]["volume"]) == _num(speaker["volume"])
        assert configs["Speaker config"]["volume_unit"] == speaker["volume_unit"]
        (light,) = old_epoch["light_source_config"]
        led = configs["Light emitting diode config"]
        assert light["device_type"] == "Light emitting diode"
        assert led["device_name"] == light["name"]
        assert _num(led["power"]) == _num(light["excitation_power"])
        assert led["power_unit"] == light["excitation_power_unit"]
        metrics = epoch["performance_metrics"]
        assert _num(metrics["reward_consumed_during_epoch"]) == _num(
            old_epoch["reward_consumed_during_epoch"]
        )
        # SLIMS records millilitres; 1.x wrote its default unit (see the module doc).
        assert metrics["reward_consumed_unit"] == "milliliter"
