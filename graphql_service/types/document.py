"""The base of every hand-written type: a GraphQL view of one aind-data-schema JSON document.

A type declares its GraphQL fields with the same names as its model's fields; ``from_document``
fills them by walking the declared field types (lists, optionals, interfaces, enums, dates,
nested document types), so the declarations stay the single description of each type.

Documents of several kinds (aind-data-schema's discriminated unions) are GraphQL interfaces
rather than unions, so fields every kind has (``object_type``, ``json``, ...) can be asked for
without a fragment per kind; ``of_kind`` picks the implementing type by ``object_type``.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar, Self

from pydantic import BaseModel
from strawberry.scalars import JSON
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition

from graphql_service.types.base import as_date, as_enum, as_time


class DocumentType:
    """Mixin for strawberry types mirroring ``MODEL``.

    ``JSON_ONLY``: model fields deliberately left to ``json``. ``EXTRAS``: GraphQL-only fields
    (not in the model), filled from ``from_document``'s keyword arguments. ``FALLBACK``: among an
    interface's implementations, the one that shows documents of a kind no other one mirrors.
    """

    MODEL: ClassVar[type[BaseModel]]
    JSON_ONLY: ClassVar[frozenset[str]] = frozenset({"object_type"})
    EXTRAS: ClassVar[frozenset[str]] = frozenset()
    FALLBACK: ClassVar[bool] = False

    @classmethod
    def from_document(cls, doc: Any, **extras: Any) -> Self | None:
        if not isinstance(doc, dict):
            return None
        values: dict[str, Any] = {"json": JSON(doc)}
        for name, kind in _fields(cls):
            values[name] = extras.get(name) if name in cls.EXTRAS else convert(kind, doc.get(name))
        return cls(**values)


_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, GraphQL type) of each stored field (not ``json``, not resolved); read once."""
    if cls not in _FIELDS:
        fields = cls.__strawberry_definition__.fields  # type: ignore[attr-defined]
        _FIELDS[cls] = tuple(
            (f.python_name, f.type)
            for f in fields
            if f.python_name != "json" and f.base_resolver is None
        )
    return _FIELDS[cls]


def convert(kind: Any, value: Any) -> Any:
    """``value`` from a JSON document, as the GraphQL field of type ``kind`` returns it.

    A value that does not fit (possible in a record that fails validation) becomes None rather
    than an error: the status already reports the record as invalid.
    """
    if isinstance(kind, StrawberryOptional):
        return None if value is None else convert(kind.of_type, value)
    if isinstance(kind, StrawberryList):
        items = (convert(kind.of_type, item) for item in value) if isinstance(value, list) else ()
        return [item for item in items if item is not None]
    if is_interface(kind):
        return of_kind(kind, value)
    if isinstance(kind, StrawberryEnumDefinition):
        return as_enum(kind.wrapped_cls, value)
    if kind is datetime.date:
        return as_date(value)
    if kind is datetime.time:
        return as_time(value)
    if isinstance(kind, type) and issubclass(kind, DocumentType):
        return kind.from_document(value)
    return value


def is_interface(kind: Any) -> bool:
    definition = getattr(kind, "__strawberry_definition__", None)
    return bool(definition is not None and definition.is_interface)


_IMPLEMENTATIONS: dict[type, tuple[type[DocumentType], ...]] = {}


def implementations(interface: type) -> tuple[type[DocumentType], ...]:
    """The document types implementing ``interface``, in definition order.

    The schema must be told about them: a field typed as an interface does not lead
    graphql-core to its implementations the way a union's member list does.
    """
    if interface not in _IMPLEMENTATIONS:
        found: list[type[DocumentType]] = []
        pending: list[type] = list(interface.__subclasses__())
        while pending:
            sub = pending.pop(0)
            if issubclass(sub, DocumentType) and not is_interface(sub):
                found.append(sub)
            pending.extend(sub.__subclasses__())
        _IMPLEMENTATIONS[interface] = tuple(found)
    return _IMPLEMENTATIONS[interface]


def of_kind(interface: type, doc: Any, **extras: Any) -> Any:
    """``doc`` as the implementation of ``interface`` whose model has its ``object_type``, else
    as the fallback implementation, else None (a kind this service does not show)."""
    if not isinstance(doc, dict):
        return None
    members = implementations(interface)
    kind = doc.get("object_type")
    for member in members:
        if not member.FALLBACK and member.MODEL.model_fields["object_type"].default == kind:
            return member.from_document(doc, **extras)
    fallback = next((member for member in members if member.FALLBACK), None)
    return fallback.from_document(doc, **extras) if fallback else None
