"""docs/architecture.md keeps up with the code: every setting, snapshot file and status code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from datasources.labtracks.settings import LabTracksSettings
from datasources.labtracks.snapshot import FILE_NAME as LABTRACKS_FILE
from datasources.labtracks.snapshot import TASK_TABLES
from datasources.mgi.settings import MgiSettings
from datasources.mgi.snapshot import FILE_NAME as MGI_FILE
from datasources.resilience import ResilienceSettings
from datasources.result import Code
from datasources.settings import PARAM_STORE_VARIABLE
from datasources.sharepoint import snapshot as sharepoint_snapshot
from datasources.sharepoint.settings import SharePointSettings
from datasources.slims.settings import SlimsSettings
from datasources.smartsheet import snapshot as smartsheet_snapshot
from datasources.smartsheet.settings import SHEET_NAMES, SheetSettings, SmartsheetSettings
from datasources.tars import snapshot as tars_snapshot
from datasources.tars.settings import TarsSettings
from graphql_service.settings import ServiceSettings
from resolvers.backends import BACKEND_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "architecture.md").read_text()


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", DOC, re.S | re.M)
    assert match, f"docs/architecture.md has no section {title!r}"
    return match.group(1)


SETTINGS: list[type[BaseSettings]] = [
    LabTracksSettings,
    MgiSettings,
    SharePointSettings,
    SmartsheetSettings,
    TarsSettings,
    SlimsSettings,
    ServiceSettings,
    ResilienceSettings,
]


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda cls: cls.__name__)
def test_every_setting_is_listed(cls: type[BaseSettings]) -> None:
    text = section("Settings")
    prefix = str(cls.model_config.get("env_prefix"))
    assert f"`{prefix}`" in text
    for name, info in cls.model_fields.items():
        if isinstance(info.default_factory, type):  # a nested sheet: its own prefix
            continue
        assert f"`{name.upper()}`" in text, f"{prefix}{name.upper()} is not documented"


def test_sheets_prefixes_and_switches_are_listed() -> None:
    text = section("Settings")
    for sheet in SHEET_NAMES:
        assert f"`SMARTSHEET_{sheet.upper()}_`" in text
    for name in SheetSettings.model_fields:
        assert f"`{name.upper()}`" in text
    assert f"`{PARAM_STORE_VARIABLE}`" in text
    for prefix in BACKEND_PREFIXES:
        assert f"`{prefix}`" in text


def test_every_snapshot_file_is_listed() -> None:
    text = section("Snapshot directories")
    files = [LABTRACKS_FILE, MGI_FILE]
    files += [
        f"{sharepoint_snapshot.DIRECTORY}/{name}"
        for name in sharepoint_snapshot.FILE_NAMES.values()
    ]
    files += [f"{smartsheet_snapshot.DIRECTORY}/{sheet}.json" for sheet in SHEET_NAMES]
    files += [
        f"{tars_snapshot.DIRECTORY}/{tars_snapshot.PREP_LOTS_FILE}",
        f"{tars_snapshot.DIRECTORY}/{tars_snapshot.VIRUSES_FILE}",
    ]
    for path in files:
        assert re.search(rf"^  {re.escape(path)}\s", text, re.M), f"{path} is not listed"
    for table in TASK_TABLES:
        assert f"`{table}`" in text


def test_every_status_code_is_explained() -> None:
    text = section("Status")
    for code in Code:
        assert f"\n| {int(code)} |" in text, f"{int(code)} is not in the status table"
