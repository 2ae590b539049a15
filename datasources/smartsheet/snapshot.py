"""Offline Smartsheet: the real client talks to a transport answering from snapshot files.

``<dir>/smartsheet/<sheet>.json`` (``funding``, ``perfusions``, ``protocols``) holds a sheet
exactly as ``GET /sheets/{id}`` returns it, so the real request, parsing and mapping run. A
missing file means that sheet is absent (not configured). Each sheet present is given a
made-up id and token that only this transport knows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import httpx

from datasources.smartsheet.settings import SHEET_NAMES

DIRECTORY = "smartsheet"
# The transport never resolves this host; the reserved ".invalid" name keeps it that way.
SNAPSHOT_API_URL = "http://smartsheet.snapshot.invalid/2.0"
SNAPSHOT_TOKEN = "snapshot"  # noqa: S105 - not a secret: only the snapshot transport reads it


def snapshot_sheet_id(name: str) -> int:
    """The made-up id under which sheet ``name`` is served (1, 2, 3 in SHEET_NAMES order)."""
    return SHEET_NAMES.index(name) + 1


def load_snapshot(directory: Path) -> dict[str, bytes] | None:
    """Sheet name -> body for every sheet file in ``directory/smartsheet``; None when none.

    Raises ``ValueError`` naming the file when one is not a JSON object, so a broken snapshot
    stops the service at startup rather than failing requests later.
    """
    folder = Path(directory) / DIRECTORY
    bodies: dict[str, bytes] = {}
    for name in SHEET_NAMES:
        path = folder / f"{name}.json"
        if not path.is_file():
            continue
        body = path.read_bytes()
        try:
            data = json.loads(body)
        except ValueError as error:
            raise ValueError(f"{path} is not JSON: {error}") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path} must hold a sheet (a JSON object with columns and rows)")
        bodies[name] = body
    return bodies or None


class SnapshotTransport(httpx.AsyncBaseTransport):
    """Answers ``GET <SNAPSHOT_API_URL>/sheets/<id>`` from recorded bodies."""

    def __init__(self, bodies: Mapping[str, bytes]) -> None:
        prefix = httpx.URL(SNAPSHOT_API_URL).path.rstrip("/")
        self._bodies = {
            f"{prefix}/sheets/{snapshot_sheet_id(name)}": body for name, body in bodies.items()
        }

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = self._bodies.get(request.url.path)
        if request.method != "GET" or body is None:
            return httpx.Response(404, request=request)
        if request.headers.get("Authorization") != f"Bearer {SNAPSHOT_TOKEN}":
            return httpx.Response(401, request=request)
        return httpx.Response(
            200, content=body, headers={"Content-Type": "application/json"}, request=request
        )
