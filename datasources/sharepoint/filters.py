"""Which list items belong to which subject: OData filters for Graph, and the same rule in Python.

Each list keeps the LabTracks subject id in known columns: NSB 2019 in ``LabTracks_x0020_ID``,
the two NSB 2023 lists in ``LabTracks_x0020_ID1``, LAS 2020 in ``Title`` and ``nROID1..5``. An
item belongs to a subject when one of those columns *equals* the id: a Title "12345-x" or
"112345" is not subject 12345 (the old service matched Title by substring).

Live requests send that rule as a ``$filter`` (values escaped, never interpolated raw), and the
answers are checked again with :func:`matching_subjects`, the same function the snapshot uses,
so live and snapshot select the same items.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

ID_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "nsb2019": ("LabTracks_x0020_ID",),
    "nsb2023": ("LabTracks_x0020_ID1",),
    "nsb_present": ("LabTracks_x0020_ID1",),
    "las2020": ("Title", "nROID1", "nROID2", "nROID3", "nROID4", "nROID5"),
}

#: Longest ``$filter`` value, URL-encoded, that one request carries. Graph and the proxies in
#: front of it refuse URLs beyond a few kilobytes; this leaves room for the rest of the URL.
MAX_FILTER_LENGTH = 1800

_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def odata_string(value: str) -> str:
    """``value`` as an OData string literal: quoted, with single quotes doubled."""
    return "'" + value.replace("'", "''") + "'"


def _clause(column: str, value: str) -> str:
    if not _COLUMN.fullmatch(column):
        raise ValueError(f"not a SharePoint column name: {column!r}")
    return f"fields/{column} eq {odata_string(value)}"


def subject_filter(list_name: str, subject_id: str) -> str:
    """The filter selecting the items of one subject in ``list_name``."""
    return " or ".join(_clause(column, subject_id) for column in ID_COLUMNS[list_name])


def encoded_length(odata_filter: str) -> int:
    """Length of the filter as it travels in the query string."""
    return len(quote(odata_filter, safe=""))


def batched_filters(
    list_name: str, subject_ids: Sequence[str], max_length: int = MAX_FILTER_LENGTH
) -> list[str]:
    """Filters for all of ``subject_ids``, as few as fit ``max_length`` each (``or``-joined).

    A single subject whose own filter is longer than ``max_length`` still gets its own filter:
    it cannot be split further, and Graph decides whether it is too long.
    """
    filters: list[str] = []
    current: list[str] = []
    for subject_id in dict.fromkeys(subject_ids):
        part = subject_filter(list_name, subject_id)
        candidate = " or ".join([*current, part])
        if current and encoded_length(candidate) > max_length:
            filters.append(" or ".join(current))
            current = [part]
        else:
            current.append(part)
    if current:
        filters.append(" or ".join(current))
    return filters


def column_text(value: Any) -> str | None:
    """A column value as the text an OData ``eq '...'`` compares, or None when it has none.

    SharePoint sends text columns as strings; a whole number is accepted as its digits so a
    snapshot written with numbers still matches.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None


def matches(list_name: str, fields: Mapping[str, Any], subject_id: str) -> bool:
    """True when one of the list's id columns equals ``subject_id`` exactly."""
    return any(column_text(fields.get(column)) == subject_id for column in ID_COLUMNS[list_name])


def matching_subjects(
    list_name: str, fields: Mapping[str, Any], subject_ids: Iterable[str]
) -> list[str]:
    """The requested subjects an item belongs to (a LAS item may serve several), in order."""
    return [
        subject_id
        for subject_id in dict.fromkeys(subject_ids)
        if matches(list_name, fields, subject_id)
    ]
