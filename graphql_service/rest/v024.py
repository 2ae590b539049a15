"""The paths of aind-metadata-service 0.24, answered in its envelope (envelope.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from graphql_service.rest.routes import Kind, Location, Param, ParamType, RestRoute
from resolvers.request import RequestResolvers
from resolvers.status import Resolved, bad_request

SUBJECT_ID = Param("subject_id", "LabTracks subject id, a non-negative integer.", example="632269")
SLIMS_SUBJECT = Param(
    "subject_id",
    "LabTracks subject id (required here; 0.24 also listed every subject without it).",
    Location.QUERY,
    example="650120",
)
START = Param(
    "start_date_gte",
    "Only records that started on or after this day (ISO date or date-time).",
    Location.QUERY,
    ParamType.DATE,
    required=False,
)
END = Param(
    "end_date_lte",
    "Only records that ended (or started) on or before this day (ISO date or date-time).",
    Location.QUERY,
    ParamType.DATE,
    required=False,
)
SESSION_NAME = Param(
    "session_name",
    "Only the session of this name (ignoring case).",
    Location.QUERY,
    required=False,
)
PARTIAL_MATCH = Param(
    "partial_match",
    "Every instrument whose name contains the id (ignoring case; the newest 20), rather than "
    "the newest one named exactly so.",
    Location.QUERY,
    ParamType.BOOLEAN,
    required=False,
)
PROJECT_NAME = Param(
    "project_name",
    '"Project" for the project and all its subprojects, "Project - Subproject" for one.',
    example="Discovery-Neuromodulator circuit dynamics during foraging",
)

SlimsCall = Callable[
    [RequestResolvers, str, date | None, date | None], Awaitable[Resolved[list[dict[str, Any]]]]
]


def _slims(call: SlimsCall) -> Callable[[RequestResolvers, dict[str, Any]], Awaitable[Any]]:
    async def answer(r: RequestResolvers, v: dict[str, Any]) -> Resolved[Any]:
        if v["subject_id"] == "":
            return bad_request("subject_id cannot be an empty string!")  # 0.24's message
        return await call(r, v["subject_id"], v.get("start_date_gte"), v.get("end_date_lte"))

    return answer


async def _sessions(r: RequestResolvers, v: dict[str, Any]) -> Resolved[Any]:
    if v["subject_id"] == "":
        return bad_request("subject_id cannot be an empty string!")
    return await r.slims.sessions(
        v["subject_id"], v.get("session_name"), v.get("start_date_gte"), v.get("end_date_lte")
    )


async def _rig(r: RequestResolvers, v: dict[str, Any]) -> Resolved[Any]:
    resolved = await r.slims.instrument(v["rig_id"], bool(v.get("partial_match")))
    # The resolver names its own argument; this path calls it rig_id.
    message = resolved.status.message.replace("'instrument_id'", "'rig_id'")
    return dataclasses.replace(
        resolved, status=dataclasses.replace(resolved.status, message=message)
    )


def one_document(value: Any) -> list[Any]:
    """A subject or procedures record: its one aind-data-schema document."""
    return [value.document]


def perfusion_list(value: Any) -> list[Any]:
    return list(value.document.get("subject_procedures") or [])


def funding_documents(rows: Any) -> list[Any]:
    return [row.document for row in rows]


def protocol_documents(protocols: Any) -> list[Any]:
    return [protocol.model_dump(mode="json") for protocol in protocols]


SLIMS_PARAMS = (SLIMS_SUBJECT, START, END)

V024_ROUTES: tuple[RestRoute, ...] = (
    RestRoute(
        "/subject/{subject_id}",
        "A subject from LabTracks, with its alleles from MGI.",
        lambda r, v: r.subjects.subject(v["subject_id"]),
        Kind.V024,
        one_document,
        (SUBJECT_ID,),
        model="Subject",
    ),
    RestRoute(
        "/procedures/{subject_id}",
        "Everything done to a subject, merged from every procedures backend.",
        lambda r, v: r.procedures.procedures(v["subject_id"]),
        Kind.V024,
        one_document,
        (SUBJECT_ID,),
        model="Procedures",
    ),
    RestRoute(
        "/intended_measurements/{subject_id}",
        "What each implanted fiber is meant to measure, one item per fiber.",
        lambda r, v: r.procedures.intended_measurements(v["subject_id"]),
        Kind.V024,
        params=(SUBJECT_ID,),
        model="IntendedMeasurement",
    ),
    RestRoute(
        "/tars_injection_materials/{prep_lot_number}",
        "Viral materials of a TARS prep lot.",
        lambda r, v: r.reference.injection_materials(v["prep_lot_number"]),
        Kind.V024,
        params=(Param("prep_lot_number", "Prep lot number.", example="VT3214G"),),
        model="ViralMaterial",
    ),
    RestRoute(
        "/protocols/{protocol_name}",
        "Protocols by title, from the protocols sheet.",
        lambda r, v: r.reference.protocols(v["protocol_name"]),
        Kind.V024,
        protocol_documents,
        (Param("protocol_name", "Protocol title (exact, ignoring case)."),),
        model="ProtocolInformation",
    ),
    RestRoute(
        "/mgi_allele/{allele_name}",
        "MGI alleles whose four-star best match is a synonym of the name.",
        lambda r, v: r.alleles.allele(v["allele_name"]),
        Kind.V024,
        params=(Param("allele_name", "Allele name.", example="Pvalb-IRES-Cre"),),
        model="PIDName",
    ),
    RestRoute(
        "/perfusions/{subject_id}",
        "Perfusions from the Smartsheet perfusions sheet alone.",
        lambda r, v: r.procedures.perfusions(v["subject_id"]),
        Kind.V024,
        perfusion_list,
        (SUBJECT_ID,),
        model="Surgery",
    ),
    RestRoute(
        "/funding/{project_name}",
        "Funding of a project, from the funding sheet.",
        lambda r, v: r.reference.funding(v["project_name"]),
        Kind.V024,
        funding_documents,
        (PROJECT_NAME,),
        model="Funding",
        indexed_errors=True,
    ),
    RestRoute(
        "/project_names",
        "Every project name the funding sheet answers to, sorted.",
        lambda r, v: r.reference.project_names(),
        Kind.V024_NAMES,
    ),
    RestRoute(
        "/slims/ecephys_sessions",
        "A subject's ecephys sessions from SLIMS (aind-data-schema 2.x Acquisition).",
        _sessions,
        Kind.V024_SLIMS,
        params=(SLIMS_SUBJECT, SESSION_NAME, START, END),
        model="Acquisition",
        indexed_errors=True,
    ),
    RestRoute(
        "/slims/smartspim_imaging",
        "A subject's SmartSPIM imaging from SLIMS, newest first.",
        _slims(lambda r, s, a, b: r.slims.smartspim_imaging(s, a, b)),
        Kind.V024_SLIMS,
        params=SLIMS_PARAMS,
        model="SmartSpimImaging",
        indexed_errors=True,
    ),
    RestRoute(
        "/slims/histology",
        "A subject's histology from SLIMS, as specimen procedures.",
        _slims(lambda r, s, a, b: r.slims.histology(s, a, b)),
        Kind.V024_SLIMS,
        params=SLIMS_PARAMS,
        model="SpecimenProcedure",
        indexed_errors=True,
    ),
    RestRoute(
        "/slims/water_restriction",
        "A subject's water restrictions from SLIMS.",
        _slims(lambda r, s, a, b: r.slims.water_restriction(s, a, b)),
        Kind.V024_SLIMS,
        params=SLIMS_PARAMS,
        model="WaterRestriction",
        indexed_errors=True,
    ),
    RestRoute(
        "/slims/viral_injections",
        "The viral injections ordered for a subject in SLIMS, newest first.",
        _slims(lambda r, s, a, b: r.slims.viral_injections(s, a, b)),
        Kind.V024_SLIMS,
        params=SLIMS_PARAMS,
        model="ViralInjection",
        indexed_errors=True,
    ),
    RestRoute(
        "/instrument/{instrument_id}",
        "Instrument documents stored in SLIMS, as stored.",
        lambda r, v: r.slims.instrument(v["instrument_id"], bool(v.get("partial_match"))),
        Kind.V024_UNVALIDATED,
        params=(
            Param("instrument_id", "Instrument id.", example="SmartSPIM-DEMO-1"),
            PARTIAL_MATCH,
        ),
        model="Instrument",
        indexed_errors=True,
    ),
    RestRoute(
        "/rig/{rig_id}",
        "Rig documents stored in SLIMS (the instrument attachments), as stored.",
        _rig,
        Kind.V024_UNVALIDATED,
        params=(Param("rig_id", "Rig id.", example="EPHYS-DEMO-RIG-OLD"), PARTIAL_MATCH),
        model="Instrument",
        indexed_errors=True,
    ),
    RestRoute(
        "/ecephys_sessions_by_subject/{subject_id}",
        "A subject's ecephys sessions from SLIMS (the path 0.24's client called).",
        _sessions,
        Kind.V024_SLIMS,
        params=(SUBJECT_ID,),
        model="Acquisition",
        indexed_errors=True,
    ),
)
