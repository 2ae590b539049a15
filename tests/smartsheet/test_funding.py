"""Funding sheet rows to aind-data-schema 2.x Funding documents, found by project name."""

from __future__ import annotations

import pytest
from aind_data_schema.components.identifiers import Person

from datasources.organizations import organization
from datasources.smartsheet.funding import (
    FundingSheetError,
    funding_for,
    funding_problems,
    investigators_for,
    persons,
    project_names,
    read_funding,
    split_people,
)
from tests.servers.smartsheet import sheet
from tests.smartsheet.funding_rows import (
    PROJECT,
    ROWS,
    SUB_1,
    SUB_2,
    TITLES,
    error_fields,
    funding_sheet,
    names,
    parsed,
)


def test_a_row_is_a_valid_funding_document_with_its_facts() -> None:
    (row,) = funding_for(parsed(), f"{PROJECT} - {SUB_2}")

    assert (row.project_name, row.subproject, row.row_number) == (PROJECT, SUB_2, 4)
    assert row.name == f"{PROJECT} - {SUB_2}"
    assert error_fields(row.document) == set()
    assert row.document == {
        "object_type": "Funding",
        "funder": {
            "name": "Simons Foundation",
            "abbreviation": None,
            "registry": "Research Organization Registry (ROR)",
            "registry_identifier": "01cmst727",
        },
        "grant_number": None,
        "fundee": [Person(name="Test Person Six").model_dump(mode="json")],
    }
    assert [person["name"] for person in row.investigators] == [
        "Test Person Six",
        "Test Person Seven",
    ]


def test_a_top_level_project_returns_itself_and_all_its_subprojects_in_sheet_order() -> None:
    rows = funding_for(parsed(), PROJECT)

    assert names(rows) == [
        (2, f"{PROJECT} - {SUB_1}"),
        (3, f"{PROJECT} - {SUB_1}"),
        (4, f"{PROJECT} - {SUB_2}"),
        (5, PROJECT),
    ]
    assert [row.document["funder"]["abbreviation"] for row in rows] == [
        "NIMH",
        "NINDS",
        None,
        "AIND",
    ]
    assert rows[0].document["grant_number"] == "1R01MH999001"
    assert rows[3].document["grant_number"] == "4711"  # a number typed into the column


def test_project_and_subproject_returns_only_that_subproject() -> None:
    rows = funding_for(parsed(), f"{PROJECT} - {SUB_1}")

    assert names(rows) == [(2, f"{PROJECT} - {SUB_1}"), (3, f"{PROJECT} - {SUB_1}")]


@pytest.mark.parametrize(
    "asked",
    [
        "  test discovery-circuits  -   SUBPROJECT 1 test recordings ",
        f"{PROJECT.upper()} - {SUB_1.lower()}",
        f"{PROJECT}\t-\n{SUB_1}",
    ],
)
def test_names_match_ignoring_case_and_white_space(asked: str) -> None:
    assert [row.row_number for row in funding_for(parsed(), asked)] == [2, 3]


@pytest.mark.parametrize(
    "asked",
    [
        f"{PROJECT}-{SUB_1}",  # the separator needs its spaces: names hold hyphens of their own
        f"{PROJECT} \u2013 {SUB_1}",  # an en dash is not the separator
        "Test Discovery",  # no prefix matching
        "Circuits",
        SUB_1,  # a subproject alone is not a project
        f"{PROJECT} - Subproject 3 Test Nothing",
        "",
        "   ",
    ],
)
def test_other_names_find_nothing(asked: str) -> None:
    assert funding_for(parsed(), asked) == []


def test_project_names_are_both_forms_sorted_and_unique() -> None:
    extra = [*ROWS, ["TEST PLATFORM", None, None, "NIMH", None, None, None]]

    assert project_names(parsed(funding_sheet(extra))) == [
        "Test Bare Project",
        PROJECT,
        f"{PROJECT} - {SUB_1}",
        f"{PROJECT} - {SUB_2}",
        "Test Platform",  # the first spelling; "TEST PLATFORM" finds the same rows
        "Test Unknown Funder",
    ]
    assert len(funding_for(parsed(funding_sheet(extra)), "test platform")) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Allen Institute", "Allen Institute"),
        ("NIMH", "National Institute of Mental Health"),
        ("nimh", "National Institute of Mental Health"),
        ("National  Institute of Mental Health ", "National Institute of Mental Health"),
        ("NINDS", "National Institute of Neurological Disorders and Stroke"),
        ("Simons Foundation", "Simons Foundation"),
        ("AIND", "Allen Institute for Neural Dynamics"),
        ("NIDA", None),  # not an aind-data-schema-models Organization (yet)
        ("Allen", None),  # no partial matching
        ("", None),
    ],
)
def test_organizations_match_by_name_then_abbreviation(text: str, expected: str | None) -> None:
    found = organization(text)

    assert (found.name if found else None) == expected


def test_an_unknown_institution_is_kept_for_validation_to_report() -> None:
    (row,) = funding_for(parsed(), "Test Unknown Funder")

    assert row.document["funder"] == {
        "name": "Test Charitable Trust",
        "abbreviation": None,
        "registry": None,
        "registry_identifier": None,
    }
    assert error_fields(row.document) == {"funder"}
    assert row.document["grant_number"] == "TCT-7"  # the rest of the row is intact
    assert [person["name"] for person in row.document["fundee"]] == ["Test Person Nine"]


def test_a_project_without_funding_values_is_returned_and_fails_validation() -> None:
    (row,) = funding_for(parsed(), "Test Bare Project")

    assert row.document == {
        "object_type": "Funding",
        "funder": None,
        "grant_number": None,
        "fundee": None,
    }
    assert row.investigators == ()
    assert error_fields(row.document) == {"funder"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Lee, Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee; Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee and Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee AND Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee & Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee,\nBo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee, Bo Chen and Cy Dee", ["Ann Lee", "Bo Chen", "Cy Dee"]),
        ("Sandra Anderson, Andy Candela", ["Sandra Anderson", "Andy Candela"]),
        ("Ann Lee, ann  lee, , Bo Chen;", ["Ann Lee", "Bo Chen"]),
        ("someone@example.com", ["someone@example.com"]),
        ("  ", []),
        (None, []),
    ],
)
def test_people_are_split_on_commas_semicolons_and_and(
    text: str | None, expected: list[str]
) -> None:
    assert split_people(text) == expected


def test_people_are_aind_data_schema_persons() -> None:
    people = persons("Ann Lee and Bo Chen")

    assert [Person.model_validate(person).name for person in people] == ["Ann Lee", "Bo Chen"]
    assert people[0]["object_type"] == "Person"


def test_investigators_of_a_project_each_once_in_sheet_order() -> None:
    people = investigators_for(parsed(), PROJECT)

    # "test person four" (row 5) is "Test Person Four" (row 2) spelled otherwise.
    assert [person["name"] for person in people] == [
        "Test Person Four",
        "Test Person Five",
        "Test Person Six",
        "Test Person Seven",
    ]
    assert investigators_for(parsed(), "Test Platform") == []
    assert investigators_for(parsed(), "No Such Project") == []


def test_rows_without_a_project_are_reported_not_raised() -> None:
    problems = funding_problems(parsed())

    assert problems == [f"row 7 (id {8_000_000_000_000_007}) has no project name; skipped"]
    assert all(row.row_number != 7 for row in read_funding(parsed()).rows)
    for content in ("Orphan", "NIMH", "Test Person Ten", "1R01MH999003"):
        assert content not in " ".join(problems)


def test_parse_problems_come_first_and_the_rest_of_the_sheet_is_read() -> None:
    body = funding_sheet()
    body["rows"][0]["cells"][3] = {"columnId": body["columns"][3]["id"], "value": {"x": 1}}
    body["rows"].append({"id": 1, "rowNumber": 99, "cells": "broken"})
    body["totalRowCount"] += 1

    table = read_funding(parsed(body))

    assert table.problems[:3] == (
        f"row 1 (id {8_000_000_000_000_001}): a cell could not be read; skipped",
        "row 99 (id 1) is not a row with cells; skipped",
        f"row 7 (id {8_000_000_000_000_007}) has no project name; skipped",
    )
    (platform,) = table.for_project("Test Platform")
    assert platform.document["funder"] is None  # only the unreadable cell is lost
    assert len(platform.document["fundee"]) == 2


def test_column_titles_match_ignoring_case() -> None:
    body = sheet([title.upper() for title in TITLES], ROWS[:2])

    rows = funding_for(parsed(body), PROJECT)

    assert [row.document["grant_number"] for row in rows] == ["1R01MH999001"]


def test_a_sheet_without_project_names_is_an_error() -> None:
    body = sheet(["Funding Institution", "Grant Number"], [["NIMH", "X"]])

    with pytest.raises(FundingSheetError, match="no 'Project Name' column"):
        read_funding(parsed(body))
