"""LabTracks, the institute's animal colony database: subjects, and procedures from tasks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from datasources.errors import guarded
from datasources.labtracks.client import LabTracksClient
from datasources.labtracks.mapping import MappedSubject, map_subject
from datasources.labtracks.models import FoundRow
from datasources.labtracks.procedures import map_tasks
from datasources.labtracks.search import (
    Dialect,
    SubjectFilter,
    count_statement,
    page_statement,
    total,
)
from datasources.labtracks.settings import LabTracksSettings
from datasources.labtracks.snapshot import FILE_NAME, load_snapshot, sqlite_factory
from datasources.records import ProcedureRecord
from datasources.resilience import Resilience
from datasources.result import Code, SourceResult

logger = logging.getLogger("datasources.labtracks")

SNAPSHOT_POOL_SIZE = 4
SNAPSHOT_TIMEOUT = 10.0


def _found(records: Sequence[object]) -> Code:
    # Several rows for one id are kept as they are: the resolver regroups by id and decides.
    return Code.OK if records else Code.NOT_FOUND


class LabTracksSource:
    """The public, async face of LabTracks: never raises, always answers a ``SourceResult``."""

    name: ClassVar[str] = "labtracks"

    def __init__(
        self,
        client: LabTracksClient | None,
        timeout: float,
        *,
        has_tasks: bool = True,
        tasks_problem: str | None = None,
        queries: Mapping[str, str] | None = None,
        resilience: Resilience | None = None,
        dialect: Dialect = Dialect.SQL_SERVER,
    ) -> None:
        self._client = client
        self._dialect = dialect
        self._timeout = timeout
        self._resilience = resilience or Resilience()
        self._has_tasks = has_tasks
        self._tasks_problem = tasks_problem
        # Each statement's start-up outcome, once known (a snapshot knows it from its load).
        self._queries = dict(queries) if queries is not None else None
        self._checking: asyncio.Future[dict[str, str] | None] | None = None

    @classmethod
    def from_settings(cls, settings: LabTracksSettings) -> LabTracksSource:
        """A live source; without a server and database it answers "not configured"."""
        if not settings.configured:
            return cls(None, settings.timeout_seconds)
        dialect = Dialect.POSTGRESQL if settings.is_postgresql else Dialect.SQL_SERVER
        return cls(LabTracksClient.for_odbc(settings), settings.timeout_seconds, dialect=dialect)

    @classmethod
    def from_snapshot(cls, directory: Path) -> LabTracksSource | None:
        """A source over ``directory/labtracks.sql``; ``None`` when the file is absent.

        Raises :class:`~datasources.labtracks.snapshot.SnapshotError` (naming the file) when
        the script cannot be loaded, so a broken snapshot stops the service at startup.
        """
        path = Path(directory) / FILE_NAME
        if not path.is_file():
            return None
        snapshot = load_snapshot(path)
        client = LabTracksClient(
            sqlite_factory(snapshot.image),
            pool_size=SNAPSHOT_POOL_SIZE,
            timeout=SNAPSHOT_TIMEOUT,
            columns=snapshot.columns,
        )
        return cls(
            client,
            SNAPSHOT_TIMEOUT,
            has_tasks=snapshot.has_tasks,
            tasks_problem=snapshot.tasks_problem,
            queries=snapshot.queries,
            dialect=Dialect.SQLITE,
        )

    @property
    def configured(self) -> bool:
        return self._client is not None

    @property
    def client(self) -> LabTracksClient | None:
        return self._client

    @property
    def queries(self) -> dict[str, str] | None:
        """Each statement's name and its start-up outcome ("ok" or "failed"); None until the
        database has answered the check. Never asks the database."""
        return None if self._queries is None else dict(self._queries)

    def start_check(self) -> None:
        """Begin :meth:`check_queries` in the background; call it from the running loop."""
        if self._client is not None and self._queries is None and self._checking is None:
            self._checking = asyncio.ensure_future(self._check(self._client))

    async def check_queries(self) -> dict[str, str] | None:
        """Each statement's outcome, finding it out on the first call that reaches the database.

        Then cached: the check runs once per process, not per call. While the database cannot
        be asked, answers None and the next call tries again. Concurrent callers share one
        check; a caller that gives up (its deadline) does not cancel it. Never raises.
        """
        client = self._client
        if self._queries is not None or client is None:
            return self.queries
        if self._checking is None or self._checking.done():
            self._checking = asyncio.ensure_future(self._check(client))
        return await asyncio.shield(self._checking)

    async def _check(self, client: LabTracksClient) -> dict[str, str] | None:
        try:
            async with asyncio.timeout(self._timeout):
                outcome = await client.check()
        except Exception as error:  # the check may fail in any way; the service must not
            logger.info(
                "labtracks: query check postponed, the database did not answer (%s)",
                type(error).__name__,
            )
            return None
        client.use_columns(outcome.columns)
        for column in outcome.absent:
            logger.warning(
                "labtracks: optional column %s is absent; reading without it", column.name
            )
        # The name and a SQLSTATE only: the SQL text and the driver's message stay out of logs.
        for name, fault in outcome.faults.items():
            logger.error("labtracks: the %s query fails on this database (%s)", name, fault)
        self._queries = dict(outcome.statements)
        return self.queries

    async def subjects(self, subject_ids: Sequence[int]) -> SourceResult[MappedSubject]:
        """Every LabTracks row for these animals, in one round trip; 200 if any, else 404."""
        client = self._client
        if client is None:
            return SourceResult.not_configured(self.name)
        ids = list(dict.fromkeys(int(subject_id) for subject_id in subject_ids))

        async def call() -> list[MappedSubject]:
            return [map_subject(row) for row in await client.subject_rows(ids)]

        return await guarded(
            self.name, call, self._timeout, code=_found, resilience=self._resilience
        )

    async def procedures(self, subject_ids: Sequence[int | str]) -> SourceResult[ProcedureRecord]:
        """Procedures recorded as finished perfusion and retro-orbital injection tasks of these
        animals, in one round trip; 200 if any, else 404.

        Ids that are not whole numbers cannot name a LabTracks animal and are left out.
        """
        client = self._client
        if client is None:
            return SourceResult.not_configured(self.name)
        if self._tasks_problem is not None:
            return SourceResult(self.name, Code.UNAVAILABLE, message=self._tasks_problem)
        ids = list(dict.fromkeys(int(s) for s in map(str, subject_ids) if s.strip().isdigit()))
        if not ids or not self._has_tasks:
            return SourceResult(self.name, Code.NOT_FOUND)

        async def call() -> list[ProcedureRecord]:
            # Which optional columns the task statement reads is settled by the check; after the
            # first time this costs nothing.
            await self.check_queries()
            return map_tasks(await client.task_rows(ids))

        return await guarded(
            self.name, call, self._timeout, code=_found, resilience=self._resilience
        )

    async def find_subjects(
        self, subject_filter: SubjectFilter, after: int | None, rows: int
    ) -> SourceResult[int]:
        """Ids of at most ``rows`` animals matching the filter, after id ``after`` (from the
        first when None), in id order, in one statement; 200 if any, else 404."""
        client = self._client
        if client is None:
            return SourceResult.not_configured(self.name)
        statement = page_statement(subject_filter, after, rows, self._dialect)

        async def call() -> list[int]:
            found = await client.fetch(statement.sql, statement.params)
            return [int(FoundRow.model_validate(row).subject_id) for row in found]

        return await guarded(
            self.name, call, self._timeout, code=_found, resilience=self._resilience
        )

    async def count_subjects(self, subject_filter: SubjectFilter) -> SourceResult[int]:
        """How many animals match the filter, as one record; 200. Reads every match."""
        client = self._client
        if client is None:
            return SourceResult.not_configured(self.name)
        statement = count_statement(subject_filter, self._dialect)

        async def call() -> list[int]:
            return [total(await client.fetch(statement.sql, statement.params))]

        return await guarded(
            self.name, call, self._timeout, code=lambda _: Code.OK, resilience=self._resilience
        )

    def circuits(self) -> dict[str, str]:
        """The state of each circuit this source has used ("closed", "open", "half-open")."""
        return self._resilience.states()

    async def ping(self) -> SourceResult[None]:
        """A cheap ``SELECT 1``: is the database reachable right now? 200 or 503."""
        client = self._client
        if client is None:
            return SourceResult.not_configured(self.name)

        async def call() -> list[None]:
            await client.ping()
            return []

        return await guarded(
            self.name, call, self._timeout, code=lambda _: Code.OK, resilience=self._resilience
        )

    async def aclose(self) -> None:
        if self._checking is not None and not self._checking.done():
            self._checking.cancel()
        if self._client is not None:
            await self._client.aclose()
