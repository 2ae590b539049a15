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

    cage_id: str | None = field(
        ads.Housing, "cage_id", "Id of the subject's cage (LabTracks CAGE_ID); null when unknown."
    )
    room_id: str | None = field(
        ads.Housing,
        "room_id",
        "Id of the room the cage is in (LabTracks ROOM_ID); null when unknown.",
    )
    light_cycle: LightCycle | None = field(
        ads.Housing, "light_cycle", "When the room's lights go on and off; null when not recorded."
    )
    home_cage_enrichment: list[ads.HomeCageEnrichment] = field(
        ads.Housing,
        "home_cage_enrichment",
        "What the home cage is enriched with; empty when nothing is recorded.",
    )
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
    maternal_id: str | None = field(
        ads.BreedingInfo, "maternal_id", "LabTracks id of the subject's mother."
    )
    maternal_genotype: str | None = field(
        ads.BreedingInfo,
        "maternal_genotype",
        "The mother's full genotype, from her LabTracks custom fields; null when it has none.",
    )
    paternal_id: str | None = field(
        ads.BreedingInfo, "paternal_id", "LabTracks id of the subject's father."
    )
    paternal_genotype: str | None = field(
        ads.BreedingInfo,
        "paternal_genotype",
        "The father's full genotype, from his LabTracks custom fields; null when it has none.",
    )
    json: JSON = json_field()


@strawberry.type(name="WellnessReport", description=describe(ads.WellnessReport))
class WellnessReport(DocumentType):
    MODEL: ClassVar = ads.WellnessReport

    date: datetime.date | None = field(ads.WellnessReport, "date", "Day of the report.")
    report: str | None = field(ads.WellnessReport, "report", "The report's text.")
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

    sex: ads.Sex | None = field(
        ads.MouseSubject,
        "sex",
        "The subject's sex as LabTracks records it (F, M, Female or Male, in any case); "
        "null when LabTracks gives anything else.",
    )
    date_of_birth: datetime.date | None = field(
        ads.MouseSubject, "date_of_birth", "Date of birth (LabTracks BIRTH_DATE)."
    )
    strain: Strain | None = field(
        ads.MouseSubject,
        "strain",
        "The strain named in the subject's LabTracks group (name or description); "
        "null when none or more than one is recognised.",
    )
    species: Species | None = field(
        ads.MouseSubject,
        "species",
        "The species: house mouse when LabTracks' species name is a mouse, else null.",
    )
    alleles: list[PIDName] = field(ads.MouseSubject, "alleles")
    genotype: str | None = field(ads.MouseSubject, "genotype")
    breeding_info: BreedingInfo | None = field(
        ads.MouseSubject,
        "breeding_info",
        "The subject's parents and their genotypes; null when LabTracks records neither parent.",
    )
    wellness_reports: list[WellnessReport] = field(
        ads.MouseSubject,
        "wellness_reports",
        "Dated reports on the subject's wellness; empty when none are recorded.",
    )
    housing: Housing | None = field(
        ads.MouseSubject,
        "housing",
        "Where the subject is housed; null when LabTracks records neither room nor cage.",
    )
    source: Organization | None = field(ads.MouseSubject, "source")
    restrictions: str | None = field(ads.MouseSubject, "restrictions")
    rrid: PIDName | None = field(ads.MouseSubject, "rrid")
    json: JSON = json_field()


@strawberry.type(name="HumanSubject", description=describe(ads.HumanSubject))
class HumanSubject(SubjectDetails, DocumentType):
    MODEL: ClassVar = ads.HumanSubject

    species: Species | None = field(ads.HumanSubject, "species", "The subject's species (human).")
    sex: ads.Sex | None = field(ads.HumanSubject, "sex", "The subject's sex (FEMALE or MALE).")
    year_of_birth: int | None = field(
        ads.HumanSubject, "year_of_birth", "The year the subject was born."
    )
    source: Organization | None = field(ads.HumanSubject, "source")
    json: JSON = json_field()


@strawberry.type(name="NonHumanPrimateSubject", description=describe(ads.NonHumanPrimateSubject))
class NonHumanPrimateSubject(SubjectDetails, DocumentType):
    MODEL: ClassVar = ads.NonHumanPrimateSubject

    species: Species | None = field(
        ads.NonHumanPrimateSubject, "species", "The subject's species, e.g. rhesus macaque."
    )
    sex: ads.Sex | None = field(
        ads.NonHumanPrimateSubject, "sex", "The subject's sex (FEMALE or MALE)."
    )
    date_of_birth: datetime.date | None = field(
        ads.NonHumanPrimateSubject,
        "date_of_birth",
        "The day the subject was born; null when only the year is known.",
    )
    year_of_birth: int | None = field(
        ads.NonHumanPrimateSubject, "year_of_birth", "The year the subject was born."
    )
    mating_status: ads.MatingStatus | None = field(
        ads.NonHumanPrimateSubject, "mating_status", "Whether the subject has mated."
    )
    source: Organization | None = field(ads.NonHumanPrimateSubject, "source")
    json: JSON = json_field()


@strawberry.type(name="CalibrationObject", description=describe(ads.CalibrationObject))
class CalibrationObject(SubjectDetails, DocumentType):
    MODEL: ClassVar = ads.CalibrationObject
    # Devices are a long tail of device types: callers take them from json.
    JSON_ONLY: ClassVar = frozenset({"objects"})

    empty: bool | None = field(ads.CalibrationObject, "empty")
    description: str | None = field(
        ads.CalibrationObject, "description", "What the calibration object is, in free text."
    )
    json: JSON = json_field()


@strawberry.type(name="Subject", description=describe(core.Subject))
class Subject(DocumentType):
    MODEL: ClassVar = core.Subject
    JSON_ONLY: ClassVar = frozenset({"object_type", "describedBy", "schema_version"})

    subject_id: str = field(core.Subject, "subject_id")
    subject_details: SubjectDetails | None = field(
        core.Subject,
        "subject_details",
        "What depends on the kind of subject (mouse, human, non-human primate or "
        "calibration object); a LabTracks subject is a `MouseSubject`.",
    )
    notes: str | None = field(
        core.Subject, "notes", "Free-text notes on the subject; null when there are none."
    )
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
