"""Flat types for aind-data-schema-models' "enum-like" classes and persistent identifiers.

Every Organization, Species and Strain value is its own pydantic class there; GraphQL sees one
small object type for each family instead.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar, cast

import strawberry
from aind_data_schema_models.organizations import OrganizationModel
from aind_data_schema_models.pid_names import PIDName as PIDNameModel
from aind_data_schema_models.species import SpeciesModel, StrainModel
from pydantic import BaseModel

from graphql_service.types.base import JSON, describe, field, json_field

Flat = TypeVar("Flat", bound="FlatDocument")


class FlatDocument:
    """A type whose GraphQL fields are exactly its model's scalar fields, plus ``json``."""

    MODEL: ClassVar[type[BaseModel]]
    JSON_ONLY: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def from_document(cls: type[Flat], doc: Any) -> Flat | None:
        if not isinstance(doc, dict):
            return None
        names = (name for name in cls.MODEL.model_fields if name not in cls.JSON_ONLY)
        values = {name: doc.get(name) for name in names}
        return cast(Any, cls)(**values, json=JSON(doc))  # fields come from the model


@strawberry.type(name="Organization", description="An organization (aind-data-schema-models).")
class Organization(FlatDocument):
    MODEL: ClassVar[type[OrganizationModel]] = OrganizationModel

    name: str | None = field(OrganizationModel, "name")
    abbreviation: str | None = field(OrganizationModel, "abbreviation")
    registry: str | None = field(OrganizationModel, "registry")
    registry_identifier: str | None = field(OrganizationModel, "registry_identifier")
    json: JSON = json_field()


@strawberry.type(name="Species", description="A species (aind-data-schema-models).")
class Species(FlatDocument):
    MODEL: ClassVar[type[SpeciesModel]] = SpeciesModel

    name: str | None = field(SpeciesModel, "name")
    common_name: str | None = field(SpeciesModel, "common_name")
    registry: str | None = field(SpeciesModel, "registry")
    registry_identifier: str | None = field(SpeciesModel, "registry_identifier")
    json: JSON = json_field()


@strawberry.type(name="Strain", description="A strain (aind-data-schema-models).")
class Strain(FlatDocument):
    MODEL: ClassVar[type[StrainModel]] = StrainModel

    name: str | None = field(StrainModel, "name")
    species: str | None = field(StrainModel, "species")
    registry: str | None = field(StrainModel, "registry")
    registry_identifier: str | None = field(StrainModel, "registry_identifier")
    json: JSON = json_field()


@strawberry.type(name="PIDName", description=describe(PIDNameModel))
class PIDName(FlatDocument):
    MODEL: ClassVar[type[PIDNameModel]] = PIDNameModel

    name: str | None = field(PIDNameModel, "name")
    abbreviation: str | None = field(PIDNameModel, "abbreviation")
    registry: str | None = field(PIDNameModel, "registry")
    registry_identifier: str | None = field(PIDNameModel, "registry_identifier")
    json: JSON = json_field()
