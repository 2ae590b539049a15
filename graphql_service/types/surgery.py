"""What a surgery consists of (aind-data-schema ``components.surgery_procedures``)."""

from __future__ import annotations

from typing import ClassVar

import strawberry
from aind_data_schema.components import surgery_procedures as su
from aind_data_schema_models import units
from aind_data_schema_models.coordinates import AnatomicalRelative
from pydantic import BaseModel

from graphql_service.types.base import JSON, describe, field, json_field, kind_field
from graphql_service.types.document import DocumentType
from graphql_service.types.materials import InjectionDynamics, InjectionMaterial


@strawberry.type(name="Anaesthetic", description=describe(su.Anaesthetic))
class Anaesthetic(DocumentType):
    MODEL: ClassVar = su.Anaesthetic

    anaesthetic_type: str | None = field(su.Anaesthetic, "anaesthetic_type")
    duration: float | None = field(su.Anaesthetic, "duration")
    duration_unit: units.TimeUnit | None = field(su.Anaesthetic, "duration_unit")
    level: float | None = field(su.Anaesthetic, "level")
    json: JSON = json_field()


@strawberry.interface(
    name="SurgeryProcedure",
    description="One procedure within a surgery; `object_type` names its kind.",
)
class SurgeryProcedure:
    # Implementations show object_type, so by default they leave nothing to json.
    JSON_ONLY: ClassVar[frozenset[str]] = frozenset()

    object_type: str | None = kind_field()
    protocol_id: str | None = strawberry.field(
        description="DOI of the procedure's protocol, for the kinds that record one."
    )
    json: JSON = json_field()


@strawberry.type(name="Craniotomy", description=describe(su.Craniotomy))
class Craniotomy(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.Craniotomy
    # A position is either a translation or a list of relative positions: json has it.
    JSON_ONLY: ClassVar = frozenset({"position"})

    protocol_id: str | None = field(su.Craniotomy, "protocol_id")
    craniotomy_type: su.CraniotomyType | None = field(su.Craniotomy, "craniotomy_type")
    coordinate_system_name: str | None = field(su.Craniotomy, "coordinate_system_name")
    size: float | None = field(su.Craniotomy, "size")
    size_unit: units.SizeUnit | None = field(su.Craniotomy, "size_unit")
    protective_material: su.ProtectiveMaterial | None = field(su.Craniotomy, "protective_material")
    implant_part_number: str | None = field(su.Craniotomy, "implant_part_number")
    dura_removed: bool | None = field(su.Craniotomy, "dura_removed")
    json: JSON = json_field()


@strawberry.type(name="Headframe", description=describe(su.Headframe))
class Headframe(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.Headframe

    protocol_id: str | None = field(su.Headframe, "protocol_id")
    headframe_type: str | None = field(su.Headframe, "headframe_type")
    headframe_part_number: str | None = field(su.Headframe, "headframe_part_number")
    headframe_material: su.HeadframeMaterial | None = field(su.Headframe, "headframe_material")
    well_part_number: str | None = field(su.Headframe, "well_part_number")
    well_type: str | None = field(su.Headframe, "well_type")
    json: JSON = json_field()


@strawberry.type(name="BrainInjection", description=describe(su.BrainInjection))
class BrainInjection(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.BrainInjection

    protocol_id: str | None = field(su.BrainInjection, "protocol_id")
    injection_materials: list[InjectionMaterial] = field(su.BrainInjection, "injection_materials")
    targeted_structure: JSON | None = field(su.BrainInjection, "targeted_structure")
    relative_position: list[AnatomicalRelative] = field(su.BrainInjection, "relative_position")
    dynamics: list[InjectionDynamics] = field(su.BrainInjection, "dynamics")
    coordinate_system_name: str | None = field(su.BrainInjection, "coordinate_system_name")
    coordinates: JSON | None = field(su.BrainInjection, "coordinates")
    json: JSON = json_field()


@strawberry.type(name="ProbeImplant", description=describe(su.ProbeImplant))
class ProbeImplant(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.ProbeImplant

    protocol_id: str | None = field(su.ProbeImplant, "protocol_id")
    implanted_device: JSON | None = field(su.ProbeImplant, "implanted_device")
    device_config: JSON | None = field(su.ProbeImplant, "device_config")
    json: JSON = json_field()


@strawberry.type(name="Perfusion", description=describe(su.Perfusion))
class Perfusion(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.Perfusion

    protocol_id: str | None = field(su.Perfusion, "protocol_id")
    output_specimen_ids: list[str] = field(su.Perfusion, "output_specimen_ids")
    json: JSON = json_field()


@strawberry.type(name="GenericSurgeryProcedure", description=describe(su.GenericSurgeryProcedure))
class GenericSurgeryProcedure(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.GenericSurgeryProcedure

    protocol_id: str | None = field(su.GenericSurgeryProcedure, "protocol_id")
    description: str | None = field(su.GenericSurgeryProcedure, "description")
    notes: str | None = field(su.GenericSurgeryProcedure, "notes")
    json: JSON = json_field()


class _AnySurgeryProcedure(BaseModel):
    object_type: str | None = None
    protocol_id: str | None = None


@strawberry.type(
    name="OtherSurgeryProcedure",
    description=(
        "A surgery procedure of a kind without its own GraphQL type (catheter, device, ground "
        "wire and myomatrix implants, sample collection): `object_type` names it, `json` has it."
    ),
)
class OtherSurgeryProcedure(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = _AnySurgeryProcedure
    JSON_ONLY: ClassVar = frozenset()
    FALLBACK: ClassVar = True

    json: JSON = json_field()
