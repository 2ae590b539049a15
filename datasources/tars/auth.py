"""Client-credentials bearer tokens for TARS, reused until shortly before they expire.

The token request is a form POST (``grant_type=client_credentials``, ``client_id``,
``client_secret``, ``scope``) to the configured token endpoint. Concurrent callers share one
token request; with a shared cache, so do the other processes (``datasources/tokens.py``).
Nothing here logs or raises with the secret, the token or a response body.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
from pydantic import SecretStr

from datasources.cache import Cache
from datasources.oauth import read_token, token_form
from datasources.tokens import SharedTokens, token_key

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
        cache: Cache | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self._http = http
        self._token_url = token_url
        self._form = token_form(client_id, client_secret.get_secret_value(), scope)
        self._tokens = SharedTokens(
            token_key(token_url, client_id, scope), self._request, cache, clock=clock
        )

    async def get(self) -> str:
        """A token that is still valid: the one held, a shared one, or a new one."""
        return await self._tokens.get()

    async def invalidate(self, token: str) -> None:
        """Forget ``token`` (TARS refused it), so the next :meth:`get` fetches a new one."""
        await self._tokens.invalidate(token)

    async def _request(self) -> tuple[str, float]:
        try:
            response = await self._http.post(
                self._token_url, data=self._form, headers={"Accept": "application/json"}
            )
        except httpx.TimeoutException as error:
            raise TimeoutError("the TARS token endpoint did not answer in time") from error
        return read_token(response.status_code, response.json, "TARS token endpoint")
