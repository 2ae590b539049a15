"""Subject types: aind-data-schema 2.x ``Subject`` and its kinds of subject details."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import strawberry
from aind_data_schema.components import subjects as ads
from aind_data_schema.core import subject as core
from strawberry.types import Info

from graphql_service.status import publish
from graphql_service.types.base import JSON, describe, field, json_field, kind_field
from graphql_service.types.common import Organization, PIDName, Species, Strain
from graphql_service.types.document import DocumentType
from graphql_service.types.funding import Funding, funding_view
from graphql_service.types.measurements import IntendedMeasurement, measurements_view
from graphql_service.types.procedures import Procedures, procedures_view
from graphql_service.types.session import Session, sessions_view
from resolvers.request import RequestResolvers


@strawberry.type(name="LightCycle", description=describe(ads.LightCycle))
class LightCycle(DocumentType):
    MODEL: ClassVar = ads.LightCycle

    lights_on_time: datetime.time | None = field(ads.LightCycle, "lights_on_time")
    lights_off_time: datetime.time | None = field(ads.LightCycle, "lights_off_time")
    json: JSON = json_field()


@strawberry.type(name="Housing", description=describe(ads.Housing))
class Housing(DocumentType):
    MODEL: ClassVar = ads.Housing

    cage_id: str | None = field(ads.Housing, "cage_id")
    room_id: str | None = field(ads.Housing, "room_id")
    light_cycle: LightCycle | None = field(ads.Housing, "light_cycle")
    home_cage_enrichment: list[ads.HomeCageEnrichment] = field(ads.Housing, "home_cage_enrichment")
    cohoused_subjects: list[str] = field(ads.Housing, "cohoused_subjects")
    json: JSON = json_field()


@strawberry.type(name="BreedingInfo", description=describe(ads.BreedingInfo))
class BreedingInfo(DocumentType):
    MODEL: ClassVar = ads.BreedingInfo
    EXTRAS: ClassVar = frozenset({"breeding_group"})

    breeding_group: str | None = strawberry.field(
        description=(
            "The mother's LabTracks breeding group: GROUP_NAME of the group her own "
            "ANIMALS_COMMON row belongs to (not the subject's group), as "
            "aind-metadata-service 0.24 reported it; null when LabTracks records no mother or "
            "no group for her. Deprecated in aind-data-schema 2.9, which clears it, so it is "
            "absent from `json`; kept here because the breeding colony still uses it."
        )
    )
    maternal_id: str | None = field(ads.BreedingInfo, "maternal_id")
    maternal_genotype: str | None = field(ads.BreedingInfo, "maternal_genotype")
    paternal_id: str | None = field(ads.BreedingInfo, "paternal_id")
    paternal_genotype: str | None = field(ads.BreedingInfo, "paternal_genotype")
    json: JSON = json_field()


@strawberry.type(name="WellnessReport", description=describe(ads.WellnessReport))
class WellnessReport(DocumentType):
    MODEL: ClassVar = ads.WellnessReport

    date: datetime.date | None = field(ads.WellnessReport, "date")
    report: str | None = field(ads.WellnessReport, "report")
    json: JSON = json_field()


@strawberry.interface(
    name="SubjectDetails",
    description="Details by kind of subject; `object_type` names the kind.",
)
class SubjectDetails:
    # Implementations show object_type, so by default they leave nothing to json.
    JSON_ONLY: ClassVar[frozenset[str]] = frozenset()

    object_type: str | None = kind_field()
    json: JSON = json_field()


@strawberry.type(name="MouseSubject", description=describe(ads.MouseSubject))
class MouseSubject(SubjectDetails, DocumentType):
    MODEL: ClassVar = ads.MouseSubject

    sex: ads.Sex | None = field(ads.MouseSubject, "sex")
    date_of_birth: datetime.date | None = field(ads.MouseSubject, "date_of_birth")
    strain: Strain | None = field(ads.MouseSubject, "strain")
    species: Species | None = field(ads.MouseSubject, "species")
    alleles: list[PIDName] = field(ads.MouseSubject, "alleles")
    genotype: str | None = field(ads.MouseSubject, "genotype")
    breeding_info: BreedingInfo | None = field(ads.MouseSubject, "breeding_info")
    wellness_reports: list[WellnessReport] = field(ads.MouseSubject, "wellness_reports")
    housing: Housing | None = field(ads.MouseSubject, "housing")
    source: Organization | None = field(ads.MouseSubject, "source")
    restrictions: str | None = field(ads.MouseSubject, "restrictions")
    rrid: PIDName | None = field(ads.MouseSubject, "rrid")
    json: JSON = json_field()


@strawberry.type(name="HumanSubject", description=describe(ads.HumanSubject))
class HumanSubject(SubjectDetails, DocumentType):
    MODEL: ClassVar = ads.HumanSubject

    species: Species | None = field(ads.HumanSubject, "species")
    sex: ads.Sex | None = field(ads.HumanSubject, "sex")
    year_of_birth: int | None = field(ads.HumanSubject, "year_of_birth")
    source: Organization | None = field(ads.HumanSubject, "source")
    json: JSON = json_field()


@strawberry.type(name="NonHumanPrimateSubject", description=describe(ads.NonHumanPrimateSubject))
class NonHumanPrimateSubject(SubjectDetails, DocumentType):
    MODEL: ClassVar = ads.NonHumanPrimateSubject

    species: Species | None = field(ads.NonHumanPrimateSubject, "species")
    sex: ads.Sex | None = field(ads.NonHumanPrimateSubject, "sex")
    date_of_birth: datetime.date | None = field(ads.NonHumanPrimateSubject, "date_of_birth")
    year_of_birth: int | None = field(ads.NonHumanPrimateSubject, "year_of_birth")
    mating_status: ads.MatingStatus | None = field(ads.NonHumanPrimateSubject, "mating_status")
    source: Organization | None = field(ads.NonHumanPrimateSubject, "source")
    json: JSON = json_field()


@strawberry.type(name="CalibrationObject", description=describe(ads.CalibrationObject))
class CalibrationObject(SubjectDetails, DocumentType):
    MODEL: ClassVar = ads.CalibrationObject
    # Devices are a long tail of device types: callers take them from json.
    JSON_ONLY: ClassVar = frozenset({"objects"})

    empty: bool | None = field(ads.CalibrationObject, "empty")
    description: str | None = field(ads.CalibrationObject, "description")
    json: JSON = json_field()


@strawberry.type(name="Subject", description=describe(core.Subject))
class Subject(DocumentType):
    MODEL: ClassVar = core.Subject
    JSON_ONLY: ClassVar = frozenset({"object_type", "describedBy", "schema_version"})

    subject_id: str = field(core.Subject, "subject_id")
    subject_details: SubjectDetails | None = field(core.Subject, "subject_details")
    notes: str | None = field(core.Subject, "notes")
    json: JSON = json_field()

    @strawberry.field(
        description="Everything done to this subject (see `Query.procedures`). Its status is "
        "in `extensions.status` under this field's path, e.g. `subject.procedures`."
    )
    async def procedures(self, info: Info) -> Procedures | None:
        resolvers: RequestResolvers = info.context.resolvers
        resolved = await resolvers.procedures.procedures(self.subject_id)
        return publish(info, resolved, procedures_view)

    @strawberry.field(
        description="Funding of the projects this subject's surgery requests name (see "
        "`Procedures.funding`); status under this field's path."
    )
    async def funding(self, info: Info) -> list[Funding] | None:
        resolvers: RequestResolvers = info.context.resolvers
        resolved = await resolvers.reference.funding_of_subject(self.subject_id)
        return publish(info, resolved, funding_view)

    @strawberry.field(
        description="What this subject's fiber implants are meant to measure (see "
        "`Query.intended_measurements`); status under this field's path."
    )
    async def intended_measurements(self, info: Info) -> list[IntendedMeasurement] | None:
        resolvers: RequestResolvers = info.context.resolvers
        resolved = await resolvers.procedures.intended_measurements(self.subject_id)
        return publish(info, resolved, measurements_view)

    @strawberry.field(
        description="This subject's ecephys sessions from SLIMS (see `Query.sessions`), asked "
        "for once per subject in a request; status under this field's path."
    )
    async def sessions(self, info: Info) -> list[Session] | None:
        resolvers: RequestResolvers = info.context.resolvers
        resolved = await resolvers.slims.sessions(self.subject_id)
        return publish(info, resolved, sessions_view)


def subject_from_document(doc: dict[str, Any], breeding_group: str | None = None) -> Subject:
    """The GraphQL view of a subject document, with LabTracks' breeding group put back."""
    subject = Subject.from_document(doc)
    assert subject is not None  # doc is a dict
    details = subject.subject_details
    if isinstance(details, MouseSubject) and details.breeding_info is not None:
        details.breeding_info.breeding_group = breeding_group
    return subject
