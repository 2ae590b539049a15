"""Scalar facts of a JSON document, and how an old fact is found among new ones."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from datasources.sharepoint.parsers import parse_alternating
from datasources.smartsheet.funding import split_people
from datasources.smartsheet.protocols import normalise_doi


class Outcome(StrEnum):
    KEPT = "kept"
    NORMALISED = "normalised"
    REMOVED = "removed in 2.x"
    LOST = "lost"


#: Fields that say what a value is, not a fact about the subject (units, kinds, shapes).
STRUCTURAL = frozenset({"procedure_type", "object_type", "material_type", "device_type"})

#: 1.x fields with no place in aind-data-schema 2.x, and why nothing else holds them.
REMOVED_IN_2X: dict[str, str] = {
    "injection_coordinate_reference": (
        "2.x injections carry a coordinate system (BREGMA_ARI) instead of a reference point"
    ),
    "stereotactic_coordinate_reference": (
        "2.x implants carry a coordinate system (BREGMA_ARI) instead of a reference point"
    ),
    "craniotomy_coordinates_reference": "2.x craniotomies have coordinates, no reference point",
    "instrument_id": "2.x BrainInjection has no instrument id",
    "recovery_time": "2.x Surgery has no recovery time (kept beside the document)",
}

_COORDINATES = frozenset(
    {
        "injection_coordinate_ml",
        "injection_coordinate_ap",
        "injection_coordinate_depth",
        "stereotactic_coordinate_ml",
        "stereotactic_coordinate_ap",
        "stereotactic_coordinate_dv",
        "bregma_to_lambda_distance",
    }
)

#: 1.x craniotomy types -> what 2.x writes for them (type, size in mm).
CRANIOTOMY_TYPES: dict[str, tuple[str, ...]] = {
    "visual cortex": ("circle", "5"),
    "3 mm": ("circle", "3"),
    "5 mm": ("circle", "5"),
    "whole hemisphere craniotomy": ("whole hemisphere craniotomy",),
    "whc np": ("whole hemisphere craniotomy",),
    "dhc": ("dual hemisphere craniotomy",),
}


@dataclass(frozen=True, slots=True)
class Fact:
    field: str
    value: Any

    def __str__(self) -> str:
        return f"{self.field}={self.value!r}"


def scalar_facts(document: Any, skip: frozenset[str] = frozenset()) -> Iterator[Fact]:
    """Every non-empty scalar under ``document``, named by its innermost field."""
    yield from _walk(document, "", skip)


def _walk(value: Any, name: str, skip: frozenset[str]) -> Iterator[Fact]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in skip:
                yield from _walk(inner, key, skip)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner, name, skip)
    elif value is not None and value != "":
        if name in STRUCTURAL or name.endswith("_unit"):
            return
        yield Fact(name, value)


def normal(value: Any) -> str:
    """One comparable text: numbers as plain decimals, text folded."""
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return " ".join(text.casefold().split())
    if not number.is_finite():
        return text.casefold()
    return format(number.normalize(), "f")


@dataclass
class Found:
    """The new side of one comparison: normalised scalars and the free texts (notes...)."""

    values: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, *documents: Any) -> Found:
        found = cls()
        for document in documents:
            for fact in scalar_facts(document):
                found.values.add(normal(fact.value))
                if isinstance(fact.value, str) and len(fact.value) > 12:
                    found.texts.append(fact.value.casefold())
        return found


def classify(fact: Fact, found: Found) -> tuple[Outcome, str]:
    """Whether ``fact`` is among ``found``, and the rule or reason when not as written."""
    value = normal(fact.value)
    if value in found.values:
        return Outcome.KEPT, ""
    if fact.field in _COORDINATES and value.startswith("-") and value[1:] in found.values:
        return Outcome.NORMALISED, "sign carried by the hemisphere / inferior axis (2.x)"
    if fact.field in _COORDINATES and f"-{value}" in found.values:
        return Outcome.NORMALISED, "sign of a 2.x coordinate axis (depth inferior, lambda -AP)"
    if fact.field == "alternating_current":
        parsed = parse_alternating(str(fact.value))
        if parsed and normal(parsed) in found.values:
            return Outcome.NORMALISED, "'7/7' written as '7s on/7s off'"
    if fact.field == "craniotomy_type":
        written = CRANIOTOMY_TYPES.get(value, ())
        if written and all(part in found.values for part in written):
            return Outcome.NORMALISED, "1.x craniotomy type as a 2.x type and size"
    if fact.field == "experimenter_full_name" and any(
        other.startswith(f"{value}-") for other in found.values
    ):
        return Outcome.NORMALISED, "surgeon's id added where the request names one"
    if fact.field == "type" and value == "isoflurane":
        return Outcome.NORMALISED, (
            "1.x wrote its constant 'isoflurane' for every surgery; 2.x anaesthesia is written "
            "when the request records a duration or level"
        )
    if fact.field in ("Fundees", "Investigators"):
        people = split_people(str(fact.value))
        if people and all(normal(person) in found.values for person in people):
            return Outcome.NORMALISED, "a list of people as one Person each"
    if fact.field == "DOI":
        doi = normalise_doi(str(fact.value))
        if doi and normal(doi) in found.values:
            return Outcome.NORMALISED, "DOI written as one canonical form"
    if fact.field == "iacuc protocol":
        number = value.split()[0] if value else ""
        if number.isdigit() and number in found.values:
            return Outcome.NORMALISED, "IACUC protocol as its number, without its title"
    if isinstance(fact.value, str) and any(value in text for text in found.texts):
        return Outcome.NORMALISED, "kept in notes (no 2.x field holds it)"
    if fact.field in REMOVED_IN_2X:
        return Outcome.REMOVED, f"{fact.field}: {REMOVED_IN_2X[fact.field]}"
    return Outcome.LOST, ""
