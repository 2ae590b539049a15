"""MGI settings: the 0.24 service's ``MGI_URL``, plus timeouts, cache TTL and concurrency."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from datasources.settings import BackendSettings

# The 0.24 service's default (its doubled slash dropped). Quick search serves the allele
# bucket as JSON at this path, without a ".json" suffix.
DEFAULT_URL = "https://www.informatics.jax.org/quicksearch/alleleBucket"


class MgiSettings(BackendSettings):
    model_config = SettingsConfigDict(env_prefix="MGI_", extra="ignore", frozen=True)

    url: str = Field(default=DEFAULT_URL, description="MGI quick-search allele bucket URL")
    timeout_seconds: float = Field(default=5.0, gt=0)
    cache_ttl_seconds: float = Field(default=86400.0, ge=0)
    max_concurrency: int = Field(default=8, ge=1)

    @property
    def configured(self) -> bool:
        return bool(self.url)
