"""Flat types for aind-data-schema-models' "enum-like" classes and persistent identifiers.

Every Organization, Species and Strain value is its own pydantic class there; GraphQL sees one
small object type for each family instead.
"""

from __future__ import annotations

from typing import ClassVar

import strawberry
from aind_data_schema_models.organizations import OrganizationModel
from aind_data_schema_models.pid_names import PIDName as PIDNameModel
from aind_data_schema_models.species import SpeciesModel, StrainModel

from graphql_service.types.base import JSON, describe, field, json_field
from graphql_service.types.document import DocumentType


@strawberry.type(
    name="Organization",
    description="An organization as aind-data-schema-models lists it: a supplier, funder or "
    "institute, with its registry identifier where it has one.",
)
class Organization(DocumentType):
    MODEL: ClassVar = OrganizationModel

    name: str | None = field(
        OrganizationModel, "name", 'Full name of the organization, e.g. "Allen Institute".'
    )
    abbreviation: str | None = field(
        OrganizationModel,
        "abbreviation",
        'Short name of the organization, e.g. "AI"; null when it has none.',
    )
    registry: str | None = field(
        OrganizationModel,
        "registry",
        'The registry that identifies the organization, e.g. "Research '
        'Organization Registry (ROR)"; null when none does.',
    )
    registry_identifier: str | None = field(
        OrganizationModel,
        "registry_identifier",
        'The organization\'s identifier in `registry`, e.g. "03cpe7c52"; null when none.',
    )
    json: JSON = json_field()


@strawberry.type(
    name="Species",
    description="A species as aind-data-schema-models lists it, with its NCBI taxonomy "
    "identifier.",
)
class Species(DocumentType):
    MODEL: ClassVar = SpeciesModel

    name: str | None = field(
        SpeciesModel, "name", 'Scientific (Latin) name of the species, e.g. "Mus musculus".'
    )
    common_name: str | None = field(
        SpeciesModel, "common_name", 'Common name of the species, e.g. "House mouse".'
    )
    registry: str | None = field(
        SpeciesModel,
        "registry",
        'The registry that identifies the species, e.g. "National Center for '
        'Biotechnology Information (NCBI)".',
    )
    registry_identifier: str | None = field(
        SpeciesModel,
        "registry_identifier",
        'The species\' identifier in `registry`, e.g. "NCBI:txid10090".',
    )
    json: JSON = json_field()


@strawberry.type(
    name="Strain",
    description="A strain as aind-data-schema-models lists it, with its registry identifier "
    "where it has one.",
)
class Strain(DocumentType):
    MODEL: ClassVar = StrainModel

    name: str | None = field(StrainModel, "name", 'Name of the strain, e.g. "C57BL/6J".')
    species: str | None = field(
        StrainModel, "species", 'Scientific name of the strain\'s species, e.g. "Mus musculus".'
    )
    registry: str | None = field(
        StrainModel,
        "registry",
        'The registry that identifies the strain, e.g. "Mouse Genome Informatics '
        '(MGI)"; null when none does.',
    )
    registry_identifier: str | None = field(
        StrainModel,
        "registry_identifier",
        'The strain\'s identifier in `registry`, e.g. "MGI:3028467"; null when none.',
    )
    json: JSON = json_field()


@strawberry.type(name="PIDName", description=describe(PIDNameModel))
class PIDName(DocumentType):
    MODEL: ClassVar = PIDNameModel

    name: str | None = field(
        PIDNameModel, "name", "The name the identifier stands for, e.g. an allele symbol from MGI."
    )
    abbreviation: str | None = field(
        PIDNameModel, "abbreviation", "A short form of the name; null when there is none."
    )
    registry: str | None = field(
        PIDNameModel,
        "registry",
        'The registry issuing the identifier, e.g. "Mouse Genome Informatics (MGI)".',
    )
    registry_identifier: str | None = field(
        PIDNameModel,
        "registry_identifier",
        'The persistent identifier in `registry`, e.g. "MGI:3590684"; null when unknown.',
    )
    json: JSON = json_field()
