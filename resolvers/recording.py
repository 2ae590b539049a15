"""Record mode: live backends that keep what they answer, then write a snapshot directory.

The service asks the recording backends exactly as it asks live ones (the answers are the
live answers); :class:`Recording` then reads what the service reads whole (the sheets, the
LabTracks rows) and writes the directory :meth:`Backends.from_snapshot` serves. The wire
formats are the datasources' business (:mod:`datasources.recording`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from datasources.cache import MemoryCache
from datasources.labtracks import LabTracksSettings
from datasources.recording import Recorder
from datasources.slims.settings import SlimsSettings
from resolvers.backends import Backends, backend_settings_given


@dataclass
class Recording:
    """``backends``, recorded from now on."""

    backends: Backends
    recorder: Recorder

    @classmethod
    def attach(
        cls,
        backends: Backends,
        *,
        labtracks_host: str | None = None,
        slims_host: str | None = None,
    ) -> Recording:
        recorder = Recorder.attach(
            labtracks=backends.labtracks,
            mgi=backends.mgi,
            sharepoint=backends.sharepoint,
            smartsheet=backends.smartsheet,
            tars=backends.tars,
            labtracks_host=labtracks_host,
            slims=backends.slims,
            slims_host=slims_host,
        )
        return cls(backends, recorder)

    @classmethod
    def from_environment(cls) -> Recording:
        """The live backends the settings configure, each with a fresh in-memory cache (a
        shared Redis cache would answer instead of the backends, and nothing would be
        recorded)."""
        if not backend_settings_given():
            raise LookupError("no backend is configured: nothing to record")
        backends = Backends.from_environment(None)
        if not isinstance(backends.cache, MemoryCache | None):  # pragma: no cover - defensive
            raise RuntimeError("record mode needs a private cache")
        host = LabTracksSettings().server if backends.labtracks is not None else None
        slims_host = SlimsSettings().host if backends.slims is not None else None
        return cls.attach(backends, labtracks_host=host, slims_host=slims_host)

    async def finish(self, subject_ids: Sequence[str], directory: Path) -> list[Path]:
        """Read what the service reads whole, and write the snapshot into ``directory``."""
        await self.recorder.finish(subject_ids)
        return self.recorder.write(directory)
