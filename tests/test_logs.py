"""Log lines: the request line as JSON (and text), backend failures with their kind, the
format setting and the CLI's defaults."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from datasources.mgi import MgiSettings, MgiSource
from graphql_service.logs import (
    TEXT_FORMAT,
    JsonFormatter,
    configure_logging,
    default_log_format,
    log_format,
    operation_name,
)
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client
from tests.servers.mgi import MgiServer
from tests.snapshots import MGI_ANSWERS

KEY = "s3cret-api-key-0123456789abcdef0123"
QUERY = "query Allele($name: String!) { mgi_allele(allele_name: $name) { name } }"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """JSON lines of the request and datasources loggers."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger("graphql_service.requests"), logging.getLogger("datasources")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield stream
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line]


def _mgi(server: MgiServer) -> MgiSource:
    return MgiSource.from_settings(MgiSettings(url=server.endpoint))


async def test_the_request_line_is_json_with_its_fields_and_no_secret(
    captured: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIND_GRAPHQL_RETRIES", "0")
    settings = ServiceSettings(api_keys=(KEY,))
    with MgiServer(MGI_ANSWERS) as server:
        server.fail_next(1, 500)
        backends = Backends(mgi=_mgi(server), mode="live")
        async with graphql_client(backends, settings) as client:
            response = await client.post(
                "/graphql",
                json={"query": QUERY, "variables": {"name": "Pvalb-IRES-Cre"}},
                headers={"X-API-Key": KEY, "X-Request-ID": "abc-123"},
            )
    assert response.status_code == 200
    text = captured.getvalue()
    assert KEY not in text
    assert "Pvalb-IRES-Cre" not in text  # variables are not logged
    assert "Traceback" not in text
    entries = lines(captured)
    request = next(e for e in entries if e["logger"] == "graphql_service.requests")
    assert request["request_id"] == "abc-123"
    assert request["method"] == "POST"
    assert request["path"] == "/graphql"
    assert request["operation"] == "Allele"
    assert request["status"] == 200
    assert request["outcome"] == "error"
    assert request["graphql_errors"] == 1
    assert isinstance(request["duration_ms"], float)
    assert request["backends"][0]["name"] == "mgi"
    assert request["backends"][0]["code"] == 503
    assert request["backends"][0]["error"] == "http_status"
    assert isinstance(request["backends"][0]["ms"], float)
    failure = next(e for e in entries if e["logger"] == "datasources")
    assert failure["level"] == "WARNING"
    assert failure["backend"] == "mgi"
    assert failure["kind"] == "http_status"
    assert failure["request_id"] == "abc-123"


async def test_a_rest_request_is_logged_with_its_route_and_cache_use(
    captured: io.StringIO,
) -> None:
    with MgiServer(MGI_ANSWERS) as server:
        backends = Backends(mgi=_mgi(server), mode="live")
        async with graphql_client(backends) as client:
            for _ in range(2):
                response = await client.get("/api/v2/mgi_allele/Pvalb-IRES-Cre")
                assert response.status_code == 200
    requests = [e for e in lines(captured) if e["logger"] == "graphql_service.requests"]
    assert [e["route"] for e in requests] == ["/api/v2/mgi_allele/{allele_name}"] * 2
    assert requests[0]["operation"] is None
    assert requests[0]["outcome"] == "ok"
    assert requests[0]["cache"] == {"hits": 0, "misses": 1}
    assert requests[1]["cache"] == {"hits": 1, "misses": 0}
    assert requests[1]["request_id"] == response.headers["x-request-id"]


async def test_text_format_still_works() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    logger = logging.getLogger("graphql_service.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        async with graphql_client(Backends(mode="live")) as client:
            await client.get("/health", headers={"X-Request-ID": "req-9"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    line = stream.getvalue().strip()
    assert "INFO graphql_service.requests GET /health 200 ok" in line
    assert "(request req-9)" in line
    with pytest.raises(ValueError):
        json.loads(line)


def test_a_traceback_is_kept_only_where_one_is_logged() -> None:
    formatter = JsonFormatter()
    try:
        raise RuntimeError("bug")
    except RuntimeError as error:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "boom", (), (type(error), error, error.__traceback__)
        )
    assert "RuntimeError: bug" in json.loads(formatter.format(record))["exception"]
    plain = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("you",), None)
    entry = json.loads(formatter.format(plain))
    assert entry.pop("time")
    assert entry == {"level": "INFO", "logger": "x", "message": "hello you"}


def test_log_format_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIND_GRAPHQL_LOG_FORMAT", raising=False)
    assert log_format("json") == "json"
    assert log_format("text") == "text"
    monkeypatch.setenv("AIND_GRAPHQL_LOG_FORMAT", "TEXT")
    assert log_format("json") == "text"
    monkeypatch.setenv("AIND_GRAPHQL_LOG_FORMAT", "json")
    assert log_format("text") == "json"
    monkeypatch.setenv("AIND_GRAPHQL_LOG_FORMAT", "yaml")
    assert log_format("text") == "text"


def test_operation_names() -> None:
    assert operation_name("Mine", "{ a }") == "Mine"
    assert operation_name(None, "query Named { a }") == "Named"
    assert operation_name(None, "{ a }") == "anonymous"
    assert operation_name("no spaces allowed", None) == "invalid"


def test_json_is_the_default_under_serve_only() -> None:
    assert default_log_format("serve", demo=False) == "json"
    assert default_log_format("serve", demo=True) == "text"
    assert default_log_format("check", demo=False) == "text"


@pytest.mark.usefixtures("root_logging")
def test_configure_logging_json_writes_json(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("json", "info")
    logging.getLogger("graphql_service.test").info("hello")
    entry = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert entry["message"] == "hello"
    assert logging.getLogger("httpx").level == logging.WARNING
