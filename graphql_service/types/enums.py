"""aind-data-schema's plain Enums, registered as GraphQL enums under their own names.

Strawberry registers an existing Enum class in place, so the types annotate fields with the
aind-data-schema classes themselves and values pass through unchanged. GraphQL shows a member's
name (``NL``) where aind-data-schema JSON has its value ("nanoliter"): each GraphQL value's
description gives that value, which is what a client finds in `json`.
"""

from __future__ import annotations

import inspect
from enum import Enum

import strawberry
from aind_data_schema.components import injection_procedures, subjects, surgery_procedures
from aind_data_schema_models import coordinates, specimen_procedure_types, units
from strawberry.types.enum import StrawberryEnumDefinition

from graphql_service.types.base import says_more_than_name

REGISTERED: tuple[type[Enum], ...] = (
    subjects.Sex,
    subjects.MatingStatus,
    subjects.HomeCageEnrichment,
    units.MassUnit,
    units.TimeUnit,
    units.SizeUnit,
    units.VolumeUnit,
    units.CurrentUnit,
    units.UnitlessUnit,
    surgery_procedures.CraniotomyType,
    surgery_procedures.ProtectiveMaterial,
    surgery_procedures.HeadframeMaterial,
    coordinates.AnatomicalRelative,
    injection_procedures.InjectionProfile,
    injection_procedures.VirusPrepType,
    specimen_procedure_types.SpecimenProcedureType,
)

#: Ours, for the enums whose docstring only repeats their name.
OWN_DESCRIPTIONS: dict[type[Enum], str] = {
    injection_procedures.InjectionProfile: (
        "How an injection was delivered over time: all at once (bolus), continuously, or in "
        "pulses."
    ),
}


def value_description(member: Enum) -> str:
    """What a GraphQL enum value stands for in aind-data-schema JSON."""
    return f'"{member.value}" in aind-data-schema JSON.'


def _register(enum: type[Enum]) -> None:
    docstring = inspect.cleandoc(enum.__doc__ or "")
    description = (
        docstring if says_more_than_name(enum.__name__, docstring) else OWN_DESCRIPTIONS[enum]
    )
    strawberry.enum(enum, name=enum.__name__, description=description)
    definition: StrawberryEnumDefinition = enum.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        value.description = value_description(enum[value.name])


for _enum in REGISTERED:
    _register(_enum)
