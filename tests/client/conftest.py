"""The real app for the client tests: in-process through httpx's ASGI transport (for the async
client, and for the sync client through a bridge running the app on its own event loop)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

import httpx
import pytest
from starlette.applications import Starlette

from datasources.snapshot import DEMO_SNAPSHOT
from graphql_service.app import create_app
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends

T = TypeVar("T")

DOMAIN = "http://service"


def demo_app(
    settings: ServiceSettings | None = None, backends: Backends | None = None
) -> Starlette:
    return create_app(
        settings or ServiceSettings(), backends=backends or Backends.from_snapshot(DEMO_SNAPSHOT)
    )


class ThreadedASGITransport(httpx.BaseTransport):
    """A sync httpx transport into an ASGI app (lifespan included) served by an event loop in
    a thread of its own, as a sync client in a notebook meets a real server."""

    def __init__(self, app: Starlette) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._asgi = httpx.ASGITransport(app=app)
        self._lifespan: AbstractAsyncContextManager[Any] = app.router.lifespan_context(app)
        self._run(self._lifespan.__aenter__())
        self.requests: list[httpx.Request] = []

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=60)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)

        async def send() -> httpx.Response:
            answer = await self._asgi.handle_async_request(request)
            content = await answer.aread()
            return httpx.Response(answer.status_code, headers=answer.headers, content=content)

        return self._run(send())

    def shutdown(self) -> None:
        self._run(self._lifespan.__aexit__(None, None, None))
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


@pytest.fixture(scope="session")
def sync_transport() -> Iterator[ThreadedASGITransport]:
    transport = ThreadedASGITransport(demo_app())
    yield transport
    transport.shutdown()


@pytest.fixture(scope="session")
async def async_transport() -> AsyncIterator[httpx.ASGITransport]:
    app = demo_app()
    async with app.router.lifespan_context(app):
        yield httpx.ASGITransport(app=app)
