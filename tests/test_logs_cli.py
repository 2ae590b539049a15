"""The CLI's log format: JSON under `serve`, text under `serve --demo` and other commands."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from graphql_service import cli
from graphql_service.logs import JsonFormatter


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("root_logging")
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["serve"], JsonFormatter),
        (["serve", "--demo"], logging.Formatter),
        (["check"], logging.Formatter),
    ],
)
def test_cli_defaults(
    argv: list[str], expected: type[logging.Formatter], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIND_GRAPHQL_LOG_FORMAT", raising=False)
    monkeypatch.setattr(cli, "_serve", lambda args: 0)
    monkeypatch.setattr(cli, "_check", lambda snapshot: 0)
    assert cli.main(argv) == 0
    formatters = [handler.formatter for handler in logging.getLogger().handlers]
    assert [type(f) for f in formatters] == [expected]
