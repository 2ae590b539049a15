"""Microsoft Graph transport for the SharePoint lists, built on office365-rest-python-client.

What office365 provides here: the Graph request pipeline (bearer authentication through its
access-token callback, the pooled ``requests`` transport with timeouts, error responses turned
into ``ClientRequestException``). Two things are adapted, as its 3.3 source requires:

* ``GraphRequest.service_root_url`` comes from an Azure-environment enum, so a subclass answers
  the configured ``SHAREPOINT_GRAPH_API_URL`` instead (tests point it at a loopback Graph).
* Tokens come from ``SHAREPOINT_TOKEN_URL`` (client-credentials grant, form POST) through
  :class:`ClientCredentials`, and are reused until shortly before they expire, by every
  process when the cache is shared (``datasources/tokens.py``); the library's own
  client-secret flow goes through MSAL, which wants an Entra ID authority (with its discovery
  documents), not a plain token URL.

List items are read as Graph sends them (``GET /sites/{site}/lists/{list}/items?$expand=fields
&$filter=...``), through the library's raw request path (``execute_request_direct``) rather
than its object model (``ListItemCollection.get_all``): the mapping needs the item JSON
untouched (the same wire format as the snapshot files), and following ``@odata.nextLink``
here lets every page be checked (same Graph host, since the token travels with it; no loop)
and gives a cancellation point between pages.

The library blocks, so every HTTP exchange runs in a worker thread, at most ``max_concurrency``
at a time. Failures surface as ``BackendError`` (safe message), ``TimeoutError`` or a transport
exception; ``guarded`` turns them into 503 results.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests
from office365.graph_request import GraphRequest
from office365.runtime.client_request_exception import ClientRequestException
from office365.runtime.http.http_method import HttpMethod
from office365.runtime.http.request_options import RequestOptions
from office365.runtime.transport.requests_transport import RequestsTransport

from datasources.bulkhead import Bulkhead
from datasources.cache import Cache
from datasources.errors import BackendError
from datasources.oauth import read_token, token_form
from datasources.sharepoint.filters import batched_filters
from datasources.sharepoint.settings import SharePointSettings
from datasources.tokens import SharedTokens, token_key

Item = dict[str, Any]
Clock = Callable[[], float]

#: Graph refuses ``$filter`` on non-indexed list columns unless the caller accepts that such
#: queries may fail on large lists; the LabTracks id columns are not indexed everywhere.
PREFER_NON_INDEXED = "HonorNonIndexedQueriesWarningMayFailRandomly"


class _TokenRefusedError(BackendError):
    """Graph answered 401 to a token: worth one retry with a new one."""


class ClientCredentials:
    """OAuth2 client-credentials token requests to one token endpoint (blocking, in a worker
    thread); reuse is :class:`~datasources.tokens.SharedTokens`' job."""

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str,
        transport: RequestsTransport,
        *,
        max_age_seconds: float,
    ) -> None:
        self._token_url = token_url
        self._form = urlencode(token_form(client_id, client_secret, scope)).encode()
        self._transport = transport
        self._max_age = max_age_seconds

    def request_token(self) -> tuple[str, float]:
        """A new token and how many seconds it may be reused."""
        request = RequestOptions(
            url=self._token_url,
            method=HttpMethod.Post,
            data=self._form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        try:
            response = self._transport.execute(request)
        except requests.Timeout as error:
            raise TimeoutError("the token endpoint did not answer in time") from error
        token, lifetime = read_token(response.status_code, response.json)
        return token, min(lifetime, self._max_age)


class ConfiguredGraphRequest(GraphRequest):
    """A Graph request whose root URL is the configured one, not the Azure cloud's."""

    def __init__(self, service_root_url: str) -> None:
        super().__init__()
        self._service_root_url = service_root_url.rstrip("/")

    @property
    def service_root_url(self) -> str:
        return self._service_root_url


class SharePointClient:
    """Reads SharePoint list items through Microsoft Graph, one list at a time."""

    def __init__(
        self,
        graph_api_url: str,
        lists: Mapping[str, tuple[str, str]],
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str,
        timeout_seconds: float,
        max_concurrency: int,
        token_max_age_seconds: float,
        token_cache: Cache | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self._root = graph_api_url.rstrip("/")
        self._lists = dict(lists)
        transport = RequestsTransport(
            timeout=(timeout_seconds, timeout_seconds),
            pool_connections=1,
            pool_maxsize=max_concurrency,
        )
        credentials = ClientCredentials(
            token_url,
            client_id,
            client_secret,
            scope,
            transport,
            max_age_seconds=token_max_age_seconds,
        )
        # office365 blocks: Graph gets threads of its own (see datasources.bulkhead).
        self._threads = Bulkhead("sharepoint", max_concurrency)
        self._tokens = SharedTokens(
            token_key(token_url, client_id, scope),
            lambda: self._threads.run(credentials.request_token),
            token_cache,
            clock=clock,
        )
        # The token a worker thread sends with its request, for office365's token callback.
        self._sending = threading.local()
        # office365's request pipeline alone: its GraphClient, which this would not use, costs
        # half a second of imports at start-up.
        self._transport = transport
        self._graph = ConfiguredGraphRequest(self._root).with_access_token(self._office365_token)
        self._graph.transport = transport

    @classmethod
    def from_settings(
        cls,
        settings: SharePointSettings,
        *,
        token_cache: Cache | None = None,
        clock: Clock = time.monotonic,
    ) -> SharePointClient:
        if not settings.configured or settings.client_secret is None:
            raise ValueError("SharePoint is not configured (credentials and a list are needed)")
        return cls(
            settings.graph_api_url,
            settings.configured_lists,
            token_url=str(settings.token_url),
            client_id=str(settings.client_id),
            client_secret=settings.client_secret.get_secret_value(),
            scope=settings.scope,
            timeout_seconds=settings.timeout_seconds,
            max_concurrency=settings.max_concurrency,
            token_max_age_seconds=settings.cache_ttl_seconds,
            token_cache=token_cache,
            clock=clock,
        )

    @property
    def lists(self) -> frozenset[str]:
        """The names of the lists this client can read."""
        return frozenset(self._lists)

    @property
    def service_root_url(self) -> str:
        """The Graph root URL as office365 sees it (the configured one)."""
        return self._graph.service_root_url

    async def fetch_items(self, list_name: str, subject_ids: Sequence[str]) -> list[Item]:
        """Every item of ``list_name`` Graph selects for ``subject_ids``, each once.

        The ids go out in as few ``or``-joined filters as fit a safe URL length; the
        requests run concurrently and each follows its pages to the end.
        """
        filters = batched_filters(list_name, subject_ids)
        base = self._list_url(list_name) + "/items?$expand=fields&$filter="
        pages = await asyncio.gather(*(self._all_pages(base + quote(f, safe="")) for f in filters))
        items: dict[str, Item] = {}
        for page in pages:
            for item in page:
                # An item matching subjects of two batches arrives twice: keep one.
                items.setdefault(str(item.get("id")), item)
        return list(items.values())

    async def ping(self) -> None:
        """Ask Graph for each list's id; raises like :meth:`fetch_items` when one fails."""
        await asyncio.gather(
            *(self._get(self._list_url(name) + "?$select=id") for name in self._lists)
        )

    async def aclose(self) -> None:
        await asyncio.to_thread(self._transport.close)
        self._threads.close()

    def _list_url(self, list_name: str) -> str:
        site, list_id = self._lists[list_name]
        return f"{self._root}/sites/{quote(site, safe=',:')}/lists/{quote(list_id, safe='')}"

    async def _all_pages(self, url: str) -> list[Item]:
        items: list[Item] = []
        seen: set[str] = set()
        next_url: str | None = url
        while next_url is not None:
            if next_url in seen:
                raise BackendError("Graph paging did not advance")
            seen.add(next_url)
            page = await self._get(next_url)
            value = page.get("value")
            if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
                raise BackendError("Graph sent an answer that is not a list of items")
            items.extend(value)
            next_url = self._next_link(page)
        return items

    def _next_link(self, page: Mapping[str, Any]) -> str | None:
        link = page.get("@odata.nextLink")
        if link is None:
            return None
        root = urlsplit(self._root)
        target = urlsplit(link) if isinstance(link, str) else None
        # The bearer token goes wherever the link points: only ever to the Graph we know.
        if target is None or (target.scheme, target.netloc) != (root.scheme, root.netloc):
            raise BackendError("Graph sent a next page link outside the Graph API URL")
        return str(link)

    async def _get(self, url: str) -> dict[str, Any]:
        # The token is fetched here rather than inside office365's callback: a token failure
        # then raises in our code, with our safe message, instead of being logged with a stack
        # trace by the library's event handler.
        token = await self._tokens.get()
        try:
            return await self._threads.run(lambda: self._send(url, token))
        except _TokenRefusedError:
            # Revoked or expired early: one more try with a fresh token; a second 401 stands.
            await self._tokens.invalidate(token)
        token = await self._tokens.get()
        return await self._threads.run(lambda: self._send(url, token))

    def _office365_token(self) -> dict[str, str]:
        return {"access_token": self._sending.token, "token_type": "Bearer"}

    def _send(self, url: str, token: str) -> dict[str, Any]:
        self._sending.token = token
        request = RequestOptions(
            url=url, headers={"Accept": "application/json", "Prefer": PREFER_NON_INDEXED}
        )
        try:
            response = self._graph.execute_request_direct(request)
        except ClientRequestException as error:
            status = error.response.status_code if error.response is not None else 0
            if status == 401:
                raise _TokenRefusedError(f"Graph answered HTTP {status}") from None
            raise BackendError.status(status, f"Graph answered HTTP {status}") from None
        except requests.Timeout as error:
            raise TimeoutError("Graph did not answer in time") from error
        try:
            body = response.json()
        except ValueError as error:
            raise BackendError("Graph sent an answer that is not JSON") from error
        if not isinstance(body, dict):
            raise BackendError("Graph sent an answer that is not a JSON object")
        return body
