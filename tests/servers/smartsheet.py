"""A Smartsheet API 2.0 server: ``GET /2.0/sheets/{id}`` with a bearer token per sheet.

Like Smartsheet, it answers 401 with ``errorCode`` 1002 for a missing or wrong token and 404
with ``errorCode`` 1006 for an unknown sheet (the error body echoes nothing of the request).
Latency and faults come from :class:`LoopbackServer`. :func:`sheet` builds synthetic sheets in
the wire format: columns with ids, rows with cells that name their column by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tests.servers.base import LoopbackServer, RecordedRequest, Reply

API_PATH = "/2.0"
_TOKEN_INVALID = {"errorCode": 1002, "message": "Your Access Token is invalid.", "refId": "x1"}
_NOT_FOUND = {"errorCode": 1006, "message": "Not Found", "refId": "x2"}
_COLUMN_IDS = 5_000_000_000_000_000
_ROW_IDS = 8_000_000_000_000_000


def column_id(index: int) -> int:
    """The id :func:`sheet` gives its ``index``-th column."""
    return _COLUMN_IDS + 1000 * index


def cell(index: int, value: Any) -> dict[str, Any]:
    """A cell of column ``index``: numbers get a display value as Smartsheet writes it."""
    if value is None:
        return {"columnId": column_id(index)}
    shown = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return {"columnId": column_id(index), "value": value, "displayValue": shown}


def sheet(
    titles: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    sheet_id: int = 4_000_000_000_000_001,
    name: str = "Synthetic sheet",
    types: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A sheet body; ``rows`` hold values in ``titles`` order (None leaves a cell empty)."""
    columns = [
        {
            "id": column_id(index),
            "index": index,
            "title": title,
            "type": (types or {}).get(title, "TEXT_NUMBER"),
            "primary": index == 0,
            "validation": False,
            "version": 0,
            "width": 150,
        }
        for index, title in enumerate(titles)
    ]
    body_rows = [
        {
            "id": _ROW_IDS + number,
            "rowNumber": number,
            "expanded": True,
            "createdAt": "2025-01-02T03:04:05Z",
            "modifiedAt": "2025-01-02T03:04:05Z",
            "cells": [cell(index, value) for index, value in enumerate(values)],
        }
        for number, values in enumerate(rows, start=1)
    ]
    return {
        "id": sheet_id,
        "name": name,
        "version": 1,
        "accessLevel": "VIEWER",
        "totalRowCount": len(body_rows),
        "columns": columns,
        "rows": body_rows,
    }


class SmartsheetServer(LoopbackServer):
    """Serves sheets added with :meth:`add_sheet`; replace ``sheets[id]`` to change one."""

    def __init__(self) -> None:
        super().__init__()
        self.sheets: dict[int, Any] = {}
        self.tokens: dict[int, str] = {}

    @property
    def api_url(self) -> str:
        """The value for ``SMARTSHEET_API_URL``."""
        return self.url + API_PATH

    def path(self, sheet_id: int) -> str:
        return f"{API_PATH}/sheets/{sheet_id}"

    def add_sheet(self, sheet_id: int, body: Any, token: str) -> None:
        """Serve ``body`` (a JSON value, or raw bytes) as sheet ``sheet_id`` to ``token``."""
        self.sheets[sheet_id] = body
        self.tokens[sheet_id] = token
        self.route("GET", self.path(sheet_id), lambda request: self.answer(sheet_id, request))

    def sheet_requests(self, sheet_id: int) -> int:
        return self.count("GET", self.path(sheet_id))

    def answer(self, sheet_id: int, request: RecordedRequest) -> Reply:
        if request.headers.get("authorization") != f"Bearer {self.tokens[sheet_id]}":
            return Reply.json(_TOKEN_INVALID, 401)
        body = self.sheets.get(sheet_id)
        if body is None:
            return Reply.json(_NOT_FOUND, 404)
        if isinstance(body, bytes):
            return Reply(200, body, {"Content-Type": "application/json"})
        return Reply.json(body)
