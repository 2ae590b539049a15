"""Synthetic funding sheets shared by the funding mapping and funding source tests."""

from __future__ import annotations

from typing import Any

from aind_data_schema.core.data_description import Funding
from pydantic import ValidationError

from datasources.smartsheet import parse_sheet
from datasources.smartsheet.funding import FundingRow
from tests.servers.smartsheet import sheet
from tests.smartsheet.conftest import FUNDING_ID

TITLES = [
    "Project Name",
    "Subproject",
    "Project Code",
    "Funding Institution",
    "Grant Number",
    "Fundees",
    "Investigators",
]
PROJECT = "Test Discovery-Circuits"
SUB_1 = "Subproject 1 Test Recordings"
SUB_2 = "Subproject 2 Test Anatomy"

#: Synthetic funding rows: (project, subproject, code, institution, grant, fundees, investigators)
ROWS: list[list[Any]] = [
    ["Test Platform", None, "100-01", "Allen Institute", None,
     "Test Person One, Test Person Two", None],
    [PROJECT, SUB_1, "100-02", "NIMH", "1R01MH999001",
     "Test Person Three; Test Person Four", "Test Person Four"],
    [PROJECT, SUB_1, "100-03", "national institute of neurological disorders and stroke",
     "1RF1NS999002", "Test Person Three and Test Person Five",
     "Test Person Five, Test Person Four"],
    [PROJECT, SUB_2, "100-02", "  simons   FOUNDATION ", None, "Test Person Six",
     "Test Person Six & Test Person Seven"],
    [PROJECT, None, "100-04", "AIND", 4711.0, "Test Person Eight", "test person four"],
    ["Test Unknown Funder", None, None, "Test Charitable Trust", "TCT-7", "Test Person Nine",
     "Test Person Nine"],
    [None, "Orphan subproject", None, "NIMH", "1R01MH999003", "Test Person Ten", None],
    ["Test Bare Project", None, "100-05", None, None, None, None],
    [None] * 7,
]  # fmt: skip


def funding_sheet(rows: list[list[Any]] | None = None, **kwargs: Any) -> dict[str, Any]:
    return sheet(TITLES, ROWS if rows is None else rows, sheet_id=FUNDING_ID, **kwargs)


def parsed(body: dict[str, Any] | None = None) -> Any:
    return parse_sheet(body or funding_sheet(), "funding")


def error_fields(document: dict[str, Any]) -> set[str]:
    try:
        Funding.model_validate(document)
    except ValidationError as error:
        return {".".join(str(part) for part in item["loc"]) for item in error.errors()}
    return set()


def names(rows: list[FundingRow]) -> list[tuple[int | None, str]]:
    return [(row.row_number, row.name) for row in rows]
