"""Injection materials and dynamics (aind-data-schema ``components.injection_procedures``)."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import strawberry
from aind_data_schema.components import injection_procedures as ip
from aind_data_schema_models import units
from aind_data_schema_models.coordinates import AnatomicalRelative

from graphql_service.types.base import JSON, describe, field, json_field, kind_field
from graphql_service.types.common import Organization, PIDName
from graphql_service.types.document import DocumentType, of_kind


@strawberry.type(name="TarsVirusIdentifiers", description=describe(ip.TarsVirusIdentifiers))
class TarsVirusIdentifiers(DocumentType):
    MODEL: ClassVar = ip.TarsVirusIdentifiers

    virus_tars_id: str | None = field(ip.TarsVirusIdentifiers, "virus_tars_id")
    plasmid_tars_alias: list[str] = field(ip.TarsVirusIdentifiers, "plasmid_tars_alias")
    prep_lot_number: str | None = field(ip.TarsVirusIdentifiers, "prep_lot_number")
    prep_date: datetime.date | None = field(ip.TarsVirusIdentifiers, "prep_date")
    prep_type: ip.VirusPrepType | None = field(ip.TarsVirusIdentifiers, "prep_type")
    prep_protocol: str | None = field(ip.TarsVirusIdentifiers, "prep_protocol")
    json: JSON = json_field()


@strawberry.interface(
    name="InjectionMaterial",
    description="Material injected, viral (`ViralMaterial`) or not (`NonViralMaterial`).",
)
class InjectionMaterial:
    # Implementations show object_type, so by default they leave nothing to json.
    JSON_ONLY: ClassVar[frozenset[str]] = frozenset()

    object_type: str | None = kind_field()
    name: str | None = strawberry.field(description="Name of the material.")
    json: JSON = json_field()


@strawberry.type(name="ViralMaterial", description=describe(ip.ViralMaterial))
class ViralMaterial(InjectionMaterial, DocumentType):
    MODEL: ClassVar = ip.ViralMaterial

    name: str | None = field(ip.ViralMaterial, "name")
    tars_identifiers: TarsVirusIdentifiers | None = field(ip.ViralMaterial, "tars_identifiers")
    addgene_id: PIDName | None = field(ip.ViralMaterial, "addgene_id")
    titer: float | None = field(ip.ViralMaterial, "titer")
    titer_unit: str | None = field(ip.ViralMaterial, "titer_unit")
    json: JSON = json_field()


@strawberry.type(name="NonViralMaterial", description=describe(ip.NonViralMaterial))
class NonViralMaterial(InjectionMaterial, DocumentType):
    MODEL: ClassVar = ip.NonViralMaterial

    name: str | None = field(ip.NonViralMaterial, "name")
    source: Organization | None = field(ip.NonViralMaterial, "source")
    rrid: PIDName | None = field(ip.NonViralMaterial, "rrid")
    lot_number: str | None = field(ip.NonViralMaterial, "lot_number")
    expiration_date: datetime.date | None = field(ip.NonViralMaterial, "expiration_date")
    concentration: float | None = field(ip.NonViralMaterial, "concentration")
    concentration_unit: str | None = field(ip.NonViralMaterial, "concentration_unit")
    json: JSON = json_field()


@strawberry.type(name="InjectionDynamics", description=describe(ip.InjectionDynamics))
class InjectionDynamics(DocumentType):
    MODEL: ClassVar = ip.InjectionDynamics

    profile: ip.InjectionProfile | None = field(ip.InjectionDynamics, "profile")
    volume: float | None = field(ip.InjectionDynamics, "volume")
    volume_unit: units.VolumeUnit | None = field(ip.InjectionDynamics, "volume_unit")
    duration: float | None = field(ip.InjectionDynamics, "duration")
    duration_unit: units.TimeUnit | None = field(ip.InjectionDynamics, "duration_unit")
    injection_current: float | None = field(ip.InjectionDynamics, "injection_current")
    injection_current_unit: units.CurrentUnit | None = field(
        ip.InjectionDynamics, "injection_current_unit"
    )
    alternating_current: str | None = field(ip.InjectionDynamics, "alternating_current")
    json: JSON = json_field()


@strawberry.type(name="Injection", description=describe(ip.Injection))
class Injection(DocumentType):
    MODEL: ClassVar = ip.Injection
    # The structure is an ontology record; callers take it from json.
    JSON_ONLY: ClassVar = frozenset({"object_type", "targeted_structure"})

    protocol_id: str | None = field(ip.Injection, "protocol_id")
    injection_materials: list[InjectionMaterial] = field(ip.Injection, "injection_materials")
    relative_position: list[AnatomicalRelative] = field(ip.Injection, "relative_position")
    dynamics: list[InjectionDynamics] = field(ip.Injection, "dynamics")
    json: JSON = json_field()


def materials_view(documents: list[dict[str, Any]]) -> list[InjectionMaterial]:
    """Material documents as their GraphQL types, chosen by ``object_type``."""
    views = (of_kind(InjectionMaterial, doc) for doc in documents)
    return [view for view in views if view is not None]
