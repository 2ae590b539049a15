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


@strawberry.type(name="Organization", description="An organization (aind-data-schema-models).")
class Organization(DocumentType):
    MODEL: ClassVar = OrganizationModel

    name: str | None = field(OrganizationModel, "name")
    abbreviation: str | None = field(OrganizationModel, "abbreviation")
    registry: str | None = field(OrganizationModel, "registry")
    registry_identifier: str | None = field(OrganizationModel, "registry_identifier")
    json: JSON = json_field()


@strawberry.type(name="Species", description="A species (aind-data-schema-models).")
class Species(DocumentType):
    MODEL: ClassVar = SpeciesModel

    name: str | None = field(SpeciesModel, "name")
    common_name: str | None = field(SpeciesModel, "common_name")
    registry: str | None = field(SpeciesModel, "registry")
    registry_identifier: str | None = field(SpeciesModel, "registry_identifier")
    json: JSON = json_field()


@strawberry.type(name="Strain", description="A strain (aind-data-schema-models).")
class Strain(DocumentType):
    MODEL: ClassVar = StrainModel

    name: str | None = field(StrainModel, "name")
    species: str | None = field(StrainModel, "species")
    registry: str | None = field(StrainModel, "registry")
    registry_identifier: str | None = field(StrainModel, "registry_identifier")
    json: JSON = json_field()


@strawberry.type(name="PIDName", description=describe(PIDNameModel))
class PIDName(DocumentType):
    MODEL: ClassVar = PIDNameModel

    name: str | None = field(PIDNameModel, "name")
    abbreviation: str | None = field(PIDNameModel, "abbreviation")
    registry: str | None = field(PIDNameModel, "registry")
    registry_identifier: str | None = field(PIDNameModel, "registry_identifier")
    json: JSON = json_field()
