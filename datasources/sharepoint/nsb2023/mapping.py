"""NSB 2023 list items -> 2.x ``Surgery`` documents, one per surgery session of the request.

Entry point: :func:`map_item`, used for both the NSB 2023-2024 archive list (``"nsb2023"``)
and the NSB 2023-present list (``"nsb_present"``), which share their columns.

Record keys. The same request can be in both lists (items were carried over from the archive
to the present list), and the resolver merges records with equal keys, so the key must not
depend on the list: Graph item ids are per list and cannot be used. A request is identified by
its Title (the form's request name, "<LabTracks id><procedure>", copied verbatim with the item)
together with its requested start date ("DateRangeStart", set when the request is made and not
edited after the surgery, unlike the surgery dates), which tells apart two requests for the same
procedure on the same subject. The session ("initial", "follow_up", "unscheduled") completes the
key, so the two surgeries of one request are never merged. An item without a Title falls back
to its list and item id: it is then never merged, rather than wrongly merged.

Nothing a request asks for is dropped without a word. Procedures the form offers that no
headframe, craniotomy or burr hole describes ("EMG Array", "Testes Injection", "Oviduct
Injection", "Custom") become a generic surgery procedure naming the request (1.x mapped none of
them); a burr hole of a kind the service does not know, or a request whose procedure nothing
describes, is reported as unmapped with its item and slot.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import Any

from datasources.records import MappedRequest, ProcedureRecord, Unmapped
from datasources.sharepoint.documents import item_label
from datasources.sharepoint.nsb2023.burr_holes import BurrHole, injection_document, parse_burr_hole
from datasources.sharepoint.nsb2023.fibers import fiber_implant_document, fiber_names
from datasources.sharepoint.nsb2023.headframes import (
    craniotomy_document,
    has_craniotomy,
    has_headframe,
    headframe_document,
    procedure_name,
)
from datasources.sharepoint.nsb2023.materials import injection_materials
from datasources.sharepoint.nsb2023.measurements import measurements_of
from datasources.sharepoint.nsb2023.models import Nsb2023Item
from datasources.sharepoint.nsb2023.surgeries import (
    Session,
    is_single_session,
    session_facts,
    session_of,
    surgery_document,
)
from datasources.sharepoint.parsers import parse_datetime

logger = logging.getLogger(__name__)

KEY_PREFIX = "nsb2023"
#: Form procedures that no headframe, craniotomy or burr-hole column describes.
GENERIC_PROCEDURES = ("custom", "emg array", "testes injection", "oviduct injection")
_NOT_CHOSEN = ("", "select...")


class _Sessions:
    """Procedures and notes collected per session, in form order."""

    def __init__(self, item: Nsb2023Item) -> None:
        self.single_session = is_single_session(item)
        self.procedures: dict[Session, list[dict[str, Any]]] = {}
        self.remarks: dict[Session, list[str]] = {}
        self.stereotaxic: set[Session] = set()

    def of(self, during: str | None) -> Session:
        return session_of(during, self.single_session)

    def add(self, session: Session, document: dict[str, Any]) -> None:
        self.procedures.setdefault(session, []).append(document)


def parse_item(fields: Mapping[str, Any]) -> tuple[Nsb2023Item, list[BurrHole]]:
    """The item's raw model and the burr holes it uses."""
    item = Nsb2023Item.model_validate(fields)
    holes = [hole for raw in item.burr_holes if (hole := parse_burr_hole(raw)) is not None]
    return item, holes


def _collect(item: Nsb2023Item, holes: list[BurrHole]) -> _Sessions:
    sessions = _Sessions(item)
    name = procedure_name(item)
    if name in GENERIC_PROCEDURES:
        description = f"{(item.procedure or '').strip()} (surgery request)"
        sessions.add(
            sessions.of(None),
            {
                "object_type": "Generic surgery procedure",
                "protocol_id": None,
                "description": description,
                "notes": None,
            },
        )
    if has_headframe(item):
        # A window's headframe is placed with the window unless the headpost has its own session.
        during = item.headpost_during or (item.craniotomy_during if has_craniotomy(item) else None)
        sessions.add(sessions.of(during), headframe_document(item))
    if has_craniotomy(item):
        sessions.add(sessions.of(item.craniotomy_during), craniotomy_document(item))
    names = fiber_names(holes)
    for hole in holes:
        session = sessions.of(hole.during)
        if hole.injection:
            sessions.add(session, injection_document(hole, injection_materials(hole.raw)))
        if hole.fiber:
            implant = fiber_implant_document(hole, names[hole.number], item.requestor_comments)
            sessions.add(session, implant)
        if not hole.spinal:
            sessions.stereotaxic.add(session)
        sessions.remarks.setdefault(session, []).extend(hole.remarks)
    return sessions


def _normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def _fiber_names_in(procedures: list[dict[str, Any]]) -> set[str]:
    return {
        str(step["implanted_device"].get("name"))
        for step in procedures
        if step.get("object_type") == "Probe implant"
        and isinstance(step.get("implanted_device"), dict)
    }


def record_key(item: Nsb2023Item, subject_id: str, list_name: str, session: Session) -> str:
    """The request identity shared by the archive and present lists (see the module doc)."""
    if item.title is None:
        request = f"{list_name}-item-{item.item_id}"
    else:
        requested = parse_datetime(item.requested_start)
        when = "undated" if requested is None else requested.date().isoformat()
        request = f"{_normalized(item.title)}:{when}"
    return f"{KEY_PREFIX}:{subject_id}:{request}:{session.value}"


def _records(
    item: Nsb2023Item, holes: list[BurrHole], subject_id: str, list_name: str
) -> list[ProcedureRecord]:
    sessions = _collect(item, holes)
    records = []
    for session in Session:
        procedures = sessions.procedures.get(session)
        if not procedures:
            continue
        facts = session_facts(item, session)
        if session is Session.FOLLOW_UP and all(
            step["object_type"] in ("Headframe", "Craniotomy") for step in procedures
        ):
            # "HpWorkStation" is where the headpost and window are done, whichever session
            # they fall in; the follow-up columns describe its injections (as 0.24 read them).
            facts = dataclasses.replace(facts, workstation=item.initial.workstation)
        document = surgery_document(
            item,
            facts,
            procedures,
            sessions.remarks.get(session, []),
            measured=session in sessions.stereotaxic,
        )
        extras: dict[str, Any] = {"request": item.title, "session": session.value}
        implanted = _fiber_names_in(procedures)
        measured = [m for m in measurements_of(holes) if m["fiber_name"] in implanted]
        if measured:
            # With the fibers they describe, so the merge renames both together.
            extras["intended_measurements"] = measured
        project = item.project_id or item.project_text
        if project:
            extras["project"] = project
        if facts.recovery_minutes is not None:
            extras["recovery_time_minutes"] = facts.recovery_minutes
        records.append(
            ProcedureRecord(
                subject_id=subject_id,
                source=f"sharepoint.{list_name}",
                document=document,
                key=record_key(item, subject_id, list_name, session),
                extras=extras,
            )
        )
    return records


def _unrecognised(item: Nsb2023Item, holes: list[BurrHole]) -> list[tuple[str, str]]:
    """(slot, reason) of what the request asks for that no procedure will carry."""
    used = {hole.number for hole in holes}
    found = []
    for raw in item.burr_holes:
        kind = (raw.kind or "").strip()
        if raw.number not in used and kind.casefold() not in _NOT_CHOSEN:
            reason = f"procedure {kind!r} is not one the service maps"
            found.append((f"burr hole {raw.number}", reason))
    chosen = (item.procedure or "").strip()
    described = holes or has_headframe(item) or has_craniotomy(item)
    generic = procedure_name(item) in GENERIC_PROCEDURES
    if chosen.casefold() not in _NOT_CHOSEN and not described and not generic:
        reason = f"procedure {chosen!r} is requested, but no burr hole describes it"
        found.append(("whole request", reason))
    return found


def map_request(fields: dict[str, Any], subject_id: str, list_name: str) -> MappedRequest:
    """One ``ProcedureRecord`` per surgery session of an NSB 2023 list item, and what could
    not be mapped.

    ``fields`` is the Graph list item's ``fields`` object; ``list_name`` is ``"nsb2023"`` or
    ``"nsb_present"`` and only sets the record's ``source``. Never raises: unreadable values
    become ``None`` in the documents, which the resolver's validation then reports.
    """
    source = f"sharepoint.{list_name}"
    label = item_label(fields)
    try:
        item, holes = parse_item(fields)
        records = _records(item, holes, subject_id, list_name)
        problems = _unrecognised(item, holes)
    except Exception as error:  # a mapping bug must not fail the whole subject
        logger.warning(
            "NSB 2023 item could not be mapped (list %s, %s)", list_name, type(error).__name__
        )
        reason = f"it could not be mapped ({type(error).__name__})"
        return MappedRequest(unmapped=[Unmapped(subject_id, source, label, "whole item", reason)])
    unmapped = [Unmapped(subject_id, source, label, part, why) for part, why in problems]
    return MappedRequest(records, unmapped)


def map_item(fields: dict[str, Any], subject_id: str, list_name: str) -> list[ProcedureRecord]:
    """Only the records of :func:`map_request`."""
    return map_request(fields, subject_id, list_name).records
