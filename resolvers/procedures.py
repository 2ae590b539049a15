"""Procedures: everything done to a subject, merged from every source into one document.

Sources, asked concurrently: LabTracks tasks, the four SharePoint surgery-request lists and the
Smartsheet perfusions sheet. The merge:

* keeps one record per request key — the same NSB 2023 request read from the archive and the
  present list appears once (the present list's reading wins, being the later edit);
* keeps one perfusion per date — a LabTracks perfusion task and the Smartsheet row for the same
  day are the same event (the Smartsheet row wins: it names the output specimens);
* orders procedures by date, and renames fiber implants Fiber_0, Fiber_1, … across the whole
  subject, so a name identifies one fiber (each surgery request numbers its own from 0).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aind_data_schema.core.procedures import Procedures

from datasources.records import ProcedureRecord
from datasources.result import Code, SourceResult
from datasources.sharepoint.coordinates import COORDINATE_SYSTEM_JSON
from resolvers.inputs import InvalidArgumentError, parse_subject_id
from resolvers.loaders import Loaders
from resolvers.status import FieldStatus, Resolved, SourceStatus, bad_request, partial_failures
from resolvers.validation import validate

PERFUSION_PREFERENCE = ("smartsheet.perfusions", "labtracks")


@dataclass(frozen=True, slots=True)
class ProceduresRecord:
    """A merged ``Procedures`` document and, per subject procedure, the source it came from."""

    document: dict[str, Any]
    sources: list[str]


class ProceduresResolver:
    def __init__(self, loaders: Loaders) -> None:
        self._loaders = loaders

    async def procedures(self, subject_id: str) -> Resolved[ProceduresRecord]:
        try:
            key = parse_subject_id(subject_id)
        except InvalidArgumentError as error:
            return bad_request(str(error))
        labtracks, sharepoint, perfusions = await asyncio.gather(
            self._loaders.labtracks_procedures.load(key),
            self._loaders.sharepoint_procedures.load(str(key)),
            self._loaders.perfusions.load(str(key)),
        )
        return merge(str(key), [labtracks, *sharepoint, perfusions])

    async def perfusions(self, subject_id: str) -> Resolved[ProceduresRecord]:
        """Only what the Smartsheet perfusions sheet says, as a ``Procedures`` document."""
        try:
            key = parse_subject_id(subject_id)
        except InvalidArgumentError as error:
            return bad_request(str(error))
        return merge(str(key), [await self._loaders.perfusions.load(str(key))])


def merge(
    subject_id: str, results: Sequence[SourceResult[ProcedureRecord]]
) -> Resolved[ProceduresRecord]:
    sources = [SourceStatus.of(result) for result in results]
    failed = partial_failures(sources)
    found = [
        r for result in results if result.code in (Code.OK, Code.MULTIPLE) for r in result.records
    ]
    if not found:
        return Resolved(None, _nothing_found(subject_id, sources, failed))
    records = _ordered(_one_perfusion_per_day(_one_per_request(found)))
    documents = _renumber_fibers([record.document for record in records])
    document: dict[str, Any] = {"subject_id": subject_id, "subject_procedures": documents}
    if any(_has_coordinates(item) for item in documents):
        document["global_coordinate_system"] = COORDINATE_SYSTEM_JSON
    validated = validate(Procedures, document)
    if failed:
        code, message = Code.PARTIAL, "; ".join(f"{s.name}: {s.message}" for s in failed)
    else:
        code, message = (Code.OK, "") if validated.valid else (Code.INVALID, "")
    status = FieldStatus(code, message, tuple(sources), validated.errors)
    value = ProceduresRecord(validated.document, [record.source for record in records])
    return Resolved(value, status)


def _nothing_found(
    subject_id: str, sources: list[SourceStatus], failed: list[SourceStatus]
) -> FieldStatus:
    if failed:
        message = "No data from the backends that answered; failed: " + ", ".join(
            f"{s.name} ({s.message})" for s in failed
        )
        return FieldStatus(Code.UNAVAILABLE, message, tuple(sources))
    if not any(s.configured for s in sources):
        return FieldStatus(
            Code.UNAVAILABLE, "No procedures backend is configured.", tuple(sources)
        )
    return FieldStatus(Code.NOT_FOUND, f"No procedures for subject {subject_id}.", tuple(sources))


def _one_per_request(records: Iterable[ProcedureRecord]) -> list[ProcedureRecord]:
    """Later readings of a request replace earlier ones (source order: archive, then present)."""
    by_key: dict[str, int] = {}
    kept: list[ProcedureRecord] = []
    for record in records:
        if record.key is None:
            kept.append(record)
        elif record.key in by_key:
            kept[by_key[record.key]] = record
        else:
            by_key[record.key] = len(kept)
            kept.append(record)
    return kept


def _perfusion_day(record: ProcedureRecord) -> str | None:
    document = record.document
    steps = document.get("procedures") or []
    if steps and all(isinstance(s, dict) and s.get("object_type") == "Perfusion" for s in steps):
        return str(document.get("start_date"))
    return None


def _one_perfusion_per_day(records: list[ProcedureRecord]) -> list[ProcedureRecord]:
    best: dict[str, ProcedureRecord] = {}
    for record in records:
        day = _perfusion_day(record)
        if day is None:
            continue
        current = best.get(day)
        if current is None or _preference(record) < _preference(current):
            best[day] = record
    return [r for r in records if _perfusion_day(r) is None or best[str(_perfusion_day(r))] is r]


def _preference(record: ProcedureRecord) -> int:
    source = record.source
    return PERFUSION_PREFERENCE.index(source) if source in PERFUSION_PREFERENCE else 99


def _ordered(records: list[ProcedureRecord]) -> list[ProcedureRecord]:
    """By date; undated procedures last, each group in source order."""
    return sorted(
        records,
        key=lambda r: (
            r.document.get("start_date") is None,
            str(r.document.get("start_date") or ""),
        ),
    )


def _renumber_fibers(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    renumbered = copy.deepcopy(documents)
    count = 0
    for document in renumbered:
        for step in document.get("procedures") or []:
            if not isinstance(step, dict) or step.get("object_type") != "Probe implant":
                continue
            device, config = step.get("implanted_device"), step.get("device_config")
            if not isinstance(device, dict):
                continue
            old = device.get("name")
            if not (isinstance(old, str) and old.startswith("Fiber_")):
                continue
            new = f"Fiber_{count}"
            count += 1
            device["name"] = new
            if isinstance(config, dict) and config.get("device_name") == old:
                config["device_name"] = new
    return renumbered


def _has_coordinates(value: Any) -> bool:
    if isinstance(value, dict):
        return "coordinate_system_name" in value or any(map(_has_coordinates, value.values()))
    if isinstance(value, list):
        return any(map(_has_coordinates, value))
    return False
