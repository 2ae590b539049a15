"""Fixtures for the SLIMS record tests: our own records, as SLIMS REST sends them.

``data/*.json`` hold synthetic records (pk, tableName, columns) written for these tests; the
loopback :class:`~tests.servers.slims.SlimsServer` serves them to aind-slims-api's real
``SlimsClient``, and :func:`records` wraps them as ``slims.internal.Record`` for mapping tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aind_slims_api import SlimsClient
from slims.internal import Record

from tests.servers.slims import SlimsServer, tables_of

DATA = Path(__file__).parent / "data"
#: The reference records beside the repository (``../shared/reference``), when present.
REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"


def entities(name: str) -> list[dict[str, Any]]:
    """The records of ``data/<name>.json``."""
    loaded: list[dict[str, Any]] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def records(name: str) -> dict[int, Record]:
    """``data/<name>.json`` as library Records, by pk (pks are unique across our tables)."""
    return {entity["pk"]: Record(entity, None) for entity in entities(name)}


def record(entity: dict[str, Any]) -> Record:
    return Record(entity, None)


@contextmanager
def slims(
    name: str, contents: dict[int, bytes] | None = None
) -> Iterator[tuple[SlimsServer, SlimsClient]]:
    """A loopback SLIMS serving ``data/<name>.json`` and a real client logged in to it."""
    with SlimsServer(tables=tables_of(entities(name)), contents=contents) as server:
        client = SlimsClient(
            url=server.slims_url, username=server.username, password=server.password
        )
        yield server, client


def criteria_sent(server: SlimsServer, table: str) -> list[Any]:
    """The criteria bodies of every ``{table}/advanced`` request the server received."""
    path = f"{server.rest_prefix}{table}/advanced"
    return [r.json().get("criteria") for r in server.requests if r.path == path and r.body]


def fields(criteria: Any) -> set[str]:
    """Every field name a criteria tree filters on."""
    if not isinstance(criteria, dict):
        return set()
    found = {criteria["fieldName"]} if "fieldName" in criteria else set()
    for member in criteria.get("criteria", []):
        found |= fields(member)
    return found
