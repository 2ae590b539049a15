"""The clients: :class:`MetadataClient` (blocking) and :class:`AsyncMetadataClient` (asyncio)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from types import TracebackType
from typing import Any, Self

import httpx

from aind_metadata_graphql_client._fields import FieldMethods, FieldRequest
from aind_metadata_graphql_client._http import (
    RetryPolicy,
    connection_error,
    graphql_endpoint,
    make_headers,
    make_timeout,
    payload,
    read_answer,
)
from aind_metadata_graphql_client.results import GraphQLResponse, MetadataResult, field_result

__all__ = ["AsyncMetadataClient", "MetadataClient"]

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5


class _Settings:
    """Checks and holds what both clients are built from."""

    def __init__(
        self,
        domain: str | None,
        timeout: float | httpx.Timeout,
        retries: int,
        backoff: float,
        api_key: str | None,
    ) -> None:
        self.url = graphql_endpoint(domain)
        self.domain = self.url.removesuffix("/graphql")
        self.timeout = make_timeout(timeout)
        self.policy = RetryPolicy(retries, backoff)
        self.headers = make_headers(api_key)


class MetadataClient(FieldMethods[MetadataResult]):
    """A blocking client of the metadata GraphQL service.

    ``domain`` is the service's base URL (``http://host[:port][/prefix]``); queries go to
    ``{domain}/graphql``. ``timeout`` bounds each attempt (seconds, or an ``httpx.Timeout``);
    ``retries`` more attempts are made, ``backoff * 2**n`` seconds apart, only when no
    connection could be made: an HTTP answer is never retried. ``api_key`` is sent as
    ``X-API-Key``. ``transport`` replaces httpx's network transport (tests, proxies).

    Use it as a context manager, or call :meth:`close`, to release its connections.
    """

    def __init__(
        self,
        domain: str | None = None,
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        api_key: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._settings = _Settings(domain, timeout, retries, backoff, api_key)
        self._http = httpx.Client(
            timeout=self._settings.timeout, headers=self._settings.headers, transport=transport
        )

    @property
    def domain(self) -> str:
        return self._settings.domain

    def query(self, document: str, variables: dict[str, Any] | None = None) -> GraphQLResponse:
        """Run any GraphQL document; its data, errors and ``extensions.status`` typed."""
        body = payload(document, variables)
        url, policy = self._settings.url, self._settings.policy
        attempt = 1
        while True:
            try:
                response = self._http.post(url, json=body)
            except httpx.TransportError as error:
                if not policy.retryable(error) or attempt > policy.retries:
                    raise connection_error(error, url, attempt) from error
                time.sleep(policy.delay(attempt))
                attempt += 1
                continue
            return read_answer(response)

    def _field(self, request: FieldRequest) -> MetadataResult:
        return field_result(self.query(request.document, request.variables), request.field)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.domain!r})"


class AsyncMetadataClient(FieldMethods[Awaitable[MetadataResult]]):
    """The asyncio twin of :class:`MetadataClient`: the same arguments and methods, each to be
    awaited. Use ``async with``, or await :meth:`aclose`, to release its connections."""

    def __init__(
        self,
        domain: str | None = None,
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        api_key: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._settings = _Settings(domain, timeout, retries, backoff, api_key)
        self._http = httpx.AsyncClient(
            timeout=self._settings.timeout, headers=self._settings.headers, transport=transport
        )

    @property
    def domain(self) -> str:
        return self._settings.domain

    async def query(
        self, document: str, variables: dict[str, Any] | None = None
    ) -> GraphQLResponse:
        """Run any GraphQL document; its data, errors and ``extensions.status`` typed."""
        body = payload(document, variables)
        url, policy = self._settings.url, self._settings.policy
        attempt = 1
        while True:
            try:
                response = await self._http.post(url, json=body)
            except httpx.TransportError as error:
                if not policy.retryable(error) or attempt > policy.retries:
                    raise connection_error(error, url, attempt) from error
                await asyncio.sleep(policy.delay(attempt))
                attempt += 1
                continue
            return read_answer(response)

    async def _field(self, request: FieldRequest) -> MetadataResult:
        return field_result(await self.query(request.document, request.variables), request.field)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.domain!r})"
