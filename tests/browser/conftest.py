"""Headless Chromium (Debian's package, never a downloaded build) and a stand-in service.

`fake_service_url` is a small Starlette app with our GraphiQL page and assets and a tiny
graphql-core schema that answers the default query, so the page can be checked without the
real service. The real service comes from `service_url` in tests/conftest.py.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from graphql import build_schema, graphql_sync
from playwright.async_api import Browser, BrowserContext, Route, WebSocketRoute, async_playwright
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route as StarletteRoute

from graphql_service.graphiql import assets_mount, graphiql_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_or_skip() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI must run the browser tests)")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = _chromium_or_skip()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        await launched.close()


@dataclass
class ConfinedContext:
    """A browser context that may reach one origin; every other attempt is aborted and kept."""

    context: BrowserContext
    origin: str
    blocked: list[str] = field(default_factory=list)

    async def on_request(self, route: Route) -> None:
        if _origin(route.request.url) == self.origin:
            await route.continue_()
        else:
            self.blocked.append(route.request.url)
            await route.abort("blockedbyclient")

    async def on_websocket(self, route: WebSocketRoute) -> None:
        if _origin(route.url) == self.origin.replace("http", "ws", 1):
            route.connect_to_server()
        else:
            self.blocked.append(route.url)
            await route.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


Confine = Callable[[str], Awaitable[ConfinedContext]]


@pytest.fixture
async def confined(browser: Browser) -> AsyncIterator[Confine]:
    """Factory: `await confined(url)` gives a fresh context limited to url's origin."""
    opened: list[BrowserContext] = []

    async def open_context(url: str) -> ConfinedContext:
        # Service workers would fetch outside context.route's sight: keep them off.
        context = await browser.new_context(
            service_workers="block", viewport={"width": 1400, "height": 900}
        )
        opened.append(context)
        confined_context = ConfinedContext(context, _origin(url))
        await context.route("**/*", confined_context.on_request)
        await context.route_web_socket("**/*", confined_context.on_websocket)
        return confined_context

    yield open_context
    for context in opened:
        await context.close()


# --- the stand-in service ---------------------------------------------------------------------

_FAKE_SDL = """
type Query { subject(subject_id: String!): Subject }
type Subject { subject_id: String! subject_details: SubjectDetails }
union SubjectDetails = MouseSubject
type MouseSubject {
  sex: String
  date_of_birth: String
  genotype: String
  species: Species
  alleles: [PIDName!]!
}
type Species { name: String }
type PIDName { name: String registry_identifier: String }
"""


def _fake_subject(info: Any, subject_id: str) -> dict[str, Any]:
    return {
        "subject_id": subject_id,
        "subject_details": {
            "__typename": "MouseSubject",
            "sex": "Female",
            "date_of_birth": "2022-11-02",
            "genotype": "Ai93(TITL-GCaMP6f)/wt",
            "species": {"name": "Mus musculus"},
            "alleles": [{"name": "Ai93(TITL-GCaMP6f)", "registry_identifier": "MGI:0000001"}],
        },
    }


def _fake_app() -> Starlette:
    schema = build_schema(_FAKE_SDL)

    async def graphql(request: Request) -> Response:
        if request.method == "GET":
            return HTMLResponse(graphiql_html(request.url.path))
        body = await request.json()
        result = graphql_sync(
            schema,
            body["query"],
            root_value={"subject": _fake_subject},
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
        )
        answer: dict[str, Any] = dict(result.formatted)
        answer["extensions"] = {"status": {"subject": {"code": 200, "message": "Valid Model."}}}
        return JSONResponse(answer)

    routes = [StarletteRoute("/graphql", graphql, methods=["GET", "POST"]), assets_mount()]
    return Starlette(routes=routes)


@pytest.fixture(scope="session")
def fake_service_url() -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(_fake_app(), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the stand-in service did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()
    sock.close()
