"""SmartsheetSource through the real httpx client against a loopback Smartsheet API server."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
from redis.asyncio import Redis

from datasources.cache import MemoryCache, RedisCache
from datasources.result import Code
from datasources.smartsheet import SmartsheetSettings, SmartsheetSource
from datasources.smartsheet.settings import DEFAULT_API_URL
from tests.servers.smartsheet import SmartsheetServer, sheet
from tests.smartsheet.conftest import (
    FUNDING_ID,
    FUNDING_TOKEN,
    PERFUSIONS_ID,
    TOKEN,
    SourceFactory,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_perfusions_of_several_subjects_in_one_fetch(
    smartsheet: SmartsheetSource, smartsheet_server: SmartsheetServer
) -> None:
    result = await smartsheet.perfusions(["700201", "700202", "424242"])

    assert result.code == Code.OK
    assert result.name == "smartsheet.perfusions"
    assert [record.subject_id for record in result.records] == ["700201", "700202"]
    assert smartsheet_server.sheet_requests(PERFUSIONS_ID) == 1
    request = smartsheet_server.requests[0]
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


async def test_a_subject_without_perfusions_is_404(smartsheet: SmartsheetSource) -> None:
    result = await smartsheet.perfusions(["424242"])

    assert result.code == Code.NOT_FOUND
    assert result.records == ()


async def test_the_sheet_is_fetched_once_per_ttl(
    make_source: SourceFactory, smartsheet_server: SmartsheetServer
) -> None:
    clock = FakeClock()
    source = make_source(MemoryCache(clock=clock), cache_ttl_seconds=300.0)

    first = await source.perfusions(["700201"])
    clock.now += 299
    second = await source.perfusions(["700202"])

    assert first.code == second.code == Code.OK
    assert second.records[0].subject_id == "700202"
    assert smartsheet_server.sheet_requests(PERFUSIONS_ID) == 1

    smartsheet_server.sheets[PERFUSIONS_ID] = sheet(["subject id", "date"], [[700201.0, None]])
    clock.now += 2  # past the TTL: the changed sheet is read
    third = await source.perfusions(["700201", "700202"])

    assert smartsheet_server.sheet_requests(PERFUSIONS_ID) == 2
    assert [record.subject_id for record in third.records] == ["700201"]
    assert third.records[0].document["start_date"] is None


async def test_concurrent_requests_share_one_fetch(
    smartsheet: SmartsheetSource, smartsheet_server: SmartsheetServer
) -> None:
    smartsheet_server.latency = 0.2

    results = await asyncio.gather(
        *(smartsheet.perfusions([subject]) for subject in ["700201", "700202", "700203"] * 4)
    )

    assert [result.code for result in results] == [Code.OK] * 12
    assert smartsheet_server.sheet_requests(PERFUSIONS_ID) == 1


async def test_a_caller_giving_up_does_not_cancel_the_shared_fetch(
    smartsheet: SmartsheetSource, smartsheet_server: SmartsheetServer
) -> None:
    smartsheet_server.latency = 0.2
    impatient = asyncio.create_task(smartsheet.perfusions(["700201"]))
    patient = asyncio.create_task(smartsheet.perfusions(["700202"]))
    await asyncio.sleep(0.05)
    impatient.cancel()

    result = await patient

    assert result.code == Code.OK
    assert smartsheet_server.sheet_requests(PERFUSIONS_ID) == 1


async def test_the_parsed_sheet_is_shared_through_redis(
    make_source: SourceFactory, smartsheet_server: SmartsheetServer
) -> None:
    """Two replicas (sources) on one Redis: the second reads the first one's parse."""
    prefix = f"test-smartsheet-{uuid.uuid4().hex}:"
    caches = [RedisCache(REDIS_URL, prefix=prefix) for _ in range(2)]
    try:
        first = await make_source(caches[0]).perfusions(["700201"])
        second = await make_source(caches[1]).perfusions(["700201"])
    finally:
        for cache in caches:
            await cache.aclose()
        await _delete_keys(prefix)

    assert first.records == second.records
    assert smartsheet_server.sheet_requests(PERFUSIONS_ID) == 1


async def _delete_keys(prefix: str) -> None:
    redis = Redis.from_url(REDIS_URL)
    try:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


async def test_failures_are_503_and_not_cached(
    smartsheet: SmartsheetSource, smartsheet_server: SmartsheetServer
) -> None:
    smartsheet_server.fail_next(1, 500)

    failed = await smartsheet.perfusions(["700201"])
    recovered = await smartsheet.perfusions(["700201"])

    assert failed.code == Code.UNAVAILABLE
    assert failed.message == "smartsheet: Smartsheet answered HTTP 500 for the perfusions sheet"
    assert failed.configured
    assert recovered.code == Code.OK
    assert smartsheet_server.sheet_requests(PERFUSIONS_ID) == 2


@pytest.fixture
def fault_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("status 503", "smartsheet: Smartsheet answered HTTP 503 for the perfusions sheet"),
        ("status 429", "smartsheet: Smartsheet is rate limiting reads of the perfusions sheet"),
        (
            "wrong token",
            "smartsheet: Smartsheet refused access to the perfusions sheet (HTTP 401)",
        ),
        ("unknown sheet", "smartsheet: Smartsheet has no perfusions sheet with the configured id"),
        ("not json", "smartsheet: the perfusions sheet is not JSON"),
        ("dropped", "smartsheet is unavailable"),
        ("slow", "smartsheet timed out"),
    ],
)
async def test_faults_are_503_with_safe_messages_and_no_token_anywhere(
    make_source: SourceFactory,
    smartsheet_server: SmartsheetServer,
    fault_logs: pytest.LogCaptureFixture,
    fault: str,
    message: str,
) -> None:
    token = TOKEN
    if fault.startswith("status"):
        # Three times: a 503 outlasts the two retries.
        smartsheet_server.fail_next(3, int(fault.split()[1]), {"message": f"echo {TOKEN}"})
    elif fault == "wrong token":
        token = "wrong-token-5e1d"
    elif fault == "unknown sheet":
        smartsheet_server.sheets[PERFUSIONS_ID] = None
    elif fault == "not json":
        smartsheet_server.sheets[PERFUSIONS_ID] = f"<html>{TOKEN}</html>".encode()
    elif fault == "dropped":
        smartsheet_server.drop_next(3)
    else:
        smartsheet_server.latency = 1.0
    source = make_source(perfusions={"api_token": token}, timeout_seconds=0.3)

    result = await source.perfusions(["700201"])

    assert result.code == Code.UNAVAILABLE
    assert result.message == message
    assert fault_logs.records, "the failure is logged"
    for secret in (token, TOKEN):
        assert secret not in result.message
        assert secret not in fault_logs.text


async def test_unreachable_smartsheet_is_503(make_source: SourceFactory) -> None:
    source = make_source(api_url="http://127.0.0.1:9/2.0")

    result = await source.perfusions(["700201"])

    assert result.code == Code.UNAVAILABLE
    assert result.message == "smartsheet is unavailable"


async def test_any_configured_sheet_is_served_whole(
    make_source: SourceFactory, smartsheet_server: SmartsheetServer
) -> None:
    funding = sheet(["Project Name", "Funding Institution"], [["Synthetic project", "NIMH"]])
    smartsheet_server.add_sheet(FUNDING_ID, funding, FUNDING_TOKEN)
    source = make_source(funding={"api_token": FUNDING_TOKEN, "id": FUNDING_ID})

    result = await source.sheet("funding")

    assert result.code == Code.OK
    (parsed,) = result.records
    assert parsed.rows[0].values == {
        "Project Name": "Synthetic project",
        "Funding Institution": "NIMH",
    }
    assert smartsheet_server.requests[-1].headers["authorization"] == f"Bearer {FUNDING_TOKEN}"


async def test_sheet_problems_reach_the_message(
    smartsheet: SmartsheetSource, smartsheet_server: SmartsheetServer
) -> None:
    body = smartsheet_server.sheets[PERFUSIONS_ID]
    body["rows"].append({"id": 1, "rowNumber": 99, "cells": "broken"})
    body["totalRowCount"] += 1

    result = await smartsheet.sheet("perfusions")
    perfusions = await smartsheet.perfusions(["700201"])

    assert result.code == Code.OK
    assert result.records[0].problems == ("row 99 (id 1) is not a row with cells; skipped",)
    assert "1 problem(s) reading the perfusions sheet" in result.message
    assert perfusions.code == Code.OK
    assert perfusions.message == result.message


async def test_unconfigured_and_unknown_sheets(
    smartsheet: SmartsheetSource, make_source: SourceFactory, smartsheet_server: SmartsheetServer
) -> None:
    funding = await smartsheet.sheet("funding")
    unknown = await smartsheet.sheet("budgets")
    without = make_source(perfusions={"api_token": None})
    perfusions = await without.perfusions(["700201"])

    assert (funding.code, funding.configured) == (Code.UNAVAILABLE, False)
    assert funding.message == "the Smartsheet funding sheet is not configured"
    assert unknown.code == Code.BAD_REQUEST
    assert (perfusions.code, perfusions.configured) == (Code.UNAVAILABLE, False)
    assert not without.configured
    assert (await without.ping()).configured is False
    assert smartsheet_server.requests == []


async def test_a_perfusions_sheet_without_subject_ids_is_503(
    smartsheet: SmartsheetSource, smartsheet_server: SmartsheetServer
) -> None:
    smartsheet_server.sheets[PERFUSIONS_ID] = sheet(["date"], [["2025-01-01"]])

    result = await smartsheet.perfusions(["700201"])

    assert result.code == Code.UNAVAILABLE
    assert result.message == "smartsheet: the perfusions sheet has no 'subject id' column"


async def test_ping_reads_one_row(
    smartsheet: SmartsheetSource, smartsheet_server: SmartsheetServer
) -> None:
    healthy = await smartsheet.ping()
    smartsheet_server.fail_next(1, 500)
    failing = await smartsheet.ping()

    assert healthy.code == Code.OK
    assert failing.code == Code.UNAVAILABLE
    assert smartsheet_server.requests[0].param("pageSize") == "1"


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("API_URL", "TIMEOUT_SECONDS", "CACHE_TTL_SECONDS"):
        monkeypatch.delenv(f"SMARTSHEET_{name}", raising=False)
    monkeypatch.setenv("SMARTSHEET_PERFUSIONS_API_TOKEN", "env-token-31")
    monkeypatch.setenv("SMARTSHEET_PERFUSIONS_ID", "4100000000000009")
    monkeypatch.setenv("SMARTSHEET_PROTOCOLS_API_TOKEN", "env-token-32")
    monkeypatch.delenv("SMARTSHEET_PROTOCOLS_ID", raising=False)
    monkeypatch.delenv("SMARTSHEET_FUNDING_API_TOKEN", raising=False)
    monkeypatch.delenv("SMARTSHEET_FUNDING_ID", raising=False)

    settings = SmartsheetSettings()

    assert settings.api_url == DEFAULT_API_URL == "https://api.smartsheet.com/2.0"
    assert settings.cache_ttl_seconds == 300.0
    assert settings.perfusions.configured
    assert settings.perfusions.id == 4100000000000009
    assert not settings.protocols.configured  # a token without an id
    assert not settings.funding.configured
    assert settings.configured
    assert "env-token-31" not in repr(settings)


def test_no_sheet_is_no_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    for sheet_name in ("FUNDING", "PERFUSIONS", "PROTOCOLS"):
        monkeypatch.delenv(f"SMARTSHEET_{sheet_name}_API_TOKEN", raising=False)
        monkeypatch.delenv(f"SMARTSHEET_{sheet_name}_ID", raising=False)

    assert not SmartsheetSettings().configured
