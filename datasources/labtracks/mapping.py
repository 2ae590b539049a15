"""LabTracks rows to aind-data-schema 2.x ``Subject`` documents (JSON dicts, not validated).

The mapping says what LabTracks holds and nothing more: a value it cannot read stays ``None``
so that the resolver's validation reports it (status 406) instead of the service inventing a
plausible answer. Constants come from aind-data-schema-models so their JSON is exactly what
the schema expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aind_data_schema.components.subjects import Sex
from aind_data_schema_models.organizations import Organization
from aind_data_schema_models.species import Species, Strain, StrainModel

from datasources.labtracks.class_values import genotype
from datasources.labtracks.models import SubjectRow

_SEXES = {"f": Sex.FEMALE, "female": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE}
_MOUSE_NAMES = frozenset({"mouse", "mus musculus", "house mouse"})

# Group names and descriptions spell strains loosely ("C57BL6J", "C57BL/6J", "B6J", "BALB/cJ"):
# they are compared upper-cased, with joiners dropped and other punctuation read as spaces.
_STRAIN_PATTERNS: tuple[tuple[re.Pattern[str], StrainModel], ...] = (
    (re.compile(r"C57BL6J|(?<![A-Z0-9])B6J(?![A-Z0-9])"), Strain.C57BL_6J),
    (re.compile(r"BALBC"), Strain.BALB_C),
)
_JOINERS = re.compile(r"[/._-]+")
_SEPARATORS = re.compile(r"[^A-Z0-9]+")


@dataclass(frozen=True)
class MappedSubject:
    """One LabTracks animal: the Subject document plus what the document has no place for.

    ``breeding_group`` is the GROUP_NAME of the group the subject's mother belongs to (her own
    ANIMALS_COMMON row's GROUP_ID), as aind-metadata-service 0.24 reported it; the subject's
    own group is read for its strain only. aind-data-schema 2.9 deprecates
    ``BreedingInfo.breeding_group`` and clears it on validation, so it travels beside the
    document for callers that still want it.
    """

    subject_id: str
    document: dict[str, Any]
    genotype: str | None
    breeding_group: str | None


def map_sex(value: str | None) -> str | None:
    """'F'/'M'/'Female'/'Male' in any case; anything else is unknown."""
    sex = _SEXES.get((value or "").strip().lower())
    return sex.value if sex else None


def map_species(name: str | None) -> dict[str, Any] | None:
    if (name or "").strip().lower() in _MOUSE_NAMES:
        return Species.HOUSE_MOUSE.model_dump(mode="json")
    return None


def map_strain(*texts: str | None) -> dict[str, Any] | None:
    """The strain named in the group's description or name, if exactly one is recognised."""
    words = " ".join(
        _SEPARATORS.sub(" ", _JOINERS.sub("", text.upper())) for text in texts if text
    )
    found = {strain.name: strain for pattern, strain in _STRAIN_PATTERNS if pattern.search(words)}
    if len(found) != 1:
        return None  # none, or a contradiction: leave it to validation to report
    return next(iter(found.values())).model_dump(mode="json")


def present_id(value: str | None) -> str | None:
    """LabTracks writes negative ids for "none" (e.g. room -1); treat them like nulls."""
    if value is None or value.startswith("-"):
        return None
    return value


def map_housing(row: SubjectRow) -> dict[str, Any] | None:
    room_id, cage_id = present_id(row.room_id), present_id(row.cage_id)
    if room_id is None and cage_id is None:
        return None
    return {"object_type": "Housing", "room_id": room_id, "cage_id": cage_id}


def map_breeding_info(row: SubjectRow) -> dict[str, Any] | None:
    """Parents' ids and genotypes; missing pieces stay ``None`` for validation to flag."""
    maternal_id = present_id(row.maternal_id or row.maternal_index)
    paternal_id = present_id(row.paternal_id or row.paternal_index)
    if maternal_id is None and paternal_id is None:
        return None
    return {
        "object_type": "Breeding info",
        "maternal_id": maternal_id,
        "maternal_genotype": genotype(row.maternal_class_values),
        "paternal_id": paternal_id,
        "paternal_genotype": genotype(row.paternal_class_values),
    }


def map_subject(row: SubjectRow) -> MappedSubject:
    """The aind-data-schema ``Subject`` JSON for one row (``Mouse subject`` details)."""
    subject_genotype = genotype(row.class_values)
    details: dict[str, Any] = {
        "object_type": "Mouse subject",
        "sex": map_sex(row.sex),
        "date_of_birth": row.birth_date.isoformat() if row.birth_date else None,
        "strain": map_strain(row.group_description, row.group_name),
        "species": map_species(row.species_name),
        "alleles": [],
        "genotype": subject_genotype,
        "breeding_info": map_breeding_info(row),
        "housing": map_housing(row),
        # LabTracks is the institute's own colony: every animal in it was bred in house.
        "source": Organization.AI.model_dump(mode="json"),
    }
    document = {
        "object_type": "Subject",
        "subject_id": row.subject_id,
        "subject_details": details,
    }
    return MappedSubject(
        subject_id=row.subject_id,
        document=document,
        genotype=subject_genotype,
        breeding_group=row.maternal_group_name,
    )
