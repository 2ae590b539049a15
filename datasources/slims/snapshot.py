"""Offline SLIMS: aind-slims-api's ``SlimsClient`` over recorded SLIMS records.

Layout (docs/architecture.md, Snapshot directories)::

    DIR/slims/<tableName>.json   one file per SLIMS table, named exactly as its records'
                                 ``tableName`` (Content.json, ExperimentRunStep.json, ...):
                                 a JSON list of records in SLIMS REST's own shape,
                                 {"pk", "tableName", "columns": [{"name", "value", ...}]}
    DIR/slims/AttachmentLink.json  which record each attachment hangs on (columns
                                 ``atln_fk_attachment``, ``atln_recordTable``, ``atln_recordPk``)
    DIR/slims/repo/<pk>          an attachment's content, as ``GET rest/repo/<pk>`` returns it

A table without a file has no records. :class:`ReplaySlims` stands in for ``slims.slims.Slims``
as ``SlimsClient.db``: it answers the same REST paths the real ``_SlimsApi`` requests
(:func:`entities_for`, also used by the loopback test server), filters with
:func:`datasources.slims.replay.select`, and hands back real ``slims.internal.Record`` objects
built the way the library builds them, so aind-slims-api's validation and operations run
unchanged. What SLIMS would refuse surfaces as the library's own ``_SlimsApiException``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests
from aind_slims_api.core import SlimsClient
from slims.internal import Attachment, Record, _SlimsApiException

from datasources.slims.replay import CriteriaError, column_value, select

DIRECTORY = "slims"
REPO_DIRECTORY = "repo"
ATTACHMENT_LINK_TABLE = "AttachmentLink"
# Never resolved: the replay answers every request itself (".invalid" keeps it that way).
SNAPSHOT_URL = "http://slims.snapshot.invalid/slimsrest"

Entity = dict[str, Any]
Tables = Mapping[str, list[Entity]]

_TABLE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class SnapshotError(ValueError):
    """A snapshot file that cannot be replayed; the message names the file."""


class NotServedError(LookupError):
    """A REST path SLIMS would not answer (the server's 404)."""


def _entities(path: Path) -> list[Entity]:
    table = path.stem
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SnapshotError(f"{path}: not readable JSON ({error})") from error
    if not isinstance(records, list):
        raise SnapshotError(f"{path}: must hold a JSON list of SLIMS records")
    seen: set[Any] = set()
    for index, record in enumerate(records):
        where = f"{path}: record {index}"
        if not isinstance(record, dict) or not isinstance(record.get("columns"), list):
            raise SnapshotError(f"{where} is not a SLIMS record with a 'columns' list")
        if record.get("tableName") != table:
            raise SnapshotError(
                f"{where} has tableName {record.get('tableName')!r}; this file holds {table!r}"
            )
        pk = record.get("pk")
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise SnapshotError(f"{where} has no integer 'pk'")
        if pk in seen:
            raise SnapshotError(f"{where} repeats pk {pk}")
        seen.add(pk)
        for column in record["columns"]:
            if not isinstance(column, dict) or not isinstance(column.get("name"), str):
                raise SnapshotError(f"{where} has a column without a 'name'")
    return records


def load_tables(directory: Path) -> dict[str, list[Entity]] | None:
    """Every ``DIR/slims/<tableName>.json`` by table name, or None without ``DIR/slims``."""
    folder = Path(directory) / DIRECTORY
    if not folder.is_dir():
        return None
    tables: dict[str, list[Entity]] = {}
    for path in sorted(folder.glob("*.json")):
        if not _TABLE_NAME.match(path.stem):
            raise SnapshotError(f"{path}: the file name must be a SLIMS table name")
        clash = next((name for name in tables if name.casefold() == path.stem.casefold()), None)
        if clash is not None:
            raise SnapshotError(f"{path}: the same table as {clash}.json (names ignore case)")
        tables[path.stem] = _entities(path)
    return tables


def load_contents(directory: Path) -> dict[int, bytes]:
    """Attachment contents of ``DIR/slims/repo/<pk>``, by attachment pk."""
    folder = Path(directory) / DIRECTORY / REPO_DIRECTORY
    contents: dict[int, bytes] = {}
    if not folder.is_dir():
        return contents
    for path in sorted(folder.iterdir()):
        if not path.name.isdigit():
            raise SnapshotError(f"{path}: attachment contents are named by attachment pk")
        contents[int(path.name)] = path.read_bytes()
    return contents


def table_records(tables: Tables, table: str) -> list[Entity]:
    """``table``'s records; SLIMS reads table names case-insensitively in its URLs
    (aind-slims-api asks for ``SOP`` while the records say ``tableName: "Sop"``)."""
    if table in tables:
        return tables[table]
    folded = table.casefold()
    return next((rows for name, rows in tables.items() if name.casefold() == folded), [])


def _by_pk(tables: Tables, table: str, pk: int) -> list[Entity]:
    return [record for record in table_records(tables, table) if record.get("pk") == pk]


def attachments_of(tables: Tables, table: str, pk: int) -> list[Entity]:
    """The Attachment records linked to record ``pk`` of ``table``, in link order."""
    wanted: list[Any] = [
        column_value(link, "atln_fk_attachment")
        for link in table_records(tables, ATTACHMENT_LINK_TABLE)
        if str(column_value(link, "atln_recordTable")).casefold() == table.casefold()
        and column_value(link, "atln_recordPk") == pk
    ]
    by_pk = {record.get("pk"): record for record in table_records(tables, "Attachment")}
    return [by_pk[key] for key in wanted if key in by_pk]


def entities_for(tables: Tables, path: str, body: Mapping[str, Any] | None) -> list[Entity]:
    """SLIMS's ``entities`` for ``GET rest/<path>`` with JSON ``body`` (path after ``rest/``).

    ``{table}/advanced`` (``Slims.fetch``), ``{table}/{pk}`` (``fetch_by_pk``) and
    ``attachment/{table}/{pk}`` (``SlimsClient.fetch_attachments``, ``Record.attachments``).
    Raises :class:`NotServedError` for any other path and ``CriteriaError`` for a body it cannot
    evaluate. The records are the stored ones: copy them before handing them out.
    """
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[1] == "advanced":
        return select(table_records(tables, parts[0]), body)
    if len(parts) == 2 and parts[1].isdigit():
        return _by_pk(tables, parts[0], int(parts[1]))
    if len(parts) == 3 and parts[0] == "attachment" and parts[2].isdigit():
        return select(attachments_of(tables, parts[1], int(parts[2])), body)
    raise NotServedError(f"no SLIMS endpoint rest/{path}")


def _relative(url: str, base: str) -> str:
    """``url`` after ``rest/``: the library passes relative paths, records' links absolute."""
    if url.startswith(base):
        return url[len(base) :]
    if "://" in url:
        raise NotServedError(f"{url} is not a snapshot URL")
    return url


class ReplaySlimsApi:
    """The part of ``slims.internal._SlimsApi`` that reading uses: ``get_entities``, ``get``."""

    def __init__(self, tables: Tables, contents: Mapping[int, bytes] | None = None) -> None:
        self.url = SNAPSHOT_URL + "/rest/"
        self.raw_url = SNAPSHOT_URL + "/"
        self.repo_location: str | None = None
        self._tables = tables
        self._contents = dict(contents or {})

    def get_entities(self, url: str, body: dict[str, Any] | None = None) -> list[Record]:
        try:
            found = entities_for(self._tables, _relative(url, self.url), body)
        except (NotServedError, CriteriaError) as error:
            # What the real client raises for a refused request, message included.
            raise _SlimsApiException(f"Could not fetch entities: {error}") from error
        records: list[Record] = []
        for entity in copy.deepcopy(found):
            kind = Attachment if entity["tableName"] == "Attachment" else Record
            records.append(kind(entity, self))
        return records

    def get(self, url: str) -> requests.Response:
        """``repo/<pk>``: an attachment's content (404 when the snapshot has none)."""
        response = requests.Response()
        response.url = self.url + url
        match = re.fullmatch(r"repo/(\d+)", url)
        content = self._contents.get(int(match.group(1))) if match else None
        if content is None:
            response.status_code = 404
            response._content = b'{"errorMessage": "Not found"}'
        else:
            response.status_code = 200
            response._content = content
        return response

    def _read_only(self, *_args: Any, **_kwargs: Any) -> requests.Response:
        raise _SlimsApiException("a SLIMS snapshot is read-only")

    post = put = delete = _read_only


class ReplaySlims:
    """Stands in for ``slims.slims.Slims`` (``SlimsClient.db``) over recorded tables."""

    def __init__(self, tables: Tables, contents: Mapping[int, bytes] | None = None) -> None:
        self.slims_api = ReplaySlimsApi(tables, contents)

    def fetch(
        self,
        table: str,
        criteria: Any,
        sort: list[str] | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> list[Record]:
        # The body Slims.fetch builds, so the replay evaluates what SLIMS would receive.
        body: dict[str, Any] = {"sortBy": sort or [], "startRow": start, "endRow": end}
        if criteria:
            body["criteria"] = criteria.to_dict()
        return self.slims_api.get_entities(f"{table}/advanced", body=body)

    def fetch_by_pk(self, table: str, pk: int) -> Record | None:
        entities = self.slims_api.get_entities(f"{table}/{pk}")
        return entities[0] if entities else None

    def add(self, table: str, values: dict[str, Any]) -> Record:
        raise _SlimsApiException("a SLIMS snapshot is read-only")


def replay_client(
    tables: Tables, contents: Mapping[int, bytes] | None = None, url: str = SNAPSHOT_URL
) -> SlimsClient:
    """A real ``SlimsClient`` whose ``db`` is a :class:`ReplaySlims`, built without connecting.

    ``SlimsClient.__init__`` only sets ``url`` and calls ``connect`` (which builds a
    ``Slims`` that registers itself in a module-wide dict); every other method reads
    ``self.db`` and ``self.url`` only, so those two attributes are the whole client.
    """
    client: SlimsClient = SlimsClient.__new__(SlimsClient)
    client.url = url
    client.db = ReplaySlims(tables, contents)
    return client


def client_from_snapshot(directory: Path) -> SlimsClient | None:
    """A replaying ``SlimsClient`` for ``DIR/slims``, or None when the snapshot has no SLIMS."""
    tables = load_tables(directory)
    if tables is None:
        return None
    return replay_client(tables, load_contents(directory))
