"""SLIMS records with no aind-data-schema counterpart (SmartSPIM imaging, viral injections), as
this service models them, and instruments (aind-data-schema 2.x ``Instrument`` documents as
SLIMS stores them, many older than 2.x)."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import strawberry
from aind_data_schema.core import instrument as ins

from graphql_service.types.base import JSON, describe, field
from graphql_service.types.document import DocumentType
from graphql_service.types.session import Timed
from resolvers.slims import SmartSpimImaging as ImagingModel
from resolvers.slims import ViralInjection as InjectionModel
from resolvers.slims import ViralMaterial as MaterialModel

LOCAL_JSON = "The whole record as this service models it (JSON)."


def _local_json() -> Any:
    return strawberry.field(description=LOCAL_JSON)


@strawberry.type(
    name="SmartSpimImaging",
    description="One SmartSPIM imaging of a subject's brain, as SLIMS records it (a model of "
    "this service, not of aind-data-schema).",
)
class SmartSpimImaging(Timed):
    MODEL: ClassVar = ImagingModel
    JSON_ONLY: ClassVar = frozenset()
    TIMES: ClassVar = ("date_performed",)

    specimen_id: str | None = strawberry.field(description="The brain sample's barcode.")
    subject_id: str | None = strawberry.field(description="The mouse's LabTracks id.")
    protocol_name: str | None = strawberry.field(description="The run's protocol (SOP) name.")
    protocol_id: str | None = strawberry.field(
        description="Link to the run's protocol (SOP), as SLIMS stores it."
    )
    date_performed: datetime.datetime | None = strawberry.field(
        description="When the imaging was performed."
    )
    chamber_immersion_medium: str | None = strawberry.field(
        description='The medium filling the microscope chamber, e.g. "Cargille Oil 1.5200".'
    )
    sample_immersion_medium: str | None = strawberry.field(
        description="The medium the sample was immersed in during imaging."
    )
    chamber_refractive_index: float | None = strawberry.field(
        description="Refractive index of the chamber medium."
    )
    sample_refractive_index: float | None = strawberry.field(
        description="Refractive index of the sample medium."
    )
    instrument_id: str | None = strawberry.field(
        description="Name of the SmartSPIM instrument used, as SLIMS lists it."
    )
    experimenter_name: str | None = strawberry.field(
        description="Who performed the imaging: the SLIMS user's full name, else the operator."
    )
    z_direction: str | None = strawberry.field(
        description='Which way the brain lies along the z axis, e.g. "Superior to Inferior".'
    )
    y_direction: str | None = strawberry.field(
        description="Which way the brain lies along the y axis, as SLIMS names it."
    )
    x_direction: str | None = strawberry.field(
        description="Which way the brain lies along the x axis, as SLIMS names it."
    )
    imaging_channels: list[str] = strawberry.field(
        description="The fluorescence channels imaged, as the imaging order lists them."
    )
    stitching_channels: str | None = strawberry.field(
        description="The channel the tiles were to be stitched on, as the imaging order asks."
    )
    ccf_registration_channels: str | None = strawberry.field(
        description="The channel to register to the Allen CCF, as the imaging order asks."
    )
    cell_segmentation_channels: list[str] = strawberry.field(
        description="The channels to segment cells in, as the imaging order asks."
    )
    notes: str | None = strawberry.field(
        description="Comments on the imaging result in SLIMS; null when there are none."
    )
    json: JSON = _local_json()


@strawberry.type(
    name="SlimsViralMaterial",
    description="One viral solution mixed into a SLIMS viral injection.",
)
class SlimsViralMaterial(DocumentType):
    MODEL: ClassVar = MaterialModel
    JSON_ONLY: ClassVar = frozenset(
        {
            "content_category",
            "content_type",
            "content_created_on",
            "content_modified_on",
            "viral_solution_type",
            "lab_team",
            "virus_plasmid_number",
            "date_made",
            "intake_date",
            "storage_temperature",
            "special_storage_guidelines",
            "special_handling_guidelines",
            "parent_name",
            "derivation_count",
            "ingredient_count",
            "mix_count",
            "volume",
            "volume_unit",
        }
    )

    name: str | None = strawberry.field(description="The solution's SLIMS id.")
    virus_name: str | None = strawberry.field(description="Name of the virus in the solution.")
    lot_number: str | None = strawberry.field(description="Lot number of the viral prep.")
    virus_type: str | None = strawberry.field(description="Kind of virus, as SLIMS lists it.")
    virus_serotype: str | None = strawberry.field(
        description="The virus's serotype (capsid), as SLIMS lists it."
    )
    dose: float | None = strawberry.field(description="Dose of the solution, in `dose_unit`.")
    dose_unit: str | None = strawberry.field(description="Unit of `dose`, as SLIMS writes it.")
    titer: float | None = strawberry.field(description="Titer of the solution, in `titer_unit`.")
    titer_unit: str | None = strawberry.field(
        description='Unit of `titer`, as SLIMS writes it (e.g. "GC/ml").'
    )
    json: JSON = _local_json()


@strawberry.type(
    name="ViralInjection",
    description="A viral injection prepared in SLIMS for a subject, with its order and its "
    "viral materials (a model of this service, not of aind-data-schema).",
)
class ViralInjection(Timed):
    MODEL: ClassVar = InjectionModel
    JSON_ONLY: ClassVar = frozenset(
        {
            "content_category",
            "content_type",
            "content_modified_on",
            "date_made",
            "intake_date",
            "storage_temperature",
            "special_storage_guidelines",
            "special_handling_guidelines",
            "derivation_count",
            "ingredient_count",
            "mix_count",
            "order_type",
            "requested_for_date",
            "planned_injection_time",
            "order_created_on",
        }
    )
    TIMES: ClassVar = ("content_created_on", "planned_injection_date")

    name: str | None = strawberry.field(description="The injection's SLIMS id.")
    content_created_on: datetime.datetime | None = strawberry.field(
        description="When the injection was entered in SLIMS (the date range applies to it)."
    )
    viral_injection_buffer: str | None = strawberry.field(
        description="The buffer the viral materials were diluted in."
    )
    volume: float | None = strawberry.field(
        description="Volume of injection required, in `volume_unit`."
    )
    volume_unit: str | None = strawberry.field(description="Unit of `volume`, as SLIMS writes it.")
    labeling_protein: str | None = strawberry.field(
        description="The fluorescent labeling protein the injection expresses."
    )
    order_barcode: str | None = strawberry.field(
        description="Barcode of the SLIMS order that requested the injection."
    )
    order_status: str | None = strawberry.field(description="Status of that order in SLIMS.")
    assigned_mice: list[str] = strawberry.field(description="The order's mice (LabTracks ids).")
    planned_injection_date: datetime.datetime | None = strawberry.field(
        description="When the order plans the injection; null when not planned yet."
    )
    viral_materials: list[SlimsViralMaterial] = strawberry.field(
        description="The viral solutions mixed into the injection."
    )
    json: JSON = _local_json()


@strawberry.type(name="Instrument", description=describe(ins.Instrument))
class Instrument(DocumentType):
    MODEL: ClassVar = ins.Instrument
    JSON_ONLY: ClassVar = frozenset(
        {
            "object_type",
            "describedBy",
            "modalities",
            "calibrations",
            "coordinate_system",
            "global_coordinate_system",
            "connections",
            "components",
        }
    )

    instrument_id: str | None = field(ins.Instrument, "instrument_id")
    modification_date: datetime.date | None = field(ins.Instrument, "modification_date")
    schema_version: str | None = strawberry.field(
        description="The aind-data-schema version the stored document says it follows."
    )
    location: str | None = field(ins.Instrument, "location")
    temperature_control: bool | None = field(ins.Instrument, "temperature_control")
    notes: str | None = field(
        ins.Instrument, "notes", "Free-text notes on the instrument; null when there are none."
    )
    json: JSON = strawberry.field(
        description="The document as stored in SLIMS (not normalised; maybe not 2.x)."
    )


def imaging_view(documents: list[dict[str, Any]]) -> list[SmartSpimImaging]:
    return [i for d in documents if (i := SmartSpimImaging.from_document(d)) is not None]


def injections_view(documents: list[dict[str, Any]]) -> list[ViralInjection]:
    return [i for d in documents if (i := ViralInjection.from_document(d)) is not None]


def instruments_view(documents: list[dict[str, Any]]) -> list[Instrument]:
    return [i for d in documents if (i := Instrument.from_document(d)) is not None]
