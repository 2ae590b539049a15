"""Smartsheet settings: one token and sheet id per sheet, plus what the sheets share.

The per-sheet names are the 0.24 service's (docs/architecture.md, Settings):
``SMARTSHEET_<SHEET>_API_TOKEN`` and ``SMARTSHEET_<SHEET>_ID`` for the funding, perfusions and
protocols sheets. Each sheet has its own settings class because the parameter-store source reads
the prefix from the class configuration; :func:`sheet_settings` picks the class by sheet name.
``SMARTSHEET_API_URL`` and the timeout/cache knobs apply to every sheet.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from datasources.settings import BackendSettings

DEFAULT_API_URL = "https://api.smartsheet.com/2.0"

FUNDING = "funding"
PERFUSIONS = "perfusions"
PROTOCOLS = "protocols"
SHEET_NAMES = (FUNDING, PERFUSIONS, PROTOCOLS)


class SheetSettings(BackendSettings):
    """Where one sheet is and the token that may read it.

    The token is a ``SecretStr``: ``repr`` and logs show it masked. Construct a subclass (or
    call :func:`sheet_settings`) to read a sheet's environment variables.
    """

    model_config = SettingsConfigDict(env_prefix="SMARTSHEET_SHEET_", extra="ignore", frozen=True)

    #: The sheet name this class reads settings for ("perfusions", ...).
    sheet: ClassVar[str] = ""

    api_token: SecretStr | None = None
    id: int | None = Field(default=None, gt=0, description="the sheet's numeric id")

    @property
    def configured(self) -> bool:
        return bool(self.api_token and self.api_token.get_secret_value()) and self.id is not None


class FundingSheetSettings(SheetSettings):
    model_config = SettingsConfigDict(
        env_prefix="SMARTSHEET_FUNDING_", extra="ignore", frozen=True
    )
    sheet: ClassVar[str] = FUNDING


class PerfusionsSheetSettings(SheetSettings):
    model_config = SettingsConfigDict(
        env_prefix="SMARTSHEET_PERFUSIONS_", extra="ignore", frozen=True
    )
    sheet: ClassVar[str] = PERFUSIONS


class ProtocolsSheetSettings(SheetSettings):
    model_config = SettingsConfigDict(
        env_prefix="SMARTSHEET_PROTOCOLS_", extra="ignore", frozen=True
    )
    sheet: ClassVar[str] = PROTOCOLS


_SHEET_CLASSES: dict[str, type[SheetSettings]] = {
    cls.sheet: cls
    for cls in (FundingSheetSettings, PerfusionsSheetSettings, ProtocolsSheetSettings)
}


def sheet_settings(name: str, **values: object) -> SheetSettings:
    """The settings of sheet ``name`` from the environment, ``values`` overriding them."""
    try:
        cls = _SHEET_CLASSES[name]
    except KeyError:
        raise ValueError(f"unknown Smartsheet sheet {name!r}") from None
    return cls(**values)  # type: ignore[arg-type]  # pydantic-settings validates the values


class SmartsheetSettings(BackendSettings):
    """The API base URL and limits shared by every sheet, and each sheet's settings."""

    model_config = SettingsConfigDict(env_prefix="SMARTSHEET_", extra="ignore", frozen=True)

    api_url: str = Field(default=DEFAULT_API_URL, description="Smartsheet API 2.0 base URL")
    timeout_seconds: float = Field(default=10.0, gt=0)
    cache_ttl_seconds: float = Field(default=300.0, ge=0)
    max_concurrency: int = Field(default=4, ge=1)
    funding: FundingSheetSettings = Field(default_factory=FundingSheetSettings)
    perfusions: PerfusionsSheetSettings = Field(default_factory=PerfusionsSheetSettings)
    protocols: ProtocolsSheetSettings = Field(default_factory=ProtocolsSheetSettings)

    def sheets(self) -> dict[str, SheetSettings]:
        """Every sheet's settings by sheet name, configured or not."""
        return {FUNDING: self.funding, PERFUSIONS: self.perfusions, PROTOCOLS: self.protocols}

    @property
    def configured(self) -> bool:
        """True when at least one sheet can be read."""
        return bool(self.api_url) and any(s.configured for s in self.sheets().values())
