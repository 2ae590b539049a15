"""Rows of the protocols sheet to ``ProtocolInformation``, found by protocol or procedure.

The sheet's columns (titles matched ignoring case): ``Protocol Type``, ``Procedure name``,
``Protocol name``, ``DOI`` and ``Version``. DOIs are written ``https://doi.org/<doi>`` when the
text is recognisably a DOI (``10.<registrant>/<suffix>``, bare or after ``doi:``,
``doi.org/`` or ``dx.doi.org/``); other text is kept as the sheet has it.

Procedures find their protocol through a table: :data:`PROCEDURE_KINDS` says which
aind-data-schema 2.x procedure (its ``object_type``, and for injections how the material was
delivered) is which kind, and a kind is the ``Procedure name`` the sheet lists it under.
Procedure names match ignoring case, hyphens and runs of white space. A plain ``Injection``
is not classified: retro-orbital and spinal injections are both plain ``Injection``
documents, so only a caller that knows the route can ask for :data:`RETRO_ORBITAL_INJECTION`.

Mapping never raises on a row: a row with values but neither a protocol nor a procedure name is
skipped and described in the problems (by row number, never by cell contents), after the
sheet's own parse problems. Only a sheet without its ``Protocol name`` and ``Procedure name``
columns fails, as a :class:`ProtocolsSheetError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from datasources.errors import BackendError
from datasources.smartsheet.sheet import ParsedRow, ParsedSheet

SOURCE = "smartsheet.protocols"

PROTOCOL_TYPE = "Protocol Type"
PROCEDURE_NAME = "Procedure name"
PROTOCOL_NAME = "Protocol name"
DOI = "DOI"
VERSION = "Version"
COLUMNS = (PROTOCOL_TYPE, PROCEDURE_NAME, PROTOCOL_NAME, DOI, VERSION)

DOI_URL = "https://doi.org/"
_DOI = re.compile(
    r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+?)/?$", re.IGNORECASE
)
_VERSION_NUMBER = re.compile(r"(\d+(?:\.\d+)*)")

# Procedure kinds: the procedure names the sheet lists protocols under.
SURGERY = "Surgery"
PERFUSION = "Perfusion"
INJECTION_NANOJECT = "Injection Nanoject"
INJECTION_IONTOPHORESIS = "Injection Iontophoresis"
CRANIOTOMY = "Craniotomy"
HEADFRAME = "Headframe"
FIBER_IMPLANT = "Fiber implant"
RETRO_ORBITAL_INJECTION = "Retro-orbital injection"


class ProtocolsSheetError(BackendError):
    """The protocols sheet lacks both of the columns its rows are found by."""


class ProtocolInformation(BaseModel):
    """A published protocol, as the institute's protocols sheet lists it."""

    model_config = ConfigDict(frozen=True)

    protocol_type: str | None = Field(
        default=None, description="The kind of protocol (e.g. Surgical Procedures)"
    )
    procedure_name: str | None = Field(
        default=None, description="The procedure the protocol describes (e.g. Perfusion)"
    )
    protocol_name: str | None = Field(default=None, description="The protocol's title")
    doi: str | None = Field(
        default=None, description="The protocol's DOI, as https://doi.org/... when it is one"
    )
    version: str | None = Field(default=None, description="The protocol's version")


def normalise_doi(text: str | None) -> str | None:
    """``https://doi.org/<doi>`` for text that is recognisably a DOI; other text as it is."""
    if text is None:
        return None
    text = text.strip()
    found = _DOI.match(text)
    return f"{DOI_URL}{found.group(1)}" if found else (text or None)


def procedure_key(text: str) -> str:
    """How procedure names are compared: case, hyphens and runs of white space do not
    matter ("Retro-orbital injection" is "retro orbital  Injection")."""
    return " ".join(text.replace("-", " ").split()).casefold()


def _dynamics(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    dynamics = document.get("dynamics")
    if not isinstance(dynamics, list):
        return []
    return [entry for entry in dynamics if isinstance(entry, Mapping)]


def _profile_says(document: Mapping[str, Any], *words: str) -> bool:
    # aind-data-schema 1.x named the delivery in the profile ("Iontophoresis", "Nanoject
    # (Pressure)"); 2.x profiles are Bolus/Continuous/Pulsed, so this only reads old documents.
    profiles = (str(entry.get("profile") or "").casefold() for entry in _dynamics(document))
    return any(word in profile for profile in profiles for word in words)


def _iontophoresis(document: Mapping[str, Any]) -> bool:
    if _profile_says(document, "ionto"):
        return True
    if _profile_says(document, "nanoject", "pressure"):
        return False
    return any(entry.get("injection_current") is not None for entry in _dynamics(document))


def _pressure(document: Mapping[str, Any]) -> bool:
    if _profile_says(document, "nanoject", "pressure"):
        return True
    return any(entry.get("volume") is not None for entry in _dynamics(document))


def _fiber(document: Mapping[str, Any]) -> bool:
    device = document.get("implanted_device")
    return isinstance(device, Mapping) and device.get("object_type") == "Fiber probe"


def _always(_document: Mapping[str, Any]) -> bool:
    return True


#: (aind-data-schema ``object_type``, condition on the document, procedure kind); the first
#: rule that holds decides. An iontophoretic injection carries a current, a pressure
#: (Nanoject) injection a volume.
PROCEDURE_KINDS: tuple[tuple[str, Callable[[Mapping[str, Any]], bool], str], ...] = (
    ("Surgery", _always, SURGERY),
    ("Perfusion", _always, PERFUSION),
    ("Brain injection", _iontophoresis, INJECTION_IONTOPHORESIS),
    ("Brain injection", _pressure, INJECTION_NANOJECT),
    ("Craniotomy", _always, CRANIOTOMY),
    ("Headframe", _always, HEADFRAME),
    ("Probe implant", _fiber, FIBER_IMPLANT),
)


def procedure_kind(document: Mapping[str, Any]) -> str | None:
    """The kind of an aind-data-schema procedure (JSON), or None when no rule places it."""
    object_type = document.get("object_type")
    for rule_type, holds, kind in PROCEDURE_KINDS:
        if rule_type == object_type and holds(document):
            return kind
    return None


def _version_number(version: str | None) -> tuple[int, ...]:
    found = _VERSION_NUMBER.search(version or "")
    return tuple(int(part) for part in found.group(1).split(".")) if found else ()


@dataclass(frozen=True, slots=True)
class ProtocolsTable:
    """The protocols sheet read once: its protocols in sheet order, and what was skipped."""

    protocols: tuple[ProtocolInformation, ...]
    problems: tuple[str, ...]

    def named(self, protocol_name: str) -> list[ProtocolInformation]:
        """Protocols titled ``protocol_name``, ignoring case and runs of white space."""
        key = _name_key(protocol_name)
        if not key:
            return []
        return [p for p in self.protocols if p.protocol_name and _name_key(p.protocol_name) == key]

    def protocol_names(self) -> list[str]:
        """Every protocol title, each once (the first spelling met; case and runs of white
        space do not tell titles apart), sorted ignoring case."""
        names: dict[str, str] = {}
        for protocol in self.protocols:
            if protocol.protocol_name:
                names.setdefault(_name_key(protocol.protocol_name), protocol.protocol_name)
        return sorted(names.values(), key=lambda name: (name.casefold(), name))

    def for_procedure(self, procedure_kind: str) -> ProtocolInformation | None:
        """The protocol listed for ``procedure_kind`` (a sheet procedure name, e.g. one of
        this module's kinds). When several are: one with a DOI, then the highest version,
        then the first in the sheet."""
        key = procedure_key(procedure_kind)
        best: ProtocolInformation | None = None
        best_rank: tuple[bool, tuple[int, ...]] = (False, ())
        for protocol in self.protocols:
            if not protocol.procedure_name or procedure_key(protocol.procedure_name) != key:
                continue
            rank = (protocol.doi is not None, _version_number(protocol.version))
            if best is None or rank > best_rank:
                best, best_rank = protocol, rank
        return best


def _name_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _map_row(row: ParsedRow, titles: Mapping[str, str | None]) -> ProtocolInformation:
    def text(column: str) -> str | None:
        title = titles[column]
        return row.text(title) if title is not None else None

    return ProtocolInformation(
        protocol_type=text(PROTOCOL_TYPE),
        procedure_name=text(PROCEDURE_NAME),
        protocol_name=text(PROTOCOL_NAME),
        doi=normalise_doi(text(DOI)),
        version=text(VERSION),
    )


def read_protocols(sheet: ParsedSheet) -> ProtocolsTable:
    """Map every row once; :class:`ProtocolsSheetError` only without both name columns."""
    if sheet.column(PROTOCOL_NAME) is None and sheet.column(PROCEDURE_NAME) is None:
        raise ProtocolsSheetError(
            "the protocols sheet has no 'Protocol name' or 'Procedure name' column"
        )
    titles = {column: sheet.column(column) for column in COLUMNS}
    protocols: list[ProtocolInformation] = []
    problems = list(sheet.problems)
    for row in sheet.rows:
        protocol = _map_row(row, titles)
        if protocol.protocol_name is None and protocol.procedure_name is None:
            problems.append(f"{row.label} names neither a protocol nor a procedure; skipped")
        else:
            protocols.append(protocol)
    return ProtocolsTable(tuple(protocols), tuple(problems))


def protocols_named(sheet: ParsedSheet, protocol_name: str) -> list[ProtocolInformation]:
    """Protocols titled ``protocol_name`` (ignoring case and runs of white space), in sheet
    order."""
    return read_protocols(sheet).named(protocol_name)


def protocol_for_procedure(sheet: ParsedSheet, procedure_kind: str) -> ProtocolInformation | None:
    """The protocol the sheet lists for ``procedure_kind`` (see :meth:`ProtocolsTable.
    for_procedure`); None when it lists none."""
    return read_protocols(sheet).for_procedure(procedure_kind)


def protocol_problems(sheet: ParsedSheet) -> list[str]:
    """The sheet's parse problems, then the rows the mapping skipped."""
    return list(read_protocols(sheet).problems)
