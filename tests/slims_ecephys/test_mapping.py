"""SLIMS ecephys sessions -> 2.x Acquisition JSON: where each fact of our own fixture goes."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from aind_slims_api.models import SlimsInstrumentRdrc
from aind_slims_api.models.ecephys_session import (
    SlimsMouseSessionResult,
    SlimsRewardDeliveryRdrc,
    SlimsStimulusEpochsResult,
)
from aind_slims_api.models.experiment_run_step import SlimsGroupOfSessionsRunStep
from aind_slims_api.operations.ecephys_session import (
    EcephysSession,
    SlimsRewardDeliveryInfo,
    SlimsStream,
    SlimsStreamModule,
)

from datasources.slims.ecephys import map_session
from tests.slims_ecephys.helpers import SUBJECT, session


def _mapped() -> dict[str, Any]:
    return map_session(session(), SUBJECT)


def test_session_group_and_result_facts() -> None:
    document = _mapped()
    assert document["subject_id"] == SUBJECT
    assert document["acquisition_type"] == "Passive viewing"
    assert document["experimenters"] == ["Ada Tester"]
    assert document["instrument_id"] == "327_NP3_20250101"
    assert document["acquisition_start_time"] is None
    assert document["acquisition_end_time"] is None
    assert document["subject_details"] == {
        "object_type": "Acquisition subject details",
        "animal_weight_prior": "24.5",
        "animal_weight_post": "24.1",
        "weight_unit": "gram",
        "anaesthesia": None,
        "mouse_platform_name": "Running wheel",
        "reward_consumed_total": "0.75",
        "reward_consumed_unit": "milliliter",
    }


def test_what_2x_cannot_hold_goes_to_notes() -> None:
    notes = _mapped()["notes"]
    assert "SLIMS mouse session RSLT0000009001 'ecephys_700001_2025-01-01_09-30-00'" in notes
    assert "entered 2025-01-01T01:00:00+00:00" in notes
    assert (
        "reward delivery: solution Water; spout side Left, "
        "starting position 2 mm below the mouth, fixed position"
    ) in notes
    assert "device calibrations: calibrations_2025-01-01.json" in notes
    assert "stimulus epoch code: https://example.org/stimulus-code.git" in notes


def test_streams() -> None:
    ephys, behavior = _mapped()["data_streams"]
    assert [m["abbreviation"] for m in ephys["modalities"]] == ["ecephys", "behavior-videos"]
    assert ephys["active_devices"] == [
        "Basestation Slot 2",
        "Face camera",
        "Body camera",
        "Ephys Assembly A",
        "Stick Microscope 1",
    ]
    assert ephys["stream_start_time"] is None
    assert behavior["modalities"] == [{"name": "Behavior", "abbreviation": "behavior"}]
    assert behavior["active_devices"] == ["Harp Behavior"]
    assert behavior["configurations"] == []


def test_ephys_module_is_an_assembly_with_its_probe() -> None:
    assembly, camera = _mapped()["data_streams"][0]["configurations"]
    assert assembly["object_type"] == "Ephys assembly config"
    assert assembly["device_name"] == "Ephys Assembly A"
    assert assembly["manipulator"]["local_axis_positions"]["translation"] == [7400, 6900, 8100.5]
    assert assembly["manipulator"]["local_coordinate_system"] is None
    assert assembly["modules"] == [
        {
            "object_type": "MIS module config",
            "arc_angle": -25.0,
            "module_angle": 12.5,
            "rotation_angle": 0.0,
            "angle_unit": "degrees",
            "notes": "manipulator calibration: manipulator_A_calibration.csv",
        }
    ]
    (probe,) = assembly["probes"]
    assert probe["device_name"] == "Probe A"
    assert probe["primary_targeted_structure"]["acronym"] == "LGd"
    assert [s["acronym"] for s in probe["other_targeted_structure"]] == ["VISp", "CA1"]
    assert probe["dye"] == "DiI"
    assert probe["transform"] is None
    assert probe["notes"] == (
        "targeted CCF v3 coordinates AP 8200, ML 6100, DV 3300 µm; "
        "bregma target AP -2.1, ML 1.6, DV 2.8 mm; surface z 5200 µm; implant hole 4"
    )
    assert camera["object_type"] == "MIS camera config"
    assert camera["device_name"] == "Stick Microscope 1"
    assert camera["module"]["arc_angle"] == 30.0
    assert camera["module"]["rotation_angle"] is None


def test_stimulus_epoch() -> None:
    (epoch,) = _mapped()["stimulus_epochs"]
    assert epoch["stimulus_name"] == "Drifting gratings with opto"
    assert epoch["stimulus_modalities"] == ["Visual", "Optogenetics"]
    assert epoch["performance_metrics"]["reward_consumed_during_epoch"] == "0.25"
    assert epoch["performance_metrics"]["reward_consumed_unit"] == "milliliter"
    assert epoch["active_devices"] == [
        "Stimulus monitor",
        "Laser 1",
        "Speaker 1",
        "LED 470",
        "Running wheel",
    ]
    speaker, led, laser, platform = epoch["configurations"]
    assert (speaker["device_name"], speaker["volume"], speaker["volume_unit"]) == (
        "Speaker 1",
        65.0,
        "decibels",
    )
    assert (led["device_name"], led["power"], led["power_unit"]) == ("LED 470", 2.5, "milliwatt")
    assert (laser["device_name"], laser["wavelength"], laser["power"]) == ("Laser 1", 473, 5.0)
    assert platform == {
        "object_type": "Mouse platform config",
        "device_name": "Running wheel",
        "objects_in_arena": None,
        "active_control": True,
    }


def test_group_fields_from_the_client_model() -> None:
    group = SlimsGroupOfSessionsRunStep(
        name="Group of Sessions",
        session_type="Foraging",
        mouse_platform_name="Disc",
        active_mouse_platform=False,
    )
    document = map_session(EcephysSession(session_group=group), SUBJECT)
    assert document["acquisition_type"] == "Foraging"
    assert document["subject_details"]["mouse_platform_name"] == "Disc"
    # No epoch to configure the platform in: its control goes to the notes.
    assert document["notes"] == "mouse platform actively controlled: no"


def test_other_reward_solution() -> None:
    info = SlimsRewardDeliveryInfo(
        reward_delivery=SlimsRewardDeliveryRdrc(
            pk=1,
            reward_solution="Other (if Other, specify below)",
            other_reward_solution="5% sucrose",
        )
    )
    group = SlimsGroupOfSessionsRunStep()
    document = map_session(EcephysSession(session_group=group, reward_delivery=info), SUBJECT)
    assert document["notes"] == (
        "reward delivery: solution Other (if Other, specify below) (5% sucrose)"
    )


def test_odd_values_become_none_plus_a_note() -> None:
    class Broken:
        @property
        def probe_name(self) -> str:
            raise RuntimeError("boom")

    result = SlimsMouseSessionResult.model_construct(
        weight_prior_g="heavy",
        weight_post_g=math.nan,
        reward_consumed_vol="0.5",
        created_on=datetime(2025, 1, 1, tzinfo=UTC),
    )
    stream = SlimsStream.model_construct(
        stream_modalities=["Ecephys", 5, "Telepathy"],
        daq_names="Basestation, , Harp",
        camera_names=42,
        stream_modules=[Broken(), SlimsStreamModule(assembly_name="Cam", arc_angle=1.0)],
    )
    epoch = SlimsStimulusEpochsResult.model_construct(
        stimulus_name="s", stimulus_modalities=["Smell"], laser_name="L", laser_wavelength=488.5
    )
    odd = EcephysSession.model_construct(
        session_group=SlimsGroupOfSessionsRunStep.model_construct(active_mouse_platform="maybe"),
        session_instrument=SlimsInstrumentRdrc.model_construct(name=17),
        session_result=result,
        streams=[stream, "not a stream"],
        reward_delivery=None,
        stimulus_epochs=[epoch],
    )
    document = map_session(odd, SUBJECT)

    details = document["subject_details"]
    assert details["animal_weight_prior"] is None
    assert details["animal_weight_post"] is None
    assert details["reward_consumed_total"] == "0.5"
    assert document["instrument_id"] == "17"
    notes = document["notes"]
    assert "active mouse platform 'maybe' is not yes or no" in notes
    assert "animal weight prior 'heavy' is not a number" in notes
    assert "animal weight post nan is not a number" in notes

    mapped_stream = document["data_streams"][0]
    assert mapped_stream["modalities"] == [
        {"name": "Extracellular electrophysiology", "abbreviation": "ecephys"},
        None,
        None,
    ]
    assert mapped_stream["active_devices"] == ["Basestation", "Harp", "Cam"]
    assert mapped_stream["notes"] == (
        "stream modality '5' is not an aind-data-schema modality; "
        "stream modality 'Telepathy' is not an aind-data-schema modality; "
        "camera name 42 is not a list of names; a stream module could not be read"
    )
    # A string in place of a stream has no fields: an empty stream, validation reports it.
    assert document["data_streams"][1]["modalities"] == []

    (mapped_epoch,) = document["stimulus_epochs"]
    assert mapped_epoch["stimulus_modalities"] == [None]
    assert mapped_epoch["configurations"][0]["wavelength"] is None
    assert mapped_epoch["notes"] == (
        "stimulus modality 'Smell' is not an aind-data-schema one; "
        "laser wavelength 488.5 nm is not a whole number of nm"
    )


def test_unknown_structure_name_is_kept_in_the_probe_notes() -> None:
    from aind_slims_api.models.ecephys_session import SlimsBrainStructureRdrc

    module = SlimsStreamModule(
        probe_name="P", primary_targeted_structure=SlimsBrainStructureRdrc(name="Somewhere")
    )
    stream = SlimsStream(stream_modalities=["Ecephys"], stream_modules=[module])
    group = SlimsGroupOfSessionsRunStep()
    document = map_session(EcephysSession(session_group=group, streams=[stream]), SUBJECT)
    probe = document["data_streams"][0]["configurations"][0]["probes"][0]
    assert probe["primary_targeted_structure"] is None
    assert probe["notes"] == "primary structure 'Somewhere' is not a CCFv3 structure name"
