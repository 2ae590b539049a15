"""A SLIMS REST stand-in on 127.0.0.1, for aind-slims-api's real ``SlimsClient``.

What it serves, as SLIMS does to ``slims.internal._SlimsApi`` (``requests``, HTTP basic auth):

* ``GET {prefix}/rest/{table}/advanced`` with a JSON body ``{"sortBy", "startRow", "endRow",
  "criteria"}`` (a body on a GET, as the library sends it): the matching records, evaluated
  by ``datasources.slims.replay.select`` -> ``{"entities": [...]}``; a body it cannot evaluate
  is a 400 naming the problem.
* ``GET {prefix}/rest/{table}/{pk}``: that record (``Slims.fetch_by_pk``), or no entities.
* ``GET {prefix}/rest/attachment/{table}/{pk}`` (criteria body as above): the Attachment
  records linked to that record through ``AttachmentLink`` records.
* ``GET {prefix}/rest/repo/{pk}``: an attachment's content bytes (404 without one).

Every route wants ``Authorization: Basic`` with the server's username and password (401
otherwise). Tables are the same ``{tableName: [record, ...]}`` a snapshot directory loads to
(``datasources.slims.snapshot.load_tables``); a table it holds nothing for answers no
entities. :meth:`SlimsServer.served` tells how many records each table answered, so tests
can show that filtering happens on the server. Latency and faults come from
:class:`~tests.servers.base.LoopbackServer`. The helpers build records in SLIMS's shape.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from datasources.slims.replay import CriteriaError
from datasources.slims.snapshot import NotServedError, entities_for
from tests.servers.base import LoopbackServer, RecordedRequest, Reply

_DATATYPES = {bool: "BOOLEAN", int: "INTEGER", float: "FLOAT", str: "STRING", list: "STRING"}


def column(name: str, value: Any, datatype: str | None = None, **extra: Any) -> dict[str, Any]:
    """One column as SLIMS sends it; ``datatype`` defaults from the value's type.

    Pass ``datatype="DATE"`` (epoch ms), ``"FOREIGN_KEY"``, ``"MULTIPLE_FOREIGN_KEY"`` or
    ``"QUANTITY"`` (with ``unit=...``) where the type alone does not say.
    """
    kind = datatype or _DATATYPES.get(type(value), "STRING")
    if isinstance(value, list) and datatype is None:
        kind = "MULTIPLE_FOREIGN_KEY"
    body = {"name": name, "value": value, "datatype": kind, "title": name, **extra}
    if kind == "FOREIGN_KEY":
        body.setdefault("displayValue", None)
    return body


def entity(table: str, pk: int, *columns: dict[str, Any], **values: Any) -> dict[str, Any]:
    """A SLIMS record of ``table``: the given columns, then ``name=value`` ones."""
    built = [*columns, *(column(name, value) for name, value in values.items())]
    return {"pk": pk, "tableName": table, "columns": built}


def attachment_link(pk: int, attachment_pk: int, table: str, record_pk: int) -> dict[str, Any]:
    """An ``AttachmentLink`` record hanging Attachment ``attachment_pk`` on a record."""
    return entity(
        "AttachmentLink",
        pk,
        column("atln_fk_attachment", attachment_pk, "FOREIGN_KEY"),
        atln_recordTable=table,
        atln_recordPk=record_pk,
    )


def tables_of(records: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Records grouped by their ``tableName``, in order: the shape of a snapshot's tables."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        tables.setdefault(str(record["tableName"]), []).append(dict(record))
    return tables


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


class SlimsServer(LoopbackServer):
    def __init__(
        self,
        *,
        username: str = "slims-reader",
        password: str = "s3cr3t-slims-4e7a",
        prefix: str = "",
        tables: Mapping[str, list[dict[str, Any]]] | None = None,
        contents: Mapping[int, bytes] | None = None,
    ) -> None:
        super().__init__()
        self.username = username
        self.password = password
        self.prefix = prefix.rstrip("/")
        self.tables = {name: list(rows) for name, rows in (tables or {}).items()}
        self.contents: dict[int, bytes] = dict(contents or {})
        self._served: list[tuple[str, int]] = []
        self._served_lock = threading.Lock()

    # addresses and data

    @property
    def slims_url(self) -> str:
        """The value for ``SlimsClient(url=...)`` (the server's URL plus its prefix)."""
        return self.url + self.prefix

    @property
    def rest_prefix(self) -> str:
        return self.prefix + "/rest/"

    def add(self, *records: Mapping[str, Any]) -> None:
        """Serve ``records`` too, each in the table its ``tableName`` names."""
        for table, rows in tables_of(records).items():
            self.tables.setdefault(table, []).extend(rows)

    # request log

    def served(self, table: str | None = None) -> list[int]:
        """How many records each answered request for ``table`` (None: any) returned."""
        with self._served_lock:
            return [n for name, n in self._served if table is None or name == table]

    def fetches(self, table: str) -> int:
        """How many requests for ``table`` were answered with entities."""
        return len(self.served(table))

    def clear_log(self) -> None:
        """Forget the requests and what was served."""
        super().clear_log()
        with self._served_lock:
            self._served.clear()

    # serving

    def dispatch(self, request: RecordedRequest) -> Reply | None:
        # SLIMS paths embed table names and pks, while base routes are exact paths: each REST
        # GET path gets its route on first sight, then the base class applies faults as usual.
        if request.method == "GET" and request.path.startswith(self.rest_prefix):
            self.route("GET", request.path, self._answer)
        return super().dispatch(request)

    def _answer(self, request: RecordedRequest) -> Reply:
        if request.headers.get("authorization") != _basic(self.username, self.password):
            return Reply.json({"errorMessage": "Unauthorized"}, 401)
        path = request.path[len(self.rest_prefix) :]
        if path.startswith("repo/"):
            return self._content(path)
        try:
            body = request.json() if request.body else None
        except ValueError:
            return Reply.json({"errorMessage": "the body is not JSON"}, 400)
        try:
            found = entities_for(self.tables, path, body)
        except NotServedError as error:
            return Reply.json({"errorMessage": str(error)}, 404)
        except CriteriaError as error:
            return Reply.json({"errorMessage": str(error)}, 400)
        parts = path.split("/")
        table = "Attachment" if parts[0] == "attachment" else parts[0]
        with self._served_lock:
            self._served.append((table, len(found)))
        return Reply.json({"entities": found})

    def _content(self, path: str) -> Reply:
        pk = path.removeprefix("repo/")
        content = self.contents.get(int(pk)) if pk.isdigit() else None
        if content is None:
            return Reply.json({"errorMessage": "Not found"}, 404)
        return Reply(200, content, {"Content-Type": "application/octet-stream"})
