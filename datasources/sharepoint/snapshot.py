"""Offline SharePoint: list items replayed from ``<dir>/sharepoint/<list>.json``.

Each file holds Graph list items as Graph sends them (``[{"id": ..., "fields": {...}}, ...]``),
so the same selection rule (:func:`~datasources.sharepoint.filters.matching_subjects`) and the
same mapping run as on live answers. A missing file means that list is absent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from datasources.sharepoint.filters import matching_subjects
from datasources.sharepoint.settings import LIST_NAMES

Item = dict[str, Any]

DIRECTORY = "sharepoint"
FILE_NAMES: Mapping[str, str] = {name: f"{name}.json" for name in LIST_NAMES}


class SnapshotError(ValueError):
    """A snapshot file exists but does not hold Graph list items (names the file)."""


def _read(path: Path) -> list[Item]:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SnapshotError(f"{path} is not readable JSON") from error
    if not isinstance(items, list):
        raise SnapshotError(f"{path} must hold a JSON list of Graph list items")
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
            raise SnapshotError(f"{path}: item {index} has no 'fields' object")
    return items


def load_snapshot(directory: Path) -> dict[str, list[Item]] | None:
    """The items of each list file present, by list name; None when there is none at all."""
    folder = Path(directory) / DIRECTORY
    lists = {
        name: _read(folder / file_name)
        for name, file_name in FILE_NAMES.items()
        if (folder / file_name).is_file()
    }
    return lists or None


class SnapshotLists:
    """Answers like :class:`~datasources.sharepoint.client.SharePointClient` from files."""

    def __init__(self, lists: Mapping[str, Sequence[Item]]) -> None:
        self._lists = {name: list(items) for name, items in lists.items()}

    @property
    def lists(self) -> frozenset[str]:
        return frozenset(self._lists)

    async def fetch_items(self, list_name: str, subject_ids: Sequence[str]) -> list[Item]:
        """The items of ``list_name`` that belong to any of ``subject_ids``."""
        return [
            item
            for item in self._lists[list_name]
            if matching_subjects(list_name, item["fields"], subject_ids)
        ]

    async def ping(self) -> None:
        """Files are always reachable."""

    async def aclose(self) -> None:
        """Nothing to release."""
