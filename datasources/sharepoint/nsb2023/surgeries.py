"""Surgery sessions of an NSB 2023 request and their 2.x ``Surgery`` documents.

A request plans one or two sessions. Each burr hole, the headpost and the craniotomy say when
they are done ("Perform During": "Initial Surgery" or "Follow up Surgery"), and each session
has its own columns: the initial surgery uses "Date of Surgery", the HP weight, isoflurane,
recovery and workstation columns and the "Test1" surgeon; the follow-up uses the columns the
form titles "1st injection" / "1st round" ("Date1stInjection", "FirstInjection*",
"Round1InjIsolevel", "WorkStation1stInjection"). Isoflurane durations are asked in hours.

A procedure without a (readable) "Perform During" belongs to the initial surgery when the
request plans a single session; in a two-session request it cannot be placed, so it goes into
an undated "unscheduled" surgery that validation reports instead of being attached to the wrong
date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from datasources.sharepoint.coordinates import translation
from datasources.sharepoint.nsb2023.models import Nsb2023Item, RawSession
from datasources.sharepoint.parsers import (
    parse_anaesthesia_minutes,
    parse_datetime,
    parse_duration_minutes,
    parse_length_mm,
    parse_percent,
    parse_weight_g,
)

#: Experimenter recorded when the request does not name the surgeon (the NSB team did it).
NSB = "NSB"

_PROTOCOL_NUMBER = re.compile(r"^\s*(\d{3,5})\b")


class Session(StrEnum):
    """When, within a request, a procedure is performed."""

    INITIAL = "initial"
    FOLLOW_UP = "follow_up"
    UNSCHEDULED = "unscheduled"


def is_single_session(item: Nsb2023Item) -> bool:
    """Whether the request plans only the initial surgery."""
    return (item.procedure_slots or "").casefold().startswith("single")


def session_of(during: str | None, single_session: bool) -> Session:
    """The session a "Perform During" choice names; a single-session request has only one."""
    text = (during or "").casefold()
    if "follow" in text:
        return Session.FOLLOW_UP
    if "initial" in text or single_session:
        return Session.INITIAL
    return Session.UNSCHEDULED


def ethics_review_id(item: Nsb2023Item) -> str | None:
    """The IACUC protocol number; older items only have the "Protocol" choice ("2414 - ...")."""
    if item.iacuc_protocol:
        return item.iacuc_protocol
    match = _PROTOCOL_NUMBER.match(item.protocol or "")
    return match.group(1) if match else None


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What the request records about one session, parsed."""

    start_date: str | None
    experimenters: list[str]
    weight_prior: float | None
    weight_post: float | None
    anaesthesia: dict[str, Any] | None
    workstation: str | None
    recovery_minutes: float | None


def _anaesthesia(raw: RawSession) -> dict[str, Any] | None:
    duration = parse_anaesthesia_minutes(raw.iso_duration)
    level = parse_percent(raw.iso_level)
    if duration is None and level is None:
        return None
    return {
        "object_type": "Anaesthetic",
        "anaesthetic_type": "isoflurane",
        "duration": _float(duration),
        "duration_unit": "minute",
        "level": _float(level),
    }


def session_facts(item: Nsb2023Item, session: Session) -> SessionFacts:
    """Date, surgeon, weights, anaesthesia and workstation of a session."""
    if session is Session.UNSCHEDULED:
        return SessionFacts(None, [NSB], None, None, None, None, None)
    raw = item.initial if session is Session.INITIAL else item.follow_up
    when = parse_datetime(raw.date)
    return SessionFacts(
        # SharePoint stores the local midnight of the chosen day in UTC (08:00Z / 07:00Z).
        start_date=None if when is None else when.date().isoformat(),
        experimenters=[NSB if raw.surgeon is None else f"{NSB}-{raw.surgeon}"],
        weight_prior=_float(parse_weight_g(raw.weight_before)),
        weight_post=_float(parse_weight_g(raw.weight_after)),
        anaesthesia=_anaesthesia(raw),
        workstation=raw.workstation,
        recovery_minutes=_float(parse_duration_minutes(raw.recovery)),
    )


def measured_coordinates(item: Nsb2023Item) -> dict[str, Any] | None:
    """Lambda's position in BREGMA_ARI from the measured Bregma-to-Lambda distance."""
    distance = parse_length_mm(item.bregma_to_lambda)
    if distance is None or distance == 0:
        return None
    return {"Lambda": translation(-abs(distance), 0, 0)}


def surgery_document(
    item: Nsb2023Item,
    facts: SessionFacts,
    procedures: list[dict[str, Any]],
    remarks: list[str],
    measured: bool,
) -> dict[str, Any]:
    """``Surgery`` JSON for one session.

    ``measured`` says whether the session worked at stereotaxic coordinates, where the
    Bregma-to-Lambda distance was measured. The coordinate system is left to the enclosing
    ``Procedures`` document (every SharePoint mapping uses
    :data:`datasources.sharepoint.coordinates.COORDINATE_SYSTEM`).
    """
    notes = "; ".join(remarks)
    return {
        "object_type": "Surgery",
        "protocol_id": None,
        "start_date": facts.start_date,
        "experimenters": facts.experimenters,
        "ethics_review_id": ethics_review_id(item),
        "animal_weight_prior": facts.weight_prior,
        "animal_weight_post": facts.weight_post,
        "weight_unit": "gram",
        "anaesthesia": facts.anaesthesia,
        "workstation_id": facts.workstation,
        "coordinate_system": None,
        "global_coordinate_system": None,
        "measured_coordinates": measured_coordinates(item) if measured else None,
        "procedures": procedures,
        "notes": (notes[:1].upper() + notes[1:]) if notes else None,
    }
