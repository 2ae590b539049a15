"""Offline TARS: the real client talks to a transport that answers from two recorded files.

``<dir>/tars/prep_lots.json`` holds ViralPrepLots items and ``<dir>/tars/viruses.json``
Viruses items, both in TARS's camelCase, so the real request building, token handling, paging,
parsing, filtering and mapping all run. The transport searches as TARS does (case-insensitive
"contains", so near matches come back too) and pages with ``pageSize``/``page``. Molecules are
served from the molecules embedded in the viruses.

It also answers the token endpoint, with a fixed token that it then requires: snapshot mode
takes the same code path as production instead of a special "no auth" branch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

DIRECTORY = "tars"
PREP_LOTS_FILE = "prep_lots.json"
VIRUSES_FILE = "viruses.json"
# The transport never resolves this host; the reserved ".invalid" name keeps it that way.
SNAPSHOT_RESOURCE = "http://tars.snapshot.invalid"
# Placeholders, not credentials: the snapshot transport issues and checks them itself.
SNAPSHOT_TOKEN_URL = "http://tars.snapshot.invalid/oauth2/v2.0/token"  # noqa: S105
SNAPSHOT_TOKEN = "snapshot-token"  # noqa: S105
SNAPSHOT_CLIENT_SECRET = "snapshot-secret"  # noqa: S105

Record = dict[str, Any]


@dataclass(frozen=True)
class TarsSnapshot:
    prep_lots: list[Record]
    viruses: list[Record]


def _records(path: Path) -> list[Record]:
    records = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
        raise ValueError(f"{path} must hold a JSON list of TARS records")
    return records


def load_snapshot(directory: Path) -> TarsSnapshot | None:
    """The recorded TARS records of ``directory``, or None without ``tars/prep_lots.json``.

    ``viruses.json`` may be missing: lots then map from the virus they embed.
    """
    folder = directory / DIRECTORY
    lots_path = folder / PREP_LOTS_FILE
    if not lots_path.is_file():
        return None
    viruses_path = folder / VIRUSES_FILE
    viruses = _records(viruses_path) if viruses_path.is_file() else []
    return TarsSnapshot(_records(lots_path), viruses)


def _contains(value: Any, text: str) -> bool:
    return isinstance(value, str) and text in value.casefold()


def _alias_names(record: Record) -> list[Any]:
    aliases = record.get("aliases") or []
    return [alias.get("name") for alias in aliases if isinstance(alias, dict)]


def _embedded_molecules(viruses: list[Record]) -> list[Record]:
    molecules: dict[str, Record] = {}
    for virus in viruses:
        for molecule in virus.get("molecules") or []:
            if isinstance(molecule, dict):
                key = str(molecule.get("id") or json.dumps(molecule, sort_keys=True))
                molecules.setdefault(key, molecule)
    return list(molecules.values())


class SnapshotTransport(httpx.AsyncBaseTransport):
    """Answers the token endpoint and the three TARS searches from recorded records."""

    def __init__(self, snapshot: TarsSnapshot) -> None:
        base = urlsplit(SNAPSHOT_RESOURCE).path.rstrip("/")
        self._token_path = urlsplit(SNAPSHOT_TOKEN_URL).path
        self._collections = {
            f"{base}/api/v1/ViralPrepLots": (snapshot.prep_lots, _lot_matches),
            f"{base}/api/v1/Viruses": (snapshot.viruses, _virus_matches),
            f"{base}/api/v1/Molecules": (_embedded_molecules(snapshot.viruses), _molecule_matches),
        }

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST" and path == self._token_path:
            body = {"token_type": "Bearer", "expires_in": 3600, "access_token": SNAPSHOT_TOKEN}
            return _json(request, body)
        collection = self._collections.get(path)
        if request.method != "GET" or collection is None:
            return _json(request, {"message": "Not Found"}, 404)
        if request.headers.get("Authorization") != f"Bearer {SNAPSHOT_TOKEN}":
            return _json(request, {"message": "Unauthorized"}, 401)
        records, matches = collection
        params = request.url.params
        text = params.get("search", "").strip().casefold()
        found = [record for record in records if matches(record, text)]
        size = max(1, int(params.get("pageSize") or 100))
        page = max(1, int(params.get("page") or 1))
        body = {
            "data": found[(page - 1) * size : page * size],
            "totalCount": len(found),
            "pageSize": size,
            "search": params.get("search", ""),
            "searchFields": params.get("searchFields", ""),
        }
        return _json(request, body)


def _lot_matches(record: Record, text: str) -> bool:
    return _contains(record.get("lot"), text)


def _virus_matches(record: Record, text: str) -> bool:
    return any(_contains(name, text) for name in _alias_names(record))


def _molecule_matches(record: Record, text: str) -> bool:
    names = [record.get("fullName"), *_alias_names(record)]
    return any(_contains(name, text) for name in names)


def _json(request: httpx.Request, body: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        request=request,
    )
