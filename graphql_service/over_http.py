"""GraphQL over HTTP media types: ``application/graphql-response+json`` when a client asks for it.

A client whose ``Accept`` names ``application/graphql-response+json`` at least as highly as
``application/json`` gets that media type, and a *request error* (a document that fails to
parse or validate, or variables that cannot be coerced: nothing ran) comes back without a
``data`` key and with HTTP 400. Every other client keeps ``application/json`` with 200 and
``"data": null``, as before. An answer with ``data`` (field errors included: a backend's 503
is a field's ``null`` plus an ``errors[]`` entry) is 200 under either media type.

A browser navigating to ``/graphql?query=...`` (``text/html`` named and preferred to JSON) gets
GraphiQL instead of the result, so a link can open the IDE with a query in it.

A request that is not a GraphQL request at all (a body that is not a JSON object, another
Content-Type, no query, an operation name the document lacks) is answered 400 or 415 with a
JSON body in the GraphQL error shape (``graphql_service.errors``), never plain text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.async_base_view import AsyncHTTPRequestAdapter
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.types import ExecutionResult

from graphql_service import errors
from graphql_service.context import RequestContext

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
HTML = "text/html"
BAD_REQUEST = 400
NOT_ALLOWED = 405
UNSUPPORTED = 415

# How closely a media range matches a media type: named exactly, `type/*`, `*/*`, not at all.
_EXACT, _TYPE, _ANY, _NONE = 2, 1, 0, -1


def _media_ranges(accept: str) -> Iterator[tuple[str, float]]:
    """``(media range, q)`` pairs of an Accept header; a malformed q counts as 0."""
    for part in accept.split(","):
        media, *parameters = part.split(";")
        media = media.strip().lower()
        if not media:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        yield media, quality


def _preference(accept: str, media_type: str) -> tuple[float, int]:
    """``(q, how specific)`` of the most specific range matching ``media_type`` (RFC 9110)."""
    kind = media_type.split("/", 1)[0]
    best: tuple[int, float] = (_NONE, 0.0)
    for media, quality in _media_ranges(accept):
        if media == media_type:
            specificity = _EXACT
        elif media == f"{kind}/*":
            specificity = _TYPE
        elif media == "*/*":
            specificity = _ANY
        else:
            continue
        if specificity > best[0] or (specificity == best[0] and quality > best[1]):
            best = (specificity, quality)
    return best[1], best[0]


def prefers_graphql_response(accept: str | None) -> bool:
    """Whether ``Accept`` names ``application/graphql-response+json`` (q > 0) and ranks it at
    least as high as ``application/json``. ``*/*`` alone, or no header, means JSON."""
    if not accept:
        return False
    wanted, specificity = _preference(accept, GRAPHQL_RESPONSE_JSON)
    if specificity != _EXACT or wanted <= 0:
        return False
    return wanted >= _preference(accept, JSON)[0]


def prefers_html(accept: str | None) -> bool:
    """Whether ``Accept`` names ``text/html`` and ranks it above both JSON media types, as a
    browser's navigation does (``text/html,...,*/*;q=0.8``); ``fetch`` and ``curl`` do not."""
    if not accept:
        return False
    html = _preference(accept, HTML)
    if html[1] != _EXACT or html[0] <= 0:
        return False
    return html > max(_preference(accept, JSON), _preference(accept, GRAPHQL_RESPONSE_JSON))


def is_request_error(result: ExecutionResult) -> bool:
    """Nothing was executed: no data, and no error belongs to a field (field errors carry a
    ``path``; parse, validation and variable errors do not)."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


def transport_error(error: HTTPException) -> Response:
    """A refusal of the HTTP request, in the GraphQL error shape."""
    if isinstance(error.__cause__, CannotGetOperationTypeError):
        code = errors.OPERATION_RESOLUTION_FAILURE
    elif error.status_code == UNSUPPORTED:
        code = errors.UNSUPPORTED_MEDIA_TYPE
    elif error.status_code == NOT_ALLOWED:
        code = errors.METHOD_NOT_ALLOWED
    else:
        code = errors.BAD_REQUEST
    response = errors.error_response(error.reason, code, error.status_code)
    if error.status_code == NOT_ALLOWED:
        response.headers["allow"] = "GET, POST"
    return response


class GraphQLOverHTTP(GraphQL[RequestContext, None]):
    """Strawberry's ASGI view with the media type negotiated, request errors answered 400
    under ``application/graphql-response+json`` and transport errors answered as JSON."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:
            response = transport_error(error)
        await response(scope, receive, send)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method == "POST":
            content_type, _ = parse_content_type(request.content_type or "")
            if content_type != JSON:
                given = content_type or "none"
                raise HTTPException(
                    UNSUPPORTED,
                    f"Content-Type must be {JSON} for a POST to /graphql (got {given}).",
                )
        return await super().parse_http_body(request)

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        if not isinstance(parsed, dict | list):
            raise HTTPException(BAD_REQUEST, "The request body must be a JSON object.")
        return parsed

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        if super().should_render_graphql_ide(request):
            return True
        return (
            request.method == "GET"
            and request.query_params.get("query") is not None
            and prefers_html(request.headers.get("accept"))
        )

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # Read back in create_response, which is not given the request.
        graphql_response = prefers_graphql_response(request.headers.get("accept"))
        sub_response.media_type = GRAPHQL_RESPONSE_JSON if graphql_response else JSON
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        if is_request_error(result) and prefers_graphql_response(request.headers.get("accept")):
            response.pop("data", None)
        return response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == GRAPHQL_RESPONSE_JSON:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
            # A response without data is a request error: never 2xx under this media type.
            ran = not isinstance(response_data, dict) or "data" in response_data
            if not ran and response.status_code == 200:
                response.status_code = BAD_REQUEST
        return response
