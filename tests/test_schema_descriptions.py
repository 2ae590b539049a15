"""Every type, field, argument and enum value of the schema says something beyond its name."""

from __future__ import annotations

import re
from enum import Enum

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)
from strawberry.schema.config import StrawberryConfig

from graphql_service.schema import build_schema
from graphql_service.types.enums import REGISTERED


def _words(text: str) -> str:
    """Letters and digits only, lower case: "Registry identifier" and `registry_identifier`
    read the same."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _says_nothing(name: str, description: str | None) -> bool:
    return not (description or "").strip() or _words(description or "") == _words(name)


def undocumented(schema: GraphQLSchema) -> list[str]:
    """Schema coordinates (``Type``, ``Type.field``, ``Type.field(arg:)``, ``Enum.VALUE``) whose
    description is empty or only repeats the name."""
    found: list[str] = []
    for name, kind in schema.type_map.items():
        if name.startswith("__"):
            continue
        if _says_nothing(name, kind.description):
            found.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                if _says_nothing(field_name, field.description):
                    found.append(f"{name}.{field_name}")
                found.extend(
                    f"{name}.{field_name}({arg_name}:)"
                    for arg_name, arg in field.args.items()
                    if _says_nothing(arg_name, arg.description)
                )
        elif isinstance(kind, GraphQLInputObjectType):
            found.extend(
                f"{name}.{field_name}"
                for field_name, field in kind.fields.items()
                if _says_nothing(field_name, field.description)
            )
        elif isinstance(kind, GraphQLEnumType):
            found.extend(
                f"{name}.{value_name}"
                for value_name, value in kind.values.items()
                if _says_nothing(value_name, value.description)
            )
    return sorted(found)


def test_nothing_in_the_schema_is_undescribed_or_described_by_its_name() -> None:
    missing = undocumented(build_schema()._schema)
    assert not missing, f"{len(missing)} without a real description:\n" + "\n".join(missing)


@strawberry.type(name="Made", description="A made-up type.")
class _Made:
    registry_identifier: str = strawberry.field(description="Registry identifier")
    notes: str = strawberry.field(description="")
    sex: str = strawberry.field(description="The subject's sex.")


@strawberry.enum(name="Kind", description="A made-up enum.")
class _Kind(Enum):
    FEMALE = strawberry.enum_value("Female", description="Female")
    MALE = strawberry.enum_value("Male", description='"Male" in aind-data-schema JSON.')


@strawberry.type(name="Root", description="The root.")
class _Root:
    @strawberry.field(description="One made-up thing.")
    def made(self, subject_id: str, kind: _Kind) -> _Made:
        return _Made(registry_identifier="", notes="", sex="")


def test_a_name_only_or_missing_description_is_found() -> None:
    schema = strawberry.Schema(query=_Root, config=StrawberryConfig(auto_camel_case=False))
    assert undocumented(schema._schema) == [
        "Kind.FEMALE",
        "Made.notes",
        "Made.registry_identifier",
        "Root.made(kind:)",
        "Root.made(subject_id:)",
    ]


def test_enum_values_name_the_aind_data_schema_value() -> None:
    """A client reading `json` meets the value ("nanoliter"), not the GraphQL name (NL)."""
    schema = build_schema()._schema
    for enum in REGISTERED:
        kind = schema.get_type(enum.__name__)
        assert isinstance(kind, GraphQLEnumType), enum.__name__
        member: Enum
        for member in enum:
            description = kind.values[member.name].description or ""
            assert f'"{member.value}"' in description, f"{enum.__name__}.{member.name}"
