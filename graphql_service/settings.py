"""Service-level settings (the backends' own settings live with each datasource)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from resolvers.settings import ParameterStoreSource


class ServiceSettings(BaseSettings):
    """Read from ``AIND_GRAPHQL_*`` environment variables, then the AWS parameter (when
    ``AWS_PARAM_STORE_NAME`` is set); CLI options override both."""

    model_config = SettingsConfigDict(env_prefix="AIND_GRAPHQL_", extra="ignore")

    host: str = Field("127.0.0.1", description="Interface to listen on.")
    port: int = Field(8000, ge=0, le=65535, description="Port to listen on.")
    workers: int = Field(
        1, ge=1, description="Worker processes sharing the port under `serve` (uvicorn workers)."
    )
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
    max_root_fields: int = Field(20, ge=1, description="Most root fields in one operation.")
    max_query_bytes: int = Field(
        20_000, ge=1, description="Largest query document in bytes, refused before parsing."
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1, description="Largest request body in bytes (document and variables)."
    )
    request_deadline_seconds: float | None = Field(
        20.0,
        gt=0,
        description=(
            "Longest a request waits on backends in all; calls still running then are "
            "abandoned and their fields answer 503 (timed out)."
        ),
    )
    ready_probe_seconds: float = Field(
        15.0, gt=0, description="How often /ready's background probe asks every backend."
    )
    introspection: bool = Field(True, description="Allow schema introspection.")
    log_level: str = Field("INFO", description="Python logging level.")
    # NoDecode: a comma-separated string, not the JSON list pydantic-settings expects.
    api_keys: Annotated[tuple[SecretStr, ...], NoDecode] = Field(
        (), description="Comma-separated keys, one of which /graphql needs; none: no key needed."
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Comma-separated origins allowed to call /graphql from a browser."
    )

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, ParameterStoreSource(settings_cls))


def settings_problem(error: ValidationError) -> str:
    """What is wrong with the settings, naming each variable (never echoing its value)."""
    prefix = ServiceSettings.model_config.get("env_prefix", "")
    return "; ".join(
        f"{prefix}{'_'.join(str(part) for part in problem['loc']).upper()}: {problem['msg']}"
        for problem in error.errors(include_url=False, include_input=False)
    )
