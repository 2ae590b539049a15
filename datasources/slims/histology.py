"""SLIMS SmartSPIM histology runs -> aind-data-schema 2.x ``SpecimenProcedure`` documents.

aind-slims-api's ``fetch_histology_procedures`` gives one block per experiment run: its
template ("SmartSPIM Delipidation", "SmartSPIM Labeling", "SmartSPIM Refractive Index
Matching"), the SOP it followed and its washes (each with a type, start and end times, who
did it, reagents, and for antibodies the mass used). A block becomes:

* labeling: one immunolabeling procedure per antibody wash ("Immuno: Primary Antibody"...),
  dated by that wash. 2.x describes an antibody by its protein target, which SLIMS does not
  record, so the antibody's class and mass are kept in ``notes`` rather than invented;
* any other template: one procedure, of the type its template names, from the first wash's
  start to the last wash's end, with the reagents of every wash.

Dates are UTC days of the SLIMS timestamps. The protocol is the SOP's link (the href of its
HTML), the experimenter whoever last modified the washes. A block the mapping cannot type
keeps the type "Other" and its template name; a block with no dated wash keeps ``None`` dates
for validation to report. An imaging run holding the same brain comes back from the library
too; it is not a specimen procedure (``smartspim_imaging`` answers it) and is left out here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from aind_slims_api.operations.histology_procedures import (
    SlimsReagent,
    SlimsWash,
    SPIMHistologyExpBlock,
)

from datasources.organizations import organization_json

#: Words of a template or wash name -> the 2.x ``SpecimenProcedureType`` value.
PROCEDURE_TYPES = (
    ("delipidation", "Delipidation"),
    ("refractive index", "Refractive index matching"),
    ("labeling", "Immunolabeling"),
    ("immuno", "Immunolabeling"),
    ("fixation", "Fixation"),
    ("clearing", "Clearing"),
    ("embedding", "Embedding"),
    ("expansion", "Expansion"),
    ("gelation", "Gelation"),
    ("stripping", "Stripping"),
)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def procedure_type(*names: str | None) -> str:
    for name in names:
        lowered = (name or "").casefold()
        for word, kind in PROCEDURE_TYPES:
            if word in lowered:
                return kind
    return "Other"


def protocol_link(text: str | None) -> list[str]:
    """The SOP's URL: SLIMS stores an HTML anchor, sometimes a bare URL."""
    if not text:
        return []
    found = _HREF.search(text)
    if found:
        return [found.group(1)]
    plain = _TAGS.sub("", text).strip()
    return [plain] if plain.startswith(("http://", "https://")) else []


def utc_day(moment: datetime | None) -> str | None:
    """The ISO day of a SLIMS timestamp, in UTC (a naive one is read as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).date().isoformat()


def _reagent(reagent: SlimsReagent) -> dict[str, Any]:
    details, content, source = reagent.details, reagent.content, reagent.source
    return {
        "object_type": "Reagent",
        "name": details.name if details is not None else None,
        "source": organization_json(source.name if source is not None else None),
        "rrid": None,
        "lot_number": content.lot_number if content is not None else None,
        "expiration_date": None,
    }


def _experimenters(washes: Iterable[SlimsWash]) -> list[str]:
    names = (w.wash_step.modified_by for w in washes if w.wash_step is not None)
    return list(dict.fromkeys(name for name in names if name))


def _document(
    kind: str,
    name: str | None,
    specimen_id: str,
    washes: Sequence[SlimsWash],
    protocol: list[str],
    notes: list[str],
) -> dict[str, Any]:
    steps = [w.wash_step for w in washes if w.wash_step is not None]
    starts = [s.start_time for s in steps if s.start_time is not None]
    ends = [s.end_time for s in steps if s.end_time is not None]
    reagents = [_reagent(r) for w in washes for r in w.reagents]
    return {
        "object_type": "Specimen procedure",
        "protocol_id": protocol or None,
        "procedure_type": kind,
        "procedure_name": name,
        "specimen_id": specimen_id,
        "start_date": utc_day(min(starts)) if starts else None,
        "end_date": utc_day(max(ends)) if ends else None,
        "experimenters": _experimenters(washes),
        "protocol_parameters": None,
        "procedure_details": reagents,
        "notes": "; ".join(notes) or None,
    }


def _antibody_note(wash: SlimsWash) -> str:
    step = wash.wash_step
    kind = (step.spim_wash_type or step.wash_name or "antibody") if step else "antibody"
    label = kind.removeprefix("Immuno:").strip()
    mass = f", {step.mass:g} µg" if step is not None and step.mass is not None else ""
    return f"{label}{mass}"


def map_block(block: SPIMHistologyExpBlock, specimen_id: str) -> list[dict[str, Any]]:
    """The specimen procedures of one histology experiment run."""
    template = block.experiment_template.name if block.experiment_template else None
    washes = list(block.washes or [])
    if not washes and "imaging" in (template or "").casefold():
        return []
    sop = block.protocol
    name = sop.name if sop is not None and sop.name else template
    protocol = protocol_link(sop.link if sop is not None else None)
    kind = procedure_type(template, *(w.wash_step.spim_wash_type for w in washes if w.wash_step))
    antibodies = [
        w
        for w in washes
        if w.wash_step and "antibod" in (w.wash_step.spim_wash_type or "").lower()
    ]
    if kind == "Immunolabeling" and antibodies:
        return [
            _document(kind, name, specimen_id, [wash], protocol, [_antibody_note(wash)])
            for wash in antibodies
        ]
    notes = [f"SLIMS template: {template}"] if kind == "Other" and template else []
    return [_document(kind, name, specimen_id, washes, protocol, notes)]


def map_histology(
    blocks: Iterable[SPIMHistologyExpBlock], specimen_id: str
) -> list[dict[str, Any]]:
    """Every specimen procedure of a subject's histology runs, in SLIMS' order."""
    return [document for block in blocks for document in map_block(block, specimen_id)]
