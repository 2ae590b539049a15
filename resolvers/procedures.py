"""Procedures: everything done to a subject, merged from every source into one document.

Sources, asked concurrently: LabTracks tasks, the four SharePoint surgery-request lists and the
Smartsheet perfusions sheet. The merge:

* keeps one record per request key — the same NSB 2023 request read from the archive and the
  present list appears once (the present list's reading wins, being the later edit);
* keeps one event per kind and date — a LabTracks perfusion task and the Smartsheet row for the
  same day are one perfusion (the sheet's row wins: it names the output specimens); a
  LabTracks retro-orbital injection task and the LAS 2020 request for the same day are one
  injection (the request wins: it names the material and volume);
* orders procedures by date, and renames fiber implants Fiber_0, Fiber_1, … across the whole
  subject, so a name identifies one fiber (each surgery request numbers its own from 0).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aind_data_schema.core.procedures import Procedures

from datasources.records import ProcedureRecord
from datasources.result import Code, SourceResult
from datasources.sharepoint.coordinates import COORDINATE_SYSTEM_JSON
from resolvers.enrichment import Enrichment, enrich
from resolvers.inputs import InvalidArgumentError, parse_subject_id
from resolvers.loaders import Loaders
from resolvers.provenance import Path, ValueOrigin, paths_of
from resolvers.status import (
    FieldStatus,
    Resolved,
    SourceStatus,
    bad_request,
    enrichment_warnings,
    partial_failures,
    unmapped_message,
)
from resolvers.validation import validate

#: Who describes an event best, when several sources record it.
PREFERENCE = ("smartsheet.perfusions", "sharepoint.las2020", "labtracks")


@dataclass(frozen=True, slots=True)
class ProceduresRecord:
    """A merged ``Procedures`` document and, per subject procedure, the source it came from.

    ``intended_measurements``: what each fiber is meant to measure (service-local, one dict per
    fiber), named like the fibers in ``document``.
    """

    document: dict[str, Any]
    sources: list[str]
    intended_measurements: list[dict[str, Any]] = field(default_factory=list)
    #: Project names the surgery requests give, in order, each once (funding is found by them).
    projects: list[str] = field(default_factory=list)
    #: Where the values of a material in ``document`` (at this path) came from, when its
    #: surgery request and TARS disagree (``resolvers.provenance``).
    provenance: dict[Path, tuple[ValueOrigin, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Merged:
    """Records kept by the merge, their documents (copies, fibers renamed) and sources."""

    subject_id: str
    records: list[ProcedureRecord]
    documents: list[dict[str, Any]]
    measurements: list[dict[str, Any]]
    sources: list[SourceStatus]


class ProceduresResolver:
    def __init__(self, loaders: Loaders) -> None:
        self._loaders = loaders
        # Fields of one request that need a subject's procedures (procedures, funding,
        # intended_measurements) share one merge, completion and validation.
        self._answers: dict[int, asyncio.Task[Resolved[ProceduresRecord]]] = {}

    async def procedures(self, subject_id: str) -> Resolved[ProceduresRecord]:
        try:
            key = parse_subject_id(subject_id)
        except InvalidArgumentError as error:
            return bad_request(str(error))
        if key not in self._answers:
            self._answers[key] = asyncio.ensure_future(self._procedures(key))
        return await asyncio.shield(self._answers[key])

    async def _procedures(self, key: int) -> Resolved[ProceduresRecord]:
        labtracks, sharepoint, perfusions, slims = await asyncio.gather(
            self._loaders.labtracks_procedures.load(key),
            self._loaders.sharepoint_procedures.load(str(key)),
            self._loaders.perfusions.load(str(key)),
            self._loaders.slims_procedures.load(str(key)),
        )
        merged = _combine(str(key), [labtracks, *sharepoint, perfusions, slims])
        if isinstance(merged, Resolved):
            return merged
        enriched = await enrich(self._loaders, merged.records, merged.documents)
        # Copying and validating a subject's whole history is the heaviest CPU work of a
        # request: off the event loop, so other requests' backend answers keep flowing.
        return await asyncio.to_thread(_finish, merged, enriched)

    async def intended_measurements(self, subject_id: str) -> Resolved[list[dict[str, Any]]]:
        """What each implanted fiber is meant to measure (NSB 2023 requests), fibers named as
        in :meth:`procedures`. Read from the same (cached) answers as the procedures."""
        merged = await self.procedures(subject_id)
        status = merged.status
        if merged.value is None:
            return Resolved(None, status)
        measurements = merged.value.intended_measurements
        if status.code == Code.PARTIAL:
            code, message = Code.PARTIAL, status.message
        elif measurements:
            code, message = Code.OK, ""
        else:
            code, message = Code.NOT_FOUND, f"No intended measurements for subject {subject_id}."
        return Resolved(measurements or None, FieldStatus(code, message, status.sources))

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
    """The merged document of ``results``, validated, without reference-backend completion."""
    merged = _combine(subject_id, results)
    return merged if isinstance(merged, Resolved) else _finish(merged, Enrichment([]))


def _combine(
    subject_id: str, results: Sequence[SourceResult[ProcedureRecord]]
) -> _Merged | Resolved[ProceduresRecord]:
    sources = [SourceStatus.of(result) for result in results]
    found = [
        r for result in results if result.code in (Code.OK, Code.MULTIPLE) for r in result.records
    ]
    if not found:
        return Resolved(None, _nothing_found(subject_id, sources, partial_failures(sources)))
    records = _ordered(_one_event_per_day(_one_per_request(found)))
    documents, measurements = _renumber_fibers(records)
    return _Merged(subject_id, records, documents, measurements, sources)


def _finish(merged: _Merged, enriched: Enrichment) -> Resolved[ProceduresRecord]:
    completed_by = enriched.sources
    documents = merged.documents
    document: dict[str, Any] = {
        "subject_id": merged.subject_id,
        "subject_procedures": [d for d in documents if not _specimen(d)],
        "specimen_procedures": [d for d in documents if _specimen(d)],
    }
    # What a source's 2.x document could not hold (e.g. who assigned a water restriction).
    remarks = [str(r.extras["notes"]) for r in merged.records if r.extras.get("notes")]
    if remarks:
        document["notes"] = " ".join(remarks)
    if any(_has_coordinates(item) for item in documents):
        document["global_coordinate_system"] = COORDINATE_SYSTEM_JSON
    # Paths, since validation hands back a copy of the document.
    paths = paths_of(document, [material for material, _ in enriched.origins])
    provenance = {
        paths[id(material)]: origins
        for material, origins in enriched.origins
        if id(material) in paths
    }
    validated = validate(Procedures, document)
    sources = [*merged.sources, *completed_by]
    failed = partial_failures(sources)
    unmapped = unmapped_message(sources)
    if failed:
        code, message = Code.PARTIAL, "; ".join(f"{s.name}: {s.message}" for s in failed)
        message = f"{message}. {unmapped}" if unmapped else message
    elif unmapped:
        # Never "Valid Model." for a document that lacks something a request asked for.
        code, message = Code.INVALID, unmapped
    else:
        code, message = (Code.OK, "") if validated.valid else (Code.INVALID, "")
    warnings = enrichment_warnings(completed_by)
    status = FieldStatus(code, message, tuple(sources), validated.errors, warnings)
    projects = [str(r.extras["project"]) for r in merged.records if r.extras.get("project")]
    value = ProceduresRecord(
        validated.document,
        [r.source for r in merged.records if not _specimen(r.document)],
        merged.measurements,
        list(dict.fromkeys(projects)),
        provenance,
    )
    return Resolved(value, status)


def _specimen(document: dict[str, Any]) -> bool:
    """A procedure on a specimen (SLIMS histology) rather than on the live subject."""
    return document.get("object_type") == "Specimen procedure"


def _nothing_found(
    subject_id: str, sources: list[SourceStatus], failed: list[SourceStatus]
) -> FieldStatus:
    unmapped = unmapped_message(sources)
    if unmapped and not failed:
        return FieldStatus(Code.INVALID, unmapped, tuple(sources))
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


def _event(record: ProcedureRecord) -> tuple[str, str] | None:
    """(kind, day) of a record that a task list and a request or sheet may both hold."""
    document = record.document
    day = document.get("start_date")
    if day is None:
        return None
    kinds = {
        step.get("object_type")
        for step in document.get("procedures") or document.get("injections") or []
        if isinstance(step, dict)
    }
    if kinds == {"Perfusion"}:
        return "perfusion", str(day)
    if kinds == {"Injection"} and record.source in ("labtracks", "sharepoint.las2020"):
        return "retro-orbital injection", str(day)
    return None


def _one_event_per_day(records: list[ProcedureRecord]) -> list[ProcedureRecord]:
    best: dict[tuple[str, str], ProcedureRecord] = {}
    for record in records:
        event = _event(record)
        if event is not None and (
            event not in best or _preference(record) < _preference(best[event])
        ):
            best[event] = record
    return [r for r in records if (event := _event(r)) is None or best[event] is r]


def _preference(record: ProcedureRecord) -> int:
    return PREFERENCE.index(record.source) if record.source in PREFERENCE else len(PREFERENCE)


def _ordered(records: list[ProcedureRecord]) -> list[ProcedureRecord]:
    """By date; undated procedures last, each group in source order."""
    return sorted(
        records,
        key=lambda r: (
            r.document.get("start_date") is None,
            str(r.document.get("start_date") or ""),
        ),
    )


def _renumber_fibers(
    records: list[ProcedureRecord],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Copies of the documents with fibers named Fiber_0.. across all of them, and the
    records' intended measurements under the same new names."""
    documents, measurements = [], []
    count = 0
    for record in records:
        document = copy.deepcopy(record.document)
        renamed: dict[str, str] = {}
        for step in document.get("procedures") or []:
            if not isinstance(step, dict) or step.get("object_type") != "Probe implant":
                continue
            device, config = step.get("implanted_device"), step.get("device_config")
            if not isinstance(device, dict):
                continue
            old = device.get("name")
            if not (isinstance(old, str) and old.startswith("Fiber_")):
                continue
            renamed[old] = device["name"] = f"Fiber_{count}"
            count += 1
            if isinstance(config, dict) and config.get("device_name") == old:
                config["device_name"] = renamed[old]
        documents.append(document)
        for measurement in record.extras.get("intended_measurements") or []:
            name = measurement.get("fiber_name")
            measurements.append({**measurement, "fiber_name": renamed.get(name, name)})
    return documents, measurements


def _has_coordinates(value: Any) -> bool:
    if isinstance(value, dict):
        return "coordinate_system_name" in value or any(map(_has_coordinates, value.values()))
    if isinstance(value, list):
        return any(map(_has_coordinates, value))
    return False
