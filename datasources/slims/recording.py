"""Record mode for SLIMS: every record aind-slims-api receives, by table, as SLIMS sent it.

The library's client is made by the reader on first use; :func:`record_into` makes it through
a wrapper that keeps the JSON entity of each record ``get_entities`` returns (fetches, fetches
by pk, a record's attachments) and the content of each attachment downloaded
(``GET rest/repo/<pk>``). Written as ``slims/<tableName>.json`` and ``slims/repo/<pk>``, they
replay through :mod:`datasources.slims.snapshot`. SLIMS does not send the AttachmentLink rows
themselves (it answers ``attachment/<table>/<pk>`` directly), so the recording writes one link
per attachment seen, from the table and pk that were asked for.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from datasources.slims.snapshot import ATTACHMENT_LINK_TABLE
from datasources.slims.source import SlimsSource

Entity = dict[str, Any]
#: Table name -> pk -> entity.
Tables = dict[str, dict[int, Entity]]

ATTACHMENT_TABLE = "Attachment"
_ATTACHMENTS_OF = re.compile(r"attachment/([A-Za-z][A-Za-z0-9_]*)/(\d+)$")
_CONTENT = re.compile(r"repo/(\d+)$")


@dataclass
class Recorded:
    """What SLIMS answered: records by table, and attachment contents by attachment pk."""

    tables: Tables = field(default_factory=dict)
    contents: dict[int, bytes] = field(default_factory=dict)

    def keep(self, entity: Entity) -> None:
        table = entity.get("tableName")
        if isinstance(table, str):
            self.tables.setdefault(table, {}).setdefault(int(entity["pk"]), entity)

    def link(self, attachment_pk: int, table: str, record_pk: int) -> None:
        """Note that attachment ``attachment_pk`` hangs on record ``record_pk`` of ``table``."""
        links = self.tables.setdefault(ATTACHMENT_LINK_TABLE, {})
        for existing in links.values():
            if _link_key(existing) == (attachment_pk, table, record_pk):
                return
        # Numbered by the recording: SLIMS' own link pks are not sent.
        pk = len(links) + 1
        links[pk] = {
            "pk": pk,
            "tableName": ATTACHMENT_LINK_TABLE,
            "columns": [
                {"name": "atln_fk_attachment", "value": attachment_pk},
                {"name": "atln_recordTable", "value": table},
                {"name": "atln_recordPk", "value": record_pk},
            ],
        }


def _link_key(link: Entity) -> tuple[Any, ...]:
    values = {column["name"]: column.get("value") for column in link["columns"]}
    return (values["atln_fk_attachment"], values["atln_recordTable"], values["atln_recordPk"])


def record_into(source: SlimsSource, recorded: Recorded) -> None:
    """Keep, in ``recorded``, every SLIMS record and attachment ``source`` reads from now on."""
    reader = source._reader
    connect: Callable[[], Any] = reader._connect
    lock = threading.Lock()

    def recording_connect() -> Any:
        client = connect()
        api = client.db.slims_api
        get_entities = api.get_entities
        get_raw = api.get

        def entities(url: str, body: dict[str, Any] | None = None) -> list[Any]:
            records: list[Any] = get_entities(url, body)
            attached = _ATTACHMENTS_OF.search(url.split("?", 1)[0])
            with lock:
                for record in records:
                    entity = getattr(record, "json_entity", None)
                    if not isinstance(entity, dict):
                        continue
                    recorded.keep(entity)
                    if attached and entity.get("tableName") == ATTACHMENT_TABLE:
                        recorded.link(int(entity["pk"]), attached[1], int(attached[2]))
            return records

        def content(url: str) -> Any:
            response = get_raw(url)
            downloaded = _CONTENT.search(url.split("?", 1)[0])
            if downloaded and response.status_code == 200:
                with lock:
                    recorded.contents[int(downloaded[1])] = bytes(response.content)
            return response

        api.get_entities = entities
        api.get = content
        return client

    reader._connect = recording_connect
