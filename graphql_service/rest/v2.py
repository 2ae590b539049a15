"""The /api/v2 paths of aind-metadata-service's 2.x proxy, with its semantics.

The body is the document (or list of documents) itself, 200. A document that fails validation
is still returned, with 400 and its errors as a JSON list in the ``X-Error-Message`` header
(``[{"loc": [...], "msg": "..."}]``, or, past 3800 bytes, the proxy's "Too many validation
errors. Please validate locally."). Nothing found is 404 ``{"detail": "Not found"}``; a
non-numeric subject id 406 with the proxy's message. Where the proxy let a backend failure
escape as a bare 500, a failure here is 503 ``{"detail": ...}`` naming the backend, and a
partial answer is 200 with what the others said: ``X-Metadata-Status`` (every 2.x answer
carries it) is then 207 and ``X-Metadata-Message`` says which backend failed.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graphql_service.rest.routes import Kind, Param, RestRoute
from graphql_service.rest.v024 import (
    PROJECT_NAME,
    SUBJECT_ID,
    funding_documents,
    one_document,
    perfusion_list,
    protocol_documents,
)
from resolvers.status import Code, Resolved

ERROR_HEADER = "X-Error-Message"
STATUS_HEADER = "X-Metadata-Status"
MESSAGE_HEADER = "X-Metadata-Message"
#: The proxy's limit on the header, and what it said past it.
MAX_ERROR_BYTES = 3800
TOO_MANY = "Too many validation errors. Please validate locally."
NOT_FOUND = "Not found"


def service_version() -> str:
    try:
        return version("aind-metadata-graphql")
    except PackageNotFoundError:  # pragma: no cover - run from a tree without installing
        return "0.0.0"


def v2_response(route: RestRoute, values: dict[str, Any], resolved: Resolved[Any]) -> Response:
    status = resolved.status
    if status.code == Code.BAD_REQUEST:
        if route.path == "/api/v2/subject/{subject_id}" and "subject_id" in values:
            detail = (
                f"Subject ID {values['subject_id']} is not valid."
                " Please specify a numeric subject ID."
            )
            return _detail(406, detail, status.code)
        return _detail(400, status.message, status.code)
    if status.code == Code.UNAVAILABLE:
        return _detail(503, status.message or "A needed backend is unavailable.", status.code)
    if status.code == Code.INTERNAL:
        return _detail(500, "Internal Server Error", status.code)
    documents = [] if resolved.value is None else route.documents(resolved.value)
    if not documents:
        return _detail(404, NOT_FOUND, status.code)
    if route.kind is Kind.V2_OBJECT and len(documents) > 1:
        name = next(iter(values.values()), "")
        return _detail(500, f"Too many responses for {name}!", status.code)
    content: Any = documents[0] if route.kind is Kind.V2_OBJECT else documents
    headers = {STATUS_HEADER: str(int(status.code))}
    if status.code == Code.PARTIAL:
        headers[MESSAGE_HEADER] = _header_text(status.message)
    if status.validation_errors:
        headers[ERROR_HEADER] = error_header(status.validation_errors)
        return JSONResponse(content, status_code=400, headers=headers)
    return JSONResponse(content, headers=headers)


def error_header(errors: Any) -> str:
    text = json.dumps(
        [{"loc": list(e.get("loc", [])), "msg": e.get("msg", "")} for e in errors],
        separators=(",", ":"),
    )
    return TOO_MANY if len(text.encode()) >= MAX_ERROR_BYTES else text


def _header_text(message: str) -> str:
    """A header value: ASCII (JSON escapes), one line, bounded."""
    return json.dumps(message)[1:-1][:1000]


def _detail(code: int, detail: str, ours: Code) -> JSONResponse:
    return JSONResponse(
        {"detail": detail}, status_code=code, headers={STATUS_HEADER: str(int(ours))}
    )


async def healthcheck(request: Request) -> Response:
    return JSONResponse({"status": "OK", "service_version": service_version()})


def _pid(name: str, description: str, example: str) -> Param:
    return Param(name, description, example=example)


V2_ROUTES: tuple[RestRoute, ...] = (
    RestRoute(
        "/api/v2/subject/{subject_id}",
        "Subject metadata (LabTracks, alleles from MGI).",
        lambda r, v: r.subjects.subject(v["subject_id"]),
        Kind.V2_OBJECT,
        one_document,
        (SUBJECT_ID,),
        model="Subject",
    ),
    RestRoute(
        "/api/v2/procedures/{subject_id}",
        "Procedure metadata, merged from every procedures backend.",
        lambda r, v: r.procedures.procedures(v["subject_id"]),
        Kind.V2_OBJECT,
        one_document,
        (SUBJECT_ID,),
        model="Procedures",
    ),
    RestRoute(
        "/api/v2/funding/{project_name}",
        "Funding of a project.",
        lambda r, v: r.reference.funding(v["project_name"]),
        Kind.V2_LIST,
        funding_documents,
        (PROJECT_NAME,),
        model="Funding",
        indexed_errors=True,
    ),
    RestRoute(
        "/api/v2/investigators/{project_name}",
        "Investigators of a project.",
        lambda r, v: r.reference.investigators(v["project_name"]),
        Kind.V2_LIST,
        params=(PROJECT_NAME,),
        model="Person",
    ),
    RestRoute(
        "/api/v2/project_names",
        "Every project name the funding sheet answers to, sorted.",
        lambda r, v: r.reference.project_names(),
        Kind.V2_LIST,
    ),
    RestRoute(
        "/api/v2/protocols/{protocol_name}",
        "A protocol by title (500 when several carry it, as the proxy did).",
        lambda r, v: r.reference.protocols(v["protocol_name"]),
        Kind.V2_OBJECT,
        protocol_documents,
        (_pid("protocol_name", "Protocol title (exact, ignoring case).", "Perfusion"),),
        model="ProtocolInformation",
    ),
    RestRoute(
        "/api/v2/perfusions/{subject_id}",
        "Perfusions from the Smartsheet perfusions sheet.",
        lambda r, v: r.procedures.perfusions(v["subject_id"]),
        Kind.V2_LIST,
        perfusion_list,
        (SUBJECT_ID,),
        model="Surgery",
    ),
    RestRoute(
        "/api/v2/mgi_allele/{allele_name}",
        "MGI alleles whose four-star best match is a synonym of the name.",
        lambda r, v: r.alleles.allele(v["allele_name"]),
        Kind.V2_LIST,
        params=(_pid("allele_name", "Allele name.", "Pvalb-IRES-Cre"),),
        model="PIDName",
    ),
    RestRoute(
        "/api/v2/tars_injection_materials/{prep_lot_number}",
        "Viral materials of a TARS prep lot.",
        lambda r, v: r.reference.injection_materials(v["prep_lot_number"]),
        Kind.V2_LIST,
        params=(_pid("prep_lot_number", "Prep lot number.", "VT3214G"),),
        model="ViralMaterial",
    ),
    RestRoute(
        "/api/v2/intended_measurements/{subject_id}",
        "What each implanted fiber is meant to measure, one item per fiber.",
        lambda r, v: r.procedures.intended_measurements(v["subject_id"]),
        Kind.V2_LIST,
        params=(SUBJECT_ID,),
        model="IntendedMeasurement",
    ),
)
