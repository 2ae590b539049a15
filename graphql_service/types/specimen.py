"""Procedures on specimens (SLIMS histology): aind-data-schema 2.x ``SpecimenProcedure``."""

from __future__ import annotations

import datetime
from typing import ClassVar

import strawberry
from aind_data_schema.components import specimen_procedures as spec
from aind_data_schema_models.specimen_procedure_types import SpecimenProcedureType

from graphql_service.types.base import JSON, describe, field, json_field
from graphql_service.types.document import DocumentType


@strawberry.type(name="SpecimenProcedure", description=describe(spec.SpecimenProcedure))
class SpecimenProcedure(DocumentType):
    MODEL: ClassVar = spec.SpecimenProcedure
    # Reagents, probes and sectioning are a union of many kinds: json has them in full.
    JSON_ONLY: ClassVar = frozenset({"object_type", "procedure_details", "protocol_parameters"})

    procedure_type: SpecimenProcedureType | None = field(spec.SpecimenProcedure, "procedure_type")
    procedure_name: str | None = field(spec.SpecimenProcedure, "procedure_name")
    specimen_id: JSON | None = field(spec.SpecimenProcedure, "specimen_id")
    start_date: datetime.date | None = field(spec.SpecimenProcedure, "start_date")
    end_date: datetime.date | None = field(spec.SpecimenProcedure, "end_date")
    experimenters: list[str] | None = field(spec.SpecimenProcedure, "experimenters")
    protocol_id: list[str] | None = field(spec.SpecimenProcedure, "protocol_id")
    notes: str | None = field(spec.SpecimenProcedure, "notes")
    json: JSON = json_field()
