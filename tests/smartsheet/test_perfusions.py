"""Perfusions sheet rows to aind-data-schema 2.x Surgery documents holding a Perfusion."""

from __future__ import annotations

from typing import Any

import pytest
from aind_data_schema.components.subject_procedures import Surgery
from pydantic import ValidationError

from datasources.smartsheet import map_perfusions, parse_sheet
from datasources.smartsheet.perfusions import (
    PERFUSION_PROTOCOL,
    SOURCE,
    PerfusionsSheetError,
    canonical_id,
)
from tests.servers.smartsheet import sheet
from tests.smartsheet.conftest import PERFUSION_TITLES, perfusions_sheet


def error_fields(document: dict[str, Any]) -> set[str]:
    try:
        Surgery.model_validate(document)
    except ValidationError as error:
        return {".".join(str(part) for part in item["loc"]) for item in error.errors()}
    return set()


def perfusions(subject_ids: list[str], body: dict[str, Any] | None = None) -> list[Any]:
    return map_perfusions(parse_sheet(body or perfusions_sheet(), "perfusions"), subject_ids)


def test_a_complete_row_is_a_valid_surgery_with_its_facts() -> None:
    (record,) = perfusions(["700201"])

    assert record.subject_id == "700201"
    assert record.source == SOURCE == "smartsheet.perfusions"
    assert str(record.key).startswith("smartsheet.perfusions:row:")
    assert record.extras == {"postfix_solution": "1xPBS"}
    document = record.document
    assert error_fields(document) == set()
    assert document["object_type"] == "Surgery"
    assert document["start_date"] == "2025-03-04"
    assert document["experimenters"] == ["Test Person One"]
    assert document["ethics_review_id"] == "2304"  # the number, not the protocol's title
    assert document["animal_weight_prior"] == 21.5
    assert document["weight_unit"] == "gram"
    assert document["notes"] == "Clean"
    assert document["procedures"] == [
        {
            "object_type": "Perfusion",
            "protocol_id": PERFUSION_PROTOCOL,
            "output_specimen_ids": ["700201"],
        }
    ]


def test_loosely_typed_values_are_read() -> None:
    (record,) = perfusions(["700202"])
    document = record.document

    assert record.subject_id == "700202"
    assert error_fields(document) == set()
    assert document["ethics_review_id"] == "2212"
    assert document["animal_weight_prior"] == 19.0
    assert document["procedures"][0]["output_specimen_ids"] == ["700202_001", "700202_002"]
    assert document["notes"] is None
    assert record.extras == {}


def test_unreadable_values_are_kept_for_validation_to_report() -> None:
    (record,) = perfusions(["700203"])
    document = record.document

    assert document["start_date"] == "5th of March"
    assert document["animal_weight_prior"] == "about 20"
    assert document["ethics_review_id"] == "pending"
    assert error_fields(document) == {"start_date", "animal_weight_prior"}
    assert document["experimenters"] == ["Test Person One"]  # the rest of the row is intact


def test_only_the_asked_subjects_come_back_in_sheet_order() -> None:
    records = perfusions(["700203", "700201.0", " 700202", "999999"])

    assert [record.subject_id for record in records] == ["700201", "700202", "700203"]
    assert perfusions(["999999"]) == []
    assert perfusions([]) == []


def test_rows_without_a_subject_belong_to_nobody() -> None:
    records = perfusions(["700201", "700202", "700203", "700299", ""])

    assert all(record.subject_id != "700299" for record in records)
    assert len(records) == 3


def test_an_empty_experimenter_stays_null() -> None:
    body = perfusions_sheet([[700210.0, "2025-04-01", None, None, None, None, None, None]])

    (record,) = perfusions(["700210"], body)

    assert record.document["experimenters"] is None
    assert record.document["ethics_review_id"] is None
    assert record.document["animal_weight_prior"] is None
    assert record.document["procedures"][0]["output_specimen_ids"] == []


def test_column_titles_match_ignoring_case() -> None:
    titles = [title.upper() for title in PERFUSION_TITLES]
    body = sheet(titles, [[700220.0, "2025-04-02", "Test Person", "2115 - X", 20.0, 700220.0]])

    (record,) = perfusions(["700220"], body)

    assert record.document["start_date"] == "2025-04-02"
    assert record.document["ethics_review_id"] == "2115"


def test_a_sheet_without_subject_ids_is_an_error() -> None:
    body = sheet(["date", "experimenter"], [["2025-04-02", "Test Person"]])

    with pytest.raises(PerfusionsSheetError, match="no 'subject id' column"):
        perfusions(["700220"], body)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("650101", "650101"), ("650101.0", "650101"), (" 650101 ", "650101"), ("AB-1", "AB-1"),
     ("", None), (None, None)],
)  # fmt: skip
def test_canonical_ids(text: str | None, expected: str | None) -> None:
    assert canonical_id(text) == expected
