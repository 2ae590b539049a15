"""Settings shared by every backend: environment variables, optionally an AWS parameter.

The environment names are the 0.24 service's (docs/architecture.md, Settings), so deployments
keep working.
When ``AWS_PARAM_STORE_NAME`` is set, that Systems Manager parameter (one JSON object keyed by
the same names) fills what the environment leaves unset.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PARAM_STORE_VARIABLE = "AWS_PARAM_STORE_NAME"


@lru_cache(maxsize=4)
def _read_parameter(name: str) -> dict[str, Any]:
    import boto3  # only deployments that use the parameter store need boto3

    response = boto3.client("ssm").get_parameter(Name=name, WithDecryption=True)
    value = json.loads(response["Parameter"]["Value"])
    if not isinstance(value, dict):
        raise ValueError(f"parameter {name} does not hold a JSON object")
    return {str(key).upper(): item for key, item in value.items()}


class ParameterStoreSource(PydanticBaseSettingsSource):
    """Values from the JSON parameter named by ``AWS_PARAM_STORE_NAME`` (if set)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ reads all fields at once

    def __call__(self) -> dict[str, Any]:
        name = os.environ.get(PARAM_STORE_VARIABLE)
        if not name:
            return {}
        prefix = str(self.config.get("env_prefix", "")).upper()
        parameter = _read_parameter(name)
        values: dict[str, Any] = {}
        for field_name in self.settings_cls.model_fields:
            key = prefix + field_name.upper()
            if key in parameter:
                values[field_name] = parameter[key]
        return values


class BackendSettings(BaseSettings):
    """Base for a backend's settings; subclasses set ``env_prefix`` and ``configured``."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

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

    @property
    def configured(self) -> bool:
        """True when enough is set to reach the backend."""
        raise NotImplementedError
