"""A loopback Smartsheet server with a synthetic perfusions sheet, and sources pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from datasources.cache import Cache
from datasources.smartsheet import SmartsheetSettings, SmartsheetSource
from datasources.smartsheet.settings import (
    FundingSheetSettings,
    PerfusionsSheetSettings,
    ProtocolsSheetSettings,
)
from tests.servers.smartsheet import SmartsheetServer, sheet

PERFUSIONS_ID = 4_100_000_000_000_001
FUNDING_ID = 4_100_000_000_000_002
PROTOCOLS_ID = 4_100_000_000_000_003
TOKEN = "perf-token-7f3c9a1e"
FUNDING_TOKEN = "fund-token-22b8d0c4"
PROTOCOLS_TOKEN = "prot-token-9d41e6b7"

PERFUSION_TITLES = [
    "subject id",
    "date",
    "experimenter",
    "iacuc protocol",
    "animal weight prior (g)",
    "Output specimen id(s)",
    "Postfix solution",
    "Notes",
]
PROTOCOL = "2304 - Synthetic protocol for tests"

#: Synthetic perfusions: (subject, date, experimenter, protocol, weight, specimens, postfix, notes)
PERFUSION_ROWS: list[list[Any]] = [
    [700201.0, "2025-03-04", "Test Person One", PROTOCOL, 21.5, 700201.0, "1xPBS", "Clean"],
    # Values people type loosely: text ids, a weight with its unit, two section ids.
    [" 700202 ", "2025-03-05", "Test Person Two", "2212", "19.0 g", "700202_001; 700202_002",
     None, None],
    # Values the mapping cannot read: kept as text so that validation reports them.
    [700203.0, "5th of March", "Test Person One", "pending", "about 20", 700203.0, None, None],
    # No subject id: belongs to nobody.
    [None, "2025-03-06", "Test Person Two", PROTOCOL, 20.0, 700299.0, None, None],
]  # fmt: skip

SourceFactory = Callable[..., SmartsheetSource]


def perfusions_sheet(rows: list[list[Any]] | None = None) -> dict[str, Any]:
    return sheet(
        PERFUSION_TITLES,
        PERFUSION_ROWS if rows is None else rows,
        sheet_id=PERFUSIONS_ID,
        name="Perfusions (tests)",
        types={"date": "DATE"},
    )


@pytest.fixture
def smartsheet_server() -> Iterator[SmartsheetServer]:
    with SmartsheetServer() as server:
        server.add_sheet(PERFUSIONS_ID, perfusions_sheet(), TOKEN)
        yield server


@pytest.fixture
async def make_source(smartsheet_server: SmartsheetServer) -> AsyncIterator[SourceFactory]:
    """Sources on ``smartsheet_server``; every setting explicit, so no SMARTSHEET_* env leaks in.

    ``make(cache, perfusions=..., funding=..., protocols=..., **shared)`` with sheet settings
    as dicts; funding and protocols are unconfigured unless given.
    """
    made: list[SmartsheetSource] = []

    def make(
        cache: Cache | None = None,
        *,
        perfusions: dict[str, Any] | None = None,
        funding: dict[str, Any] | None = None,
        protocols: dict[str, Any] | None = None,
        **overrides: Any,
    ) -> SmartsheetSource:
        perfusion_values: dict[str, Any] = {"api_token": TOKEN, "id": PERFUSIONS_ID}
        unconfigured: dict[str, Any] = {"api_token": None, "id": None}
        values: dict[str, Any] = {
            "api_url": smartsheet_server.api_url,
            "timeout_seconds": 2.0,
            "cache_ttl_seconds": 300.0,
            "max_concurrency": 4,
            "perfusions": PerfusionsSheetSettings(**(perfusion_values | (perfusions or {}))),
            "funding": FundingSheetSettings(**(unconfigured | (funding or {}))),
            "protocols": ProtocolsSheetSettings(**(unconfigured | (protocols or {}))),
        }
        source = SmartsheetSource.from_settings(SmartsheetSettings(**(values | overrides)), cache)
        made.append(source)
        return source

    yield make
    for source in made:
        await source.aclose()


@pytest.fixture
async def smartsheet(make_source: SourceFactory) -> SmartsheetSource:
    return make_source()
