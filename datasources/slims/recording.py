"""Record mode for SLIMS: every record aind-slims-api receives, by table, as SLIMS sent it.

The library's client is made by the reader on first use; :func:`record_into` makes it through
a wrapper that keeps the JSON entity of each record ``get_entities`` returns (fetches, fetches
by pk). Written as ``slims/<tableName>.json``, they replay through
:mod:`datasources.slims.snapshot`. Attachments and their contents are not recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from datasources.slims.source import SlimsSource

Entity = dict[str, Any]
#: Table name -> pk -> entity.
Recorded = dict[str, dict[int, Entity]]


def record_into(source: SlimsSource, recorded: Recorded) -> None:
    """Keep, in ``recorded``, every SLIMS record ``source`` reads from now on."""
    reader = source._reader
    connect: Callable[[], Any] = reader._connect
    lock = threading.Lock()

    def recording_connect() -> Any:
        client = connect()
        api = client.db.slims_api
        get_entities = api.get_entities

        def get(url: str, body: dict[str, Any] | None = None) -> list[Any]:
            records: list[Any] = get_entities(url, body)
            with lock:
                for record in records:
                    entity = getattr(record, "json_entity", None)
                    if not isinstance(entity, dict):
                        continue
                    table = entity.get("tableName")
                    if isinstance(table, str) and table != "Attachment":
                        recorded.setdefault(table, {}).setdefault(int(entity["pk"]), entity)
            return records

        api.get_entities = get
        return client

    reader._connect = recording_connect
