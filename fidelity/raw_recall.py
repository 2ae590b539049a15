"""Smartsheet and TARS: the reference holds raw records only, so what is measured is the
recall of the raw values the old service read, in what this service maps them to."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from datasources.smartsheet.funding import read_funding
from datasources.smartsheet.perfusions import canonical_id, map_perfusions, subject_column
from datasources.smartsheet.protocols import read_protocols
from datasources.smartsheet.sheet import ParsedRow, ParsedSheet, parse_sheet
from datasources.tars import Virus
from datasources.tars.mapping import map_material
from datasources.tars.models import PrepLot
from fidelity.compare import ItemReport
from fidelity.facts import Fact, Found

#: Sheet columns 0.24 read (its sheet models); others are not facts it kept either.
READ_COLUMNS = {
    "funding": (
        "Project Name",
        "Subproject",
        "Funding Institution",
        "Grant Number",
        "Fundees",
        "Investigators",
    ),
    "perfusions": (
        "subject id",
        "date",
        "experimenter",
        "iacuc protocol",
        "animal weight prior (g)",
        "Output specimen id(s)",
        "Postfix solution",
    ),
    "protocols": ("Protocol Type", "Procedure name", "Protocol name", "DOI", "Version"),
}
SHEETS = {
    "funding": "test_funding_sheet.json",
    "perfusions": "test_perfusions_sheet.json",
    "protocols": "test_protocols_sheet.json",
}


def _facts(sheet: ParsedSheet, row: ParsedRow, columns: tuple[str, ...]) -> list[Fact]:
    facts = []
    for title in columns:
        column = sheet.column(title)
        text = row.text(column) if column is not None else None
        if text:
            facts.append(Fact(title, text))
    return facts


def _ours(kind: str, sheet: ParsedSheet) -> dict[int | None, list[Any]]:
    """This service's mapped values per sheet row number."""
    by_row: dict[int | None, list[Any]] = {}
    if kind == "funding":
        for funding in read_funding(sheet).rows:
            entry = [funding.project_name, funding.subproject, funding.document]
            by_row.setdefault(funding.row_number, []).extend([*entry, *funding.investigators])
    elif kind == "protocols":
        # Protocols carry no row number; their names and DOIs are distinctive enough to be
        # looked for across the whole table.
        table = [p.model_dump(mode="json") for p in read_protocols(sheet).protocols]
        by_row = {row.row_number: table for row in sheet.rows}
    else:
        title = subject_column(sheet)
        ids = [text for row in sheet.rows if (text := row.text(title))]
        records = map_perfusions(sheet, ids)
        for row in sheet.rows:
            subject = canonical_id(row.text(title))
            mine = [r for r in records if r.key and r.key.endswith(f":{row.row_id}")]
            by_row[row.row_number] = [
                subject,
                *(r.document for r in mine),
                *(r.extras for r in mine),
            ]
    return by_row


def compare_sheets(reference: Path) -> Iterator[ItemReport]:
    """One report per Smartsheet reference sheet (each row's read cells as facts)."""
    for kind, file_name in SHEETS.items():
        path = reference / "smartsheet" / file_name
        if not path.is_file():
            continue
        sheet = parse_sheet(path.read_text(), kind)
        ours = _ours(kind, sheet)
        report = ItemReport(kind)
        for row in sheet.rows:
            found = Found.of(*ours.get(row.row_number, []))
            report.old_counts["row"] += 1
            report.new_counts["row"] += 1 if ours.get(row.row_number) else 0
            for fact in _facts(sheet, row, READ_COLUMNS[kind]):
                report.record(fact, found)
        yield report


def _tars_facts(lot: dict[str, Any], virus: dict[str, Any]) -> list[Fact]:
    facts = [Fact("lot", lot.get("lot")), Fact("datePrepped", str(lot.get("datePrepped"))[:10])]
    for alias in virus.get("aliases") or []:
        if alias.get("isPreferred"):
            facts.append(Fact("virus alias", alias.get("name")))
    for molecule in virus.get("molecules") or []:
        facts.append(Fact("molecule fullName", molecule.get("fullName")))
    titers = [t.get("result") for t in lot.get("titers") or [] if t.get("result") is not None]
    facts.extend(Fact("titer", value) for value in titers[:1])
    return [fact for fact in facts if fact.value not in (None, "", "None")]


def compare_tars(reference: Path) -> Iterator[ItemReport]:
    """The reference Viruses item with its prep lot, as one ViralMaterial."""
    virus_path = reference / "tars" / "virus_data_example.json"
    lot_path = reference / "tars" / "prep_lot_example.json"
    if not (virus_path.is_file() and lot_path.is_file()):
        return
    viruses = json.loads(virus_path.read_text())
    virus = viruses[0] if isinstance(viruses, list) else viruses.get("data", [viruses])[0]
    # The lot was re-served in snake_case by an intermediary; TARS itself speaks camelCase.
    lot = camel(json.loads(lot_path.read_text()))
    parsed_virus = Virus.model_validate(virus)
    document = map_material(
        PrepLot.model_validate(lot), parsed_virus, parsed_virus.molecules or []
    )
    report = ItemReport("viral material")
    report.old_counts["material"] = report.new_counts["material"] = 1
    found = Found.of(document)
    for fact in _tars_facts(lot, virus):
        report.record(fact, found)
    yield report


def camel(value: Any) -> Any:
    """snake_case keys to TARS's camelCase, recursively (the reference lot was re-served in
    snake_case by an intermediary)."""
    if isinstance(value, dict):
        return {_camel_key(key): camel(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [camel(inner) for inner in value]
    return value


def _camel_key(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
