"""Rows of the perfusions sheet to aind-data-schema 2.x ``Surgery`` documents with a Perfusion.

The sheet's columns (titles matched ignoring case): ``subject id``, ``date``, ``experimenter``,
``iacuc protocol`` ("2109 - Analysis of ..."), ``animal weight prior (g)``,
``Output specimen id(s)``, ``Postfix solution`` and ``Notes``.

Mapping never raises and never drops a row for one bad value: a value that cannot be read is
passed on as the text the sheet holds, so that validation reports it (status 406) rather than
the service hiding it; a valid document is normalised through the aind-data-schema model.
Rows without a subject id belong to nobody and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from aind_data_schema.components.subject_procedures import Surgery
from pydantic import ValidationError

from datasources.errors import BackendError
from datasources.records import ProcedureRecord
from datasources.smartsheet.protocols import DOI_URL
from datasources.smartsheet.sheet import ParsedRow, ParsedSheet

SOURCE = "smartsheet.perfusions"

SUBJECT_ID = "subject id"
DATE = "date"
EXPERIMENTER = "experimenter"
IACUC_PROTOCOL = "iacuc protocol"
WEIGHT_PRIOR = "animal weight prior (g)"
SPECIMEN_IDS = "Output specimen id(s)"
POSTFIX_SOLUTION = "Postfix solution"
NOTES = "Notes"
COLUMNS = (
    SUBJECT_ID,
    DATE,
    EXPERIMENTER,
    IACUC_PROTOCOL,
    WEIGHT_PRIOR,
    SPECIMEN_IDS,
    POSTFIX_SOLUTION,
    NOTES,
)

# Every perfusion logged in this sheet follows the institute's perfusion protocol; the 0.24
# service recorded the same DOI for each one ("dx.doi.org/..."), written here in the one form
# every protocol DOI of this service takes.
PERFUSION_PROTOCOL = f"{DOI_URL}10.17504/protocols.io.bg5vjy66"

_INTEGRAL = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_PROTOCOL_NUMBER = re.compile(r"^\s*(\d+)\b")
_WEIGHT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:g|grams?)?\s*$", re.IGNORECASE)
_SPECIMEN_SEPARATORS = re.compile(r"[,;\s]+")


class PerfusionsSheetError(BackendError):
    """The perfusions sheet lacks what ties a row to a subject (its ``subject id`` column)."""


def canonical_id(text: str | None) -> str | None:
    """Ids as people mean them: ``689418``, ``"689418.0"`` and ``" 689418 "`` are one id."""
    if text is None:
        return None
    text = text.strip()
    if _INTEGRAL.match(text):
        return str(int(text.split(".")[0]))
    return text or None


def _date(text: str | None) -> str | None:
    """ISO ``YYYY-MM-DD`` (DATE cells hold that); other text is passed on for validation."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return text


def _protocol(text: str | None) -> str | None:
    """``"2109 - Analysis of ..."`` -> ``"2109"``; text without a leading number as it is."""
    if text is None:
        return None
    found = _PROTOCOL_NUMBER.match(text)
    return found.group(1) if found else text


def _weight(row: ParsedRow, title: str | None) -> float | str | None:
    if title is None:
        return None
    value = row.value(title)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = row.text(title)
    if text is None:
        return None
    found = _WEIGHT.match(text)
    return float(found.group(1)) if found else text


def _specimen_ids(text: str | None) -> list[str]:
    if text is None:
        return []
    parts = (canonical_id(part) for part in _SPECIMEN_SEPARATORS.split(text))
    return list(dict.fromkeys(part for part in parts if part))


def _document(row: ParsedRow, titles: dict[str, str | None]) -> dict[str, Any]:
    def text(column: str) -> str | None:
        title = titles[column]
        return row.text(title) if title is not None else None

    experimenter = text(EXPERIMENTER)
    raw: dict[str, Any] = {
        "object_type": "Surgery",
        "protocol_id": None,
        "start_date": _date(text(DATE)),
        "experimenters": [experimenter] if experimenter else None,
        "ethics_review_id": _protocol(text(IACUC_PROTOCOL)),
        "animal_weight_prior": _weight(row, titles[WEIGHT_PRIOR]),
        "animal_weight_post": None,
        "weight_unit": "gram",
        "anaesthesia": None,
        "workstation_id": None,
        "procedures": [
            {
                "object_type": "Perfusion",
                "protocol_id": PERFUSION_PROTOCOL,
                "output_specimen_ids": _specimen_ids(text(SPECIMEN_IDS)),
            }
        ],
        "notes": text(NOTES),
    }
    try:
        return Surgery.model_validate(raw).model_dump(mode="json")
    except ValidationError:
        return raw  # the resolver validates again and reports what is wrong (406)


def subject_column(sheet: ParsedSheet) -> str:
    """The sheet's ``subject id`` column title; :class:`PerfusionsSheetError` without one."""
    title = sheet.column(SUBJECT_ID)
    if title is None:
        raise PerfusionsSheetError("the perfusions sheet has no 'subject id' column")
    return title


def map_perfusions(sheet: ParsedSheet, subject_ids: Iterable[str]) -> list[ProcedureRecord]:
    """The perfusions of these subjects, in sheet order; one pass over the rows."""
    wanted = {canonical for s in subject_ids if (canonical := canonical_id(str(s)))}
    subject_title = subject_column(sheet)
    titles = {column: sheet.column(column) for column in COLUMNS}
    records: list[ProcedureRecord] = []
    for row in sheet.rows:
        subject_id = canonical_id(row.text(subject_title))
        if subject_id is None or subject_id not in wanted:
            continue
        extras: dict[str, Any] = {}
        postfix = titles[POSTFIX_SOLUTION]
        if postfix is not None and (solution := row.text(postfix)):
            extras["postfix_solution"] = solution
        key = f"{SOURCE}:row:{row.row_id}" if row.row_id is not None else None
        records.append(
            ProcedureRecord(subject_id, SOURCE, _document(row, titles), key=key, extras=extras)
        )
    return records
