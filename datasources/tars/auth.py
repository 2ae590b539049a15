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

from datasources.errors import BackendError

#: A token is renewed this long before the endpoint says it expires (or halfway, if sooner).
REFRESH_MARGIN_SECONDS = 60.0

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
        form = {
            "grant_type": "client_credentials",
            "client_id": self._client_id,
            "client_secret": self._client_secret.get_secret_value(),
            "scope": self._scope,
        }
        try:
            response = await self._http.post(
                self._token_url, data=form, headers={"Accept": "application/json"}
            )
        except httpx.TimeoutException as error:
            raise TimeoutError("the TARS token endpoint did not answer in time") from error
        if not response.is_success:
            # Error bodies may echo the client id or describe the secret: none of it is kept.
            raise BackendError(f"TARS token endpoint answered HTTP {response.status_code}")
        try:
            body = response.json()
            token = body["access_token"]
            expires_in = float(body["expires_in"])
        except (ValueError, KeyError, TypeError) as error:
            raise BackendError("TARS token endpoint sent no usable token") from error
        if not isinstance(token, str) or not token or expires_in <= 0:
            raise BackendError("TARS token endpoint sent no usable token")
        return token, expires_in - min(REFRESH_MARGIN_SECONDS, expires_in / 2)
