"""SLIMS settings: the 0.24 service's ``SLIMS_*`` names plus timeout and concurrency."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from datasources.settings import BackendSettings


class SlimsSettings(BackendSettings):
    """Where SLIMS REST is and who the service logs in as.

    ``SLIMS_HOST`` is the base URL of SLIMS REST (the client appends ``rest/``). ``SLIMS_DB``
    is read for compatibility with 0.24's settings; SLIMS REST itself needs no database name.
    ``password`` is a ``SecretStr``: ``repr`` and logs never show it.
    """

    model_config = SettingsConfigDict(env_prefix="SLIMS_", extra="ignore", frozen=True)

    host: str = Field(default="", description="base URL of SLIMS REST")
    username: str = ""
    password: SecretStr = SecretStr("")
    db: str = Field(default="", description="0.24's database name; not needed by SLIMS REST")
    timeout_seconds: float = Field(default=20.0, gt=0)
    max_concurrency: int = Field(
        default=16, ge=1, le=32, description="SLIMS calls at once (its own threads)"
    )
    cache_ttl_seconds: float = Field(
        default=300.0, ge=0, description="how long a subject's SLIMS answer is reused; 0 disables"
    )

    @property
    def configured(self) -> bool:
        return bool(self.host and self.username and self.password.get_secret_value())
