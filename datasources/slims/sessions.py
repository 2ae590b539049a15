"""A subject's SLIMS ecephys sessions, each as a 2.x ``Acquisition`` document with the facts a
caller filters on (the session's name and the day SLIMS recorded it).

The sessions come from aind-slims-api's ``fetch_ecephys_sessions`` (one subject per call) and
are mapped by :func:`datasources.slims.ecephys.map_session`. SLIMS records no acquisition times,
so the day a session is filtered by is the day its mouse-session result was entered (else its
group of sessions step's), as the 0.24 service filtered on the experiment run's creation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from aind_slims_api.operations.ecephys_session import EcephysSession, fetch_ecephys_sessions

from datasources.slims.client import SlimsRecordNotFound
from datasources.slims.ecephys import map_session
from datasources.slims.ecephys_streams import column, text

__all__ = ["SessionRecord", "session_day", "session_name", "session_records"]


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session: its ``Acquisition`` document, name and recording day (None when unknown)."""

    subject_id: str
    name: str | None
    day: date | None
    document: dict[str, Any]


def session_name(session: EcephysSession) -> str | None:
    """The session's name as SLIMS writes it (e.g. "ecephys_700001_2025-01-01_09-30-00")."""
    result = session.session_result
    if result is None:
        return None
    return text(column(result, "rslt_cf_sessionName")) or text(result.mouse_session)


def session_day(session: EcephysSession) -> date | None:
    """The day SLIMS recorded the session (UTC): its result's creation, else its group's."""
    result = session.session_result
    moments = (None if result is None else result.created_on, session.session_group.created_on)
    moment = next((m for m in moments if isinstance(m, datetime)), None)
    if moment is None:
        return None
    return (moment if moment.tzinfo is None else moment.astimezone(UTC)).date()


def session_records(client: Any, subject_id: str) -> list[SessionRecord]:
    """The subject's sessions; none when SLIMS has no such mouse."""
    try:
        sessions = fetch_ecephys_sessions(client, subject_id)
    except SlimsRecordNotFound:
        return []
    return [
        SessionRecord(
            subject_id, session_name(one), session_day(one), map_session(one, subject_id)
        )
        for one in sessions
    ]
