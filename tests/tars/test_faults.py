"""Tokens and failures: caching, refresh, one retry on 401, and 503s with safe messages."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from datasources.errors import BackendError
from datasources.result import Code
from datasources.tars import AccessTokens, TarsSettings, TarsSource
from tests.servers.base import Reply
from tests.servers.tars import API_PREFIX, PREP_LOTS, VIRUSES, TarsServer
from tests.tars.conftest import SourceFactory, settings_for


class Clock:
    """A clock the test moves by hand (token expiry without waiting)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def tokens_for(server: TarsServer, http: httpx.AsyncClient, clock: Clock) -> AccessTokens:
    secret = SecretStr(server.client_secret)
    return AccessTokens(
        http, server.token_url, server.client_id, secret, server.scope, clock=clock
    )


async def test_token_is_reused_until_shortly_before_it_expires(
    tars_server: TarsServer, http: httpx.AsyncClient, clock: Clock
) -> None:
    tars_server.expires_in = 600
    tokens = tokens_for(tars_server, http, clock)
    first = await tokens.get()
    clock.now += 539  # the token is renewed 60 s before its 600 s run out
    assert await tokens.get() == first
    assert tars_server.token_calls == 1
    form = tars_server.requests[0].form()
    assert form == {
        "grant_type": "client_credentials",
        "client_id": tars_server.client_id,
        "client_secret": tars_server.client_secret,
        "scope": tars_server.scope,
    }

    clock.now += 2
    second = await tokens.get()
    assert second != first
    assert tars_server.token_calls == 2


async def test_short_lived_tokens_are_renewed_halfway(
    tars_server: TarsServer, http: httpx.AsyncClient, clock: Clock
) -> None:
    tars_server.expires_in = 40
    tokens = tokens_for(tars_server, http, clock)
    first = await tokens.get()
    clock.now += 19
    assert await tokens.get() == first
    clock.now += 2
    assert await tokens.get() != first


async def test_concurrent_callers_share_one_token_request(
    tars_server: TarsServer, http: httpx.AsyncClient, clock: Clock
) -> None:
    tokens = tokens_for(tars_server, http, clock)
    got = await asyncio.gather(*(tokens.get() for _ in range(8)))
    assert len(set(got)) == 1
    assert tars_server.token_calls == 1


@pytest.mark.parametrize(
    "body",
    [{"token_type": "Bearer"}, {"access_token": "", "expires_in": 10}, ["not", "a", "dict"]],
)
async def test_unusable_token_answer_is_a_backend_error(
    tars_server: TarsServer, http: httpx.AsyncClient, clock: Clock, body: object
) -> None:
    tars_server.respond("POST", tars_server.token_path, body)
    with pytest.raises(BackendError, match="no usable token"):
        await tokens_for(tars_server, http, clock).get()


async def test_one_token_serves_many_lookups(tars: TarsSource, tars_server: TarsServer) -> None:
    await tars.materials(["VT900101", "VT900102", "VT900200", "VT900303"])
    assert tars_server.token_calls == 1
    assert len(tars_server.issued_tokens) == 1


async def test_refused_token_is_refreshed_once_and_the_request_retried(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    assert (await tars.material("VT900101")).code == Code.OK
    tars_server.revoke_tokens()
    result = await tars.material("VT900102")
    assert result.code == Code.OK
    assert tars_server.token_calls == 2
    assert tars_server.searches(PREP_LOTS) == ["VT900101", "VT900102", "VT900102"]


async def test_second_refusal_is_503(tars: TarsSource, tars_server: TarsServer) -> None:
    tars_server.respond("GET", API_PREFIX + PREP_LOTS, {"message": "Unauthorized"}, 401)
    result = await tars.material("VT900101")
    assert result.code == Code.UNAVAILABLE
    assert result.message == "tars: TARS refused the access token (HTTP 401)"
    assert tars_server.token_calls == 2
    assert len(tars_server.searches(PREP_LOTS)) == 2


async def test_wrong_secret_is_503_and_never_shown(
    make_source: SourceFactory, tars_server: TarsServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "wr0ng-s3cret-5d1e88"
    result = await make_source(client_secret=secret).material("VT900101")
    assert result.code == Code.UNAVAILABLE
    assert result.message == "tars: TARS token endpoint answered HTTP 401"
    assert tars_server.searches(PREP_LOTS) == []
    assert secret not in caplog.text
    assert "invalid_client" not in caplog.text + result.message


async def test_failures_never_reveal_the_secret_or_a_token(
    make_source: SourceFactory, tars_server: TarsServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    source = make_source(timeout_seconds=0.5)
    messages = [(await source.material("VT900101")).message]
    for number, fault in enumerate(["500", "drop", "401", "slow"]):
        if fault == "500":
            tars_server.fail_next(1, 500, {"detail": f"trace with {tars_server.client_secret}"})
        elif fault == "drop":
            tars_server.drop_next(3)
        elif fault == "401":
            tars_server.revoke_tokens()
            tars_server.respond("GET", API_PREFIX + PREP_LOTS, {"message": "Unauthorized"}, 401)
        else:
            tars_server.latency = 5.0
        messages.append((await source.material(f"VT90{number}")).message)
    secrets = [tars_server.client_secret, *tars_server.issued_tokens]
    assert tars_server.issued_tokens
    for secret in secrets:
        assert secret not in caplog.text
        assert all(secret not in message for message in messages)
    assert messages[1:] == [
        "tars: TARS answered HTTP 500",
        "tars is unavailable",
        "tars: TARS refused the access token (HTTP 401)",
        "tars timed out",
    ]


async def test_server_error_is_503_and_not_cached(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    assert (await tars.ping()).code == Code.OK  # the token is fetched: the fault hits TARS
    tars_server.fail_next(3, 502)  # outlasts the two retries
    failed = await tars.material("VT900101")
    assert (failed.code, failed.records, failed.failed) == (Code.UNAVAILABLE, (), True)
    assert failed.message == "tars: TARS answered HTTP 502"
    assert (await tars.material("VT900101")).code == Code.OK


async def test_failing_virus_search_fails_the_lot(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    tars_server.respond("GET", API_PREFIX + VIRUSES, {"error": "boom"}, 500)
    result = await tars.material("VT900200")
    assert result.code == Code.UNAVAILABLE
    assert result.message == "tars: TARS answered HTTP 500"


async def test_answer_that_is_not_a_search_page_is_503(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    page = Reply.text("<html>maintenance</html>", content_type="text/html")
    tars_server.route("GET", API_PREFIX + PREP_LOTS, lambda _request: page)
    result = await tars.material("VT900101")
    assert result.code == Code.UNAVAILABLE
    assert result.message == "tars: TARS sent an answer that is not a search result"


async def test_unreadable_record_is_503(tars: TarsSource, tars_server: TarsServer) -> None:
    tars_server.respond("GET", API_PREFIX + PREP_LOTS, {"data": [{"lot": ["VT1"]}]})
    result = await tars.material("VT1")
    assert result.message == "tars: TARS sent a prep lot record that could not be read"


async def test_latency_beyond_timeout_is_503(
    make_source: SourceFactory, tars_server: TarsServer
) -> None:
    source = make_source(timeout_seconds=0.2)
    tars_server.latency = 5.0
    result = await source.material("VT900101")
    assert (result.code, result.message) == (Code.UNAVAILABLE, "tars timed out")


async def test_unreachable_tars_is_503(tars_server: TarsServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = settings_for(tars_server, resource=f"http://127.0.0.1:{port}/tars")
    source = TarsSource.from_settings(settings)
    try:
        result = await source.material("VT900101")
    finally:
        await source.aclose()
    assert (result.code, result.message) == (Code.UNAVAILABLE, "tars is unavailable")


async def test_ping(tars: TarsSource, tars_server: TarsServer) -> None:
    assert (await tars.ping()).code == Code.OK
    tars_server.fail_next(3, 503)
    down = await tars.ping()
    assert (down.code, down.message) == (Code.UNAVAILABLE, "tars: TARS answered HTTP 503")


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TARS_TOKEN_URL", "TARS_CACHE_TTL_SECONDS", "TARS_MAX_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TARS_TENANT_ID", "tenant-env")
    monkeypatch.setenv("TARS_CLIENT_ID", "client-env")
    monkeypatch.setenv("TARS_CLIENT_SECRET", "secret-env-31f")
    monkeypatch.setenv("TARS_SCOPE", "api://tars/.default")
    monkeypatch.setenv("TARS_RESOURCE", "https://tars.example.org")
    monkeypatch.setenv("TARS_TIMEOUT_SECONDS", "3.5")
    settings = TarsSettings()
    assert settings.configured
    assert settings.token_endpoint == (
        "https://login.microsoftonline.com/tenant-env/oauth2/v2.0/token"
    )
    assert settings.timeout_seconds == 3.5
    assert (settings.cache_ttl_seconds, settings.max_concurrency) == (3600, 16)
    assert "secret-env-31f" not in repr(settings)

    monkeypatch.setenv("TARS_TOKEN_URL", "http://127.0.0.1:9/token")
    assert TarsSettings().token_endpoint == "http://127.0.0.1:9/token"


@pytest.mark.parametrize("missing", ["CLIENT_ID", "CLIENT_SECRET", "SCOPE", "RESOURCE"])
def test_incomplete_settings_are_not_configured(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    values = {
        "TENANT_ID": "t",
        "CLIENT_ID": "c",
        "CLIENT_SECRET": "s",
        "SCOPE": "x",
        "RESOURCE": "http://127.0.0.1:9",
        "TOKEN_URL": "",
    }
    for name, value in values.items():
        monkeypatch.setenv(f"TARS_{name}", "" if name == missing else value)
    settings = TarsSettings()
    assert not settings.configured
    with pytest.raises(ValueError, match="not configured"):
        TarsSource.from_settings(settings)


def test_no_tenant_and_no_token_url_is_not_configured() -> None:
    settings = TarsSettings(
        tenant_id="",
        client_id="c",
        client_secret="s",
        scope="x",
        resource="http://h",
        token_url="",
    )
    assert settings.token_endpoint == ""
    assert not settings.configured
