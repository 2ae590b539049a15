"""Procedures: aind-data-schema 2.x ``Procedures`` and its subject procedures."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import strawberry
from aind_data_schema.components import subject_procedures as sp
from aind_data_schema.core import procedures as core
from aind_data_schema_models import units
from strawberry.types import Info

from graphql_service.status import publish
from graphql_service.types.base import JSON, describe, field, json_field, kind_field
from graphql_service.types.document import DocumentType, of_kind
from graphql_service.types.funding import Funding, funding_view
from graphql_service.types.materials import ViralMaterial
from graphql_service.types.specimen import SpecimenProcedure
from graphql_service.types.surgery import (
    Anaesthetic,
    BrainInjection,
    Injection,
    ProbeImplant,
    SurgeryProcedure,
)
from resolvers.positions import CoordinateSystems
from resolvers.procedures import ProceduresRecord
from resolvers.provenance import Path, ValueOrigin, at_path
from resolvers.reference import PROJECT_RULE
from resolvers.request import RequestResolvers

SOURCE_DESCRIPTION = (
    "Where this procedure was read: `sharepoint.nsb2019`, `sharepoint.nsb2023`, "
    "`sharepoint.nsb_present`, `sharepoint.las2020`, `labtracks`, `smartsheet.perfusions` or "
    "`slims`. "
    "Not part of the aind-data-schema document."
)


@strawberry.interface(
    name="SubjectProcedure",
    description="A procedure performed on a live subject; `object_type` names its kind.",
)
class SubjectProcedure:
    # Implementations show object_type, so by default they leave nothing to json; where a
    # procedure came from is ours, not the model's.
    JSON_ONLY: ClassVar[frozenset[str]] = frozenset()
    EXTRAS: ClassVar[frozenset[str]] = frozenset({"source"})

    object_type: str | None = kind_field()
    source: str | None = strawberry.field(description=SOURCE_DESCRIPTION)
    start_date: datetime.date | None = strawberry.field(
        description="Date the procedure (or the restriction, or the training) started."
    )
    json: JSON = json_field()


@strawberry.type(name="Surgery", description=describe(sp.Surgery))
class Surgery(SubjectProcedure, DocumentType):
    MODEL: ClassVar = sp.Surgery
    # Coordinate systems and measured origins are deep geometry: json has them.
    JSON_ONLY: ClassVar = frozenset(
        {"coordinate_system", "global_coordinate_system", "measured_coordinates"}
    )

    protocol_id: str | None = field(sp.Surgery, "protocol_id")
    start_date: datetime.date | None = field(
        sp.Surgery, "start_date", "The day the surgery was performed."
    )
    experimenters: list[str] = field(
        sp.Surgery, "experimenters", "Who performed the surgery, as the source names them."
    )
    ethics_review_id: str | None = field(
        sp.Surgery,
        "ethics_review_id",
        "The IACUC protocol the surgery was performed under; null when the source names none.",
    )
    animal_weight_prior: float | None = field(sp.Surgery, "animal_weight_prior")
    animal_weight_post: float | None = field(sp.Surgery, "animal_weight_post")
    weight_unit: units.MassUnit | None = field(
        sp.Surgery, "weight_unit", "Unit of `animal_weight_prior` and `animal_weight_post`."
    )
    anaesthesia: Anaesthetic | None = field(
        sp.Surgery, "anaesthesia", "The anaesthetic given; null when not recorded."
    )
    workstation_id: str | None = field(
        sp.Surgery, "workstation_id", "The surgical workstation used; null when not recorded."
    )
    procedures: list[SurgeryProcedure] = field(
        sp.Surgery,
        "procedures",
        "What was done during the surgery (craniotomy, headframe, injections, "
        "implants, perfusion...), each as its own kind.",
    )
    notes: str | None = field(
        sp.Surgery, "notes", "Free-text notes on the surgery; null when there are none."
    )
    json: JSON = json_field()


@strawberry.type(name="NonSurgicalInjection", description=describe(sp.NonSurgicalInjection))
class NonSurgicalInjection(SubjectProcedure, DocumentType):
    MODEL: ClassVar = sp.NonSurgicalInjection

    start_date: datetime.date | None = field(
        sp.NonSurgicalInjection, "start_date", "The day of the injections."
    )
    ethics_review_id: str | None = field(
        sp.NonSurgicalInjection,
        "ethics_review_id",
        "The IACUC protocol the injections were given under.",
    )
    protocol_id: str | None = field(sp.NonSurgicalInjection, "protocol_id")
    injections: list[Injection] = field(
        sp.NonSurgicalInjection,
        "injections",
        "The injections given, each with its materials and dynamics.",
    )
    notes: str | None = field(
        sp.NonSurgicalInjection,
        "notes",
        "Free-text notes on the injections; null when there are none.",
    )
    json: JSON = json_field()


@strawberry.type(name="GenericSubjectProcedure", description=describe(sp.GenericSubjectProcedure))
class GenericSubjectProcedure(SubjectProcedure, DocumentType):
    MODEL: ClassVar = sp.GenericSubjectProcedure

    protocol_id: str | None = field(sp.GenericSubjectProcedure, "protocol_id")
    start_date: datetime.date | None = field(
        sp.GenericSubjectProcedure, "start_date", "The day the procedure was performed."
    )
    experimenters: list[str] = field(
        sp.GenericSubjectProcedure,
        "experimenters",
        "Who performed the procedure, as the source names them.",
    )
    ethics_review_id: str | None = field(
        sp.GenericSubjectProcedure,
        "ethics_review_id",
        "The IACUC protocol the procedure was performed under.",
    )
    description: str | None = field(
        sp.GenericSubjectProcedure, "description", "What the procedure was, in free text."
    )
    notes: str | None = field(
        sp.GenericSubjectProcedure,
        "notes",
        "Free-text notes on the procedure; null when there are none.",
    )
    json: JSON = json_field()


@strawberry.type(name="TrainingProtocol", description=describe(sp.TrainingProtocol))
class TrainingProtocol(SubjectProcedure, DocumentType):
    MODEL: ClassVar = sp.TrainingProtocol
    JSON_ONLY: ClassVar = frozenset({"curriculum_code"})

    training_name: str | None = field(
        sp.TrainingProtocol, "training_name", "Name of the training protocol."
    )
    protocol_id: str | None = field(
        sp.TrainingProtocol,
        "protocol_id",
        "Identifier of the training protocol (e.g. a DOI); null when none.",
    )
    start_date: datetime.date | None = field(
        sp.TrainingProtocol, "start_date", "The day training started."
    )
    end_date: datetime.date | None = field(
        sp.TrainingProtocol, "end_date", "The day training ended; null while it goes on."
    )
    notes: str | None = field(
        sp.TrainingProtocol, "notes", "Free-text notes on the training; null when there are none."
    )
    json: JSON = json_field()


@strawberry.type(name="WaterRestriction", description=describe(sp.WaterRestriction))
class WaterRestriction(SubjectProcedure, DocumentType):
    MODEL: ClassVar = sp.WaterRestriction

    ethics_review_id: str | None = field(
        sp.WaterRestriction,
        "ethics_review_id",
        "The IACUC protocol the restriction is under; null when the source does "
        "not record it (SLIMS does not).",
    )
    target_fraction_weight: int | None = field(
        sp.WaterRestriction,
        "target_fraction_weight",
        "The weight to keep the subject at, as a fraction of `baseline_weight` in "
        "`target_fraction_weight_unit`.",
    )
    target_fraction_weight_unit: units.UnitlessUnit | None = field(
        sp.WaterRestriction,
        "target_fraction_weight_unit",
        "Unit of `target_fraction_weight` (percent).",
    )
    minimum_water_per_day: float | None = field(
        sp.WaterRestriction,
        "minimum_water_per_day",
        "The least water the subject is given each day, in `minimum_water_per_day_unit`.",
    )
    minimum_water_per_day_unit: units.VolumeUnit | None = field(
        sp.WaterRestriction, "minimum_water_per_day_unit", "Unit of `minimum_water_per_day`."
    )
    baseline_weight: float | None = field(sp.WaterRestriction, "baseline_weight")
    weight_unit: units.MassUnit | None = field(
        sp.WaterRestriction, "weight_unit", "Unit of `baseline_weight`."
    )
    start_date: datetime.date | None = field(
        sp.WaterRestriction, "start_date", "The day the restriction started."
    )
    end_date: datetime.date | None = field(
        sp.WaterRestriction, "end_date", "The day the restriction ended; null while it goes on."
    )
    json: JSON = json_field()


@strawberry.type(name="Procedures", description=describe(core.Procedures))
class Procedures(DocumentType):
    MODEL: ClassVar = core.Procedures
    # The deprecated coordinate_system stays in json.
    JSON_ONLY: ClassVar = frozenset(
        {"object_type", "describedBy", "schema_version", "coordinate_system"}
    )

    subject_id: str = field(core.Procedures, "subject_id")
    subject_procedures: list[SubjectProcedure] = field(core.Procedures, "subject_procedures")
    specimen_procedures: list[SpecimenProcedure] = field(core.Procedures, "specimen_procedures")
    global_coordinate_system: JSON | None = field(core.Procedures, "global_coordinate_system")
    notes: str | None = field(
        core.Procedures,
        "notes",
        "Free-text notes on the subject's procedures; null when there are none.",
    )
    json: JSON = json_field()
    projects: strawberry.Private[list[str]] = dataclasses.field(default_factory=list)

    @strawberry.field(
        description="Funding of the projects the surgery requests name (not part of the "
        "aind-data-schema document). " + PROJECT_RULE + " Status under this field's path."
    )
    async def funding(self, info: Info) -> list[Funding] | None:
        resolvers: RequestResolvers = info.context.resolvers
        resolved = await resolvers.reference.funding_of_projects(self.projects)
        return publish(info, resolved, funding_view)


def procedures_from_document(
    doc: dict[str, Any],
    sources: Sequence[str | None],
    projects: list[str] | None = None,
    provenance: Mapping[Path, tuple[ValueOrigin, ...]] | None = None,
) -> Procedures:
    """The GraphQL view of a procedures document; ``sources[i]`` is where procedure i came from,
    ``provenance`` where the values of the material at a path came from."""
    items: list[Any] = []
    for item, source in zip(doc.get("subject_procedures") or [], sources, strict=False):
        converted = of_kind(SubjectProcedure, item, source=source)
        if isinstance(converted, Surgery):
            _give_coordinate_systems(converted, CoordinateSystems.of(item, doc))
        if converted is not None:
            items.append(converted)
    if provenance:
        _give_provenance(items, doc, provenance)
    specimens = [
        converted
        for item in doc.get("specimen_procedures") or []
        if (converted := SpecimenProcedure.from_document(item)) is not None
    ]
    return Procedures(
        subject_id=str(doc.get("subject_id")),
        subject_procedures=items,
        specimen_procedures=specimens,
        global_coordinate_system=doc.get("global_coordinate_system"),
        notes=doc.get("notes"),
        json=JSON(doc),
        projects=projects or [],
    )


def _give_coordinate_systems(surgery: Surgery, systems: CoordinateSystems) -> None:
    """Positions are written in systems the surgery or the whole document declares, which the
    steps' own documents do not hold."""
    for step in surgery.procedures:
        if isinstance(step, BrainInjection | ProbeImplant):
            step.coordinate_systems = systems


def _give_provenance(
    items: list[Any], doc: dict[str, Any], provenance: Mapping[Path, tuple[ValueOrigin, ...]]
) -> None:
    """Each viral material view gets the origins of the node it shows (the very dict of ``doc``
    at a path of ``provenance``)."""
    by_node = {
        id(node): origins
        for path, origins in provenance.items()
        if isinstance(node := at_path(doc, path), dict)
    }
    for procedure in items:
        steps = [*getattr(procedure, "procedures", []), *getattr(procedure, "injections", [])]
        for step in steps:
            for material in getattr(step, "injection_materials", []):
                if isinstance(material, ViralMaterial):
                    material.origins = by_node.get(id(material.json), ())


def procedures_view(record: ProceduresRecord) -> Procedures:
    return procedures_from_document(
        record.document, record.sources, record.projects, record.provenance
    )
