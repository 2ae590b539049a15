"""aind-data-schema's plain Enums, registered as GraphQL enums under their own names.

Strawberry registers an existing Enum class in place, so the types annotate fields with the
aind-data-schema classes themselves and values pass through unchanged.
"""

from __future__ import annotations

import inspect
from enum import Enum

import strawberry
from aind_data_schema.components import injection_procedures, subjects, surgery_procedures
from aind_data_schema_models import coordinates, specimen_procedure_types, units

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

for _enum in REGISTERED:
    strawberry.enum(_enum, name=_enum.__name__, description=inspect.cleandoc(_enum.__doc__ or ""))
