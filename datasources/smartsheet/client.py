"""HTTP client for the Smartsheet API 2.0: ``GET {api}/sheets/{id}`` with a bearer token.

One ``httpx.AsyncClient`` per source (the service builds one source per process), reused so
connections are kept alive. Each sheet has its own token, so the ``Authorization`` header is
set per request rather than on the client. A token never appears in a message: errors name the
sheet and the HTTP status only, and the response body (which may echo request details) is not
read on failure.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import httpx
from pydantic import SecretStr

from datasources.errors import BackendError

_REFUSED = frozenset({401, 403})


class SmartsheetClient:
    def __init__(
        self,
        api_url: str,
        *,
        timeout_seconds: float,
        max_concurrency: int,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._api_url = api_url.rstrip("/")
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_seconds),
            limits=httpx.Limits(
                max_connections=max_concurrency, max_keepalive_connections=max_concurrency
            ),
            headers={"Accept": "application/json"},
            transport=transport,
        )

    async def get_sheet(
        self,
        sheet_id: int,
        token: SecretStr,
        *,
        label: str,
        params: Mapping[str, str] | None = None,
    ) -> bytes:
        """The body of ``GET /sheets/{sheet_id}``, unparsed; ``label`` names it in errors.

        Raises ``BackendError`` for a non-2xx answer, ``TimeoutError`` when Smartsheet is too
        slow, and httpx transport errors when it cannot be reached.
        """
        headers = {"Authorization": f"Bearer {token.get_secret_value()}"}
        url = f"{self._api_url}/sheets/{int(sheet_id)}"
        async with self._semaphore:
            try:
                response = await self._http.get(url, headers=headers, params=params)
            except httpx.TimeoutException as error:
                raise TimeoutError(f"Smartsheet did not send the {label} sheet in time") from error
        status = response.status_code
        if status in _REFUSED:
            raise BackendError(f"Smartsheet refused access to the {label} sheet (HTTP {status})")
        if status == 404:
            raise BackendError(f"Smartsheet has no {label} sheet with the configured id")
        if status == 429:
            raise BackendError(f"Smartsheet is rate limiting reads of the {label} sheet")
        if not response.is_success:
            raise BackendError.status(
                status, f"Smartsheet answered HTTP {status} for the {label} sheet"
            )
        return response.content

    async def aclose(self) -> None:
        await self._http.aclose()
