"""Record mode: what live backends answer, written as a snapshot directory.

:class:`Recorder` is attached to live sources before the service asks them anything; it keeps
each answer in the backend's own wire format (the raw MGI and TARS bodies, the Graph list
items, the Smartsheet sheet bodies) while the real code runs unchanged on top. LabTracks is
read table by table afterwards (:mod:`datasources.labtracks.recording`). :meth:`Recorder.write`
then lays the files out as ``serve --snapshot`` reads them (docs/architecture.md, "Snapshot
directories").

Only bodies are kept, never a request: no token, key, password or URL query reaches a file. The
directory's README.md names the hosts the answers came from, without credentials.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from datasources.labtracks import LabTracksSource
from datasources.labtracks.recording import LabTracksTables, read_tables
from datasources.labtracks.snapshot import FILE_NAME as LABTRACKS_FILE
from datasources.mgi import MgiSource
from datasources.mgi.snapshot import FILE_NAME as MGI_FILE
from datasources.sharepoint import SharePointSource
from datasources.sharepoint.snapshot import DIRECTORY as SHAREPOINT_DIRECTORY
from datasources.sharepoint.snapshot import FILE_NAMES as SHAREPOINT_FILES
from datasources.slims.recording import Recorded as SlimsRecords
from datasources.slims.recording import record_into as record_slims
from datasources.slims.snapshot import DIRECTORY as SLIMS_DIRECTORY
from datasources.slims.snapshot import REPO_DIRECTORY as SLIMS_REPO
from datasources.slims.source import SlimsSource
from datasources.smartsheet import SmartsheetSource
from datasources.smartsheet.snapshot import DIRECTORY as SMARTSHEET_DIRECTORY
from datasources.tars import TarsSource
from datasources.tars.snapshot import DIRECTORY as TARS_DIRECTORY
from datasources.tars.snapshot import PREP_LOTS_FILE, VIRUSES_FILE

Item = dict[str, Any]
Observer = Callable[[httpx.Request, httpx.Response, bytes], None]


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes every request on and shows each successful JSON answer to ``observe``."""

    def __init__(self, inner: httpx.AsyncBaseTransport, observe: Observer) -> None:
        self._inner = inner
        self._observe = observe

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        if response.is_success:
            self._observe(request, response, body)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=body,
            request=request,
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


def _wrap_http(client: Any, observe: Observer) -> None:
    """Put a recording transport under one of our clients' ``httpx.AsyncClient``."""
    http: httpx.AsyncClient = client._http
    http._transport = RecordingTransport(http._transport, observe)


class _RecordingLists:
    """A SharePoint item reader that keeps every item it hands over, by list and id."""

    def __init__(self, inner: Any, items: dict[str, dict[str, Item]]) -> None:
        self._inner = inner
        self._items = items

    @property
    def lists(self) -> frozenset[str]:
        lists: frozenset[str] = self._inner.lists
        return lists

    async def fetch_items(self, list_name: str, subject_ids: Sequence[str]) -> list[Item]:
        found: list[Item] = await self._inner.fetch_items(list_name, subject_ids)
        kept = self._items.setdefault(list_name, {})
        for item in found:
            kept.setdefault(str(item.get("id")), item)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _RecordingSheets:
    """A Smartsheet client that keeps the body of each whole sheet it reads, by sheet id."""

    def __init__(self, inner: Any, bodies: dict[int, bytes]) -> None:
        self._inner = inner
        self._bodies = bodies

    async def get_sheet(
        self, sheet_id: int, token: Any, *, label: str, params: Mapping[str, str] | None = None
    ) -> bytes:
        body: bytes = await self._inner.get_sheet(sheet_id, token, label=label, params=params)
        if not params:  # with params it is a probe (no rows), not the sheet the service reads
            self._bodies[int(sheet_id)] = body
        return body

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.hostname or ""


@dataclass
class Recorder:
    """What the attached sources answered; :meth:`write` makes a snapshot directory of it."""

    labtracks: LabTracksSource | None = None
    smartsheet: SmartsheetSource | None = None
    hosts: dict[str, set[str]] = field(default_factory=dict)
    mgi_bodies: dict[str, Any] = field(default_factory=dict)
    prep_lots: dict[str, Item] = field(default_factory=dict)
    viruses: dict[str, Item] = field(default_factory=dict)
    list_items: dict[str, dict[str, Item]] = field(default_factory=dict)
    sheet_bodies: dict[int, bytes] = field(default_factory=dict)
    tables: LabTracksTables | None = None
    sheet_names: dict[int, str] = field(default_factory=dict)
    #: The backends (and SharePoint lists) configured: each gets its files, even empty ones.
    configured: set[str] = field(default_factory=set)
    sharepoint_lists: frozenset[str] = frozenset()
    slims_records: SlimsRecords = field(default_factory=SlimsRecords)

    @classmethod
    def attach(
        cls,
        *,
        labtracks: LabTracksSource | None,
        mgi: MgiSource | None,
        sharepoint: SharePointSource | None,
        smartsheet: SmartsheetSource | None,
        tars: TarsSource | None,
        labtracks_host: str | None = None,
        slims: SlimsSource | None = None,
        slims_host: str | None = None,
    ) -> Recorder:
        """Start recording what these (live) sources answer from now on."""
        recorder = cls(labtracks=labtracks, smartsheet=smartsheet)
        sources = {"mgi": mgi, "sharepoint": sharepoint, "tars": tars, "slims": slims}
        recorder.configured = {name for name, source in sources.items() if source is not None}
        if labtracks is not None and labtracks_host:
            recorder.hosts["labtracks"] = {labtracks_host}
        if mgi is not None:
            _wrap_http(mgi._client, recorder._observe_mgi)
        if slims is not None:
            record_slims(slims, recorder.slims_records)
            if slims_host:
                recorder.hosts["slims"] = {_host(slims_host)}
        if tars is not None:
            _wrap_http(tars._client, recorder._observe_tars)
        if sharepoint is not None:
            reader = sharepoint._reader
            recorder.sharepoint_lists = frozenset(reader.lists)
            # Through the list cache, if any, to the Graph client.
            root = getattr(getattr(reader, "reader", reader), "service_root_url", "")
            if root:
                recorder.hosts["sharepoint"] = {_host(str(root))}
            sharepoint._reader = _RecordingLists(reader, recorder.list_items)
        if smartsheet is not None:
            client = smartsheet._client
            _wrap_http(client, recorder._observe_host("smartsheet"))
            smartsheet._client = _RecordingSheets(client, recorder.sheet_bodies)  # type: ignore[assignment]
            recorder.sheet_names = {
                smartsheet._sheet_id(settings): name
                for name, settings in smartsheet._sheets.items()
            }
        return recorder

    def _observe_host(self, backend: str) -> Observer:
        def observe(request: httpx.Request, _response: httpx.Response, _body: bytes) -> None:
            self.hosts.setdefault(backend, set()).add(request.url.host)

        return observe

    def _observe_mgi(self, request: httpx.Request, response: httpx.Response, body: bytes) -> None:
        self._observe_host("mgi")(request, response, body)
        name = request.url.params.get("query")
        if name is not None:
            self.mgi_bodies[name] = json.loads(body)

    def _observe_tars(self, request: httpx.Request, response: httpx.Response, body: bytes) -> None:
        self._observe_host("tars")(request, response, body)
        path = request.url.path.rstrip("/")
        if path.endswith("/ViralPrepLots"):
            kept = self.prep_lots
        elif path.endswith("/Viruses"):
            kept = self.viruses
        else:  # the token endpoint, molecules (served from the viruses' embedded molecules)
            return
        page = json.loads(body)
        for record in page.get("data") or []:
            if isinstance(record, dict):
                key = str(record.get("id") or json.dumps(record, sort_keys=True))
                kept.setdefault(key, record)

    async def finish(self, subject_ids: Sequence[str]) -> None:
        """Read what the service reads whole: every configured sheet, and the LabTracks rows
        of ``subject_ids`` (with their parents, species, groups and tasks)."""
        work: list[Awaitable[None]] = []
        if self.smartsheet is not None:
            work.append(self._whole_sheets(self.smartsheet))
        if self.labtracks is not None and self.labtracks.client is not None:
            work.append(self._tables(self.labtracks, subject_ids))
        await asyncio.gather(*work)

    async def _whole_sheets(self, source: SmartsheetSource) -> None:
        for name, settings in source._sheets.items():
            sheet_id = source._sheet_id(settings)
            if sheet_id not in self.sheet_bodies:
                await source._client.get_sheet(sheet_id, source._token(settings), label=name)

    async def _tables(self, source: LabTracksSource, subject_ids: Sequence[str]) -> None:
        ids = sorted({int(s) for s in subject_ids if s.strip().isdigit()})
        assert source.client is not None
        self.tables = await read_tables(source.client, ids)

    def write(self, directory: Path, *, when: datetime | None = None) -> list[Path]:
        """Write the snapshot files into ``directory`` (created); the paths written."""
        directory.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []

        def put(relative: str, text: str) -> None:
            path = directory / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)

        if self.tables is not None:
            put(LABTRACKS_FILE, self.tables.script())
        if "mgi" in self.configured:
            put(MGI_FILE, _json(dict(sorted(self.mgi_bodies.items()))))
        for name in sorted(self.sharepoint_lists):
            items = list(self.list_items.get(name, {}).values())
            put(f"{SHAREPOINT_DIRECTORY}/{SHAREPOINT_FILES[name]}", _json(items))
        for sheet_id, body in sorted(self.sheet_bodies.items()):
            sheet = self.sheet_names.get(sheet_id)
            if sheet is not None:
                put(f"{SMARTSHEET_DIRECTORY}/{sheet}.json", body.decode("utf-8"))
        if "tars" in self.configured:
            put(f"{TARS_DIRECTORY}/{PREP_LOTS_FILE}", _json(list(self.prep_lots.values())))
            put(f"{TARS_DIRECTORY}/{VIRUSES_FILE}", _json(list(self.viruses.values())))
        if "slims" in self.configured:
            # The folder marks SLIMS as present even when no table has a record.
            (directory / SLIMS_DIRECTORY).mkdir(exist_ok=True)
            for table, records in sorted(self.slims_records.tables.items()):
                rows = [records[pk] for pk in sorted(records)]
                put(f"{SLIMS_DIRECTORY}/{table}.json", _json(rows))
            for pk, content in sorted(self.slims_records.contents.items()):
                path = directory / SLIMS_DIRECTORY / SLIMS_REPO / str(pk)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                written.append(path)
        put("README.md", self._readme(when or datetime.now(UTC), written, directory))
        return written

    def _readme(self, when: datetime, written: Sequence[Path], directory: Path) -> str:
        lines = [
            "# Recorded snapshot",
            "",
            f"Recorded {when.isoformat(timespec='seconds')} by `aind-metadata-graphql record`",
            "from live backends; serve it with `aind-metadata-graphql serve --snapshot DIR`",
            "(layout: docs/architecture.md, Snapshot directories). No credential is recorded.",
            "",
            "| backend | recorded from |",
            "|---|---|",
        ]
        for backend, hosts in sorted(self.hosts.items()):
            lines.append(f"| {backend} | {', '.join(sorted(h for h in hosts if h))} |")
        lines += ["", "Files:", ""]
        lines += [f"- `{path.relative_to(directory).as_posix()}`" for path in written]
        return "\n".join(lines) + "\n"


def _json(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
