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


@dataclass(frozen=True, slots=True)
class Unmapped:
    """Something a backend record asks for or describes that no returned record carries.

    A record the service cannot map is reported, never dropped without a word: the resolver
    shows these in the field's status. ``item`` names the backend record ("item 17", "row 4"),
    ``part`` the slot within it ("injection 2", "ReqPro2", "burr hole 3", "whole item").
    ``reason`` must be safe to show: it names columns and choices, never a record's values
    beyond the choice that could not be mapped.
    """

    subject_id: str
    source: str
    item: str
    part: str
    reason: str

    def describe(self) -> str:
        return f"{self.source} {self.item}, {self.part}: {self.reason}"


@dataclass(slots=True)
class MappedRequest:
    """What one backend record (e.g. a surgery request) became for one subject."""

    records: list[ProcedureRecord] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
