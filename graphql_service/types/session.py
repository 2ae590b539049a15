"""Sessions: aind-data-schema 2.x ``Acquisition`` documents (SLIMS ecephys sessions).

Data streams are a union of kinds whose configurations are a long tail of device configs: they
are JSON here, as are calibrations, maintenance, manipulations and coordinate systems.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any, ClassVar, Self

import strawberry
from aind_data_schema.core import acquisition as acq
from aind_data_schema_models import units

from graphql_service.types.base import JSON, describe, field, json_field
from graphql_service.types.document import DocumentType

SESSION_NOTE = (
    " Each session's `json` is an aind-data-schema 2.x `Acquisition` document. SLIMS records no "
    "acquisition, stream or stimulus times, so these sessions fail `Acquisition` validation "
    "(406, the missing values in `validation_errors`) unless something else supplies them."
)


def as_datetime(value: Any) -> datetime.datetime | None:
    """An ISO 8601 moment from a document; None for anything else (possible in a 406)."""
    if isinstance(value, datetime.datetime):
        return value
    try:
        return (
            datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
        )
    except ValueError:
        return None


class Timed(DocumentType):
    """A document type whose ``TIMES`` fields are ISO moments in the document."""

    TIMES: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_document(cls, doc: Any, **extras: Any) -> Self | None:
        view = super().from_document(doc, **extras)
        if view is not None:
            for name in cls.TIMES:
                setattr(view, name, as_datetime(getattr(view, name)))
        return view


@strawberry.type(name="StimulusEpoch", description=describe(acq.StimulusEpoch))
class StimulusEpoch(Timed):
    MODEL: ClassVar = acq.StimulusEpoch
    JSON_ONLY: ClassVar = frozenset(
        {"object_type", "code", "performance_metrics", "configurations"}
    )
    TIMES: ClassVar = ("stimulus_start_time", "stimulus_end_time")

    stimulus_start_time: datetime.datetime | None = field(acq.StimulusEpoch, "stimulus_start_time")
    stimulus_end_time: datetime.datetime | None = field(acq.StimulusEpoch, "stimulus_end_time")
    stimulus_name: str | None = field(
        acq.StimulusEpoch, "stimulus_name", "Name of the stimulus (or behavior task) presented."
    )
    stimulus_modalities: list[str] = field(
        acq.StimulusEpoch,
        "stimulus_modalities",
        'The senses the stimulus addressed, as aind-data-schema names them (e.g. "Visual").',
    )
    active_devices: list[str] = field(acq.StimulusEpoch, "active_devices")
    training_protocol_name: str | None = field(acq.StimulusEpoch, "training_protocol_name")
    curriculum_status: str | None = field(acq.StimulusEpoch, "curriculum_status")
    notes: str | None = field(
        acq.StimulusEpoch, "notes", "Free-text notes on the epoch; null when there are none."
    )
    json: JSON = json_field()


@strawberry.type(
    name="AcquisitionSubjectDetails", description=describe(acq.AcquisitionSubjectDetails)
)
class AcquisitionSubjectDetails(DocumentType):
    MODEL: ClassVar = acq.AcquisitionSubjectDetails
    JSON_ONLY: ClassVar = frozenset({"object_type", "anaesthesia"})

    mouse_platform_name: str | None = field(acq.AcquisitionSubjectDetails, "mouse_platform_name")
    animal_weight_prior: decimal.Decimal | None = field(
        acq.AcquisitionSubjectDetails, "animal_weight_prior"
    )
    animal_weight_post: decimal.Decimal | None = field(
        acq.AcquisitionSubjectDetails, "animal_weight_post"
    )
    weight_unit: units.MassUnit | None = field(
        acq.AcquisitionSubjectDetails,
        "weight_unit",
        "Unit of `animal_weight_prior` and `animal_weight_post`.",
    )
    reward_consumed_total: decimal.Decimal | None = field(
        acq.AcquisitionSubjectDetails,
        "reward_consumed_total",
        "Total reward the subject consumed in the session, in "
        "`reward_consumed_unit`; null when not recorded.",
    )
    reward_consumed_unit: units.VolumeUnit | None = field(
        acq.AcquisitionSubjectDetails, "reward_consumed_unit", "Unit of `reward_consumed_total`."
    )
    json: JSON = json_field()


@strawberry.type(
    name="Session",
    description="A session: its `json` is an aind-data-schema 2.x `Acquisition` document.\n\n"
    + (describe(acq.Acquisition) or ""),
)
class Session(Timed):
    MODEL: ClassVar = acq.Acquisition
    JSON_ONLY: ClassVar = frozenset(
        {
            "object_type",
            "describedBy",
            "schema_version",
            "acquisition_start_tz",
            "coordinate_system",
            "global_coordinate_system",
            "calibrations",
            "maintenance",
            "manipulations",
        }
    )
    TIMES: ClassVar = ("acquisition_start_time", "acquisition_end_time")

    subject_id: str | None = field(acq.Acquisition, "subject_id")
    specimen_id: JSON | None = field(acq.Acquisition, "specimen_id")
    acquisition_start_time: datetime.datetime | None = field(
        acq.Acquisition, "acquisition_start_time"
    )
    acquisition_end_time: datetime.datetime | None = field(
        acq.Acquisition,
        "acquisition_end_time",
        "When the acquisition ended; null from SLIMS, which does not record it.",
    )
    acquisition_type: str | None = field(acq.Acquisition, "acquisition_type")
    experimenters: list[str] = field(
        acq.Acquisition,
        "experimenters",
        "Who ran the session (from SLIMS: the session's operator).",
    )
    instrument_id: str | None = field(acq.Acquisition, "instrument_id")
    protocol_id: list[str] | None = field(acq.Acquisition, "protocol_id")
    ethics_review_id: list[str] | None = field(
        acq.Acquisition,
        "ethics_review_id",
        "The IACUC protocol(s) the session was run under; null from SLIMS, which "
        "does not record them.",
    )
    notes: str | None = field(
        acq.Acquisition, "notes", "Free-text notes on the session; null when there are none."
    )
    data_streams: list[JSON] = field(acq.Acquisition, "data_streams")
    stimulus_epochs: list[StimulusEpoch] = field(acq.Acquisition, "stimulus_epochs")
    subject_details: AcquisitionSubjectDetails | None = field(acq.Acquisition, "subject_details")
    json: JSON = json_field()


def sessions_view(documents: list[dict[str, Any]]) -> list[Session]:
    return [s for d in documents if (s := Session.from_document(d)) is not None]
