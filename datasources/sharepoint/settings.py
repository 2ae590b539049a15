"""SharePoint settings: the 0.24 service's ``SHAREPOINT_*`` names plus a few optional knobs.

The four surgery-request lists live on two sites: the NSB lists on the AIND site, LAS 2020 on
the LAS site. A list counts as configured when both its site id and its list id are set.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from datasources.settings import BackendSettings

DEFAULT_GRAPH_API_URL = "https://graph.microsoft.com/v1.0"
DEFAULT_SCOPE = "https://graph.microsoft.com/.default"
ENTRA_ENDPOINT_TEMPLATE = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"

#: The lists, by the names the source answers under, in a stable order.
LIST_NAMES: tuple[str, ...] = ("nsb2019", "nsb2023", "nsb_present", "las2020")


def default_token_url(tenant_id: str) -> str:
    """The Entra ID v2 token endpoint of ``tenant_id``."""
    return ENTRA_ENDPOINT_TEMPLATE.format(tenant=quote(tenant_id, safe=""))


class SharePointSettings(BackendSettings):
    """Where the surgery-request lists are and how to get a Graph token for them.

    ``client_secret`` is a ``SecretStr``: ``repr`` and logs never show it.
    """

    model_config = SettingsConfigDict(env_prefix="SHAREPOINT_", extra="ignore", frozen=True)

    aind_site_id: str | None = None
    las_site_id: str | None = None
    nsb_2019_list_id: str | None = None
    nsb_2023_list_id: str | None = None
    nsb_present_list_id: str | None = None
    las_2020_list_id: str | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None
    tenant_id: str | None = None
    graph_api_url: str = DEFAULT_GRAPH_API_URL
    scope: str = DEFAULT_SCOPE
    token_url: str | None = Field(
        default=None, description="OAuth2 token endpoint; default: the tenant's Entra ID v2 one"
    )
    timeout_seconds: float = Field(default=10.0, gt=0)
    max_concurrency: int = Field(default=16, ge=1, le=64)
    cache_ttl_seconds: float = Field(
        default=3600.0,
        ge=0,
        description="longest a Graph token is reused (it is never used past its expiry)",
    )
    list_cache_ttl_seconds: float = Field(
        default=300.0,
        ge=0,
        description="how long a list's items for a subject are kept (in Redis when "
        "AIND_GRAPHQL_REDIS_URL is set, shared by every process); 0 keeps none",
    )

    @model_validator(mode="before")
    @classmethod
    def _token_url_from_tenant(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("token_url") and data.get("tenant_id"):
            return {**data, "token_url": default_token_url(str(data["tenant_id"]))}
        return data

    def list_location(self, list_name: str) -> tuple[str, str] | None:
        """``(site id, list id)`` of one list, or None when either is unset."""
        site, list_id = {
            "nsb2019": (self.aind_site_id, self.nsb_2019_list_id),
            "nsb2023": (self.aind_site_id, self.nsb_2023_list_id),
            "nsb_present": (self.aind_site_id, self.nsb_present_list_id),
            "las2020": (self.las_site_id, self.las_2020_list_id),
        }[list_name]
        return (site, list_id) if site and list_id else None

    @property
    def configured_lists(self) -> dict[str, tuple[str, str]]:
        """Every list with both its site and list id set, by list name."""
        located = {name: self.list_location(name) for name in LIST_NAMES}
        return {name: where for name, where in located.items() if where is not None}

    @property
    def credentials_set(self) -> bool:
        secret = self.client_secret.get_secret_value() if self.client_secret else ""
        return bool(self.client_id and secret and self.tenant_id and self.token_url)

    @property
    def configured(self) -> bool:
        return self.credentials_set and bool(self.configured_lists)
