"""HTTP client for the TARS REST API, as the 0.24 service called it.

Searches are ``GET {resource}/api/v1/<Collection>?order=1&orderBy=id&searchFields=<field>
&search=<text>&pageSize=<n>``; TARS answers ``{"data": [...], "totalCount": n, "pageSize": n}``
and its search also returns near matches, which the callers filter. Further pages are asked for
with ``page=2, 3, ...`` while ``totalCount`` says items are missing; a page that brings nothing
new ends the walk, so a TARS that ignores ``page`` cannot loop us.

One ``httpx.AsyncClient`` per source, reused for the token endpoint and TARS. A semaphore bounds
the TARS requests in flight. A 401 is answered by one retry with a fresh token.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

from datasources.cache import Cache
from datasources.errors import BackendError
from datasources.tars.auth import AccessTokens
from datasources.tars.models import Molecule, PrepLot, SearchPage, Virus

logger = logging.getLogger("datasources.tars")

PREP_LOTS_PATH = "api/v1/ViralPrepLots"
VIRUSES_PATH = "api/v1/Viruses"
MOLECULES_PATH = "api/v1/Molecules"
#: Pages followed at most per search; TARS lot searches fit in one page.
MAX_PAGES = 20
PING_SEARCH = "aind-metadata-graphql ping"

M = TypeVar("M", bound=BaseModel)


class TarsClient:
    def __init__(
        self,
        resource: str,
        *,
        token_url: str,
        client_id: str,
        client_secret: SecretStr,
        scope: str,
        timeout_seconds: float,
        max_concurrency: int,
        page_size: int,
        transport: httpx.AsyncBaseTransport | None = None,
        token_cache: Cache | None = None,
    ) -> None:
        self._base = resource.rstrip("/") + "/"
        self._page_size = page_size
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_seconds),
            limits=httpx.Limits(
                max_connections=max_concurrency + 1, max_keepalive_connections=max_concurrency
            ),
            headers={"Accept": "application/json"},
            transport=transport,
        )
        self._tokens = AccessTokens(
            self._http, token_url, client_id, client_secret, scope, cache=token_cache
        )

    async def prep_lots(self, lot: str) -> list[PrepLot]:
        """ViralPrepLots whose ``lot`` TARS finds for ``lot`` (near matches included)."""
        items = await self._search(PREP_LOTS_PATH, "lot", lot)
        return _parse(PrepLot, items, "prep lot")

    async def viruses(self, alias: str) -> list[Virus]:
        """Viruses that TARS finds for ``alias`` among their alias names."""
        items = await self._search(VIRUSES_PATH, "aliases.name", alias)
        return _parse(Virus, items, "virus")

    async def molecules(self, name: str) -> list[Molecule]:
        """Molecules that TARS finds for ``name``."""
        items = await self._search(MOLECULES_PATH, "name", name)
        return _parse(Molecule, items, "molecule")

    async def ping(self) -> None:
        """One small search: proves the token endpoint and TARS both answer."""
        await self._page(PREP_LOTS_PATH, _query("lot", PING_SEARCH, 1))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _search(self, path: str, field: str, text: str) -> list[dict[str, Any]]:
        query = _query(field, text.strip(), self._page_size)
        items: list[dict[str, Any]] = []
        seen: set[str] = set()
        for number in range(1, MAX_PAGES + 1):
            page = await self._page(path, query if number == 1 else {**query, "page": str(number)})
            fresh = [item for item in page.data if _identity(item) not in seen]
            seen.update(map(_identity, fresh))
            items.extend(fresh)
            if page.total_count is None:
                more = len(page.data) >= self._page_size
            else:
                more = len(items) < page.total_count
            if not more or not fresh:
                if page.total_count is not None and len(items) < page.total_count:
                    logger.warning(
                        "TARS %s search ended with %d of %d items",
                        path,
                        len(items),
                        page.total_count,
                    )
                return items
        logger.warning("TARS %s search stopped after %d pages", path, MAX_PAGES)
        return items

    async def _page(self, path: str, params: Mapping[str, str]) -> SearchPage:
        response = await self._get(self._base + path, params)
        try:
            return SearchPage.model_validate_json(response.content)
        except ValidationError as error:
            # The body may be an HTML error page; none of it goes into the message.
            raise BackendError("TARS sent an answer that is not a search result") from error

    async def _get(self, url: str, params: Mapping[str, str]) -> httpx.Response:
        token = await self._tokens.get()
        response = await self._send(url, params, token)
        if response.status_code == 401:
            # Revoked or expired early: one more try with a fresh token; a second 401 stands.
            await self._tokens.invalidate(token)
            response = await self._send(url, params, await self._tokens.get())
            if response.status_code == 401:
                raise BackendError("TARS refused the access token (HTTP 401)")
        if not response.is_success:
            raise BackendError.status(
                response.status_code, f"TARS answered HTTP {response.status_code}"
            )
        return response

    async def _send(self, url: str, params: Mapping[str, str], token: str) -> httpx.Response:
        async with self._semaphore:
            try:
                return await self._http.get(
                    url, params=params, headers={"Authorization": f"Bearer {token}"}
                )
            except httpx.TimeoutException as error:
                raise TimeoutError("TARS did not answer in time") from error


def _query(field: str, text: str, page_size: int) -> dict[str, str]:
    return {
        "order": "1",
        "orderBy": "id",
        "searchFields": field,
        "search": text,
        "pageSize": str(page_size),
    }


def _identity(item: dict[str, Any]) -> str:
    """The record's id, or its whole content when it has none (to spot repeated pages)."""
    identifier = item.get("id")
    return f"id:{identifier}" if identifier is not None else json.dumps(item, sort_keys=True)


def _parse(model: type[M], items: list[dict[str, Any]], what: str) -> list[M]:
    try:
        return [model.model_validate(item) for item in items]
    except ValidationError as error:
        raise BackendError(f"TARS sent a {what} record that could not be read") from error
