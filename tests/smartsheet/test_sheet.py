"""Parsing a sheet body: columns by id, rows by title, one pass, bad rows reported not raised."""

from __future__ import annotations

import json
from typing import Any

import pytest

from datasources.smartsheet import ParsedSheet, SheetError, parse_sheet
from tests.servers.smartsheet import cell, column_id, sheet

TITLES = ["Name", "Count", "Done"]


class CountingList(list[Any]):
    """A list that counts how often it is iterated from the start."""

    iterations = 0

    def __iter__(self) -> Any:
        type(self).iterations += 1
        return super().__iter__()


def test_cells_are_keyed_by_column_title() -> None:
    body = sheet(TITLES, [["alpha", 3.0, True], ["beta", 2.5, False]], name="Tiny")

    parsed = parse_sheet(json.dumps(body).encode(), "tiny")

    assert parsed.name == "Tiny"
    assert parsed.columns == ("Name", "Count", "Done")
    first, second = parsed.rows
    assert first.values == {"Name": "alpha", "Count": 3.0, "Done": True}
    assert first.text("Count") == "3"  # whole numbers lose Smartsheet's ".0"
    assert second.text("Count") == "2.5"
    assert second.text("Done") == "false"
    assert first.row_number == 1
    assert parsed.problems == ()


def test_cells_find_their_column_by_id_whatever_their_order() -> None:
    body = sheet(TITLES, [["alpha", 3.0, None]])
    body["rows"][0]["cells"].reverse()
    body["columns"].reverse()  # column order in the body is not what maps cells

    row = parse_sheet(body, "tiny").rows[0]

    assert row.value("Name") == "alpha"
    assert row.value("Count") == 3.0
    assert row.value("Done") is None


def test_display_value_stands_in_when_there_is_no_value() -> None:
    body = sheet(TITLES, [["alpha", None, None]])
    body["rows"][0]["cells"][1] = {"columnId": column_id(1), "displayValue": "n/a"}

    row = parse_sheet(body, "tiny").rows[0]

    assert row.value("Count") is None
    assert row.text("Count") == "n/a"


def test_columns_are_read_once_however_many_rows() -> None:
    """The columnId -> title map is built once: parsing is linear in the cells."""
    rows = [[f"name {i}", float(i), i % 2 == 0] for i in range(3000)]
    body = sheet(TITLES, rows)
    body["columns"] = CountingList(body["columns"])
    CountingList.iterations = 0

    parsed = parse_sheet(body, "big")

    assert len(parsed.rows) == 3000
    assert parsed.rows[2999].values["Name"] == "name 2999"
    assert CountingList.iterations == 1


def test_malformed_rows_and_cells_are_reported_and_the_rest_is_read() -> None:
    body = sheet(
        TITLES, [["good one", 1.0, True], ["cell trouble", 2.0, None], ["good two", 3.0, False]]
    )
    rows = body["rows"]
    rows[1]["cells"][1] = {"columnId": column_id(1), "value": {"private": "Jane Roe"}}
    rows[1]["cells"].append({"columnId": 999, "value": "orphan"})
    rows[1]["cells"].append("not a cell")
    rows.insert(1, "not a row")
    rows.insert(2, {"id": 77, "rowNumber": 9, "cells": "not a list"})
    rows.append({"id": 78, "rowNumber": 10, "cells": [cell(0, None), cell(1, None)]})  # blank
    body["totalRowCount"] = len(rows)

    parsed = parse_sheet(body, "tiny")

    assert [row.text("Name") for row in parsed.rows] == ["good one", "cell trouble", "good two"]
    assert parsed.rows[1].values == {"Name": "cell trouble"}
    assert parsed.blank_rows == 1
    assert parsed.problems == (
        "the row at position 2 is not a row with cells; skipped",
        "row 9 (id 77) is not a row with cells; skipped",
        f"row 2 (id {rows[3]['id']}): a cell could not be read; skipped",
        f"row 2 (id {rows[3]['id']}): a cell names an unknown column; skipped",
        f"row 2 (id {rows[3]['id']}): a cell could not be read; skipped",
    )
    assert "Jane Roe" not in " ".join(parsed.problems)
    assert "orphan" not in " ".join(parsed.problems)


def test_damaged_columns_are_reported() -> None:
    body = sheet(["Name", "Count"], [["alpha", 1.0]])
    body["columns"].append({"id": 123, "index": 2})  # no title
    body["columns"].append({"id": 456, "index": 3, "title": "Name"})  # a second "Name"

    parsed = parse_sheet(body, "tiny")

    assert parsed.columns == ("Name", "Count")
    assert parsed.problems == (
        "column at position 3 has no usable id and title",
        "column 'Name' appears twice; the first one is read",
    )
    assert parsed.rows[0].values == {"Name": "alpha", "Count": 1.0}


def test_repeated_row_numbers_and_a_wrong_row_count_are_reported() -> None:
    body = sheet(TITLES, [["alpha", 1.0, None], ["beta", 2.0, None]])
    body["rows"][1]["rowNumber"] = 1
    body["totalRowCount"] = 5

    parsed = parse_sheet(body, "tiny")

    assert [row.text("Name") for row in parsed.rows] == ["alpha", "beta"]
    assert parsed.problems == (
        f"row 1 (id {body['rows'][1]['id']}) repeats an earlier row number",
        "the sheet says it has 5 rows but 2 came",
    )


def test_blank_rows_are_skipped_without_a_problem() -> None:
    parsed = parse_sheet(sheet(TITLES, [[None, None, None], ["alpha", None, None], []]), "tiny")

    assert [row.text("Name") for row in parsed.rows] == ["alpha"]
    assert parsed.blank_rows == 2
    assert parsed.problems == ()


@pytest.mark.parametrize(
    "body",
    [b"<html>maintenance</html>", b"[]", b'{"columns": []}', b'{"rows": [], "columns": {}}'],
)
def test_a_body_that_is_no_sheet_fails_the_sheet(body: bytes) -> None:
    with pytest.raises(SheetError) as raised:
        parse_sheet(body, "perfusions")

    assert "perfusions sheet" in str(raised.value)
    assert "maintenance" not in str(raised.value)


def test_the_parsed_sheet_survives_its_cache_form() -> None:
    parsed = parse_sheet(sheet(TITLES, [["alpha", 3.0, True], ["beta", 7, False]]), "tiny")

    again = ParsedSheet.model_validate_json(parsed.model_dump_json())

    assert again == parsed
    assert again.rows[0].value("Count") == 3.0
    assert again.rows[1].value("Count") == 7


def test_columns_are_found_ignoring_case_and_spaces() -> None:
    parsed = parse_sheet(sheet([" Subject ID", "Date"], [["1", "2025-01-01"]]), "tiny")

    assert parsed.column("subject id") == " Subject ID"
    assert parsed.column("DATE") == "Date"
    assert parsed.column("notes") is None
