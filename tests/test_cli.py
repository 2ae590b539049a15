"""The `check` subcommand and the masking of unexpected failures."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import httpx
import pytest
import strawberry
from strawberry.types import Info

from datasources.settings import PARAM_STORE_VARIABLE
from graphql_service.cli import main
from graphql_service.context import RequestContext
from graphql_service.schema import MetadataSchema, StatusExtension
from resolvers.backends import BACKEND_PREFIXES, Backends
from resolvers.request import Limits, RequestResolvers
from tests.servers.mgi import MgiServer
from tests.snapshots import COLONY, MGI_ANSWERS, write_snapshot


def test_check_reports_each_backend(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = write_snapshot(tmp_path / "snap", COLONY, None)
    assert main(["check", "--snapshot", str(snapshot)]) == 0
    out = capsys.readouterr().out
    assert "labtracks    reachable" in out
    assert "mgi          not configured" in out


def test_check_fails_when_a_configured_backend_is_unreachable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with MgiServer(MGI_ANSWERS) as server:
        server.fail_next(100, status=503)
        monkeypatch.setenv("MGI_URL", server.endpoint)
        assert main(["check"]) == 1
    assert "mgi          unreachable" in capsys.readouterr().out


def _without_backend_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith((*BACKEND_PREFIXES, "AIND_GRAPHQL_")) or name == PARAM_STORE_VARIABLE:
            monkeypatch.delenv(name)


def test_serve_without_backend_settings_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_backend_settings(monkeypatch)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "no backend is configured" in err
    for hint in (*BACKEND_PREFIXES, PARAM_STORE_VARIABLE, "--demo", "--snapshot DIR"):
        assert hint in err, hint


def test_check_without_backend_settings_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_backend_settings(monkeypatch)
    assert main(["check"]) == 2
    assert "no backend is configured" in capsys.readouterr().err


def test_serve_refuses_demo_and_snapshot_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--demo", "--snapshot", str(tmp_path)]) == 2
    assert "exclude each other" in capsys.readouterr().err


@strawberry.type
class BrokenQuery:
    @strawberry.field
    def fine(self, info: Info) -> str:
        return "ok"

    @strawberry.field
    def broken(self, info: Info) -> str | None:
        raise RuntimeError("password=hunter2 in a bug's message")


async def test_unexpected_errors_are_masked_logged_and_get_status_500(
    caplog: pytest.LogCaptureFixture,
) -> None:
    schema = MetadataSchema(query=BrokenQuery, extensions=[StatusExtension])
    context = RequestContext(
        resolvers=RequestResolvers.for_request(Backends(), Limits()), request_id="req-1"
    )
    with caplog.at_level(logging.ERROR, logger="graphql_service"):
        result = await schema.execute("{ fine broken }", context_value=context)
    assert result.data == {"fine": "ok", "broken": None}
    [error] = result.errors or []
    assert error.message == "Unexpected error inside the service; it has been logged."
    assert "hunter2" not in error.message
    assert error.extensions == {"code": "INTERNAL_SERVER_ERROR", "status": 500}
    assert result.extensions is not None
    assert result.extensions["status"]["broken"]["code"] == 500
    assert "req-1" in caplog.text  # the log line ties the failure to its request


async def test_request_id_is_echoed_when_plain_and_replaced_otherwise(tmp_path: Path) -> None:
    from tests.conftest import graphql_client

    snapshot = write_snapshot(tmp_path / "snap", COLONY, None)
    query = {"query": '{ subject(subject_id: "700101") { subject_id } }'}
    async with graphql_client(Backends.from_snapshot(snapshot)) as client:
        plain = await client.post("/graphql", json=query, headers={"x-request-id": "abc-123"})
        hostile = await client.post(
            "/graphql", json=query, headers={"x-request-id": "x; rm -rf /" + "a" * 80}
        )
        missing = await client.post("/graphql", json=query)
    assert isinstance(plain, httpx.Response)
    assert plain.json()["data"]["subject"]["subject_id"] == "700101"
    assert plain.headers["x-request-id"] == "abc-123"
    assert len(hostile.headers["x-request-id"]) == 32
    assert hostile.headers["x-request-id"] != missing.headers["x-request-id"]
