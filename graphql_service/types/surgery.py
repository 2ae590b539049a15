"""What a surgery consists of (aind-data-schema ``components.surgery_procedures``)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import strawberry
from aind_data_schema.components import surgery_procedures as su
from aind_data_schema_models import units
from aind_data_schema_models.coordinates import AnatomicalRelative
from pydantic import BaseModel

from graphql_service.types.base import JSON, describe, field, json_field, kind_field
from graphql_service.types.document import DocumentType
from graphql_service.types.materials import InjectionDynamics, InjectionMaterial
from graphql_service.types.position import AXES_NOTE, Position, position_view
from resolvers.positions import CoordinateSystems, implant_position, injection_positions


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
    # Set by the surgery holding the injection: the systems its coordinates may name.
    coordinate_systems: strawberry.Private[CoordinateSystems] = dataclasses.field(
        default_factory=CoordinateSystems
    )

    @strawberry.field(
        description="Each entry of `coordinates` as distances from Bregma or Lambda (one per "
        "site or depth, in order; null for an entry that is not a plain translation and "
        "rotation). " + AXES_NOTE
    )
    def positions(self) -> list[Position | None] | None:
        found = injection_positions(_document(self.json), self.coordinate_systems)
        return None if found is None else [position_view(p) for p in found]


@strawberry.type(name="ProbeImplant", description=describe(su.ProbeImplant))
class ProbeImplant(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.ProbeImplant

    protocol_id: str | None = field(su.ProbeImplant, "protocol_id")
    implanted_device: JSON | None = field(su.ProbeImplant, "implanted_device")
    device_config: JSON | None = field(su.ProbeImplant, "device_config")
    json: JSON = json_field()
    # Set by the surgery holding the implant: the global system its transform is written in.
    coordinate_systems: strawberry.Private[CoordinateSystems] = dataclasses.field(
        default_factory=CoordinateSystems
    )

    @strawberry.field(
        description="Where `device_config.transform` places the probe (a fiber's tip) as "
        "distances from Bregma or Lambda. " + AXES_NOTE
    )
    def position(self) -> Position | None:
        return position_view(implant_position(_document(self.json), self.coordinate_systems))


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


def _document(json: JSON) -> dict[str, Any]:
    return json if isinstance(json, dict) else {}


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
