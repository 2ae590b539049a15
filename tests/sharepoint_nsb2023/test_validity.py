"""Well-formed requests map to documents that aind-data-schema 2.x accepts as they are."""

from __future__ import annotations

from typing import Any

import pytest
from aind_data_schema.components.subject_procedures import Surgery
from aind_data_schema.core.procedures import Procedures
from pydantic import ValidationError

from datasources.sharepoint.coordinates import COORDINATE_SYSTEM
from tests.sharepoint_nsb2023.helpers import SUBJECT, records

WELL_FORMED = ["fiber_photometry_two_sessions", "cranial_window_dhc"]


def _procedures(documents: list[dict[str, Any]]) -> Procedures:
    return Procedures(
        subject_id=SUBJECT,
        subject_procedures=documents,
        global_coordinate_system=COORDINATE_SYSTEM,
    )


@pytest.mark.parametrize("name", WELL_FORMED)
def test_well_formed_request_is_a_valid_procedures_document(name: str) -> None:
    documents = [record.document for record in records(name)]
    procedures = _procedures(documents)
    assert len(procedures.subject_procedures) == len(documents)


@pytest.mark.parametrize("name", WELL_FORMED)
def test_documents_are_in_the_schema_serialised_shape(name: str) -> None:
    for record in records(name):
        canonical = Surgery.model_validate(record.document).model_dump(mode="json")
        assert record.document == canonical


def test_missing_values_are_left_for_validation_to_report() -> None:
    # The 5 mm window has no position on the form; the mapping must not invent one.
    documents = [record.document for record in records("spinal_and_grid")]
    with pytest.raises(ValidationError) as caught:
        _procedures(documents)
    messages = " ".join(error["msg"] for error in caught.value.errors())
    assert "Craniotomy.position must be provided" in messages
