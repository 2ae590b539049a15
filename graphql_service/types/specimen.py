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

    procedure_type: SpecimenProcedureType | None = field(
        spec.SpecimenProcedure,
        "procedure_type",
        "Kind of procedure, e.g. DELIPIDATION or IMMUNOLABELING.",
    )
    procedure_name: str | None = field(
        spec.SpecimenProcedure,
        "procedure_name",
        "Name of the procedure within its type, as SLIMS names it; null when it has none.",
    )
    specimen_id: JSON | None = field(
        spec.SpecimenProcedure,
        "specimen_id",
        "The specimen(s) the procedure was applied to: one id or a list of ids (JSON).",
    )
    start_date: datetime.date | None = field(
        spec.SpecimenProcedure,
        "start_date",
        "The day the procedure started (from SLIMS: its first wash step's start, in UTC).",
    )
    end_date: datetime.date | None = field(
        spec.SpecimenProcedure,
        "end_date",
        "The day the procedure ended (from SLIMS: its last wash step's end, in UTC).",
    )
    experimenters: list[str] | None = field(
        spec.SpecimenProcedure,
        "experimenters",
        "Who performed the procedure (from SLIMS: the users who recorded its wash steps).",
    )
    protocol_id: list[str] | None = field(spec.SpecimenProcedure, "protocol_id")
    notes: str | None = field(
        spec.SpecimenProcedure,
        "notes",
        "Free-text notes on the procedure; null when there are none.",
    )
    json: JSON = json_field()
