"""The SharePoint datasource: surgery-request list items to subject procedures.

Four lists answer separately ("sharepoint.nsb2019", "sharepoint.nsb2023",
"sharepoint.nsb_present", "sharepoint.las2020"), all asked at once: one list failing or timing
out is a 503 for that list only. What an item asks for that the mapping cannot carry (a whole
item it cannot read, a slot of a kind it does not know) comes back in the result's
``unmapped``, per subject; a mapping bug is also logged (item id and exception class, never
values). The list still answers.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from datasources.cache import Cache
from datasources.errors import guarded
from datasources.records import MappedRequest, ProcedureRecord, Unmapped
from datasources.resilience import Resilience
from datasources.result import Code, SourceResult
from datasources.sharepoint.cached import CachedItems
from datasources.sharepoint.client import SharePointClient
from datasources.sharepoint.filters import matching_subjects
from datasources.sharepoint.settings import LIST_NAMES, SharePointSettings
from datasources.sharepoint.snapshot import SnapshotLists, load_snapshot

logger = logging.getLogger("datasources.sharepoint")

T = TypeVar("T")
Item = dict[str, Any]
Mapper = Callable[[dict[str, Any], str], MappedRequest]

SNAPSHOT_TIMEOUT = 10.0


class ItemReader(Protocol):
    """Where list items come from: Graph (:class:`SharePointClient`) or snapshot files."""

    @property
    def lists(self) -> frozenset[str]: ...

    async def fetch_items(self, list_name: str, subject_ids: Sequence[str]) -> list[Item]: ...

    async def ping(self) -> None: ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True, slots=True)
class MatchedItem:
    """A list item and one requested subject it belongs to."""

    list_name: str
    subject_id: str
    item: Item

    @property
    def fields(self) -> dict[str, Any]:
        """The item's SharePoint columns (always an object: other items never match)."""
        fields: dict[str, Any] = self.item["fields"]
        return fields


def mapper_for(list_name: str) -> Mapper:
    """The mapping of one list; imported on demand (each list family is its own package)."""
    if list_name == "nsb2019":
        from datasources.sharepoint.nsb2019.mapping import map_request as map_nsb2019

        return map_nsb2019
    if list_name in ("nsb2023", "nsb_present"):
        from datasources.sharepoint.nsb2023.mapping import map_request as map_nsb2023

        return lambda fields, subject_id: map_nsb2023(fields, subject_id, list_name)
    if list_name == "las2020":
        from datasources.sharepoint.las2020.mapping import map_request as map_las2020

        return map_las2020
    raise ValueError(f"unknown SharePoint list {list_name!r}")


def _found(records: Sequence[object]) -> Code:
    # Several procedures per subject are normal, not a 300.
    return Code.OK if records else Code.NOT_FOUND


def _matches(
    list_name: str, items: Sequence[Item], subject_ids: Sequence[str]
) -> list[MatchedItem]:
    matched: list[MatchedItem] = []
    for item in items:
        fields = item.get("fields")
        # An item without a fields object (not expanded, or malformed) belongs to nobody.
        if isinstance(fields, dict):
            subjects = matching_subjects(list_name, fields, subject_ids)
            matched.extend(MatchedItem(list_name, subject_id, item) for subject_id in subjects)
    return matched


class SharePointSource:
    """The public, async face of the SharePoint lists: never raises, answers per list."""

    name: ClassVar[str] = "sharepoint"

    def __init__(
        self, reader: ItemReader, timeout: float, *, resilience: Resilience | None = None
    ) -> None:
        self._reader = reader
        self._timeout = timeout
        self._resilience = resilience or Resilience()

    @classmethod
    def from_settings(
        cls, settings: SharePointSettings, cache: Cache | None = None
    ) -> SharePointSource:
        """A live source over Graph; raises ``ValueError`` when settings are incomplete.

        With ``cache`` (left open by :meth:`aclose`), list answers are kept there for
        ``list_cache_ttl_seconds``, and tokens are shared when other processes share it."""
        reader: ItemReader = SharePointClient.from_settings(settings, token_cache=cache)
        if cache is not None and settings.list_cache_ttl_seconds > 0:
            reader = CachedItems(reader, cache, settings.list_cache_ttl_seconds)
        return cls(reader, settings.timeout_seconds)

    @classmethod
    def from_snapshot(cls, directory: Path) -> SharePointSource | None:
        """A source over ``directory/sharepoint/*.json``; None when no list file is there.

        Raises :class:`~datasources.sharepoint.snapshot.SnapshotError` (naming the file) when
        a file is not a list of Graph items, so a broken snapshot stops the service at start.
        """
        lists = load_snapshot(directory)
        if lists is None:
            return None
        return cls(SnapshotLists(lists), SNAPSHOT_TIMEOUT)

    @property
    def lists(self) -> frozenset[str]:
        """The lists this source can read (the others answer "not configured")."""
        return self._reader.lists

    async def matched_items(
        self, subject_ids: Sequence[str]
    ) -> dict[str, SourceResult[MatchedItem]]:
        """The raw items of each list that belong to ``subject_ids``, one result per list."""

        async def select(list_name: str, ids: list[str]) -> SourceResult[MatchedItem]:
            async def call() -> list[MatchedItem]:
                return _matches(list_name, await self._reader.fetch_items(list_name, ids), ids)

            return await guarded(
                f"{self.name}.{list_name}",
                call,
                self._timeout,
                code=_found,
                resilience=self._resilience,
            )

        return await self._each_list(subject_ids, select)

    async def procedures(
        self, subject_ids: Sequence[str]
    ) -> dict[str, SourceResult[ProcedureRecord]]:
        """Mapped procedures of ``subject_ids`` from each list, keyed by list name.

        200 with records, 404 when the list holds nothing for these subjects, 503 when the
        list could not be read (or its mapping is missing); other lists are unaffected.
        """
        return await self._each_list(subject_ids, self._list_procedures)

    def circuits(self) -> dict[str, str]:
        """The state of each circuit this source has used ("closed", "open", "half-open")."""
        return self._resilience.states()

    async def ping(self) -> SourceResult[None]:
        """200 when every configured list answers, else 503."""

        async def probe() -> list[None]:
            await self._reader.ping()
            return []

        return await guarded(
            self.name, probe, self._timeout, code=lambda _: Code.OK, resilience=self._resilience
        )

    async def aclose(self) -> None:
        await self._reader.aclose()

    async def _each_list(
        self,
        subject_ids: Sequence[str],
        ask: Callable[[str, list[str]], Awaitable[SourceResult[T]]],
    ) -> dict[str, SourceResult[T]]:
        ids = list(dict.fromkeys(subject_ids))
        available = [name for name in LIST_NAMES if name in self._reader.lists]
        results: dict[str, SourceResult[T]] = {
            name: SourceResult.not_configured(f"{self.name}.{name}")
            for name in LIST_NAMES
            if name not in self._reader.lists
        }
        if not ids:
            results.update(
                {name: SourceResult(f"{self.name}.{name}", Code.NOT_FOUND) for name in available}
            )
        else:
            answers = await asyncio.gather(*(ask(name, ids) for name in available))
            results.update(zip(available, answers, strict=True))
        return {name: results[name] for name in LIST_NAMES}

    async def _list_procedures(
        self, list_name: str, ids: list[str]
    ) -> SourceResult[ProcedureRecord]:
        name = f"{self.name}.{list_name}"
        unmapped: list[Unmapped] = []

        async def call() -> list[ProcedureRecord]:
            items = await self._reader.fetch_items(list_name, ids)
            mapper = mapper_for(list_name)
            records: list[ProcedureRecord] = []
            for match in _matches(list_name, items, ids):
                try:
                    mapped = mapper(match.fields, match.subject_id)
                except Exception as error:  # one bad item must not cost the whole list
                    logger.warning(
                        "%s item %s could not be mapped (%s)",
                        name,
                        match.item.get("id"),
                        type(error).__name__,
                    )
                    reason = f"it could not be mapped ({type(error).__name__})"
                    label = f"item {match.item.get('id')}"
                    unmapped.append(Unmapped(match.subject_id, name, label, "whole item", reason))
                    continue
                records.extend(mapped.records)
                # The Graph item id (outside ``fields``) is what a list's owner can look up.
                item_id = match.item.get("id")
                unmapped.extend(
                    part if item_id is None else dataclasses.replace(part, item=f"item {item_id}")
                    for part in mapped.unmapped
                )
            return records

        result = await guarded(name, call, self._timeout, code=_found, resilience=self._resilience)
        if result.failed or not unmapped:
            return result
        # The list did hold this subject's items, so not a 404 even if none could be mapped.
        return dataclasses.replace(result, code=Code.OK, unmapped=tuple(unmapped))
