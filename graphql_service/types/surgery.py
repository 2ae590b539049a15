"""What a surgery consists of (aind-data-schema ``components.surgery_procedures``)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import strawberry
from aind_data_schema.components import injection_procedures as ip
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

    anaesthetic_type: str | None = field(
        su.Anaesthetic, "anaesthetic_type", 'The anaesthetic given, e.g. "isoflurane".'
    )
    duration: float | None = field(
        su.Anaesthetic,
        "duration",
        "How long the subject was under anaesthesia, in `duration_unit`.",
    )
    duration_unit: units.TimeUnit | None = field(
        su.Anaesthetic, "duration_unit", "Unit of `duration`."
    )
    level: float | None = field(
        su.Anaesthetic,
        "level",
        "Concentration of the anaesthetic, in percent; null when not recorded.",
    )
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
    craniotomy_type: su.CraniotomyType | None = field(
        su.Craniotomy, "craniotomy_type", "The craniotomy's shape or extent."
    )
    coordinate_system_name: str | None = field(
        su.Craniotomy,
        "coordinate_system_name",
        "Name of the coordinate system the craniotomy's position is given in; null when none.",
    )
    size: float | None = field(su.Craniotomy, "size")
    size_unit: units.SizeUnit | None = field(su.Craniotomy, "size_unit", "Unit of `size`.")
    protective_material: su.ProtectiveMaterial | None = field(
        su.Craniotomy,
        "protective_material",
        "What was applied to protect the exposed brain; null when not recorded.",
    )
    implant_part_number: str | None = field(
        su.Craniotomy,
        "implant_part_number",
        "Part number of the implant (e.g. a window) fitted to the craniotomy; null when none.",
    )
    dura_removed: bool | None = field(
        su.Craniotomy, "dura_removed", "Whether the dura was removed; null when not recorded."
    )
    json: JSON = json_field()


@strawberry.type(name="Headframe", description=describe(su.Headframe))
class Headframe(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.Headframe

    protocol_id: str | None = field(su.Headframe, "protocol_id")
    headframe_type: str | None = field(
        su.Headframe, "headframe_type", "Kind of headframe, as the source names it."
    )
    headframe_part_number: str | None = field(
        su.Headframe,
        "headframe_part_number",
        "Part number of the headframe; null when not recorded.",
    )
    headframe_material: su.HeadframeMaterial | None = field(
        su.Headframe,
        "headframe_material",
        "What the headframe is made of; null when not recorded.",
    )
    well_part_number: str | None = field(
        su.Headframe,
        "well_part_number",
        "Part number of the well fitted to the headframe; null when none.",
    )
    well_type: str | None = field(
        su.Headframe, "well_type", "Kind of well fitted to the headframe; null when none."
    )
    json: JSON = json_field()


@strawberry.type(name="BrainInjection", description=describe(su.BrainInjection))
class BrainInjection(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.BrainInjection

    protocol_id: str | None = field(su.BrainInjection, "protocol_id")
    injection_materials: list[InjectionMaterial] = field(
        su.BrainInjection,
        "injection_materials",
        "What was injected: viral or non-viral materials.",
    )
    targeted_structure: JSON | None = field(
        su.BrainInjection,
        "targeted_structure",
        "The brain structure aimed at, as an atlas record (JSON); null when not recorded.",
    )
    relative_position: list[AnatomicalRelative] = field(
        su.BrainInjection,
        "relative_position",
        "Where the injection is relative to the brain's axes (e.g. LEFT, ANTERIOR).",
    )
    dynamics: list[InjectionDynamics] = field(su.BrainInjection, "dynamics")
    coordinate_system_name: str | None = field(
        su.BrainInjection,
        "coordinate_system_name",
        "Name of the coordinate system `coordinates` are given in.",
    )
    coordinates: JSON | None = field(
        su.BrainInjection,
        "coordinates",
        "Each injection site's position, depth and rotation, as aind-data-schema "
        "transforms (JSON).",
    )
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


@strawberry.type(name="Injection", description=describe(ip.Injection))
class Injection(SurgeryProcedure, DocumentType):
    """A surgery's injection is one of these too, whether or not it validates (one without
    materials is a 406 injection, not a procedure of some other kind)."""

    MODEL: ClassVar = ip.Injection
    # The structure is an ontology record; callers take it from json.
    JSON_ONLY: ClassVar = frozenset({"targeted_structure"})

    protocol_id: str | None = field(ip.Injection, "protocol_id")
    injection_materials: list[InjectionMaterial] = field(
        ip.Injection, "injection_materials", "What was injected: viral or non-viral materials."
    )
    relative_position: list[AnatomicalRelative] = field(
        ip.Injection,
        "relative_position",
        "Where the injection is relative to the body's axes (e.g. LEFT); empty when not recorded.",
    )
    dynamics: list[InjectionDynamics] = field(ip.Injection, "dynamics")
    json: JSON = json_field()


@strawberry.type(name="ProbeImplant", description=describe(su.ProbeImplant))
class ProbeImplant(SurgeryProcedure, DocumentType):
    MODEL: ClassVar = su.ProbeImplant

    protocol_id: str | None = field(su.ProbeImplant, "protocol_id")
    implanted_device: JSON | None = field(
        su.ProbeImplant,
        "implanted_device",
        "The probe or fiber implanted, as an aind-data-schema device (JSON).",
    )
    device_config: JSON | None = field(
        su.ProbeImplant,
        "device_config",
        "Where and how the device was implanted, as an aind-data-schema probe "
        "configuration (JSON).",
    )
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
    description: str | None = field(
        su.GenericSurgeryProcedure, "description", "What was done, in free text."
    )
    notes: str | None = field(
        su.GenericSurgeryProcedure,
        "notes",
        "Free-text notes on the procedure; null when there are none.",
    )
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
