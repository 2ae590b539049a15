"""The TARS datasource: prep lot numbers to aind-data-schema ``ViralMaterial`` documents.

For one lot number: search the viral prep lots, keep the exact (case-insensitive) matches,
look up each lot's virus by its preferred alias, take the molecules the virus record embeds
(or search them by the virus's other aliases when it does not), and map. Several lots with the
number are all returned (300).

Answers (one lot, several, none) are cached under the lot number, case-insensitively, and each
virus search under its alias (many lots are preps of one virus); failures are not, so the next
request tries again. Concurrent requests for a number, or lots of one virus, share one lookup.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Coroutine, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from pydantic import SecretStr, ValidationError

from datasources import observe
from datasources.cache import Cache, MemoryCache
from datasources.errors import guarded
from datasources.flights import SingleFlight, cached_records
from datasources.resilience import Resilience
from datasources.result import Code, SourceResult
from datasources.tars.client import TarsClient
from datasources.tars.mapping import (
    exact_lots,
    lot_virus,
    map_material,
    molecule_named,
    pick_virus,
    preferred_alias,
    same_text,
)
from datasources.tars.models import Molecule, PrepLot, Virus
from datasources.tars.settings import TarsSettings
from datasources.tars.snapshot import (
    SNAPSHOT_CLIENT_SECRET,
    SNAPSHOT_RESOURCE,
    SNAPSHOT_TOKEN_URL,
    SnapshotTransport,
    load_snapshot,
)

logger = logging.getLogger("datasources.tars")

Material = dict[str, Any]
T = TypeVar("T")
# Bump when the cached document shape changes, so old entries are not served.
CACHE_KEY_PREFIX = "tars:prep-lot:v1:"
VIRUS_KEY_PREFIX = "tars:virus:v1:"


class TarsSource:
    name: ClassVar[str] = "tars"

    def __init__(
        self,
        client: TarsClient,
        cache: Cache,
        *,
        timeout_seconds: float,
        cache_ttl_seconds: float,
        owns_cache: bool = False,
        resilience: Resilience | None = None,
    ) -> None:
        self._client = client
        self._cache = cache
        self._owns_cache = owns_cache
        self._timeout = timeout_seconds
        self._resilience = resilience or Resilience()
        self._ttl = cache_ttl_seconds
        self._flights: SingleFlight[SourceResult[Material]] = SingleFlight(self.name)
        # Many lots are preps of one virus: its search is shared by every lot (and request).
        self._virus_flights: SingleFlight[list[Virus]] = SingleFlight(f"{self.name}.virus")

    @classmethod
    def from_settings(cls, settings: TarsSettings, cache: Cache | None = None) -> TarsSource:
        """A source talking to ``settings.resource``; ``cache`` is shared and left open by
        :meth:`aclose`, a cache made here is closed with the source."""
        if not settings.configured:
            raise ValueError("TARS is not configured (TARS_* settings are incomplete)")
        client = TarsClient(
            settings.resource,
            token_url=settings.token_endpoint,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            scope=settings.scope,
            timeout_seconds=settings.timeout_seconds,
            max_concurrency=settings.max_concurrency,
            page_size=settings.page_size,
            # Tokens are shared only through a cache shared with other processes.
            token_cache=cache,
        )
        return cls(
            client,
            cache if cache is not None else MemoryCache(),
            timeout_seconds=settings.timeout_seconds,
            cache_ttl_seconds=settings.cache_ttl_seconds,
            owns_cache=cache is None,
        )

    @classmethod
    def from_snapshot(cls, directory: Path) -> TarsSource | None:
        """A source replaying ``directory/tars/*.json``; None when the lots file is missing."""
        snapshot = load_snapshot(directory)
        if snapshot is None:
            return None
        defaults = TarsSettings.model_construct()  # defaults only: snapshots ignore TARS_* env
        client = TarsClient(
            SNAPSHOT_RESOURCE,
            token_url=SNAPSHOT_TOKEN_URL,
            client_id="snapshot",
            client_secret=SecretStr(SNAPSHOT_CLIENT_SECRET),
            scope="snapshot",
            timeout_seconds=defaults.timeout_seconds,
            max_concurrency=defaults.max_concurrency,
            page_size=defaults.page_size,
            transport=SnapshotTransport(snapshot),
        )
        return cls(
            client,
            MemoryCache(),
            timeout_seconds=defaults.timeout_seconds,
            cache_ttl_seconds=defaults.cache_ttl_seconds,
            owns_cache=True,
        )

    async def material(self, prep_lot_number: str) -> SourceResult[Material]:
        """ViralMaterial documents for one lot number: 200 one lot, 300 several, 404 none,
        400 for an empty number, 503 when TARS (or its token endpoint) fails."""
        number = prep_lot_number.strip()
        if not number:
            return SourceResult(self.name, Code.BAD_REQUEST, message="empty prep lot number")
        key = number.casefold()
        return await self._flights.run(key, lambda: self._resolve(key, number))

    async def materials(
        self, prep_lot_numbers: Sequence[str]
    ) -> dict[str, SourceResult[Material]]:
        """One lookup per distinct lot number (case-insensitive), all at once; keyed by the
        numbers as given (spellings of one number share its answer)."""
        given = list(dict.fromkeys(prep_lot_numbers))
        first_spelling: dict[str, str] = {}
        for number in given:
            first_spelling.setdefault(number.strip().casefold(), number)
        results = await asyncio.gather(*(self.material(n) for n in first_spelling.values()))
        by_key = dict(zip(first_spelling, results, strict=True))
        return {number: by_key[number.strip().casefold()] for number in given}

    def circuits(self) -> dict[str, str]:
        """The state of each circuit this source has used ("closed", "open", "half-open")."""
        return self._resilience.states()

    async def ping(self) -> SourceResult[None]:
        """200 when a token is granted and TARS answers a search, else 503."""

        async def probe() -> Sequence[None]:
            await self._client.ping()
            return ()

        return await guarded(
            self.name, probe, self._timeout, code=lambda _: Code.OK, resilience=self._resilience
        )

    async def aclose(self) -> None:
        await self._flights.aclose()
        await self._virus_flights.aclose()
        await self._client.aclose()
        if self._owns_cache:
            await self._cache.aclose()

    async def _resolve(self, key: str, number: str) -> SourceResult[Material]:
        return await cached_records(
            self._cache,
            CACHE_KEY_PREFIX + key,
            self._ttl,
            self.name,
            lambda: guarded(
                self.name, lambda: self._fetch(number), self._timeout, resilience=self._resilience
            ),
        )

    async def _fetch(self, number: str) -> list[Material]:
        lots = exact_lots(await self._client.prep_lots(number), number)
        aliases = _distinct(alias for lot in lots if (alias := _virus_alias(lot)) is not None)
        # Lots of one virus (the usual duplicate) share one virus search.
        searches = await _all(self._viruses(alias) for alias in aliases)
        found = {alias.casefold(): hits for alias, hits in zip(aliases, searches, strict=True)}
        return await _all(self._material_of(lot, found) for lot in lots)

    async def _viruses(self, alias: str) -> list[Virus]:
        """TARS' viruses for ``alias``: cached like the lots (failures never are)."""
        key = VIRUS_KEY_PREFIX + alias.casefold()

        async def search() -> list[Virus]:
            cached = _decode_viruses(await self._cache.get(key))
            observe.cache_lookup(f"{self.name}.virus", cached is not None)
            if cached is not None:
                return cached
            found = await self._client.viruses(alias)
            encoded = json.dumps([virus.model_dump(mode="json") for virus in found]).encode()
            await self._cache.set(key, encoded, self._ttl)
            return found

        return await self._virus_flights.run(key, search)

    async def _material_of(self, lot: PrepLot, found: dict[str, list[Virus]]) -> Material:
        alias = _virus_alias(lot)
        embedded = lot_virus(lot)
        if alias is None or embedded is None:
            return map_material(lot, None, [])
        virus = pick_virus(found.get(alias.casefold(), []), alias, embedded.id)
        if virus is None:
            return map_material(lot, None, [])
        molecules = virus.molecules
        if molecules is None:
            molecules = await self._search_molecules(virus, alias)
        return map_material(lot, virus, molecules)

    async def _search_molecules(self, virus: Virus, preferred: str) -> list[Molecule]:
        """The molecules of a virus record that does not embed them, found by its other
        aliases (plasmid names, as 0.24 searched them)."""
        names = _distinct(
            alias.name
            for alias in virus.aliases
            if alias.name and not same_text(alias.name, preferred)
        )
        searches = await _all(self._client.molecules(name) for name in names)
        molecules: dict[str, Molecule] = {}
        for name, candidates in zip(names, searches, strict=True):
            for molecule in candidates:
                if molecule_named(molecule, name):
                    molecules.setdefault(molecule.id or molecule.model_dump_json(), molecule)
        return list(molecules.values())


def _decode_viruses(value: bytes | None) -> list[Virus] | None:
    """A cached virus search, or None when absent or unreadable (then TARS is asked)."""
    if value is None:
        return None
    try:
        return [Virus.model_validate(item) for item in json.loads(value)]
    except (ValueError, TypeError, ValidationError):
        return None


def _virus_alias(lot: PrepLot) -> str | None:
    embedded = lot_virus(lot)
    return preferred_alias(embedded.aliases) if embedded is not None else None


def _distinct(values: Iterable[str]) -> list[str]:
    """First spelling of each value, compared case-insensitively."""
    spellings: dict[str, str] = {}
    for value in values:
        spellings.setdefault(value.casefold(), value)
    return list(spellings.values())


async def _all(calls: Iterable[Coroutine[Any, Any, T]]) -> list[T]:
    """Run ``calls`` concurrently; the first failure cancels the rest and is raised as is
    (not wrapped in a group), so :func:`guarded` still tells timeouts from TARS errors."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(call) for call in calls]
    except BaseExceptionGroup as failed:
        raise _first_leaf(failed)  # noqa: B904 - the leaf keeps its own cause
    return [task.result() for task in tasks]


def _first_leaf(group: BaseExceptionGroup[BaseException]) -> BaseException:
    error: BaseException = group
    while isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return error
