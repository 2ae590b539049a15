"""Shared pieces of the SharePoint mapping tests: fixtures on disk, validation, references."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from aind_data_schema.core.procedures import Procedures

from datasources.sharepoint.coordinates import COORDINATE_SYSTEM

DATA = Path(__file__).resolve().parent / "data"
REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"


def fixture(name: str) -> dict[str, Any]:
    """One synthetic list item's ``fields`` from ``data/``."""
    loaded: dict[str, Any] = json.loads((DATA / name).read_text())
    return loaded


def reference_dir(*parts: str) -> Path:
    """A folder of the shared reference records, or skip the test when it is not there."""
    folder = REFERENCE.joinpath(*parts)
    if not folder.is_dir():
        pytest.skip(f"reference records not available at {folder}")
    return folder


def validate(subject_id: str, document: dict[str, Any]) -> Procedures:
    """Validate one subject procedure as aind-data-schema 2.x, the way the merge will.

    A bare ``Injection`` only warns in 2.x; here that warning is an error, because every
    mapping must wrap its injections.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        # aind-data-schema's own validators touch its deprecated coordinate-system field.
        warnings.simplefilter("ignore", DeprecationWarning)
        return Procedures(
            subject_id=subject_id,
            subject_procedures=[document],
            global_coordinate_system=COORDINATE_SYSTEM,
        )


def procedures_of(document: dict[str, Any], object_type: str) -> list[dict[str, Any]]:
    """The surgery's procedures of one 2.x type ("Headframe", "Brain injection"...)."""
    return [p for p in document.get("procedures", []) if p.get("object_type") == object_type]
