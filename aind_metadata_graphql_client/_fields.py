"""The 0.24 client's methods, each one GraphQL root field asking for whole documents (``json``).

:class:`FieldMethods` defines every method once for both clients: the sync client's ``_field``
returns a :class:`MetadataResult`, the async client's an awaitable of one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

R = TypeVar("R")

DateArg = str | datetime.date | None


@dataclass(frozen=True, slots=True)
class FieldRequest:
    """One root field: its name (also the key of its data and status), document and variables."""

    field: str
    document: str
    variables: dict[str, Any]


def field_request(
    field: str,
    arguments: dict[str, tuple[str, Any]] | None = None,
    selection: str = "{ json }",
) -> FieldRequest:
    """``arguments`` maps each argument to (GraphQL type, value); ``None`` values are left out
    so the schema's defaults apply."""
    given = {name: spec for name, spec in (arguments or {}).items() if spec[1] is not None}
    definitions = ", ".join(f"${name}: {kind}" for name, (kind, _) in given.items())
    call = ", ".join(f"{name}: ${name}" for name in given)
    operation = "".join(part.capitalize() for part in field.split("_"))
    header = f"query {operation}({definitions})" if given else f"query {operation}"
    document = f"{header} {{ {field}{f'({call})' if call else ''} {selection} }}".replace(
        "  ", " "
    )
    variables = {name: _wire(value) for name, (_, value) in given.items()}
    return FieldRequest(field, document.strip(), variables)


def _wire(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # ids typed as numbers in a notebook
    return value


def _dates(subject_id: str, start_date_gte: DateArg, end_date_lte: DateArg) -> dict[str, Any]:
    return {
        "subject_id": ("String!", subject_id),
        "start_date_gte": ("Date", start_date_gte),
        "end_date_lte": ("Date", end_date_lte),
    }


class FieldMethods(Generic[R]):
    """The metadata methods. Every one returns a result, whatever the status: check
    ``status_code`` (see :class:`~aind_metadata_graphql_client.MetadataResult`)."""

    def _field(self, request: FieldRequest) -> R:
        raise NotImplementedError

    # LabTracks and MGI

    def get_subject(self, subject_id: str) -> R:
        """A subject's aind-data-schema ``Subject`` document (LabTracks, alleles from MGI)."""
        return self._field(field_request("subject", {"subject_id": ("String!", subject_id)}))

    def get_mgi_allele(self, allele_name: str) -> R:
        """MGI alleles (``PIDName`` documents) whose best match is a synonym of the name."""
        return self._field(field_request("mgi_allele", {"allele_name": ("String!", allele_name)}))

    # procedures

    def get_procedures(self, subject_id: str) -> R:
        """Everything done to a subject, as one aind-data-schema ``Procedures`` document."""
        return self._field(field_request("procedures", {"subject_id": ("String!", subject_id)}))

    def get_perfusions(self, subject_id: str) -> R:
        """A ``Procedures`` document holding the perfusions sheet's rows for the subject."""
        return self._field(field_request("perfusions", {"subject_id": ("String!", subject_id)}))

    def get_intended_measurements(self, subject_id: str) -> R:
        """What each fiber implanted in the subject is meant to measure, one dict per fiber."""
        return self._field(
            field_request("intended_measurements", {"subject_id": ("String!", subject_id)})
        )

    def get_injection_materials(self, prep_lot_number: str) -> R:
        """TARS viral materials of a prep lot (exact lot number, ignoring case)."""
        return self._field(
            field_request("injection_materials", {"prep_lot_number": ("String!", prep_lot_number)})
        )

    # Smartsheet

    def get_funding(self, project_name: str) -> R:
        """``Funding`` documents of a project ("Project", or "Project - Subproject")."""
        return self._field(field_request("funding", {"project_name": ("String!", project_name)}))

    def get_investigators(self, project_name: str) -> R:
        """``Person`` documents of a project's investigators."""
        return self._field(
            field_request("investigators", {"project_name": ("String!", project_name)})
        )

    def get_project_names(self) -> R:
        """Every project name the funding sheet answers to, sorted (a list of strings)."""
        return self._field(field_request("project_names", selection=""))

    def get_protocols(self, protocol_name: str) -> R:
        """``ProtocolInformation`` documents of the protocols sheet with this title."""
        return self._field(
            field_request("protocols", {"protocol_name": ("String!", protocol_name)})
        )

    # SLIMS

    def get_ecephys_sessions(
        self,
        subject_id: str,
        *,
        session_name: str | None = None,
        start_date_gte: DateArg = None,
        end_date_lte: DateArg = None,
    ) -> R:
        """A subject's ecephys sessions, as aind-data-schema 2.x ``Acquisition`` documents."""
        arguments = _dates(subject_id, start_date_gte, end_date_lte)
        arguments["session_name"] = ("String", session_name)
        return self._field(field_request("sessions", arguments))

    def get_smartspim_imaging(
        self, subject_id: str, start_date_gte: DateArg = None, end_date_lte: DateArg = None
    ) -> R:
        """A subject's SmartSPIM imaging records, newest first; dates as ``date`` or ISO text."""
        return self._field(
            field_request("smartspim_imaging", _dates(subject_id, start_date_gte, end_date_lte))
        )

    def get_histology(
        self, subject_id: str, start_date_gte: DateArg = None, end_date_lte: DateArg = None
    ) -> R:
        """A subject's histology, as aind-data-schema ``SpecimenProcedure`` documents."""
        return self._field(
            field_request("histology", _dates(subject_id, start_date_gte, end_date_lte))
        )

    def get_water_restriction(
        self, subject_id: str, start_date_gte: DateArg = None, end_date_lte: DateArg = None
    ) -> R:
        """A subject's water restrictions (``WaterRestriction`` documents)."""
        return self._field(
            field_request("water_restriction", _dates(subject_id, start_date_gte, end_date_lte))
        )

    def get_viral_injections(
        self, subject_id: str, start_date_gte: DateArg = None, end_date_lte: DateArg = None
    ) -> R:
        """The viral injections ordered for a subject in SLIMS, newest first."""
        return self._field(
            field_request("viral_injections", _dates(subject_id, start_date_gte, end_date_lte))
        )

    def get_instrument(self, instrument_id: str, *, partial_match: bool = False) -> R:
        """Instrument (and rig) documents stored in SLIMS: the newest named ``instrument_id``,
        or with ``partial_match`` every one whose name contains it."""
        arguments = {
            "instrument_id": ("String!", instrument_id),
            "partial_match": ("Boolean!", partial_match),
        }
        return self._field(field_request("instrument", arguments))
