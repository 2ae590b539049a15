"""Mapped sessions against aind-data-schema 2.9 ``Acquisition``: valid when complete, and every
gap of an incomplete session reported by validation rather than filled in by the mapping."""

from __future__ import annotations

import warnings

from aind_data_schema.core.acquisition import Acquisition
from aind_slims_api.models.experiment_run_step import SlimsExperimentRunStep

from datasources.slims.ecephys import map_session
from tests.slims_ecephys.helpers import (
    SUBJECT,
    error_locations,
    raw,
    session,
    supply_not_in_slims,
)

#: What SLIMS never records, for the complete fixture (one ephys module, one stick microscope,
#: two streams, one epoch): always reported by validation of a mapped session.
NOT_IN_SLIMS = {
    "acquisition_start_time",
    "acquisition_end_time",
    "data_streams.0.stream_start_time",
    "data_streams.0.stream_end_time",
    "data_streams.1.stream_start_time",
    "data_streams.1.stream_end_time",
    "data_streams.0.configurations.0.manipulator.device_name",
    "data_streams.0.configurations.0.manipulator.local_coordinate_system",
    "data_streams.0.configurations.0.probes.0.local_coordinate_system",
    "data_streams.0.configurations.0.probes.0.transform",
    "data_streams.0.configurations.1.relative_position",
    "data_streams.0.configurations.1.detector_config",
    "stimulus_epochs.0.stimulus_start_time",
    "stimulus_epochs.0.stimulus_end_time",
}


def _validate(document: dict) -> Acquisition:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Acquisition.model_validate(document)


def test_complete_session_misses_only_what_slims_never_records() -> None:
    document = map_session(session(), SUBJECT)
    assert error_locations(document) == NOT_IN_SLIMS


def test_complete_session_validates_once_those_are_supplied() -> None:
    document = supply_not_in_slims(map_session(session(), SUBJECT))
    acquisition = _validate(document)
    assert acquisition.acquisition_type == "Passive viewing"
    assert acquisition.instrument_id == "327_NP3_20250101"
    assert [stream.modalities[0].abbreviation for stream in acquisition.data_streams] == [
        "ecephys",
        "behavior",
    ]
    # The mapped parts are already in the library's serialised shape.
    dumped = acquisition.model_dump(mode="json")
    for key in ("subject_details", "stimulus_epochs", "experimenters", "notes"):
        assert dumped[key] == document[key], key
    assert dumped["data_streams"][1] == document["data_streams"][1]
    mapped_assembly = document["data_streams"][0]["configurations"][0]
    assembly = dumped["data_streams"][0]["configurations"][0]
    assert assembly["modules"] == mapped_assembly["modules"]
    assert (
        assembly["manipulator"]["local_axis_positions"]
        == (mapped_assembly["manipulator"]["local_axis_positions"])
    )
    for key in ("device_name", "primary_targeted_structure", "other_targeted_structure", "dye"):
        assert assembly["probes"][0][key] == mapped_assembly["probes"][0][key], key


def test_incomplete_session_is_returned_with_its_gaps_reported() -> None:
    data = raw()
    data["session_group"] = {"name": "Group of Sessions"}  # no type, platform or operator
    data["session_instrument"] = None
    module = data["streams"][0]["stream_modules"][0]
    module["primary_targeted_structure"] = None
    module["probe_name"] = None
    epoch = data["stimulus_epochs"][0]
    epoch["stimulus_name"] = None
    epoch["laser_wavelength"] = None
    document = map_session(session_from(data), SUBJECT)

    assert document["acquisition_type"] is None
    assert document["instrument_id"] is None
    gaps = error_locations(document) - NOT_IN_SLIMS
    assert gaps == {
        "acquisition_type",
        "subject_details.mouse_platform_name",
        "data_streams.0.configurations.0.probes.0.device_name",
        "data_streams.0.configurations.0.probes.0.primary_targeted_structure",
        "stimulus_epochs.0.stimulus_name",
        "stimulus_epochs.0.configurations.2.wavelength",
    }
    # Once the fields are there, the missing instrument is reported too.
    fixed = supply_not_in_slims(document)
    fixed.update(acquisition_type="x")
    fixed["subject_details"]["mouse_platform_name"] = "wheel"
    config = fixed["data_streams"][0]["configurations"][0]
    config["probes"][0]["device_name"] = "Probe A"
    config["probes"][0]["primary_targeted_structure"] = {
        "atlas": "CCFv3",
        "name": "Field CA1",
        "acronym": "CA1",
        "id": "382",
    }
    fixed["stimulus_epochs"][0]["stimulus_name"] = "s"
    fixed["stimulus_epochs"][0]["configurations"][2]["wavelength"] = 473
    assert error_locations(fixed) == {""}


def test_a_bare_session_still_maps() -> None:
    from aind_slims_api.operations.ecephys_session import EcephysSession

    document = map_session(EcephysSession(session_group=SlimsExperimentRunStep()), SUBJECT)
    assert document["data_streams"] == []
    assert document["stimulus_epochs"] == []
    assert document["notes"] is None
    assert {"acquisition_type", "subject_details.mouse_platform_name"} <= error_locations(document)


def session_from(data: dict):  # type: ignore[no-untyped-def]
    from aind_slims_api.operations.ecephys_session import EcephysSession

    return EcephysSession.model_validate(data)
