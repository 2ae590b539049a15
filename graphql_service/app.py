"""The Starlette application: /, /graphql, /health, /ready, /metrics and GraphiQL's local
assets."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.async_base_view import AsyncHTTPRequestAdapter
from strawberry.types import ExecutionResult

from graphql_service.context import RequestContext
from graphql_service.errors import BAD_USER_INPUT, error_extensions
from graphql_service.graphiql import DEFAULT_QUERY, assets_mount, graphiql_html
from graphql_service.landing import landing_routes
from graphql_service.limits import RequestSizeLimit
from graphql_service.logs import note_graphql_result, note_operation
from graphql_service.metrics import RequestTelemetry, install, metrics
from graphql_service.over_http import GraphQLOverHTTP
from graphql_service.rest import GUARDED_PREFIXES, rest_routes
from graphql_service.schema import build_schema
from graphql_service.security import ApiKeyAuth
from graphql_service.settings import ServiceSettings
from graphql_service.status import STATUS_HEADER, status_header_error
from graphql_service.tracing import tracing_middleware
from resolvers.backends import Backends
from resolvers.readiness import ReadinessProbe
from resolvers.request import Limits, RequestResolvers, begin_request
from resolvers.status import Code

logger = logging.getLogger("graphql_service")

REQUEST_ID_HEADER = "x-request-id"


def _request_id(request: Request | WebSocket) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    # A caller's id is echoed into logs: accept only a short, plain token.
    if 0 < len(given) <= 64 and given.replace("-", "").isalnum():
        return given
    return uuid.uuid4().hex


class MetadataGraphQL(GraphQLOverHTTP):
    def __init__(self, settings: ServiceSettings) -> None:
        schema = build_schema(
            settings.max_query_depth,
            settings.max_aliases,
            settings.max_tokens,
            settings.introspection,
            settings.max_root_fields,
        )
        super().__init__(schema, allow_queries_via_get=True)
        self._limits = Limits(
            max_list_length=settings.max_list_length,
            deadline_seconds=settings.request_deadline_seconds,
        )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        backends: Backends = request.app.state.backends
        request_id = _request_id(request)
        wrong_header = status_header_error(request.headers.get(STATUS_HEADER))
        if wrong_header:
            raise HTTPException(int(Code.BAD_REQUEST), wrong_header)
        if isinstance(response, Response):
            response.headers[REQUEST_ID_HEADER] = request_id
        begin_request(request_id, self._limits)
        return RequestContext(
            resolvers=RequestResolvers.for_request(backends, self._limits),
            request_id=request_id,
            request=request,
            response=response,
        )

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        note_graphql_result(dict(response))
        # Every error carries a code. Those without one by now are the request's own (the
        # schema steps give theirs; this is the last net).
        for error in response.get("errors") or []:
            if isinstance(error, dict):
                extensions: dict[str, Any] = error.setdefault("extensions", {})
                if not isinstance(extensions.get("code"), str):
                    extensions.update(error_extensions(BAD_USER_INPUT, int(Code.BAD_REQUEST)))
        return response

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        if not isinstance(data, list):
            note_operation(data.operation_name, data.query)
        return data

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        # A link such as /graphql?query=... opens GraphiQL with that query.
        query = request.query_params.get("query") or None
        return HTMLResponse(graphiql_html(str(request.url.path), DEFAULT_QUERY, query))


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def ready(request: Request) -> JSONResponse:
    """200 whenever the service runs (it degrades per field): each backend's state from the
    last background probe, its circuits, and LabTracks' start-up statement check."""
    probe: ReadinessProbe = request.app.state.readiness
    return JSONResponse(await probe.report())


def create_app(
    settings: ServiceSettings | None = None, backends: Backends | None = None
) -> Starlette:
    """The ASGI app. ``backends`` defaults to the snapshot or environment named by settings."""
    settings = settings or ServiceSettings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if backends is not None:
            app.state.backends = backends
        elif settings.snapshot is not None:
            app.state.backends = Backends.from_snapshot(settings.snapshot)
        else:
            app.state.backends = Backends.from_environment(settings.redis_url)
        logger.info("serving backends in %s mode", app.state.backends.mode)
        app.state.backends.start()
        app.state.readiness = ReadinessProbe(app.state.backends, settings.ready_probe_seconds)
        try:
            yield
        finally:
            await app.state.readiness.aclose()
            await app.state.backends.aclose()

    graphql = MetadataGraphQL(settings)
    routes = [
        # Every method reaches the view, which refuses all but GET and POST in the GraphQL
        # error shape (Starlette's own refusal would be plain text).
        Route("/graphql", graphql),
        Route("/health", health),
        Route("/ready", ready),
        Route("/metrics", metrics),
        *landing_routes(graphql.schema),
        *rest_routes(settings),
        assets_mount(),
    ]
    install()
    middleware = [Middleware(RequestTelemetry), *tracing_middleware(), *_middleware(settings)]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def _middleware(settings: ServiceSettings) -> list[Middleware]:
    """Outermost first: CORS answers preflights and labels refusals too, and a request without
    a valid key is refused before its body is read."""
    middleware: list[Middleware] = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=[
                    "Authorization",
                    "Content-Type",
                    "X-API-Key",
                    REQUEST_ID_HEADER,
                    STATUS_HEADER,
                ],
                expose_headers=[REQUEST_ID_HEADER],
            )
        )
    if settings.api_keys:
        middleware.append(
            Middleware(
                ApiKeyAuth, path="/graphql", keys=settings.api_keys, prefixes=GUARDED_PREFIXES
            )
        )
    middleware.append(
        Middleware(
            RequestSizeLimit,
            path="/graphql",
            max_query_bytes=settings.max_query_bytes,
            max_body_bytes=settings.max_body_bytes,
        )
    )
    return middleware
