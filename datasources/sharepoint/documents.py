"""Small builders shared by the SharePoint mappings for aind-data-schema 2.x JSON documents.

Mappings build plain dicts in the shape ``model_dump(mode="json")`` produces, so that one bad
value stays visible as ``None`` where it belongs instead of losing the whole procedure. When the
dict validates, ``normalise`` replaces it with the library's own serialisation (defaults and
units filled in exactly as aind-data-schema writes them).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from datasources.sharepoint.parsers import parse_datetime

__all__ = [
    "anaesthetic",
    "as_date",
    "as_float",
    "ethics_review_id",
    "experimenters",
    "item_label",
    "normalise",
]

_PROTOCOL = re.compile(r"^\s*(\d{3,5})\b")


def item_label(fields: object) -> str:
    """How a status names a list item: its id, else its title (never other values)."""
    if not isinstance(fields, Mapping):
        return "an item"
    for key in ("id", "ID"):
        value = fields.get(key)
        if isinstance(value, int | str) and str(value).strip():
            return f"item {str(value).strip()}"
    title = fields.get("Title")
    return f"item {title.strip()!r}" if isinstance(title, str) and title.strip() else "an item"


def as_float(value: Decimal | int | float | None) -> float | None:
    """A JSON number for a parsed value (Decimal is not JSON)."""
    return None if value is None else float(value)


def as_date(text: object) -> str | None:
    """The ISO date of a SharePoint date column (stored as local midnight in UTC)."""
    moment = parse_datetime(text)
    return None if moment is None else moment.date().isoformat()


def ethics_review_id(text: str | None) -> str | None:
    """The IACUC protocol number: "2212 - Investigating Brain States" -> "2212"."""
    if text is None:
        return None
    match = _PROTOCOL.match(text)
    return match[1] if match else text.strip() or None


def experimenters(prefix: str, author_id: int | None) -> list[str] | None:
    """The anonymous experimenter id the lists allow: the author of the request ("NSB-187").

    The lists do not name the surgeon; the 1.x service wrote "<list>-<author id>". A missing
    author gives None (the NSB mapping then names the team, as 1.x did).
    """
    return None if author_id is None else [f"{prefix}-{author_id}"]


def anaesthetic(duration_minutes: Decimal | None, level: Decimal | None) -> dict[str, Any] | None:
    """Isoflurane anaesthesia (the only anaesthetic these forms record), when anything is known.

    2.x requires a duration; a known level with an unknown duration keeps ``duration: None`` so
    that validation reports the gap instead of the level being dropped.
    """
    if duration_minutes is None and level is None:
        return None
    return {
        "object_type": "Anaesthetic",
        "anaesthetic_type": "isoflurane",
        "duration": as_float(duration_minutes),
        "duration_unit": "minute",
        "level": as_float(level),
    }


def normalise(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """The library's JSON for ``data`` when it validates as ``model``, else ``data`` unchanged."""
    try:
        with warnings.catch_warnings():
            # Deprecation notes about coordinate systems are not the mapping's concern.
            warnings.simplefilter("ignore")
            return model.model_validate(data).model_dump(mode="json")
    except (ValidationError, ValueError, TypeError):
        return data
