"""Shared helpers for the NSB 2023 mapping tests: synthetic fixtures and document lookups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from datasources.records import ProcedureRecord
from datasources.sharepoint.nsb2023.mapping import map_item

DATA = Path(__file__).parent / "data"
SUBJECT = "900001"


def fixture(name: str) -> dict[str, Any]:
    """A synthetic Graph ``fields`` object from tests/sharepoint_nsb2023/data."""
    loaded: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text())
    return loaded


def records(name: str, list_name: str = "nsb2023") -> list[ProcedureRecord]:
    return map_item(fixture(name), SUBJECT, list_name)


def by_session(found: list[ProcedureRecord]) -> dict[str, dict[str, Any]]:
    """Surgery documents keyed by the session the record belongs to."""
    return {record.extras["session"]: record.document for record in found}


def of_type(surgery: dict[str, Any], object_type: str) -> list[dict[str, Any]]:
    return [p for p in surgery["procedures"] if p["object_type"] == object_type]


def translations(transforms: list[dict[str, Any]]) -> list[list[float | None]]:
    return [t["translation"] for t in transforms if t["object_type"] == "Translation"]


def rotations(transforms: list[dict[str, Any]]) -> list[list[float | None]]:
    return [t["angles"] for t in transforms if t["object_type"] == "Rotation"]
