"""LabTracks, the institute's animal colony database: subjects, and procedures from tasks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from datasources.errors import guarded
from datasources.labtracks.client import LabTracksClient
from datasources.labtracks.mapping import MappedSubject, map_subject
from datasources.labtracks.procedures import map_tasks
from datasources.labtracks.settings import LabTracksSettings
from datasources.labtracks.snapshot import FILE_NAME, load_snapshot, sqlite_factory
from datasources.records import ProcedureRecord
from datasources.result import Code, SourceResult

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
    ) -> None:
        self._client = client
        self._timeout = timeout
        self._has_tasks = has_tasks
        self._tasks_problem = tasks_problem

    @classmethod
    def from_settings(cls, settings: LabTracksSettings) -> LabTracksSource:
        """A live source; without a server and database it answers "not configured"."""
        if not settings.configured:
            return cls(None, settings.timeout_seconds)
        return cls(LabTracksClient.for_odbc(settings), settings.timeout_seconds)

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
        )
        return cls(
            client,
            SNAPSHOT_TIMEOUT,
            has_tasks=snapshot.has_tasks,
            tasks_problem=snapshot.tasks_problem,
        )

    @property
    def configured(self) -> bool:
        return self._client is not None

    @property
    def client(self) -> LabTracksClient | None:
        return self._client

    async def subjects(self, subject_ids: Sequence[int]) -> SourceResult[MappedSubject]:
        """Every LabTracks row for these animals, in one round trip; 200 if any, else 404."""
        client = self._client
        if client is None:
            return SourceResult.not_configured(self.name)
        ids = list(dict.fromkeys(int(subject_id) for subject_id in subject_ids))

        async def call() -> list[MappedSubject]:
            return [map_subject(row) for row in await client.subject_rows(ids)]

        return await guarded(self.name, call, self._timeout, code=_found)

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
            return map_tasks(await client.task_rows(ids))

        return await guarded(self.name, call, self._timeout, code=_found)

    async def ping(self) -> SourceResult[None]:
        """A cheap ``SELECT 1``: is the database reachable right now? 200 or 503."""
        client = self._client
        if client is None:
            return SourceResult.not_configured(self.name)

        async def call() -> list[None]:
            await client.ping()
            return []

        return await guarded(self.name, call, self._timeout, code=lambda _: Code.OK)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
