"""Optional API keys for /graphql and the REST paths (``AIND_GRAPHQL_API_KEYS``)."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Sequence
from urllib.parse import parse_qsl

from pydantic import SecretStr
from starlette.datastructures import Headers
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from graphql_service.errors import UNAUTHENTICATED, error_response
from graphql_service.over_http import prefers_html

logger = logging.getLogger("graphql_service")

UNAUTHORIZED = 401
MESSAGE = "An API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`."


def given_key(headers: Headers) -> str | None:
    """The key a request carries, from ``X-API-Key`` or a bearer ``Authorization`` header."""
    explicit = headers.get("x-api-key")
    if explicit:
        return explicit.strip()
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return None


def opens_the_ide(scope: Scope) -> bool:
    """A GET that gets GraphiQL's page, never any data: one without a ``query`` parameter, or
    a browser's navigation (``Accept`` prefers HTML), e.g. a landing-page example link.

    The page stays open so a browser can load it; the queries it sends carry the key the user
    enters in its Headers editor.
    """
    if scope["method"] != "GET":
        return False
    raw = scope.get("query_string", b"").decode("latin-1")
    if not any(name == "query" for name, _ in parse_qsl(raw, keep_blank_values=True)):
        return True
    accept = Headers(scope=scope).get("accept")
    return prefers_html(accept)


class ApiKeyAuth:
    """Answers 401 at ``path`` unless the request carries one of ``keys``.

    ``prefixes`` guard the REST paths too: a path equal to one, or under one ending in "/"
    (``/subject/`` guards ``/subject/632269``). Their refusals are in the REST bodies' shape.
    """

    def __init__(
        self,
        app: ASGIApp,
        path: str,
        keys: Sequence[SecretStr],
        prefixes: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.path = path
        self.prefixes = tuple(prefixes)
        self._keys = [key.get_secret_value().encode() for key in keys]

    def _guards_rest(self, path: str) -> bool:
        return any(
            path == prefix or (prefix.endswith("/") and path.startswith(prefix))
            for prefix in self.prefixes
        )

    def _valid(self, given: str) -> bool:
        candidate = given.encode()
        # Every key is compared, in constant time each: neither the position of a match nor
        # the length of a common prefix shows in the timing.
        matched = False
        for key in self._keys:
            matched |= hmac.compare_digest(candidate, key)
        return matched

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        rest = path != self.path and self._guards_rest(path)
        if not rest and (path != self.path or opens_the_ide(scope)):
            await self.app(scope, receive, send)
            return
        given = given_key(Headers(scope=scope))
        if given is not None and self._valid(given):
            await self.app(scope, receive, send)
            return
        where = "REST" if rest else self.path
        logger.info("refused a %s %s request: %s API key", scope["method"], where, _why(given))
        response = _rest_refusal(path) if rest else _graphql_refusal()
        response.headers["www-authenticate"] = "Bearer"
        await response(scope, receive, send)


def _graphql_refusal() -> Response:
    return error_response(MESSAGE, UNAUTHENTICATED, UNAUTHORIZED)


def _rest_refusal(path: str) -> Response:
    """0.24's envelope, or the 2.x proxy's ``detail`` under /api/v2."""
    if path.startswith("/api/v2/"):
        return JSONResponse({"detail": MESSAGE}, status_code=UNAUTHORIZED)
    return JSONResponse({"message": MESSAGE, "data": None}, status_code=UNAUTHORIZED)


def _why(given: str | None) -> str:
    return "no" if given is None else "an unknown"
