"""The REST route table's types, the handler every route shares, and the OpenAPI document.

A route is data (:class:`RestRoute`): its path and method, its parameters (where each comes
from, its type, its description), the resolver call that answers it, which documents of the
resolver's value make the response, and the response kind (0.24's envelope or 2.x's bare body).
:func:`endpoint` turns one into a Starlette endpoint and :func:`openapi_document` describes the
whole table, so the two never disagree.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from resolvers.request import Limits, RequestResolvers, begin_request
from resolvers.status import Code, FieldStatus, Resolved

logger = logging.getLogger("graphql_service")

REQUEST_ID_HEADER = "x-request-id"


class ParamType(StrEnum):
    """What a parameter holds; the OpenAPI schema and the parsing follow from it."""

    STRING = "string"
    #: An ISO date or date-time (0.24 took either); the resolvers get its day.
    DATE = "date"
    BOOLEAN = "boolean"


class Location(StrEnum):
    PATH = "path"
    QUERY = "query"


class Kind(StrEnum):
    """How a resolver's answer becomes an HTTP response (see envelope.py and v2.py)."""

    #: 0.24 ``{"message", "data"}``: one document as an object, several as a list (300).
    V024 = "v024"
    #: 0.24's SLIMS lists: always a list, "Data from SLIMS", never validated by 0.24.
    V024_SLIMS = "v024_slims"
    #: 0.24's instrument and rig: returned without validation (422 "Valid Request Format.").
    V024_UNVALIDATED = "v024_unvalidated"
    #: 0.24's project names: 200 "Success" with a (possibly empty) list.
    V024_NAMES = "v024_names"
    #: 2.x: the document itself; 400 with ``X-Error-Message`` when it fails validation.
    V2_OBJECT = "v2_object"
    #: 2.x: a list of documents, same rules.
    V2_LIST = "v2_list"


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    description: str
    location: Location = Location.PATH
    type: ParamType = ParamType.STRING
    required: bool = True
    example: str | None = None


Call = Callable[[RequestResolvers, dict[str, Any]], Awaitable[Resolved[Any]]]
#: The documents a resolver's value answers with (aind-data-schema JSON, or plain JSON).
Documents = Callable[[Any], list[Any]]


def as_list(value: Any) -> list[Any]:
    return list(value)


@dataclass(frozen=True, slots=True)
class RestRoute:
    path: str
    summary: str
    call: Call
    kind: Kind
    documents: Documents = as_list
    params: tuple[Param, ...] = ()
    method: str = "GET"
    #: The aind-data-schema model the documents are validated as (named in 0.24's messages).
    model: str = ""
    #: Validation error locations start with the document's index in the list.
    indexed_errors: bool = False
    #: Refused without an API key when keys are set (see graphql_service/security.py).
    protected: bool = True
    tags: tuple[str, ...] = field(default=())


class BadParameterError(ValueError):
    """A parameter is malformed or missing; the message names it."""


def parse_params(route: RestRoute, request: Request) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for param in route.params:
        source = request.path_params if param.location is Location.PATH else request.query_params
        raw = source.get(param.name)
        if raw is None:
            if param.required:
                raise BadParameterError(f"Query parameter '{param.name}' is required.")
            values[param.name] = None
            continue
        values[param.name] = _parse(param, str(raw))
    return values


_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}


def _parse(param: Param, raw: str) -> Any:
    if param.type is ParamType.BOOLEAN:
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        raise BadParameterError(f"Parameter '{param.name}' must be true or false.")
    if param.type is ParamType.DATE:
        try:
            return datetime.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
        except ValueError:
            # 0.24's own message for a date it could not read.
            raise BadParameterError(f"{raw} is not valid ISOFormat!") from None
    return raw


def request_id(request: Request) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    # A caller's id is echoed into logs: accept only a short, plain token.
    if 0 < len(given) <= 64 and given.replace("-", "").isalnum():
        return given
    return uuid.uuid4().hex


Render = Callable[[RestRoute, dict[str, Any], Resolved[Any]], Response]


def endpoint(
    route: RestRoute, settings: ServiceSettings, render: Render
) -> Callable[[Request], Awaitable[Response]]:
    """The Starlette endpoint of ``route``: parse, resolve (as /graphql does), render.

    Anything the resolver raises is a bug of this service: logged with the request id and
    answered as a 500 without details, like GraphQL's masked errors.
    """
    limits = Limits(
        max_list_length=settings.max_list_length,
        deadline_seconds=settings.request_deadline_seconds,
    )

    async def handle(request: Request) -> Response:
        rid = request_id(request)
        try:
            values = parse_params(route, request)
        except BadParameterError as error:
            resolved: Resolved[Any] = Resolved(None, FieldStatus(Code.BAD_REQUEST, str(error)))
            response = render(route, {}, resolved)
        else:
            response = await _resolve(route, values, request, rid, limits, render)
        response.headers[REQUEST_ID_HEADER] = rid
        return response

    return handle


async def _resolve(
    route: RestRoute,
    values: dict[str, Any],
    request: Request,
    rid: str,
    limits: Limits,
    render: Render,
) -> Response:
    backends: Backends = request.app.state.backends
    begin_request(rid, limits)
    try:
        resolvers = RequestResolvers.for_request(backends, limits)
        resolved = await route.call(resolvers, values)
        return render(route, values, resolved)
    except Exception:
        logger.exception("unexpected error in %s %s (request %s)", route.method, route.path, rid)
        failed: Resolved[Any] = Resolved(None, FieldStatus(Code.INTERNAL))
        return render(route, values, failed)


def guarded_prefixes(routes: Sequence[RestRoute]) -> tuple[str, ...]:
    """What ``ApiKeyAuth`` guards: each protected route's path up to its first parameter
    (``/subject/``), or the whole path when it has none (``/project_names``)."""
    prefixes = {route.path.split("{", 1)[0] for route in routes if route.protected}
    return tuple(sorted(prefixes))


# --- OpenAPI ----------------------------------------------------------------------------

_SCHEMAS: dict[ParamType, dict[str, Any]] = {
    ParamType.STRING: {"type": "string"},
    ParamType.DATE: {"type": "string", "format": "date"},
    ParamType.BOOLEAN: {"type": "boolean", "default": False},
}

_V024_RESPONSES = {
    "200": "Valid Model. (SLIMS lists: Data from SLIMS; project names: Success)",
    "207": "There was an error retrieving records from one or more of the databases.",
    "300": "Multiple Items Found.",
    "400": "A malformed parameter, named in the message.",
    "404": "No Data Found.",
    "406": "Validation Errors: the document is returned with every validation error.",
    "422": "Valid Request Format. Models have not been validated.",
    "500": "Internal Server Error.",
    "503": "Connection Error. (a needed backend is unreachable or not configured)",
}
_V2_RESPONSES = {
    "200": "The document(s).",
    "400": "The document(s) fail validation: the errors are in the X-Error-Message header.",
    "404": "Not found",
    "406": "A malformed subject id.",
    "503": "A needed backend is unreachable or not configured.",
}


def openapi_document(routes: Sequence[RestRoute], version: str) -> dict[str, Any]:
    """A minimal OpenAPI 3.1 document of ``routes``: paths, parameters, status codes."""
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        legacy = route.kind not in (Kind.V2_OBJECT, Kind.V2_LIST)
        responses = _V024_RESPONSES if legacy else _V2_RESPONSES
        operation: dict[str, Any] = {
            "summary": route.summary,
            "operationId": _operation_id(route),
            "tags": list(route.tags) or ["aind-metadata-service 0.24" if legacy else "2.x"],
            "parameters": [
                {
                    "name": param.name,
                    "in": param.location.value,
                    "required": param.required,
                    "description": param.description,
                    "schema": _SCHEMAS[param.type],
                    **({"example": param.example} if param.example else {}),
                }
                for param in route.params
            ],
            "responses": {code: {"description": text} for code, text in responses.items()},
        }
        if route.model:
            operation["description"] = f"Documents: aind-data-schema `{route.model}` JSON."
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "aind-metadata-graphql REST compatibility",
            "version": version,
            "description": "The paths of aind-metadata-service 0.24 and its 2.x proxy, "
            "answered by the same resolvers as /graphql.",
        },
        "paths": paths,
    }


def _operation_id(route: RestRoute) -> str:
    name = route.path.split("{", 1)[0].strip("/").replace("/", "_") or "root"
    return f"{route.method.lower()}_{name}"


def openapi_endpoint(
    routes: Sequence[RestRoute], version: str
) -> Callable[[Request], Awaitable[Response]]:
    document = openapi_document(routes, version)

    async def handle(request: Request) -> Response:
        return JSONResponse(document)

    return handle
