"""HTTP client for MGI's quick-search allele bucket.

One ``httpx.AsyncClient`` per source, created once and reused so connections are kept alive.
A semaphore bounds the requests in flight; it matches the connection limit, so requests wait
here rather than in httpx's pool.
"""

from __future__ import annotations

import asyncio

import httpx
from pydantic import ValidationError

from datasources.errors import BackendError
from datasources.mgi.models import AlleleBucket

# Rows arrive best match first, so one page holds every four-star row of an exact phrase.
PAGE_SIZE = 100


class MgiClient:
    def __init__(
        self,
        url: str,
        *,
        timeout_seconds: float,
        max_concurrency: int,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._url = url
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_seconds),
            limits=httpx.Limits(
                max_connections=max_concurrency, max_keepalive_connections=max_concurrency
            ),
            headers={"Accept": "application/json"},
            follow_redirects=True,
            transport=transport,
        )

    async def allele_bucket(self, name: str) -> AlleleBucket:
        """MGI's exact-phrase allele matches for ``name``.

        Raises ``BackendError`` for a non-2xx answer or a body that is not an allele bucket,
        ``TimeoutError`` when MGI is too slow, and httpx transport errors when unreachable.
        """
        params = {
            "queryType": "exactPhrase",
            "query": name,
            "submit": "Quick Search",
            "startIndex": "0",
            "results": str(PAGE_SIZE),
        }
        async with self._semaphore:
            try:
                response = await self._http.get(self._url, params=params)
            except httpx.TimeoutException as error:
                raise TimeoutError("MGI did not answer in time") from error
        if not response.is_success:
            raise BackendError.status(
                response.status_code, f"MGI answered HTTP {response.status_code}"
            )
        try:
            return AlleleBucket.model_validate_json(response.content)
        except ValidationError as error:
            # The body may be an HTML error page; none of it goes into the message.
            raise BackendError("MGI sent an answer that is not an allele bucket") from error

    async def aclose(self) -> None:
        await self._http.aclose()
