"""Service-level settings (the backends' own settings live with each datasource)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Read from ``AIND_GRAPHQL_*`` environment variables; CLI options override them."""

    model_config = SettingsConfigDict(env_prefix="AIND_GRAPHQL_", extra="ignore")

    host: str = Field("127.0.0.1", description="Interface to listen on.")
    port: int = Field(8000, ge=0, le=65535, description="Port to listen on.")
    snapshot: Path | None = Field(
        None, description="Serve this snapshot directory instead of live backends."
    )
    redis_url: str | None = Field(
        None, description="Redis URL for the cache shared between processes (default: memory)."
    )
    max_list_length: int = Field(500, ge=1, description="Longest list argument accepted.")
    max_query_depth: int = Field(12, ge=1, description="Deepest query accepted.")
    max_aliases: int = Field(30, ge=1, description="Most aliases in one query.")
    max_tokens: int = Field(5000, ge=1, description="Most tokens in one query document.")
    introspection: bool = Field(True, description="Allow schema introspection.")
    log_level: str = Field("INFO", description="Python logging level.")
