"""Whole sheets, fetched at most once per TTL and parsed once per fetch.

The parsed form is what the cache holds (JSON bytes, shareable through Redis). A miss is one
Smartsheet call across every process sharing the cache (:func:`datasources.flights.fill_once`);
failures are never stored, so the next request tries again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence

from pydantic import SecretStr, ValidationError

from datasources import observe
from datasources.cache import Cache
from datasources.errors import guarded
from datasources.flights import fill_once
from datasources.resilience import Resilience
from datasources.result import Code, SourceResult
from datasources.smartsheet.client import SmartsheetClient
from datasources.smartsheet.settings import SheetSettings
from datasources.smartsheet.sheet import ParsedSheet, parse_sheet

logger = logging.getLogger("datasources.smartsheet")

# Bump when ParsedSheet's shape changes, so old cache entries are not served.
CACHE_KEY_PREFIX = "smartsheet:sheet:v1:"


def sheet_id(settings: SheetSettings) -> int:
    assert settings.id is not None  # only configured sheets are read
    return settings.id


def sheet_token(settings: SheetSettings) -> SecretStr:
    assert settings.api_token is not None  # only configured sheets are read
    return settings.api_token


def problems_note(name: str, problems: Sequence[str]) -> str:
    if not problems:
        return ""
    return f"{len(problems)} problem(s) reading the {name} sheet; unreadable parts skipped"


class CachedSheets:
    """The configured sheets by name, each as one parsed record of a ``SourceResult``."""

    def __init__(
        self,
        client: SmartsheetClient,
        sheets: Mapping[str, SheetSettings],
        cache: Cache,
        *,
        name: str,
        timeout_seconds: float,
        ttl_seconds: float,
        resilience: Resilience,
    ) -> None:
        self._client = client
        self._sheets = sheets
        self._cache = cache
        self._name = name
        self._timeout = timeout_seconds
        self._ttl = ttl_seconds
        self._resilience = resilience
        # The last sheet decoded per name with the bytes it came from: a cache hit returning
        # the same bytes (always, for the memory cache) skips decoding the JSON again.
        self._decoded: dict[str, tuple[bytes, ParsedSheet]] = {}

    async def load(self, name: str) -> SourceResult[ParsedSheet]:
        """Sheet ``name`` (configured) from the cache, else from Smartsheet."""
        started = time.perf_counter()
        key = f"{CACHE_KEY_PREFIX}{name}:{sheet_id(self._sheets[name])}"

        def answer(sheet: ParsedSheet, ms: float | None = None) -> SourceResult[ParsedSheet]:
            if ms is None:
                ms = round((time.perf_counter() - started) * 1000, 1)
            note = problems_note(name, sheet.problems)
            return SourceResult(self._name, Code.OK, (sheet,), note, ms=ms)

        cached = self._decode(name, await self._cache.get(key))
        observe.cache_lookup(self._name, cached is not None)
        if cached is not None:
            return answer(cached)

        async def fill() -> SourceResult[ParsedSheet]:
            result = await guarded(
                self._name,
                lambda: self._fetch(name),
                self._timeout,
                code=lambda _: Code.OK,
                resilience=self._resilience,
            )
            if result.failed:
                return result
            sheet = result.records[0]
            encoded = sheet.model_dump_json().encode()
            self._decoded[name] = (encoded, sheet)
            await self._cache.set(key, encoded, self._ttl)
            return answer(sheet, result.ms)

        def filled(value: bytes | None) -> SourceResult[ParsedSheet] | None:
            # What another process stored while this one waited for the sheet's lock.
            sheet = self._decode(name, value)
            return None if sheet is None else answer(sheet)

        return await fill_once(self._cache, key, filled, fill)

    async def _fetch(self, name: str) -> Sequence[ParsedSheet]:
        settings = self._sheets[name]
        body = await self._client.get_sheet(sheet_id(settings), sheet_token(settings), label=name)
        # A whole sheet can be large: parsed off the event loop.
        sheet = await asyncio.to_thread(parse_sheet, body, name)
        if sheet.problems:
            # Row numbers and column titles only: cell contents never reach the logs.
            logger.warning(
                "smartsheet %s sheet: %d problem(s): %s",
                name,
                len(sheet.problems),
                "; ".join(sheet.problems[:10]),
            )
        return (sheet,)

    def _decode(self, name: str, value: bytes | None) -> ParsedSheet | None:
        """A cached sheet, or None when absent or unreadable (then Smartsheet is asked)."""
        if value is None:
            return None
        known = self._decoded.get(name)
        if known is not None and (known[0] is value or known[0] == value):
            return known[1]
        try:
            sheet = ParsedSheet.model_validate_json(value)
        except ValidationError:
            logger.warning("ignoring an unreadable cached Smartsheet %s sheet", name)
            return None
        self._decoded[name] = (value, sheet)
        return sheet
