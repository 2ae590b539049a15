"""Conformance with real sheet shapes: every reference sheet parses; perfusion, funding and
protocol facts survive the mappings.

The reference folder (``../shared/reference/smartsheet`` beside the repository) holds whole
sheets as Smartsheet returns them. These tests only read it; without it they skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from aind_data_schema.components.identifiers import Person
from aind_data_schema.core.data_description import Funding

from datasources.organizations import organization
from datasources.smartsheet import map_perfusions, parse_sheet
from datasources.smartsheet.funding import (
    FUNDEES,
    FUNDING_INSTITUTION,
    PROJECT_NAME,
    read_funding,
)
from datasources.smartsheet.perfusions import (
    DATE,
    EXPERIMENTER,
    PERFUSION_PROTOCOL,
    SPECIMEN_IDS,
    SUBJECT_ID,
    WEIGHT_PRIOR,
    canonical_id,
)
from datasources.smartsheet.protocols import (
    DOI,
    INJECTION_IONTOPHORESIS,
    INJECTION_NANOJECT,
    normalise_doi,
    protocol_for_procedure,
    protocols_named,
    read_protocols,
)
from datasources.smartsheet.protocols import PERFUSION as PERFUSION_KIND

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


def _reference(name: str) -> Path:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return path


def test_reference_funding_answers_every_project_name_it_lists() -> None:
    sheet = parse_sheet(_reference("test_funding_sheet.json").read_bytes(), "funding")
    table = read_funding(sheet)
    project = sheet.column(PROJECT_NAME)
    assert project is not None
    tops = {row.text(project) for row in sheet.rows}

    names = table.project_names()

    assert table.problems == ()
    assert len(table.rows) == len(sheet.rows)
    assert names == sorted(names, key=str.casefold)
    assert tops <= set(names)
    for name in names:
        rows = table.for_project(name)
        assert rows, name
        if name in tops:  # a project finds every row of its subprojects too
            assert rows == [row for row in table.rows if row.project_name == name]
        else:
            assert {row.name for row in rows} == {name}


def test_reference_funders_are_organizations_and_people_are_persons() -> None:
    sheet = parse_sheet(_reference("test_funding_sheet.json").read_bytes(), "funding")
    institution = sheet.column(FUNDING_INSTITUTION)
    fundees = sheet.column(FUNDEES)
    assert institution is not None
    assert fundees is not None

    for parsed_row, row in zip(sheet.rows, read_funding(sheet).rows, strict=True):
        text = parsed_row.text(institution)
        known = organization(text) if text else None
        if known is not None:
            Funding.model_validate(row.document)
            assert row.document["funder"]["name"] == known.name
        else:  # left for validation to report, never guessed
            assert row.document["funder"] == (
                None if text is None else {"name": text, "abbreviation": None,
                                           "registry": None, "registry_identifier": None}
            )  # fmt: skip
        listed = parsed_row.text(fundees)
        people = [person["name"] for person in row.document["fundee"] or []]
        assert ", ".join(people) == (listed or "")
        for person in (*(row.document["fundee"] or []), *row.investigators):
            Person.model_validate(person)


def test_reference_corrupt_funding_returns_its_good_row_and_reports_the_damage() -> None:
    sheet = parse_sheet(_reference("test_corrupt_funding_sheet.json").read_bytes(), "funding")

    table = read_funding(sheet)
    (row,) = table.rows

    assert table.project_names() == [row.project_name]
    assert table.for_project(row.project_name) == [row]
    assert row.document["funder"] is None  # nothing but the name: validation reports it (406)
    assert table.problems == sheet.problems
    assert table.problems
    assert all("row" in problem for problem in table.problems)
    assert row.project_name not in " ".join(table.problems)


def test_reference_protocols_keep_their_facts_and_find_their_procedures() -> None:
    sheet = parse_sheet(_reference("test_protocols_sheet.json").read_bytes(), "protocols")
    doi_title = sheet.column(DOI)
    assert doi_title is not None

    table = read_protocols(sheet)

    assert table.problems == ()
    assert len(table.protocols) == len(sheet.rows)
    for parsed_row, protocol in zip(sheet.rows, table.protocols, strict=True):
        assert protocol.doi == normalise_doi(parsed_row.text(doi_title))
        assert protocol.doi is not None
        assert protocol.doi.startswith("https://doi.org/10.")
        assert protocol.protocol_name is not None
        assert protocols_named(sheet, protocol.protocol_name.upper())[0] == protocol
        assert protocol.version is not None
        assert protocol.version.isdigit()
    perfusion = protocol_for_procedure(sheet, PERFUSION_KIND)
    assert perfusion is not None
    # The perfusions sheet's fixed protocol is this row's DOI.
    assert perfusion.doi == normalise_doi(PERFUSION_PROTOCOL)
    for kind in (INJECTION_NANOJECT, INJECTION_IONTOPHORESIS):
        found = protocol_for_procedure(sheet, kind)
        assert found is not None
        assert found.procedure_name == kind
