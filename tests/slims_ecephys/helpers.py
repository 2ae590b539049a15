"""Fixtures and the values SLIMS never records, shared by the SLIMS ecephys tests."""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path
from typing import Any

from aind_data_schema.components.coordinates import CoordinateSystemLibrary
from aind_slims_api.operations.ecephys_session import EcephysSession

DATA = Path(__file__).resolve().parent / "data"
SUBJECT = "700001"
START = "2025-01-01T09:30:00-08:00"
END = "2025-01-01T10:45:00-08:00"


def raw(name: str = "complete_session") -> dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text())


def session(name: str = "complete_session") -> EcephysSession:
    return EcephysSession.model_validate(raw(name))


def _system(system: Any) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dict(system.model_dump(mode="json"))


def supply_not_in_slims(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with the values SLIMS never records filled in, as an acquisition tool would.

    Times; the manipulator's name and coordinate system; the probe's coordinate system and
    transform; a stick microscope's position and detector. Everything else stays as mapped.
    """
    filled = copy.deepcopy(document)
    filled["acquisition_start_time"] = START
    filled["acquisition_end_time"] = END
    for stream in filled["data_streams"]:
        stream["stream_start_time"], stream["stream_end_time"] = START, END
        for config in stream["configurations"]:
            if config["object_type"] == "Ephys assembly config":
                manipulator = config["manipulator"]
                manipulator["device_name"] = f"{config['device_name']} manipulator"
                manipulator["local_coordinate_system"] = _system(
                    CoordinateSystemLibrary.MPM_MANIP_RFB
                )
                for probe in config["probes"]:
                    probe["local_coordinate_system"] = _system(
                        CoordinateSystemLibrary.PINPOINT_PROBE_RSAB
                    )
                    probe["transform"] = [
                        {"object_type": "Translation", "translation": [0.0, 0.0, 0.0]}
                    ]
            if config["object_type"] == "MIS camera config":
                config["relative_position"] = ["Left"]
                config["detector_config"] = {
                    "object_type": "Detector config",
                    "device_name": config["device_name"],
                    "trigger_type": "Internal",
                }
    for epoch in filled["stimulus_epochs"]:
        epoch["stimulus_start_time"], epoch["stimulus_end_time"] = START, END
    return filled


def error_locations(document: dict[str, Any]) -> set[str]:
    """Where ``Acquisition`` validation fails, as dotted paths without union tags."""
    from aind_data_schema.core.acquisition import Acquisition
    from pydantic import ValidationError

    tags = {"Data stream", "Ephys assembly config", "MIS camera config", "Laser config", "dt"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            Acquisition.model_validate(document)
    except ValidationError as error:
        return {
            ".".join(str(part) for part in item["loc"] if part not in tags)
            for item in error.errors()
        }
    return set()
