"""Client-credentials bearer tokens for TARS, cached until shortly before they expire.

The token request is a form POST (``grant_type=client_credentials``, ``client_id``,
``client_secret``, ``scope``) to the configured token endpoint. Concurrent callers share one
token request. Nothing here logs or raises with the secret, the token or a response body.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx
from pydantic import SecretStr

from datasources.oauth import read_token, token_form

Clock = Callable[[], float]


class AccessTokens:
    """Bearer tokens from one token endpoint, reused until shortly before expiry."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        token_url: str,
        client_id: str,
        client_secret: SecretStr,
        scope: str,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self._http = http
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._scope = scope
        self._clock = clock
        self._lock = asyncio.Lock()
        self._token: str | None = None
        self._renew_at = 0.0

    async def get(self) -> str:
        """A token that is still valid: the cached one, or a new one."""
        cached = self._valid_token()
        if cached is not None:
            return cached
        async with self._lock:
            # Another caller may have fetched one while this one waited for the lock.
            cached = self._valid_token()
            if cached is not None:
                return cached
            token, lifetime = await self._request()
            self._token, self._renew_at = token, self._clock() + lifetime
            return token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` (TARS refused it), so the next :meth:`get` fetches a new one."""
        if self._token == token:
            self._token = None

    def _valid_token(self) -> str | None:
        if self._token is not None and self._clock() < self._renew_at:
            return self._token
        return None

    async def _request(self) -> tuple[str, float]:
        form = token_form(self._client_id, self._client_secret.get_secret_value(), self._scope)
        try:
            response = await self._http.post(
                self._token_url, data=form, headers={"Accept": "application/json"}
            )
        except httpx.TimeoutException as error:
            raise TimeoutError("the TARS token endpoint did not answer in time") from error
        return read_token(response.status_code, response.json, "TARS token endpoint")
