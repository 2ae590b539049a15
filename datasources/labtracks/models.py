"""LabTracks rows as the database hands them over, read tolerantly.

Drivers disagree on types: SQL Server numeric ids may arrive as ``int`` or ``Decimal``, SQLite
returns ``TIMESTAMP`` columns as text, PostgreSQL as ``datetime``. The validators here reduce
each column to one Python type so the mapping never has to care which backend answered. A value
that cannot be read becomes ``None`` rather than failing the row: aind-data-schema validation
reports the gap later, and the other fields of the row still reach the caller.
"""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

_INTEGRAL = re.compile(r"^[+-]?\d+(?:\.0*)?$")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            value = raw.decode("utf-16", errors="replace")
        else:
            value = raw.decode("utf-8", errors="replace")
    text = str(value).strip()
    return text or None


def _identifier(value: Any) -> str | None:
    """Ids as canonical decimal strings: 650101, Decimal('650101'), '650101.0' -> '650101'."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        try:
            if value == int(value):
                return str(int(value))
        except (ValueError, OverflowError, InvalidOperation):
            return None
        return str(value)
    text = _text(value)
    if text is not None and _INTEGRAL.match(text):
        return str(int(text.split(".")[0]))
    return text


def _date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if text is None:
        return None
    try:
        # SQLite snapshots hold '2024-03-05', '2024-03-05 00:00:00' or '2024-03-05T00:00:00.000'.
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


# Row keys: the queries match or join on them, so they are never null.
SubjectId = Annotated[str, BeforeValidator(_identifier)]
TaskId = Annotated[str, BeforeValidator(_identifier)]
Identifier = Annotated[str | None, BeforeValidator(_identifier)]
Text = Annotated[str | None, BeforeValidator(_text)]
Day = Annotated[date | None, BeforeValidator(_date)]
BirthDate = Day


class SubjectRow(BaseModel):
    """One row of :func:`datasources.labtracks.queries.subjects` (upper-case column names)."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    subject_id: SubjectId = Field(alias="ID")
    class_values: Text = Field(default=None, alias="CLASS_VALUES")
    sex: Text = Field(default=None, alias="SEX")
    birth_date: BirthDate = Field(default=None, alias="BIRTH_DATE")
    maternal_index: Identifier = Field(default=None, alias="MATERNAL_INDEX")
    maternal_id: Identifier = Field(default=None, alias="MATERNAL_ID")
    maternal_class_values: Text = Field(default=None, alias="MATERNAL_CLASS_VALUES")
    paternal_index: Identifier = Field(default=None, alias="PATERNAL_INDEX")
    paternal_id: Identifier = Field(default=None, alias="PATERNAL_ID")
    paternal_class_values: Text = Field(default=None, alias="PATERNAL_CLASS_VALUES")
    species_name: Text = Field(default=None, alias="SPECIES_NAME")
    # The subject's own group, and the group of its mother's row (0.24's "breeding group").
    group_name: Text = Field(default=None, alias="GROUP_NAME")
    group_description: Text = Field(default=None, alias="GROUP_DESCRIPTION")
    maternal_group_name: Text = Field(default=None, alias="MATERNAL_GROUP_NAME")
    cage_id: Identifier = Field(default=None, alias="CAGE_ID")
    room_id: Identifier = Field(default=None, alias="ROOM_ID")


class FoundRow(BaseModel):
    """One row of :func:`datasources.labtracks.search.page_statement`: an animal's id."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    subject_id: SubjectId = Field(alias="ID")


class TaskRow(BaseModel):
    """One row of :func:`datasources.labtracks.queries.tasks`: a task and one of its animals."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    task_id: TaskId = Field(alias="TASK_ID")
    subject_id: SubjectId = Field(alias="SUBJECT_ID")
    type_name: Text = Field(default=None, alias="TYPE_NAME")
    task_status: Text = Field(default=None, alias="TASK_STATUS")
    date_start: Day = Field(default=None, alias="DATE_START")
    date_end: Day = Field(default=None, alias="DATE_END")
    investigator_id: Identifier = Field(default=None, alias="INVESTIGATOR_ID")
    # Read only where the database has the column (an optional one); otherwise None.
    task_description: Text = Field(default=None, alias="TASK_DESCRIPTION")
    protocol_number: Identifier = Field(default=None, alias="PROTOCOL_NUMBER")
