"""Bearer tokens reused until shortly before they expire, by one process or by all of them.

Graph and TARS hand out client-credentials tokens (``datasources/oauth.py``) that stay valid for
about an hour. Each process keeps the one it holds; when the cache is shared (Redis), every
worker and replica also reads the token another has fetched, and a missing or expiring token is
fetched by one of them only (:func:`datasources.flights.fill_once`). A token refused by its
backend is forgotten here and in the shared entry.

The entry holds the token and the wall-clock time at which to renew it (monotonic clocks are
per process); its key is derived from the endpoint, client id and scope, never the secret.
Because the shared entry is a bearer token, the Redis it lives in must be as private as the
service's own settings (docs/architecture.md, "Shared cache").
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable, Callable

from datasources.cache import Cache, SharedLocks
from datasources.flights import fill_once

Clock = Callable[[], float]
RequestToken = Callable[[], Awaitable[tuple[str, float]]]

# Bump when the entry's shape changes.
KEY_PREFIX = "oauth:token:v1:"


def token_key(token_url: str, client_id: str, scope: str) -> str:
    """The shared entry's key for one endpoint, client and scope (no secret in it)."""
    identity = "\n".join((token_url, client_id, scope)).encode()
    return KEY_PREFIX + hashlib.sha256(identity).hexdigest()[:32]


class SharedTokens:
    """Tokens from ``request`` (a token endpoint call answering ``(token, seconds of reuse)``).

    Concurrent callers in this process wait for one request; with a cache shared between
    processes, so do the other processes."""

    def __init__(
        self,
        key: str,
        request: RequestToken,
        cache: Cache | None = None,
        *,
        clock: Clock = time.monotonic,
        wall_clock: Clock = time.time,
    ) -> None:
        self._key = key
        self._request = request
        # A per-process cache adds nothing to the token this object already keeps.
        self._shared = cache if isinstance(cache, SharedLocks) else None
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = asyncio.Lock()
        self._token: str | None = None
        self._renew_at = 0.0

    async def get(self) -> str:
        """A token that is still valid: the one held, the shared one, or a new one."""
        held = self._held()
        if held is not None:
            return held
        async with self._lock:
            # Another caller may have fetched one while this one waited for the lock.
            held = self._held()
            if held is not None:
                return held
            token, lifetime = await (self._request() if self._shared is None else self._share())
            self._token, self._renew_at = token, self._clock() + lifetime
            return token

    async def invalidate(self, token: str) -> None:
        """Forget ``token`` (its backend refused it), so the next :meth:`get` fetches anew."""
        if self._token == token:
            self._token = None
        if self._shared is not None:
            entry = self._read(await self._shared.get(self._key))
            if entry is not None and entry[0] == token:
                await self._shared.delete(self._key)

    def _held(self) -> str | None:
        if self._token is not None and self._clock() < self._renew_at:
            return self._token
        return None

    async def _share(self) -> tuple[str, float]:
        assert self._shared is not None
        cache = self._shared
        found = self._read(await cache.get(self._key))
        if found is not None:
            return found

        async def fill() -> tuple[str, float]:
            token, lifetime = await self._request()
            entry = {"token": token, "renew_at": self._wall_clock() + lifetime}
            await cache.set(self._key, json.dumps(entry).encode(), lifetime)
            return token, lifetime

        return await fill_once(cache, self._key, self._read, fill)

    def _read(self, value: bytes | None) -> tuple[str, float] | None:
        """(token, seconds left) of a shared entry still worth using, else None."""
        if value is None:
            return None
        try:
            entry = json.loads(value)
            token, renew_at = entry["token"], float(entry["renew_at"])
        except (ValueError, KeyError, TypeError):
            return None
        left = renew_at - self._wall_clock()
        if not isinstance(token, str) or not token or left <= 0:
            return None
        return token, left
