"""Funding, people and protocols (the Smartsheet funding and protocols sheets)."""

from __future__ import annotations

from typing import Any, ClassVar

import strawberry
from aind_data_schema.components.identifiers import Person as PersonModel
from aind_data_schema.core.data_description import Funding as FundingModel

from graphql_service.types.base import JSON, describe, field, json_field
from graphql_service.types.common import Organization
from graphql_service.types.document import DocumentType
from resolvers.reference import ProtocolInformation as ProtocolModel


@strawberry.type(name="Person", description=describe(PersonModel))
class Person(DocumentType):
    MODEL: ClassVar = PersonModel

    name: str | None = field(PersonModel, "name")
    registry: str | None = field(
        PersonModel, "registry", "The registry of `registry_identifier`: ORCID."
    )
    registry_identifier: str | None = field(
        PersonModel,
        "registry_identifier",
        "The person's ORCID iD; null when unknown (the funding sheet gives names only).",
    )
    json: JSON = json_field()


@strawberry.type(name="Funding", description=describe(FundingModel))
class Funding(DocumentType):
    MODEL: ClassVar = FundingModel
    EXTRAS: ClassVar = frozenset({"project_name", "subproject"})

    project_name: str | None = strawberry.field(
        description="The funding sheet's project this row belongs to (not in aind-data-schema)."
    )
    subproject: str | None = strawberry.field(
        description="The subproject, when the row is one (not in aind-data-schema)."
    )
    funder: Organization | None = field(
        FundingModel,
        "funder",
        "The funding institution: the aind-data-schema organization the sheet's "
        "institution names, else an organization carrying only the sheet's text "
        "(and the status says 406); null when the sheet gives none.",
    )
    grant_number: str | None = field(
        FundingModel,
        "grant_number",
        "The grant's number as the funding sheet gives it; null when none.",
    )
    fundee: list[Person] = field(FundingModel, "fundee")
    json: JSON = json_field()


@strawberry.type(name="ProtocolInformation", description=describe(ProtocolModel))
class ProtocolInformation(DocumentType):
    MODEL: ClassVar = ProtocolModel

    protocol_type: str | None = field(ProtocolModel, "protocol_type")
    procedure_name: str | None = field(ProtocolModel, "procedure_name")
    protocol_name: str | None = field(ProtocolModel, "protocol_name")
    doi: str | None = field(ProtocolModel, "doi")
    version: str | None = field(ProtocolModel, "version")
    json: JSON = json_field()


def funding_view(rows: list[Any]) -> list[Funding]:
    """FundingRow values (document + project) as GraphQL ``Funding``."""
    views = (
        Funding.from_document(
            row.document, project_name=row.project_name, subproject=row.subproject
        )
        for row in rows
    )
    return [view for view in views if view is not None]


def people_view(documents: list[dict[str, Any]]) -> list[Person]:
    return [person for person in map(Person.from_document, documents) if person is not None]


def protocols_view(protocols: list[ProtocolModel]) -> list[ProtocolInformation]:
    views = (ProtocolInformation.from_document(p.model_dump(mode="json")) for p in protocols)
    return [view for view in views if view is not None]
