"""A Microsoft Graph stand-in on 127.0.0.1: client-credentials token endpoint and list items.

What it serves, as Graph and Entra ID do:

* ``POST /{tenant}/oauth2/v2.0/token`` (form: grant_type=client_credentials, client_id,
  client_secret, scope) -> ``{"token_type": "Bearer", "expires_in": n, "access_token": ...}``;
  a wrong secret is 401 ``invalid_client``.
* ``GET /v1.0/sites/{site}/lists/{list}/items`` with ``$expand=fields`` (or ``expand=fields``)
  and ``$filter`` made of ``fields/<Column> eq '<text>'`` clauses joined by ``or`` (quotes
  doubled inside literals). Anything else in ``$filter`` is a 400, as Graph refuses filters it
  cannot run; so is a filter on a column that is not indexed without the
  ``Prefer: HonorNonIndexedQueriesWarningMayFailRandomly`` header. Pages of ``page_size``
  items, linked by ``@odata.nextLink``.
* ``GET /v1.0/sites/{site}/lists/{list}`` -> the list's id (what a ping asks).

Every Graph route wants ``Authorization: Bearer <a token this server issued>`` (401 otherwise).
Faults per list (``fail_list``, ``drop_list``, ``slow_list``) hit only that list's requests,
so tests can break one list while the others answer; the base server's faults hit any request.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from tests.servers.base import RecordedRequest, Reply
from tests.servers.entra import TokenIssuingServer

VERSION_PATH = "/v1.0"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
PREFER_NON_INDEXED = "HonorNonIndexedQueriesWarningMayFailRandomly"

# A route answering this exact object closes the connection instead (see ``dispatch``).
_DROP = Reply(599)

_CLAUSE = re.compile(r"fields/([A-Za-z_][A-Za-z0-9_]*) +eq +'((?:[^']|'')*)'")
_OR = re.compile(r" +or +")


class FilterError(ValueError):
    """A ``$filter`` outside the supported subset."""


def parse_filter(text: str) -> list[tuple[str, str]]:
    """``fields/A eq 'x' or fields/B eq 'y'`` -> ``[("A", "x"), ("B", "y")]``."""
    clauses: list[tuple[str, str]] = []
    position = 0
    while True:
        clause = _CLAUSE.match(text, position)
        if clause is None:
            raise FilterError(f"unsupported filter at character {position}")
        clauses.append((clause.group(1), clause.group(2).replace("''", "'")))
        position = clause.end()
        if position == len(text):
            return clauses
        joiner = _OR.match(text, position)
        if joiner is None:
            raise FilterError(f"unsupported filter at character {position}")
        position = joiner.end()


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def list_item(item_id: int | str, **fields: Any) -> dict[str, Any]:
    """A Graph list item (``$expand=fields`` shape) with the given SharePoint columns."""
    identifier = str(item_id)
    etag = f'"00000000-0000-0000-0000-{int(identifier):012d},1"'
    return {
        "@odata.etag": etag,
        "id": identifier,
        "createdDateTime": "2024-01-02T17:00:00Z",
        "lastModifiedDateTime": "2024-01-03T18:00:00Z",
        "webUrl": f"https://example.sharepoint.com/Lists/Requests/{identifier}_.000",
        "fields": {"@odata.etag": etag, "id": identifier, **fields},
    }


def _graph_error(status: int, code: str, message: str) -> Reply:
    return Reply.json({"error": {"code": code, "message": message}}, status)


class GraphServer(TokenIssuingServer):
    def __init__(
        self,
        *,
        tenant: str = "tenant-0001",
        client_id: str = "client-0001",
        client_secret: str = "secret-0001",
        scope: str = GRAPH_SCOPE,
        expires_in: int = 3599,
        page_size: int = 100,
    ) -> None:
        super().__init__(
            tenant=tenant,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
            expires_in=expires_in,
            token_prefix="graph-token",
        )
        self.page_size = page_size
        #: Columns Graph may filter on without the ``Prefer`` header.
        self.indexed_columns: set[str] = set()
        self.items: dict[str, list[dict[str, Any]]] = {}
        self._list_faults: dict[str, Reply | float] = {}
        self._halt = threading.Event()
        #: Called at the start of every items request (e.g. a barrier proving concurrency).
        self.on_items: Callable[[RecordedRequest], None] | None = None

    # addresses

    @property
    def graph_url(self) -> str:
        """The value for ``SHAREPOINT_GRAPH_API_URL``."""
        return self.url + VERSION_PATH

    def items_path(self, site: str, list_id: str) -> str:
        return f"{VERSION_PATH}/sites/{site}/lists/{list_id}/items"

    # content

    def add_list(self, site: str, list_id: str, items: Iterable[dict[str, Any]]) -> None:
        """Serve ``items`` (mutable later through :attr:`items`) as list ``list_id``."""
        self.items[list_id] = list(items)
        list_path = f"{VERSION_PATH}/sites/{site}/lists/{list_id}"
        self.route("GET", list_path, lambda request: self._list(request, list_id))
        self.route("GET", list_path + "/items", lambda request: self._items(request, list_id))

    # per-list faults

    def fail_list(self, list_id: str, status: int = 500) -> None:
        """Every request to ``list_id`` answers ``status`` until :meth:`heal_list`."""
        self._list_faults[list_id] = _graph_error(status, "generalException", "injected")

    def drop_list(self, list_id: str) -> None:
        """Every request to ``list_id`` sees its connection closed without an answer."""
        self._list_faults[list_id] = _DROP

    def slow_list(self, list_id: str, seconds: float) -> None:
        """Every request to ``list_id`` waits ``seconds`` before it is answered."""
        self._list_faults[list_id] = seconds

    def heal_list(self, list_id: str) -> None:
        self._list_faults.pop(list_id, None)

    # request log helpers

    def item_requests(self, site: str, list_id: str) -> list[RecordedRequest]:
        path = self.items_path(site, list_id)
        return [request for request in self.requests if request.path == path]

    def filters(self, site: str, list_id: str) -> list[str]:
        """The ``$filter`` of every first-page items request to ``list_id``."""
        return [
            request.param("$filter") or ""
            for request in self.item_requests(site, list_id)
            if request.param("$skiptoken") is None
        ]

    # serving

    def dispatch(self, request: RecordedRequest) -> Reply | None:
        reply = super().dispatch(request)
        return None if reply is _DROP else reply

    def stop(self) -> None:
        self._halt.set()  # wakes requests sleeping in slow_list
        super().stop()
        self._halt.clear()

    def _refusal(self, request: RecordedRequest, list_id: str) -> Reply | None:
        """A 401 for a missing or unknown token, or the list's injected fault."""
        if not self.bearer_ok(request):
            return _graph_error(401, "InvalidAuthenticationToken", "Access token is invalid.")
        fault = self._list_faults.get(list_id)
        if isinstance(fault, float | int):
            self._halt.wait(fault)
            return None
        return fault

    def _list(self, request: RecordedRequest, list_id: str) -> Reply:
        refusal = self._refusal(request, list_id)
        if refusal is not None:
            return refusal
        return Reply.json({"id": list_id, "name": f"List {list_id}"})

    def _items(self, request: RecordedRequest, list_id: str) -> Reply:
        if self.on_items is not None:
            self.on_items(request)
        refusal = self._refusal(request, list_id)
        if refusal is not None:
            return refusal
        expand = request.param("$expand") or request.param("expand")
        if expand not in (None, "fields"):
            return _graph_error(400, "invalidRequest", "Unsupported $expand.")
        selected = self.items[list_id]
        odata_filter = request.param("$filter")
        if odata_filter is not None:
            try:
                clauses = parse_filter(odata_filter)
            except FilterError:
                return _graph_error(400, "invalidRequest", "Invalid filter clause")
            unindexed = {column for column, _ in clauses} - self.indexed_columns
            if unindexed and PREFER_NON_INDEXED not in request.headers.get("prefer", ""):
                return _graph_error(
                    400,
                    "invalidRequest",
                    f"Field '{sorted(unindexed)[0]}' cannot be referenced in filter or orderby "
                    "as it is not indexed. Provide the 'Prefer: "
                    "HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but "
                    "be warned that such queries may fail on large lists.",
                )
            selected = [item for item in selected if _selected(item["fields"], clauses)]
        offset = int(request.param("$skiptoken") or 0)
        page = selected[offset : offset + self.page_size]
        if expand is None:
            page = [
                {key: value for key, value in item.items() if key != "fields"} for item in page
            ]
        body: dict[str, Any] = {
            "@odata.context": f"{self.graph_url}/$metadata#sites('x')/lists('{list_id}')/items",
            "value": page,
        }
        if offset + self.page_size < len(selected):
            body["@odata.nextLink"] = self._next_link(request, offset + self.page_size)
        return Reply.json(body)

    def _next_link(self, request: RecordedRequest, offset: int) -> str:
        params: list[tuple[str, str]] = [
            (name, value)
            for name, values in request.query.items()
            if name != "$skiptoken"
            for value in values
        ]
        params.append(("$skiptoken", str(offset)))
        return f"{self.url}{request.path}?{urlencode(params, quote_via=quote, safe='$')}"


def _selected(fields: Mapping[str, Any], clauses: list[tuple[str, str]]) -> bool:
    return any(_text(fields.get(column)) == value for column, value in clauses)
