"""Small helpers shared by the hand-written types: descriptions and value conversion."""

from __future__ import annotations

import datetime
import inspect
import re
from enum import Enum
from typing import Any, TypeVar

import strawberry
from pydantic import BaseModel
from strawberry.scalars import JSON

__all__ = [
    "JSON",
    "as_date",
    "as_enum",
    "as_time",
    "describe",
    "field",
    "json_field",
    "kind_field",
    "says_more_than_name",
]

E = TypeVar("E", bound=Enum)

JSON_DESCRIPTION = "The whole node as aind-data-schema serialises it (JSON)."
KIND_DESCRIPTION = 'The kind of node, as aind-data-schema names it (e.g. "Brain injection").'


def describe(
    model: type[BaseModel], name: str | None = None, ours: str | None = None
) -> str | None:
    """A model's docstring; or the description of its field ``name``.

    A field is described by aind-data-schema's own description, followed by ``ours`` when given,
    else by ``ours`` alone. Pydantic titles are never used: they only spell the field's name
    ("Sex"), so a field whose model says nothing more needs a description of ours.
    """
    if name is None:
        return inspect.cleandoc(model.__doc__ or "") or None
    theirs = model.model_fields[name].description
    if theirs is None or not says_more_than_name(name, theirs):
        return ours
    if ours is None:
        return theirs
    return f"{theirs if theirs.endswith('.') else theirs + '.'} {ours}"


def says_more_than_name(name: str, description: str | None) -> bool:
    """False for an empty description or one that only spells the name ("Registry identifier"
    for ``registry_identifier``)."""
    return bool(description and description.strip()) and _letters(description) != _letters(name)


def _letters(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def field(model: type[BaseModel], name: str, ours: str | None = None) -> Any:
    """A GraphQL field described by ``describe(model, name, ours)``."""
    return strawberry.field(description=describe(model, name, ours))


def json_field() -> Any:
    return strawberry.field(description=JSON_DESCRIPTION)


def kind_field() -> Any:
    return strawberry.field(description=KIND_DESCRIPTION)


def as_enum(enum: type[E], value: Any) -> E | None:
    """An enum member, or None for a value the enum does not know (possible in a 406 record)."""
    try:
        return enum(value) if value is not None else None
    except ValueError:
        return None


def as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def as_time(value: Any) -> datetime.time | None:
    if isinstance(value, datetime.time):
        return value
    try:
        return datetime.time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
