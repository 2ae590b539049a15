"""Domain records shared by several backends (no backend's wire format in here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ProcedureRecord:
    """One subject procedure as a backend described it, mapped but not yet validated.

    ``document`` is an aind-data-schema 2.x subject procedure as JSON (``Surgery``,
    ``NonSurgicalInjection``, ...). ``source`` names where it came from (e.g.
    ``"sharepoint.nsb2023"``, ``"labtracks"``, ``"smartsheet.perfusions"``): the GraphQL layer
    shows it, the aind-data-schema JSON does not carry it. ``key`` identifies the request it
    came from (e.g. a surgery-request id), so the same surgery read from two lists is merged once.
    """

    subject_id: str
    source: str
    document: dict[str, Any]
    key: str | None = None
    #: Values the 2.x schema cannot hold but the service still shows (e.g. a project name that
    #: resolves funding later); never part of ``document``.
    extras: dict[str, Any] = field(default_factory=dict)
