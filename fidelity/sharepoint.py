"""The SharePoint surgery-request lists of the reference: raw items through our mappings."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from datasources.records import ProcedureRecord
from datasources.sharepoint.las2020.mapping import map_item as map_las2020
from datasources.sharepoint.nsb2019.mapping import map_item as map_nsb2019
from datasources.sharepoint.nsb2023.mapping import map_item as map_nsb2023
from fidelity.compare import ItemReport, compare_procedures

Fields = dict[str, Any]


def _nsb2019(fields: Fields) -> list[ProcedureRecord]:
    return map_nsb2019(fields, str(fields.get("LabTracks_x0020_ID")))


def _nsb2023(fields: Fields) -> list[ProcedureRecord]:
    return map_nsb2023(fields, str(fields.get("LabTracks_x0020_ID1")), "nsb2023")


def _las2020(fields: Fields) -> list[ProcedureRecord]:
    # The request's first animal: the one 0.24's reference output was made for.
    subject = str(fields.get("Title") or "").split()
    return map_las2020(fields, subject[0] if subject else "")


MAPPINGS: dict[str, Callable[[Fields], list[ProcedureRecord]]] = {
    "nsb2019": _nsb2019,
    "nsb2023": _nsb2023,
    "las2020": _las2020,
}


def _old_surgeries(mapped: Any) -> list[dict[str, Any]]:
    if mapped is None:
        return []
    items = mapped if isinstance(mapped, list) else [mapped]
    return [item for item in items if isinstance(item, dict)]


def compare_list(reference: Path, family: str) -> Iterator[ItemReport]:
    """One report per raw item of ``reference/sharepoint/<family>`` with a mapped counterpart."""
    folder = reference / "sharepoint" / family
    for raw_path in sorted((folder / "raw").glob("*.json")):
        mapped_path = folder / "mapped" / f"mapped_{raw_path.name}"
        if not mapped_path.is_file():
            continue
        raw = json.loads(raw_path.read_text())
        fields = raw.get("fields", raw) if isinstance(raw, dict) else {}
        records = MAPPINGS[family](fields)
        yield compare_procedures(
            raw_path.stem,
            _old_surgeries(json.loads(mapped_path.read_text())),
            [record.document for record in records],
            [record.extras for record in records],
        )
