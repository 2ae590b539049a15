"""List answers kept for a while, per list and subject, in a cache other processes may share.

A surgery request changes rarely after its surgery, and every subject query asks all four
lists, so each list's items for a subject are kept for ``SHAREPOINT_LIST_CACHE_TTL_SECONDS``
(0: never kept). Items are stored as Graph sent them (the snapshot's wire format), so mapping
runs on cached and fresh items alike. An answer without items is kept too (the subject has no
request in that list); a failed read never is.

A request for several subjects asks Graph only for the ones missing from the cache. With a
shared cache, processes missing the same subjects at once make one Graph read between them
(:func:`datasources.flights.fill_once`, keyed by the list and the set of missing subjects).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from datasources import observe
from datasources.cache import Cache, SharedLocks
from datasources.flights import decode_records, fill_once, records_of
from datasources.sharepoint.filters import matching_subjects

if TYPE_CHECKING:
    from datasources.sharepoint.source import ItemReader

Item = dict[str, Any]

# Bump when what is stored changes shape, so old entries are not served.
KEY_PREFIX = "sharepoint:items:v1:"
NAME = "sharepoint list"


class CachedItems:
    """An item reader answering from ``cache`` what it holds and from ``reader`` the rest."""

    def __init__(self, reader: ItemReader, cache: Cache, ttl_seconds: float) -> None:
        self._reader = reader
        self._cache = cache
        self._ttl = ttl_seconds

    @property
    def lists(self) -> frozenset[str]:
        return self._reader.lists

    @property
    def reader(self) -> ItemReader:
        """The reader this cache reads through."""
        return self._reader

    async def fetch_items(self, list_name: str, subject_ids: Sequence[str]) -> list[Item]:
        """Every item of ``list_name`` that belongs to ``subject_ids``, each once."""
        ids = list(dict.fromkeys(subject_ids))
        found: dict[str, list[Item]] = {}
        for subject_id in ids:
            items = decode_records(
                await self._cache.get(_subject_key(list_name, subject_id)), NAME
            )
            observe.cache_lookup(f"sharepoint.{list_name}", items is not None)
            if items is not None:
                found[subject_id] = items
        missing = [subject_id for subject_id in ids if subject_id not in found]
        if missing:
            found.update(await self._fill(list_name, missing))
        unique: dict[str, Item] = {}
        for subject_id in ids:
            for item in found.get(subject_id, []):
                # An item serving two requested subjects (LAS 2020) is returned once.
                unique.setdefault(str(item.get("id")), item)
        return list(unique.values())

    async def ping(self) -> None:
        await self._reader.ping()

    async def aclose(self) -> None:
        await self._reader.aclose()

    async def _fill(self, list_name: str, missing: list[str]) -> dict[str, list[Item]]:
        batch_key = _batch_key(list_name, missing)

        def filled(value: bytes | None) -> dict[str, list[Item]] | None:
            # What another process stored while this one waited for the batch's lock.
            if value is None:
                return None
            try:
                by_subject = json.loads(value)
            except ValueError:
                return None
            if not isinstance(by_subject, dict) or set(by_subject) != set(missing):
                return None
            return {subject_id: records_of(by_subject[subject_id]) or [] for subject_id in missing}

        async def fill() -> dict[str, list[Item]]:
            items = await self._reader.fetch_items(list_name, missing)
            by_subject: dict[str, list[Item]] = {subject_id: [] for subject_id in missing}
            for item in items:
                fields = item.get("fields")
                if isinstance(fields, dict):
                    for subject_id in matching_subjects(list_name, fields, missing):
                        by_subject[subject_id].append(item)
            for subject_id, subject_items in by_subject.items():
                encoded = json.dumps(subject_items).encode()
                await self._cache.set(_subject_key(list_name, subject_id), encoded, self._ttl)
            if isinstance(self._cache, SharedLocks):
                # Read by the processes that waited for this batch (see ``filled``).
                await self._cache.set(batch_key, json.dumps(by_subject).encode(), self._ttl)
            return by_subject

        return await fill_once(self._cache, batch_key, filled, fill)


def _subject_key(list_name: str, subject_id: str) -> str:
    return f"{KEY_PREFIX}{list_name}:{subject_id}"


def _batch_key(list_name: str, subject_ids: Sequence[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(subject_ids)).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}{list_name}:batch:{digest}"
