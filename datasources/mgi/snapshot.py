"""Offline MGI: the real client talks to a transport that answers from ``<dir>/mgi.json``.

The file maps allele names to alleleBucket bodies exactly as MGI sends them
(``{"<allele name>": {"summaryRows": [...], "totalCount": n}, ...}``), so the real request
building, parsing and mapping run. A name absent from the file gets an empty bucket, as MGI
answers for unknown names.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

FILE_NAME = "mgi.json"
# The transport never resolves this host; the reserved ".invalid" name keeps it that way.
SNAPSHOT_URL = "http://mgi.snapshot.invalid/quicksearch/alleleBucket"
_EMPTY_BUCKET = b'{"summaryRows": [], "totalCount": 0}'


def load_snapshot(directory: Path) -> dict[str, Any] | None:
    """The name -> body mapping of ``directory``, or None when the directory has no MGI file."""
    path = directory / FILE_NAME
    if not path.is_file():
        return None
    bodies = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(bodies, dict):
        raise ValueError(f"{path} must hold a JSON object keyed by allele name")
    return bodies


class SnapshotTransport(httpx.AsyncBaseTransport):
    """Answers ``GET <SNAPSHOT_URL>?query=<name>`` from recorded bodies."""

    def __init__(self, bodies: Mapping[str, Any]) -> None:
        self._bodies = {name: json.dumps(body).encode() for name, body in bodies.items()}
        self._path = urlsplit(SNAPSHOT_URL).path

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET" or request.url.path != self._path:
            return httpx.Response(404, request=request)
        name = request.url.params.get("query", "")
        return httpx.Response(
            200,
            content=self._bodies.get(name, _EMPTY_BUCKET),
            headers={"Content-Type": "application/json"},
            request=request,
        )
