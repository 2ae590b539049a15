"""SLIMS ecephys sessions (aind-slims-api ``EcephysSession``) -> 2.x ``Acquisition`` JSON.

Entry point: :func:`map_session`. The document has the shape ``Acquisition.model_dump(mode=
"json")`` produces; it is never validated here, and nothing here raises: a value that cannot be
read becomes None plus a note, and validation reports every required value SLIMS lacks. As in
the library's JSON, ``Decimal`` fields (weights, rewards) are strings ("24.5").

Where the facts go:

- session group: the session type is ``acquisition_type``; the operator (the raw record's
  ``xprs_cf_fk_operator``, which the client's model does not carry) is ``experimenters``; the
  mouse platform name is ``subject_details.mouse_platform_name`` and, with whether it was
  actively controlled, a ``MousePlatformConfig`` in every stimulus epoch. The group's fields are
  read from the model when it is a ``SlimsGroupOfSessionsRunStep``, else from its
  ``json_entity`` columns.
- session instrument: its name is ``instrument_id``.
- mouse session result: weights before and after are ``subject_details`` (grams), the reward
  consumed is ``reward_consumed_total`` (millilitres, the SLIMS unit).
- streams: one ``DataStream`` each (``datasources.slims.ecephys_streams``).
- stimulus epochs: one ``StimulusEpoch`` each: name, modalities, the devices named, speaker,
  LED and laser configurations, the reward consumed during the epoch (millilitres).

What 2.x has no place for goes to ``notes``: the session's SLIMS identity (result id, session
name, when it was entered), the reward delivery (solution, spout side, starting and variable
position: a ``LickSpoutConfig`` needs a spout device name, a volume and a valence SLIMS does not
record, and belongs to no stream), the platform's active control when there is no epoch to
configure, the device calibrations attachment and the stimulus code link.

SLIMS records no acquisition, stream or epoch times, so ``acquisition_start_time``,
``acquisition_end_time``, ``stream_start_time``/``stream_end_time`` and
``stimulus_start_time``/``stimulus_end_time`` are always None: validation reports them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from datasources.slims.ecephys_streams import column, dedupe, map_stream, names, number, text

if TYPE_CHECKING:
    from aind_slims_api.operations.ecephys_session import EcephysSession

__all__ = ["ACQUISITION_DESCRIBED_BY", "ACQUISITION_SCHEMA_VERSION", "map_session"]

ACQUISITION_DESCRIBED_BY = (
    "https://raw.githubusercontent.com/AllenNeuralDynamics/aind-data-schema/main/src/"
    "aind_data_schema/core/acquisition.py"
)
ACQUISITION_SCHEMA_VERSION = "2.5.4"

_STIMULUS_MODALITIES = {
    name.casefold(): name
    for name in (
        "Auditory",
        "Free moving",
        "No stimulus",
        "Olfactory",
        "Optogenetics",
        "Virtual reality",
        "Visual",
        "Wheel friction",
    )
}
_TRUE = ("true", "yes", "1")
_FALSE = ("false", "no", "0")


def _group_text(group: object, field: str, column_name: str) -> str | None:
    value = getattr(group, field, None)
    return text(value) if value is not None else text(column(group, column_name))


def _decimal(value: float | None) -> str | None:
    """A 2.x ``Decimal`` field as ``model_dump(mode="json")`` writes it (a string)."""
    return None if value is None else str(Decimal(str(value)))


def _flag(value: object, label: str, notes: list[str]) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    shown = str(value).strip().casefold()
    if shown in _TRUE or shown in _FALSE:
        return shown in _TRUE
    notes.append(f"{label} {str(value)[:40]!r} is not yes or no")
    return None


def _moment(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    return None


def _identity(result: object) -> str | None:
    """How SLIMS names the mouse session: its result id, session name, and entry time."""
    if result is None:
        return None
    unique = text(getattr(result, "mouse_session_id", None))
    name = text(column(result, "rslt_cf_sessionName")) or text(
        getattr(result, "mouse_session", None)
    )
    entered = _moment(getattr(result, "created_on", None))
    parts = [part for part in (unique, None if name is None else repr(name)) if part]
    if not parts and entered is None:
        return None
    described = " ".join(parts) if parts else "(no id)"
    return f"SLIMS mouse session {described}" + (f", entered {entered}" if entered else "")


def _reward_delivery(info: object) -> str | None:
    """The reward delivery as a sentence (no 2.x field can hold it, see the module doc)."""
    if info is None:
        return None
    parts = []
    delivery = getattr(info, "reward_delivery", None)
    solution = text(getattr(delivery, "reward_solution", None))
    other = text(getattr(delivery, "other_reward_solution", None))
    if solution or other:
        parts.append(f"solution {solution or 'not recorded'}" + (f" ({other})" if other else ""))
    spouts = getattr(info, "reward_spouts", None)
    spout = []
    if (side := text(getattr(spouts, "spout_side", None))) is not None:
        spout.append(f"side {side}")
    if (start := text(getattr(spouts, "starting_position", None))) is not None:
        spout.append(f"starting position {start}")
    variable = getattr(spouts, "variable_position", None)
    if isinstance(variable, bool):
        spout.append("variable position" if variable else "fixed position")
    if spout:
        parts.append("spout " + ", ".join(spout))
    return ("reward delivery: " + "; ".join(parts)) if parts else None


def _subject_details(result: object, platform: str | None, notes: list[str]) -> dict[str, Any]:
    prior = number(getattr(result, "weight_prior_g", None), "animal weight prior", notes)
    post = number(getattr(result, "weight_post_g", None), "animal weight post", notes)
    reward = number(getattr(result, "reward_consumed_vol", None), "reward consumed", notes)
    return {
        "object_type": "Acquisition subject details",
        "animal_weight_prior": _decimal(prior),
        "animal_weight_post": _decimal(post),
        "weight_unit": "gram",
        "anaesthesia": None,
        "mouse_platform_name": platform,
        "reward_consumed_total": _decimal(reward),
        "reward_consumed_unit": None if reward is None else "milliliter",
    }


def _light_and_sound(epoch: object, notes: list[str]) -> list[dict[str, Any]]:
    """Speaker, LED and laser configurations of an epoch (each only when SLIMS names it)."""
    configs: list[dict[str, Any]] = []
    speaker = text(getattr(epoch, "speaker_name", None))
    volume = number(getattr(epoch, "speaker_volume", None), "speaker volume", notes)
    if speaker is not None or volume is not None:
        configs.append(
            {
                "object_type": "Speaker config",
                "device_name": speaker,
                "volume": volume,
                "volume_unit": None if volume is None else "decibels",
            }
        )
    led = text(getattr(epoch, "led_name", None))
    led_power = number(getattr(epoch, "led_excitation_power_mw", None), "LED power", notes)
    if led is not None or led_power is not None:
        configs.append(
            {
                "object_type": "Light emitting diode config",
                "device_name": led,
                "power": led_power,
                "power_unit": None if led_power is None else "milliwatt",
                "power_measured_at": None,
            }
        )
    laser = text(getattr(epoch, "laser_name", None))
    wavelength = number(getattr(epoch, "laser_wavelength", None), "laser wavelength", notes)
    laser_power = number(getattr(epoch, "laser_excitation_power", None), "laser power", notes)
    if laser is not None or wavelength is not None or laser_power is not None:
        if wavelength is not None and not wavelength.is_integer():
            notes.append(f"laser wavelength {wavelength:g} nm is not a whole number of nm")
            wavelength = None
        configs.append(
            {
                "object_type": "Laser config",
                "device_name": laser,
                "wavelength": None if wavelength is None else int(wavelength),
                "wavelength_unit": "nanometer",
                "power": laser_power,
                "power_unit": None if laser_power is None else "milliwatt",
                "power_measured_at": None,
            }
        )
    return configs


def _stimulus_epoch(epoch: object, platform: dict[str, Any] | None) -> dict[str, Any]:
    notes: list[str] = []
    modalities = []
    for value in names(getattr(epoch, "stimulus_modalities", None), "stimulus modality", notes):
        found = _STIMULUS_MODALITIES.get(value.casefold())
        if found is None:
            notes.append(f"stimulus modality {value[:40]!r} is not an aind-data-schema one")
        modalities.append(found)
    configs = _light_and_sound(epoch, notes)
    if platform is not None:
        configs.append(dict(platform))
    devices = names(getattr(epoch, "stimulus_device_names", None), "stimulus device", notes)
    devices += [config["device_name"] for config in configs]
    reward = number(
        getattr(epoch, "reward_consumed_during_epoch", None), "reward consumed in epoch", notes
    )
    metrics = None
    if reward is not None:
        metrics = {
            "object_type": "Performance metrics",
            "output_parameters": None,
            "reward_consumed_during_epoch": _decimal(reward),
            "reward_consumed_unit": "milliliter",
            "trials_total": None,
            "trials_finished": None,
            "trials_rewarded": None,
        }
    return {
        "object_type": "Stimulus epoch",
        "stimulus_start_time": None,
        "stimulus_end_time": None,
        "stimulus_name": text(getattr(epoch, "stimulus_name", None)),
        "code": None,
        "stimulus_modalities": modalities,
        "performance_metrics": metrics,
        "notes": "; ".join(notes) or None,
        "active_devices": dedupe(devices),
        "configurations": configs,
        "training_protocol_name": None,
        "curriculum_status": None,
    }


def _platform_config(name: str | None, active: bool | None) -> dict[str, Any] | None:
    if name is None or active is None:
        return None
    return {
        "object_type": "Mouse platform config",
        "device_name": name,
        "objects_in_arena": None,
        "active_control": active,
    }


def _each(items: object, build: Any, what: str, notes: list[str]) -> list[dict[str, Any]]:
    """``build`` applied to every item; an item that cannot be read is a note, not an error."""
    built = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        try:
            built.append(build(item))
        except Exception:  # never raise on odd values
            notes.append(f"{what} {index + 1} could not be read")
    return built


def map_session(session: EcephysSession, subject_id: str) -> dict[str, Any]:
    """One SLIMS ecephys session as a 2.x ``Acquisition`` JSON document (see the module doc)."""
    notes: list[str] = []
    group = getattr(session, "session_group", None)
    result = getattr(session, "session_result", None)
    platform = _group_text(group, "mouse_platform_name", "xprs_cf_mousePlatformName")
    active_value = getattr(group, "active_mouse_platform", None)
    if active_value is None:
        active_value = column(group, "xprs_cf_activeMousePlatform")
    active = _flag(active_value, "active mouse platform", notes)
    operator = text(column(group, "xprs_cf_fk_operator"))
    instrument = text(getattr(getattr(session, "session_instrument", None), "name", None))

    identity = _identity(result)
    epochs_raw = getattr(session, "stimulus_epochs", None) or []
    platform_config = _platform_config(platform, active)
    streams = _each(getattr(session, "streams", None) or [], map_stream, "stream", notes)
    epochs = _each(
        epochs_raw, lambda epoch: _stimulus_epoch(epoch, platform_config), "epoch", notes
    )
    details = _subject_details(result, platform, notes)

    facts = [identity, _reward_delivery(getattr(session, "reward_delivery", None))]
    if active is not None and (platform_config is None or not epochs):
        facts.append(f"mouse platform actively controlled: {'yes' if active else 'no'}")
    if (calibrations := text(column(group, "xprs_cf_deviceCalibrations"))) is not None:
        facts.append(f"device calibrations: {calibrations}")
    if (code := text(column(result, "rslt_cf_linkToStimulusEpochCode"))) is not None:
        facts.append(f"stimulus epoch code: {code}")
    all_notes = [fact for fact in facts if fact] + notes

    return {
        "object_type": "Acquisition",
        "describedBy": ACQUISITION_DESCRIBED_BY,
        "schema_version": ACQUISITION_SCHEMA_VERSION,
        "protocol_id": None,
        "subject_id": subject_id,
        "specimen_id": None,
        "acquisition_start_time": None,
        "acquisition_start_tz": None,
        "acquisition_end_time": None,
        "experimenters": [] if operator is None else [operator],
        "ethics_review_id": None,
        "instrument_id": instrument,
        "acquisition_type": _group_text(group, "session_type", "xprs_cf_sessionType"),
        "notes": "; ".join(all_notes) or None,
        "coordinate_system": None,
        "global_coordinate_system": None,
        "calibrations": [],
        "maintenance": [],
        "data_streams": streams,
        "stimulus_epochs": epochs,
        "manipulations": [],
        "subject_details": details,
    }
