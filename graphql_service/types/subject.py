"""Subject types: aind-data-schema 2.x ``Subject`` and its subject-details union."""

from __future__ import annotations

import datetime
import inspect
from typing import Annotated, Any, ClassVar

import strawberry
from aind_data_schema.components import subjects as ads
from aind_data_schema.core import subject as core

from graphql_service.types.base import (
    JSON,
    as_date,
    as_enum,
    as_time,
    describe,
    field,
    json_field,
)
from graphql_service.types.common import Organization, PIDName, Species, Strain

# aind-data-schema's own enums become the GraphQL enums (strawberry registers them in place).
for _enum in (ads.Sex, ads.MatingStatus, ads.HomeCageEnrichment):
    strawberry.enum(_enum, name=_enum.__name__, description=inspect.cleandoc(_enum.__doc__ or ""))

# object_type is what GraphQL calls __typename: every type leaves it to json.
_TYPED = frozenset({"object_type"})


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


@strawberry.type(name="LightCycle", description=describe(ads.LightCycle))
class LightCycle:
    MODEL: ClassVar = ads.LightCycle
    JSON_ONLY: ClassVar = _TYPED

    lights_on_time: datetime.time | None = field(ads.LightCycle, "lights_on_time")
    lights_off_time: datetime.time | None = field(ads.LightCycle, "lights_off_time")
    json: JSON = json_field()

    @classmethod
    def from_document(cls, doc: Any) -> LightCycle | None:
        if not isinstance(doc, dict):
            return None
        return cls(
            lights_on_time=as_time(doc.get("lights_on_time")),
            lights_off_time=as_time(doc.get("lights_off_time")),
            json=JSON(doc),
        )


@strawberry.type(name="Housing", description=describe(ads.Housing))
class Housing:
    MODEL: ClassVar = ads.Housing
    JSON_ONLY: ClassVar = _TYPED

    cage_id: str | None = field(ads.Housing, "cage_id")
    room_id: str | None = field(ads.Housing, "room_id")
    light_cycle: LightCycle | None = field(ads.Housing, "light_cycle")
    home_cage_enrichment: list[ads.HomeCageEnrichment] = field(ads.Housing, "home_cage_enrichment")
    cohoused_subjects: list[str] = field(ads.Housing, "cohoused_subjects")
    json: JSON = json_field()

    @classmethod
    def from_document(cls, doc: Any) -> Housing | None:
        if not isinstance(doc, dict):
            return None
        enrichment = (
            as_enum(ads.HomeCageEnrichment, v) for v in doc.get("home_cage_enrichment") or []
        )
        return cls(
            cage_id=doc.get("cage_id"),
            room_id=doc.get("room_id"),
            light_cycle=LightCycle.from_document(doc.get("light_cycle")),
            home_cage_enrichment=[value for value in enrichment if value is not None],
            cohoused_subjects=[str(v) for v in doc.get("cohoused_subjects") or []],
            json=JSON(doc),
        )


@strawberry.type(name="BreedingInfo", description=describe(ads.BreedingInfo))
class BreedingInfo:
    MODEL: ClassVar = ads.BreedingInfo
    JSON_ONLY: ClassVar = _TYPED

    breeding_group: str | None = strawberry.field(
        description=(
            "LabTracks breeding group. Deprecated in aind-data-schema 2.9, which clears it, so "
            "it is absent from `json`; kept here because the breeding colony still uses it."
        )
    )
    maternal_id: str | None = field(ads.BreedingInfo, "maternal_id")
    maternal_genotype: str | None = field(ads.BreedingInfo, "maternal_genotype")
    paternal_id: str | None = field(ads.BreedingInfo, "paternal_id")
    paternal_genotype: str | None = field(ads.BreedingInfo, "paternal_genotype")
    json: JSON = json_field()

    @classmethod
    def from_document(cls, doc: Any, breeding_group: str | None) -> BreedingInfo | None:
        if not isinstance(doc, dict):
            return None
        return cls(
            breeding_group=breeding_group,
            maternal_id=doc.get("maternal_id"),
            maternal_genotype=doc.get("maternal_genotype"),
            paternal_id=doc.get("paternal_id"),
            paternal_genotype=doc.get("paternal_genotype"),
            json=JSON(doc),
        )


@strawberry.type(name="WellnessReport", description=describe(ads.WellnessReport))
class WellnessReport:
    MODEL: ClassVar = ads.WellnessReport
    JSON_ONLY: ClassVar = _TYPED

    date: datetime.date | None = field(ads.WellnessReport, "date")
    report: str | None = field(ads.WellnessReport, "report")
    json: JSON = json_field()

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> WellnessReport:
        return cls(date=as_date(doc.get("date")), report=doc.get("report"), json=JSON(doc))


@strawberry.type(name="MouseSubject", description=describe(ads.MouseSubject))
class MouseSubject:
    MODEL: ClassVar = ads.MouseSubject
    JSON_ONLY: ClassVar = _TYPED

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

    @classmethod
    def from_document(cls, doc: dict[str, Any], breeding_group: str | None) -> MouseSubject:
        alleles = (PIDName.from_document(item) for item in _dicts(doc.get("alleles")))
        return cls(
            sex=as_enum(ads.Sex, doc.get("sex")),
            date_of_birth=as_date(doc.get("date_of_birth")),
            strain=Strain.from_document(doc.get("strain")),
            species=Species.from_document(doc.get("species")),
            alleles=[allele for allele in alleles if allele is not None],
            genotype=doc.get("genotype"),
            breeding_info=BreedingInfo.from_document(doc.get("breeding_info"), breeding_group),
            wellness_reports=[
                WellnessReport.from_document(item) for item in _dicts(doc.get("wellness_reports"))
            ],
            housing=Housing.from_document(doc.get("housing")),
            source=Organization.from_document(doc.get("source")),
            restrictions=doc.get("restrictions"),
            rrid=PIDName.from_document(doc.get("rrid")),
            json=JSON(doc),
        )


@strawberry.type(name="HumanSubject", description=describe(ads.HumanSubject))
class HumanSubject:
    MODEL: ClassVar = ads.HumanSubject
    JSON_ONLY: ClassVar = _TYPED

    species: Species | None = field(ads.HumanSubject, "species")
    sex: ads.Sex | None = field(ads.HumanSubject, "sex")
    year_of_birth: int | None = field(ads.HumanSubject, "year_of_birth")
    source: Organization | None = field(ads.HumanSubject, "source")
    json: JSON = json_field()

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> HumanSubject:
        return cls(
            species=Species.from_document(doc.get("species")),
            sex=as_enum(ads.Sex, doc.get("sex")),
            year_of_birth=doc.get("year_of_birth"),
            source=Organization.from_document(doc.get("source")),
            json=JSON(doc),
        )


@strawberry.type(name="NonHumanPrimateSubject", description=describe(ads.NonHumanPrimateSubject))
class NonHumanPrimateSubject:
    MODEL: ClassVar = ads.NonHumanPrimateSubject
    JSON_ONLY: ClassVar = _TYPED

    species: Species | None = field(ads.NonHumanPrimateSubject, "species")
    sex: ads.Sex | None = field(ads.NonHumanPrimateSubject, "sex")
    date_of_birth: datetime.date | None = field(ads.NonHumanPrimateSubject, "date_of_birth")
    year_of_birth: int | None = field(ads.NonHumanPrimateSubject, "year_of_birth")
    mating_status: ads.MatingStatus | None = field(ads.NonHumanPrimateSubject, "mating_status")
    source: Organization | None = field(ads.NonHumanPrimateSubject, "source")
    json: JSON = json_field()

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> NonHumanPrimateSubject:
        return cls(
            species=Species.from_document(doc.get("species")),
            sex=as_enum(ads.Sex, doc.get("sex")),
            date_of_birth=as_date(doc.get("date_of_birth")),
            year_of_birth=doc.get("year_of_birth"),
            mating_status=as_enum(ads.MatingStatus, doc.get("mating_status")),
            source=Organization.from_document(doc.get("source")),
            json=JSON(doc),
        )


@strawberry.type(name="CalibrationObject", description=describe(ads.CalibrationObject))
class CalibrationObject:
    MODEL: ClassVar = ads.CalibrationObject
    # Devices are a long tail of device types: callers take them from json.
    JSON_ONLY: ClassVar = _TYPED | {"objects"}

    empty: bool | None = field(ads.CalibrationObject, "empty")
    description: str | None = field(ads.CalibrationObject, "description")
    json: JSON = json_field()

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> CalibrationObject:
        return cls(empty=doc.get("empty"), description=doc.get("description"), json=JSON(doc))


SubjectDetails = Annotated[
    MouseSubject | HumanSubject | NonHumanPrimateSubject | CalibrationObject,
    strawberry.union("SubjectDetails", description="Details by kind of subject."),
]


def subject_details(doc: Any, breeding_group: str | None) -> SubjectDetails | None:
    if not isinstance(doc, dict):
        return None
    kind = doc.get("object_type")
    if kind == "Human subject":
        return HumanSubject.from_document(doc)
    if kind == "Non human primate subject":
        return NonHumanPrimateSubject.from_document(doc)
    if kind == "Calibration object":
        return CalibrationObject.from_document(doc)
    # LabTracks holds mice only; a record missing its object_type is still a mouse.
    return MouseSubject.from_document(doc, breeding_group)


@strawberry.type(name="Subject", description=describe(core.Subject))
class Subject:
    MODEL: ClassVar = core.Subject
    JSON_ONLY: ClassVar = _TYPED | {"describedBy", "schema_version"}

    subject_id: str = field(core.Subject, "subject_id")
    subject_details: SubjectDetails | None = field(core.Subject, "subject_details")
    notes: str | None = field(core.Subject, "notes")
    json: JSON = json_field()

    @classmethod
    def from_document(cls, doc: dict[str, Any], breeding_group: str | None = None) -> Subject:
        return cls(
            subject_id=str(doc.get("subject_id")),
            subject_details=subject_details(doc.get("subject_details"), breeding_group),
            notes=doc.get("notes"),
            json=JSON(doc),
        )
