"""An Entra ID (Azure AD) client-credentials token endpoint, for servers behind bearer tokens.

Microsoft Graph and TARS both take tokens from ``/{tenant}/oauth2/v2.0/token``; the loopback
servers for them subclass :class:`TokenIssuingServer` and ask :meth:`bearer_ok` per request.
"""

from __future__ import annotations

import threading
from typing import Any

from tests.servers.base import LoopbackServer, RecordedRequest, Reply


class TokenIssuingServer(LoopbackServer):
    def __init__(
        self,
        *,
        tenant: str,
        client_id: str,
        client_secret: str,
        scope: str,
        expires_in: int,
        token_prefix: str,
    ) -> None:
        super().__init__()
        self.tenant = tenant
        self.client_id = client_id
        self.client_secret = client_secret
        self.scope = scope
        self.expires_in = expires_in
        self._token_prefix = token_prefix
        self._issued: list[str] = []
        self._valid: set[str] = set()
        self._state = threading.Lock()
        self.route("POST", self.token_path, self._token)

    @property
    def token_path(self) -> str:
        return f"/{self.tenant}/oauth2/v2.0/token"

    @property
    def token_url(self) -> str:
        return self.url + self.token_path

    @property
    def token_calls(self) -> int:
        return self.count("POST", self.token_path)

    @property
    def issued_tokens(self) -> list[str]:
        with self._state:
            return list(self._issued)

    def revoke_tokens(self) -> None:
        """Every token issued so far is refused from now on (as after a key rollover)."""
        with self._state:
            self._valid.clear()

    def bearer_ok(self, request: RecordedRequest) -> bool:
        """True when the request carries a token this server issued and has not revoked."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        with self._state:
            return scheme == "Bearer" and token in self._valid

    def _token(self, request: RecordedRequest) -> Reply:
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("application/x-www-form-urlencoded"):
            return Reply.json({"error": "invalid_request"}, 400)
        form = request.form()
        if form.get("grant_type") != "client_credentials":
            return Reply.json({"error": "unsupported_grant_type"}, 400)
        if (form.get("client_id"), form.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return Reply.json({"error": "invalid_client", "error_codes": [7000215]}, 401)
        if form.get("scope") != self.scope:
            return Reply.json({"error": "invalid_scope"}, 400)
        with self._state:
            token = f"{self._token_prefix}-{len(self._issued) + 1:04d}"
            self._issued.append(token)
            self._valid.add(token)
        body: dict[str, Any] = {
            "token_type": "Bearer",
            "expires_in": self.expires_in,
            "ext_expires_in": self.expires_in,
            "access_token": token,
        }
        return Reply.json(body)
