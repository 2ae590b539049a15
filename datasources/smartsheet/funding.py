"""Rows of the funding sheet to aind-data-schema 2.x ``Funding`` documents, found by project.

The sheet's columns (titles matched ignoring case): ``Project Name``, ``Subproject``,
``Funding Institution``, ``Grant Number``, ``Fundees`` and ``Investigators`` (``Project Code``
is not read). Each row is one funding source of one project, or of one subproject of it.

Project names. A row answers to two names: its project (``"Project"``) and, when it has a
subproject, ``"Project - Subproject"`` (the two joined by a space, a hyphen and a space). A name
matches when it equals one of these ignoring case and runs of white space; so a top-level
project name returns the rows of the project itself and of every subproject, and a
``"Project - Subproject"`` name returns that subproject's rows. Limits: there is no partial,
prefix or fuzzy matching; the separator must be a plain hyphen between spaces (project names
may hold hyphens of their own, so ``"Project-Subproject"`` is not split); other dashes are not
read as the separator; and a top-level project literally named like another project's
``"Project - Subproject"`` form answers that name too, so both are returned.

Funder. The institution text is matched, ignoring case and runs of white space, against the
names and then the abbreviations of aind-data-schema-models' ``Organization`` ("NIMH" and
"National Institute of Mental Health" are the same funder). Text that matches none is not
guessed: it becomes an Organization-shaped object carrying only that text as its ``name``, so
the GraphQL ``Organization`` still shows what the sheet says while validation rejects the
funder (status 406). An empty institution leaves the funder null, which validation also
reports.

People. ``Fundees`` and ``Investigators`` cells list names separated by commas, semicolons,
line breaks, ``&`` or the word "and" between spaces; each becomes an aind-data-schema
``Person`` (repeated names once). Fundees go into the Funding document; investigators are
kept beside it, since 2.x ``Funding`` has no place for them.

Mapping never raises on a row: a row the mapping cannot place (values but no project
name) is skipped and described in the problems (by row number, never by cell contents), after
the sheet's own parse problems. Only a sheet without a ``Project Name`` column fails, as a
:class:`FundingSheetError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aind_data_schema.components.identifiers import Person
from aind_data_schema.core.data_description import Funding
from pydantic import ValidationError

from datasources.errors import BackendError
from datasources.organizations import name_key, organization_json
from datasources.smartsheet.sheet import ParsedRow, ParsedSheet

SOURCE = "smartsheet.funding"

PROJECT_NAME = "Project Name"
SUBPROJECT = "Subproject"
FUNDING_INSTITUTION = "Funding Institution"
GRANT_NUMBER = "Grant Number"
FUNDEES = "Fundees"
INVESTIGATORS = "Investigators"
COLUMNS = (PROJECT_NAME, SUBPROJECT, FUNDING_INSTITUTION, GRANT_NUMBER, FUNDEES, INVESTIGATORS)

#: Joins a project and its subproject into the one name that finds the subproject.
SEPARATOR = " - "

_PEOPLE_SEPARATORS = re.compile(r"\s*[,;&\n]\s*|\s+and\s+", re.IGNORECASE)


class FundingSheetError(BackendError):
    """The funding sheet lacks what ties a row to a project (its ``Project Name`` column)."""


def funder(text: str | None) -> dict[str, Any] | None:
    """The funder JSON: a known Organization, or the sheet's text for validation to reject."""
    return organization_json(text)


def split_people(text: str | None) -> list[str]:
    """Names listed in one cell, in order, each once (compared ignoring case)."""
    if text is None:
        return []
    names: dict[str, str] = {}
    for part in _PEOPLE_SEPARATORS.split(text):
        name = " ".join(part.split())
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def persons(text: str | None) -> list[dict[str, Any]]:
    """aind-data-schema ``Person`` JSON for each name listed in ``text``."""
    return [Person(name=name).model_dump(mode="json") for name in split_people(text)]


@dataclass(frozen=True, slots=True)
class FundingRow:
    """One funding source of a project (or subproject), as one sheet row gives it.

    ``document`` is aind-data-schema 2.x ``Funding`` JSON: normalised by the model when valid,
    as mapped when not (the resolver validates it and reports 406). ``investigators`` are
    ``Person`` JSON.
    """

    project_name: str
    subproject: str | None
    document: dict[str, Any]
    investigators: tuple[dict[str, Any], ...]
    row_number: int | None
    row_id: int | None = None

    @property
    def name(self) -> str:
        """The row's most specific name: ``"Project - Subproject"`` or ``"Project"``."""
        if self.subproject is None:
            return self.project_name
        return f"{self.project_name}{SEPARATOR}{self.subproject}"

    def answers_to(self, key: str) -> bool:
        """True when a name whose :func:`name_key` is ``key`` finds this row."""
        return key in (name_key(self.project_name), name_key(self.name))


@dataclass(frozen=True, slots=True)
class FundingTable:
    """The funding sheet read once: its rows in sheet order, and what could not be read."""

    rows: tuple[FundingRow, ...]
    problems: tuple[str, ...]

    def for_project(self, project_name: str) -> list[FundingRow]:
        """The rows ``project_name`` finds (module docstring), in sheet order."""
        key = name_key(project_name)
        if not key:
            return []
        return [row for row in self.rows if row.answers_to(key)]

    def investigators(self, project_name: str) -> list[dict[str, Any]]:
        """The investigators of every row ``project_name`` finds, each once, in sheet order."""
        people: dict[str, dict[str, Any]] = {}
        for row in self.for_project(project_name):
            for person in row.investigators:
                people.setdefault(str(person["name"]).casefold(), person)
        return list(people.values())

    def project_names(self) -> list[str]:
        """Every name that finds rows ("Project" and "Project - Subproject"), each once (the
        first spelling met), sorted ignoring case."""
        names: dict[str, str] = {}
        for row in self.rows:
            for name in (row.project_name, row.name):
                names.setdefault(name_key(name), name)
        return sorted(names.values(), key=lambda name: (name.casefold(), name))


def _document(funded_by: str | None, grant: str | None, fundees: str | None) -> dict[str, Any]:
    people = persons(fundees)
    raw: dict[str, Any] = {
        "object_type": "Funding",
        "funder": funder(funded_by),
        "grant_number": grant,
        "fundee": people or None,
    }
    try:
        return Funding.model_validate(raw).model_dump(mode="json")
    except ValidationError:
        return raw  # the resolver validates again and reports what is wrong (406)


def _map_row(row: ParsedRow, titles: Mapping[str, str | None]) -> FundingRow | None:
    """The row's funding, or None when it names no project."""

    def text(column: str) -> str | None:
        title = titles[column]
        return row.text(title) if title is not None else None

    project = text(PROJECT_NAME)
    if project is None:
        return None
    subproject = text(SUBPROJECT)
    return FundingRow(
        project_name=" ".join(project.split()),
        subproject=" ".join(subproject.split()) if subproject else None,
        document=_document(text(FUNDING_INSTITUTION), text(GRANT_NUMBER), text(FUNDEES)),
        investigators=tuple(persons(text(INVESTIGATORS))),
        row_number=row.row_number,
        row_id=row.row_id,
    )


def read_funding(sheet: ParsedSheet) -> FundingTable:
    """Map every row once; :class:`FundingSheetError` only without a ``Project Name`` column."""
    if sheet.column(PROJECT_NAME) is None:
        raise FundingSheetError("the funding sheet has no 'Project Name' column")
    titles = {column: sheet.column(column) for column in COLUMNS}
    rows: list[FundingRow] = []
    problems = list(sheet.problems)
    for row in sheet.rows:
        mapped = _map_row(row, titles)
        if mapped is None:
            problems.append(f"{row.label} has no project name; skipped")
        else:
            rows.append(mapped)
    return FundingTable(tuple(rows), tuple(problems))


def funding_for(sheet: ParsedSheet, project_name: str) -> list[FundingRow]:
    """The funding rows ``project_name`` finds (module docstring), in sheet order."""
    return read_funding(sheet).for_project(project_name)


def investigators_for(sheet: ParsedSheet, project_name: str) -> list[dict[str, Any]]:
    """``Person`` JSON of the investigators of every row ``project_name`` finds."""
    return read_funding(sheet).investigators(project_name)


def project_names(sheet: ParsedSheet) -> list[str]:
    """Every project name the sheet answers to, sorted, each once."""
    return read_funding(sheet).project_names()


def funding_problems(sheet: ParsedSheet) -> list[str]:
    """The sheet's parse problems, then the rows the mapping skipped."""
    return list(read_funding(sheet).problems)
