"""The OAuth2 client-credentials grant, as the Entra ID-protected backends (Graph, TARS) use it.

The transports differ (office365's ``requests`` in threads, httpx in the event loop); the form
sent and the reading of the answer are the same, and live here. Nothing here keeps or reports
the secret, the token or the endpoint's error body (which may echo the client id).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from datasources.errors import BackendError

#: A token is renewed this long before the endpoint says it expires (or halfway, if sooner).
REFRESH_MARGIN_SECONDS = 60.0


def token_form(client_id: str, client_secret: str, scope: str) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": client_secret,
        "scope": scope,
    }


def read_token(
    status_code: int, body: Callable[[], Any], endpoint: str = "token endpoint"
) -> tuple[str, float]:
    """(token, seconds it may be reused) from a token endpoint's answer, or BackendError."""
    if not 200 <= status_code < 300:
        raise BackendError.status(status_code, f"{endpoint} answered HTTP {status_code}")
    try:
        answer = body()
        token = answer["access_token"]
        expires_in = float(answer["expires_in"])
    except (ValueError, KeyError, TypeError) as error:
        raise BackendError(f"{endpoint} sent no usable token") from error
    if not isinstance(token, str) or not token or expires_in <= 0:
        raise BackendError(f"{endpoint} sent no usable token")
    return token, expires_in - min(REFRESH_MARGIN_SECONDS, expires_in / 2)
