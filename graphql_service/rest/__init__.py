"""REST compatibility: the paths of aind-metadata-service 0.24 and of its 2.x proxy (/api/v2),
answered by the resolvers /graphql uses.

Every path is one row of :data:`ROUTES` (``v024.py``, ``v2.py``); :func:`rest_routes` mounts
them, with /api/v2/healthcheck and an OpenAPI 3.1 document generated from the table at
/openapi.json, browsable at /docs (Swagger UI from local files, docs.py).
:data:`GUARDED_PREFIXES` is what ``AIND_GRAPHQL_API_KEYS`` protects.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from graphql_service.rest.docs import docs_routes
from graphql_service.rest.envelope import v024_response
from graphql_service.rest.routes import (
    Kind,
    RestRoute,
    endpoint,
    guarded_prefixes,
    openapi_document,
    openapi_endpoint,
)
from graphql_service.rest.v024 import V024_ROUTES
from graphql_service.rest.v2 import V2_ROUTES, healthcheck, service_version, v2_response
from graphql_service.settings import ServiceSettings

__all__ = ["GUARDED_PREFIXES", "ROUTES", "openapi_document", "rest_routes"]

ROUTES: tuple[RestRoute, ...] = (*V024_ROUTES, *V2_ROUTES)
GUARDED_PREFIXES = guarded_prefixes(ROUTES)
HEALTHCHECK = "/api/v2/healthcheck"
OPENAPI = "/openapi.json"


def rest_routes(settings: ServiceSettings) -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for route in ROUTES:
        render = v2_response if route.kind in (Kind.V2_OBJECT, Kind.V2_LIST) else v024_response
        handle = endpoint(route, settings, render)
        routes.append(Route(route.path, handle, methods=[route.method]))
    routes.append(Route(HEALTHCHECK, healthcheck, methods=["GET"]))
    routes.append(Route(OPENAPI, openapi_endpoint(ROUTES, service_version()), methods=["GET"]))
    routes.extend(docs_routes(OPENAPI))
    return routes
