"""Injection materials and dynamics (aind-data-schema ``components.injection_procedures``)."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import strawberry
from aind_data_schema.components import injection_procedures as ip
from aind_data_schema_models import units

from graphql_service.types.base import JSON, describe, field, json_field, kind_field
from graphql_service.types.common import Organization, PIDName
from graphql_service.types.document import DocumentType, of_kind
from resolvers.provenance import ValueOrigin


@strawberry.type(name="TarsVirusIdentifiers", description=describe(ip.TarsVirusIdentifiers))
class TarsVirusIdentifiers(DocumentType):
    MODEL: ClassVar = ip.TarsVirusIdentifiers

    virus_tars_id: str | None = field(
        ip.TarsVirusIdentifiers,
        "virus_tars_id",
        'The virus\'s preferred alias in TARS, usually starting "AiV"; null when unknown.',
    )
    plasmid_tars_alias: list[str] = field(ip.TarsVirusIdentifiers, "plasmid_tars_alias")
    prep_lot_number: str | None = field(
        ip.TarsVirusIdentifiers,
        "prep_lot_number",
        'Lot number of the viral prep in TARS, e.g. "VT3214G".',
    )
    prep_date: datetime.date | None = field(ip.TarsVirusIdentifiers, "prep_date")
    prep_type: ip.VirusPrepType | None = field(
        ip.TarsVirusIdentifiers,
        "prep_type",
        "Whether the prep is crude or purified, read from the start of TARS' prep "
        "type name; null when it says neither.",
    )
    prep_protocol: str | None = field(
        ip.TarsVirusIdentifiers,
        "prep_protocol",
        "The SOP the prep was made by, read from TARS' prep type name (e.g. "
        '"SOP#VC003"); null when it names none.',
    )
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


@strawberry.type(
    name="ValueProvenance",
    description=(
        "One source's value for a field of an injection material whose sources disagree (the "
        "surgery request and TARS). Not part of the aind-data-schema document."
    ),
)
class ValueProvenance:
    field: str = strawberry.field(
        description='The material\'s field, dotted when nested: "titer", "name", '
        '"tars_identifiers.prep_lot_number".'
    )
    value: JSON = strawberry.field(description="The value this source gives.")
    source: str = strawberry.field(
        description="Where the value was read: the surgery request's list (e.g. "
        '"sharepoint.nsb2023") or "tars".'
    )
    kept: bool = strawberry.field(
        description="True for the value the document (`json`) holds: the request's titer "
        "(what was injected), TARS' value for every other field."
    )


@strawberry.type(name="ViralMaterial", description=describe(ip.ViralMaterial))
class ViralMaterial(InjectionMaterial, DocumentType):
    MODEL: ClassVar = ip.ViralMaterial

    name: str | None = field(
        ip.ViralMaterial,
        "name",
        'From TARS: the full names of the virus\'s molecules (joined by "; "), else the '
        "virus's preferred alias.",
    )
    tars_identifiers: TarsVirusIdentifiers | None = field(ip.ViralMaterial, "tars_identifiers")
    addgene_id: PIDName | None = field(
        ip.ViralMaterial,
        "addgene_id",
        "From TARS: the Addgene ids of the virus's molecules; null when they have none.",
    )
    titer: float | None = field(ip.ViralMaterial, "titer")
    titer_unit: str | None = field(ip.ViralMaterial, "titer_unit")
    json: JSON = json_field()
    # Set by the procedures holding the material (resolvers.provenance).
    origins: strawberry.Private[tuple[ValueOrigin, ...]] = ()

    @strawberry.field(
        description="Where the values came from, for each field on which the surgery request "
        "and TARS disagree: both values, each with its source. Empty when they agree or only "
        "one of them gives the field."
    )
    def provenance(self) -> list[ValueProvenance]:
        return [
            ValueProvenance(field=o.field, value=o.value, source=o.source, kept=o.kept)
            for o in self.origins
        ]


@strawberry.type(name="NonViralMaterial", description=describe(ip.NonViralMaterial))
class NonViralMaterial(InjectionMaterial, DocumentType):
    MODEL: ClassVar = ip.NonViralMaterial

    name: str | None = field(
        ip.NonViralMaterial, "name", "Name of the material, e.g. a dye or tracer."
    )
    source: Organization | None = field(
        ip.NonViralMaterial, "source", "Who supplied the material; null when not recorded."
    )
    rrid: PIDName | None = field(
        ip.NonViralMaterial,
        "rrid",
        "The material's Research Resource Identifier (RRID); null when none.",
    )
    lot_number: str | None = field(
        ip.NonViralMaterial, "lot_number", "The supplier's lot number; null when not recorded."
    )
    expiration_date: datetime.date | None = field(
        ip.NonViralMaterial, "expiration_date", "The day the lot expires; null when not recorded."
    )
    concentration: float | None = field(ip.NonViralMaterial, "concentration")
    concentration_unit: str | None = field(ip.NonViralMaterial, "concentration_unit")
    json: JSON = json_field()


@strawberry.type(name="InjectionDynamics", description=describe(ip.InjectionDynamics))
class InjectionDynamics(DocumentType):
    MODEL: ClassVar = ip.InjectionDynamics

    profile: ip.InjectionProfile | None = field(
        ip.InjectionDynamics,
        "profile",
        "How the material was delivered over time (bolus, continuous or pulsed).",
    )
    volume: float | None = field(
        ip.InjectionDynamics,
        "volume",
        "Volume injected, in `volume_unit`; null for an injection measured by current.",
    )
    volume_unit: units.VolumeUnit | None = field(
        ip.InjectionDynamics, "volume_unit", "Unit of `volume`."
    )
    duration: float | None = field(
        ip.InjectionDynamics,
        "duration",
        "How long the injection lasted, in `duration_unit`; null when not recorded.",
    )
    duration_unit: units.TimeUnit | None = field(
        ip.InjectionDynamics, "duration_unit", "Unit of `duration`."
    )
    injection_current: float | None = field(
        ip.InjectionDynamics,
        "injection_current",
        "Current of an iontophoretic injection, in `injection_current_unit`; null "
        "for an injection measured by volume.",
    )
    injection_current_unit: units.CurrentUnit | None = field(
        ip.InjectionDynamics, "injection_current_unit", "Unit of `injection_current`."
    )
    alternating_current: str | None = field(
        ip.InjectionDynamics,
        "alternating_current",
        "The on/off times of an iontophoretic injection's current, as the request gives them "
        '(e.g. "7/7"); null when not recorded.',
    )
    json: JSON = json_field()


def materials_view(documents: list[dict[str, Any]]) -> list[InjectionMaterial]:
    """Material documents as their GraphQL types, chosen by ``object_type``."""
    views = (of_kind(InjectionMaterial, doc) for doc in documents)
    return [view for view in views if view is not None]
