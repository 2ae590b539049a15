"""SHAREPOINT_* settings: the 0.24 names, defaults, and what counts as configured."""

from __future__ import annotations

from typing import Any

import pytest

from datasources.sharepoint import SharePointSettings
from datasources.sharepoint.settings import DEFAULT_GRAPH_API_URL, DEFAULT_SCOPE

NAMES = (
    "AIND_SITE_ID",
    "LAS_SITE_ID",
    "NSB_2019_LIST_ID",
    "NSB_2023_LIST_ID",
    "NSB_PRESENT_LIST_ID",
    "LAS_2020_LIST_ID",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "TENANT_ID",
    "GRAPH_API_URL",
    "SCOPE",
    "TOKEN_URL",
    "TIMEOUT_SECONDS",
    "MAX_CONCURRENCY",
    "CACHE_TTL_SECONDS",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NAMES:
        monkeypatch.delenv(f"SHAREPOINT_{name}", raising=False)
    monkeypatch.delenv("AWS_PARAM_STORE_NAME", raising=False)


def test_names_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "AIND_SITE_ID": "aind-site",
        "LAS_SITE_ID": "las-site",
        "NSB_2019_LIST_ID": "l-2019",
        "NSB_2023_LIST_ID": "l-2023",
        "NSB_PRESENT_LIST_ID": "l-present",
        "LAS_2020_LIST_ID": "l-las",
        "CLIENT_ID": "app",
        "CLIENT_SECRET": "s3cret-value",
        "TENANT_ID": "tenant.example",
        "TIMEOUT_SECONDS": "2.5",
    }
    for name, value in values.items():
        monkeypatch.setenv(f"SHAREPOINT_{name}", value)
    settings = SharePointSettings()
    assert settings.configured
    assert settings.configured_lists == {
        "nsb2019": ("aind-site", "l-2019"),
        "nsb2023": ("aind-site", "l-2023"),
        "nsb_present": ("aind-site", "l-present"),
        "las2020": ("las-site", "l-las"),
    }
    assert settings.graph_api_url == DEFAULT_GRAPH_API_URL == "https://graph.microsoft.com/v1.0"
    assert settings.scope == DEFAULT_SCOPE == "https://graph.microsoft.com/.default"
    assert settings.token_url == (
        "https://login.microsoftonline.com/tenant.example/oauth2/v2.0/token"
    )
    assert settings.timeout_seconds == 2.5
    assert settings.max_concurrency == 16
    assert "s3cret-value" not in repr(settings)


def test_an_explicit_token_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHAREPOINT_TENANT_ID", "tenant.example")
    monkeypatch.setenv("SHAREPOINT_TOKEN_URL", "http://127.0.0.1:9/token")
    monkeypatch.setenv("SHAREPOINT_GRAPH_API_URL", "http://127.0.0.1:9/v1.0")
    settings = SharePointSettings()
    assert settings.token_url == "http://127.0.0.1:9/token"
    assert settings.graph_api_url == "http://127.0.0.1:9/v1.0"


def test_configured_needs_credentials_and_one_located_list() -> None:
    credentials: dict[str, Any] = {"client_id": "app", "client_secret": "s", "tenant_id": "t"}
    assert not SharePointSettings(**credentials).configured
    # A list id without its site is not a list Graph can be asked about.
    assert not SharePointSettings(**credentials, nsb_2019_list_id="l").configured
    assert not SharePointSettings(**credentials, aind_site_id="a", las_2020_list_id="l").configured
    only_las = SharePointSettings(**credentials, las_site_id="s", las_2020_list_id="l")
    assert only_las.configured
    assert list(only_las.configured_lists) == ["las2020"]
    located: dict[str, Any] = {"aind_site_id": "a", "nsb_2019_list_id": "l"}
    assert not SharePointSettings(**located, client_id="app", tenant_id="t").configured
    assert not SharePointSettings(**located, client_id="app", client_secret="s").configured
    assert not SharePointSettings(**located, client_secret="s", tenant_id="t").configured
    assert not SharePointSettings(**located, **(credentials | {"client_secret": ""})).configured
