"""Small helpers shared by the hand-written types: descriptions and value conversion."""

from __future__ import annotations

import datetime
import inspect
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
]

E = TypeVar("E", bound=Enum)

JSON_DESCRIPTION = "The whole node as aind-data-schema serialises it (JSON)."
KIND_DESCRIPTION = 'The kind of node, as aind-data-schema names it (e.g. "Brain injection").'


def describe(model: type[BaseModel], name: str | None = None) -> str | None:
    """A model's docstring, or one field's description (falling back to its title)."""
    if name is None:
        return inspect.cleandoc(model.__doc__ or "") or None
    info = model.model_fields[name]
    return info.description or info.title


def field(model: type[BaseModel], name: str) -> Any:
    """A GraphQL field carrying the description of ``model.name``."""
    return strawberry.field(description=describe(model, name))


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
