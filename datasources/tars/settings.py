"""TARS settings: the 0.24 service's ``TARS_*`` names plus a few optional knobs.

``TARS_RESOURCE`` is the base URL of the TARS API (the REST paths hang below it). The token
comes from ``TARS_TOKEN_URL``, by default the tenant's Entra ID v2 endpoint, with the
client-credentials grant for ``TARS_SCOPE``.
"""

from __future__ import annotations

from urllib.parse import quote

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from datasources.settings import BackendSettings

ENTRA_ENDPOINT_TEMPLATE = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"


def default_token_url(tenant_id: str) -> str:
    """The Entra ID v2 token endpoint of ``tenant_id``."""
    return ENTRA_ENDPOINT_TEMPLATE.format(tenant=quote(tenant_id, safe=""))


class TarsSettings(BackendSettings):
    """Where TARS is and how to get a bearer token for it.

    ``client_secret`` is a ``SecretStr``: ``repr`` and logs never show it.
    """

    model_config = SettingsConfigDict(env_prefix="TARS_", extra="ignore", frozen=True)

    tenant_id: str = ""
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    scope: str = ""
    resource: str = Field(default="", description="base URL of the TARS API")
    token_url: str = Field(
        default="", description="OAuth2 token endpoint; default: the tenant's Entra ID v2 one"
    )
    timeout_seconds: float = Field(default=10.0, gt=0)
    max_concurrency: int = Field(default=16, ge=1, le=64)
    cache_ttl_seconds: float = Field(
        default=3600.0, ge=0, description="how long a prep lot answer is reused; 0 disables"
    )
    page_size: int = Field(
        default=100, ge=1, le=1000, description="items TARS is asked for per search page"
    )

    @property
    def token_endpoint(self) -> str:
        """``token_url`` if set, else derived from the tenant ("" without either)."""
        if self.token_url:
            return self.token_url
        return default_token_url(self.tenant_id) if self.tenant_id else ""

    @property
    def configured(self) -> bool:
        secret = self.client_secret.get_secret_value()
        return bool(
            self.client_id and secret and self.scope and self.resource and self.token_endpoint
        )
