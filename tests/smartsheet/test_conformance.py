"""Conformance with real sheet shapes: every reference sheet parses; perfusion facts survive.

The reference folder (``../shared/reference/smartsheet`` beside the repository) holds whole
sheets as Smartsheet returns them. These tests only read it; without it they skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datasources.smartsheet import map_perfusions, parse_sheet
from datasources.smartsheet.perfusions import (
    DATE,
    EXPERIMENTER,
    SPECIMEN_IDS,
    SUBJECT_ID,
    WEIGHT_PRIOR,
    canonical_id,
)

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "smartsheet"
SHEETS = sorted(REFERENCE.glob("*.json")) if REFERENCE.is_dir() else []

pytestmark = pytest.mark.skipif(
    not SHEETS, reason=f"reference sheets not found in {REFERENCE} (outside the repository)"
)


@pytest.mark.parametrize("path", SHEETS, ids=lambda path: path.stem)
def test_every_reference_sheet_parses(path: Path) -> None:
    parsed = parse_sheet(path.read_bytes(), path.stem)

    assert parsed.rows, "a reference sheet has readable rows"
    assert parsed.columns
    # Every readable row maps its cells onto titles the sheet declares.
    assert all(set(row.values) <= set(parsed.columns) for row in parsed.rows)
    if "corrupt" not in path.stem:
        assert parsed.problems == ()


def test_the_corrupt_sheet_gives_its_good_rows_and_reports_its_bad_ones() -> None:
    path = REFERENCE / "test_corrupt_funding_sheet.json"
    if not path.is_file():
        pytest.skip(f"{path} not found")

    parsed = parse_sheet(path.read_bytes(), "funding")

    assert len(parsed.rows) == 1
    assert parsed.rows[0].text("Project Name")
    assert parsed.blank_rows == 1
    assert parsed.problems  # the damage is described, not raised
    assert all("row" in problem for problem in parsed.problems)


def test_reference_perfusions_keep_their_facts() -> None:
    path = REFERENCE / "test_perfusions_sheet.json"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    parsed = parse_sheet(path.read_bytes(), "perfusions")
    rows = {canonical_id(row.text(SUBJECT_ID)): row for row in parsed.rows}

    records = map_perfusions(parsed, [subject for subject in rows if subject])

    assert len(records) == len(parsed.rows)
    for record in records:
        row = rows[record.subject_id]
        document = record.document
        assert document["start_date"] == row.text(DATE)
        assert document["experimenters"] == [row.text(EXPERIMENTER)]
        assert document["animal_weight_prior"] == row.value(WEIGHT_PRIOR)
        assert document["procedures"][0]["output_specimen_ids"] == [row.text(SPECIMEN_IDS)]
        assert document["ethics_review_id"].isdigit()
