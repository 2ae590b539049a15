"""The set of backends one service process talks to, built once at start-up."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Protocol

from datasources.cache import Cache, cache_from_url
from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.mgi import MgiSettings, MgiSource
from datasources.result import Code, SourceResult
from datasources.settings import PARAM_STORE_VARIABLE
from datasources.sharepoint import SharePointSettings, SharePointSource
from datasources.slims.settings import SlimsSettings
from datasources.slims.source import SlimsSource
from datasources.smartsheet import SmartsheetSettings, SmartsheetSource
from datasources.snapshot import DEMO_SNAPSHOT
from datasources.tars import TarsSettings, TarsSource

logger = logging.getLogger("resolvers.backends")

BACKEND_PREFIXES = ("LABTRACKS_", "MGI_", "SHAREPOINT_", "TARS_", "SMARTSHEET_", "SLIMS_")


class Backend(Protocol):
    name: str

    async def ping(self) -> SourceResult[None]: ...

    def circuits(self) -> dict[str, str]: ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True)
class Backends:
    """Every backend, or None where it is absent (not configured, or no snapshot file)."""

    labtracks: LabTracksSource | None = None
    mgi: MgiSource | None = None
    sharepoint: SharePointSource | None = None
    smartsheet: SmartsheetSource | None = None
    tars: TarsSource | None = None
    slims: SlimsSource | None = None
    mode: str = "live"
    #: Shared by the backends that cache answers; closed with them.
    cache: Cache | None = None

    @classmethod
    def from_snapshot(cls, directory: Path) -> Backends:
        if not directory.is_dir():
            raise FileNotFoundError(f"snapshot directory {directory} does not exist")
        mode = "demo" if directory.resolve() == DEMO_SNAPSHOT else f"snapshot {directory}"
        return cls(
            labtracks=LabTracksSource.from_snapshot(directory),
            mgi=MgiSource.from_snapshot(directory),
            sharepoint=SharePointSource.from_snapshot(directory),
            smartsheet=SmartsheetSource.from_snapshot(directory),
            tars=TarsSource.from_snapshot(directory),
            slims=SlimsSource.from_snapshot(directory),
            mode=mode,
        )

    @classmethod
    def from_environment(cls, cache_url: str | None = None) -> Backends:
        """Live backends from settings. With no backend setting at all, every backend is
        absent (each field answers 503 "not configured"): synthetic demo data served where
        real data was expected would look real, so the demo is only ever asked for."""
        if not backend_settings_given():
            logger.warning("no backend settings found: every backend is not configured")
            return cls(mode="unconfigured")
        cache = cache_from_url(cache_url)
        labtracks, mgi = LabTracksSettings(), MgiSettings()
        sharepoint, smartsheet, tars = SharePointSettings(), SmartsheetSettings(), TarsSettings()
        slims = SlimsSettings()
        return cls(
            labtracks=LabTracksSource.from_settings(labtracks) if labtracks.configured else None,
            mgi=MgiSource.from_settings(mgi, cache) if mgi.configured else None,
            sharepoint=(
                SharePointSource.from_settings(sharepoint, cache)
                if sharepoint.configured
                else None
            ),
            smartsheet=(
                SmartsheetSource.from_settings(smartsheet, cache)
                if smartsheet.configured
                else None
            ),
            tars=TarsSource.from_settings(tars, cache) if tars.configured else None,
            slims=SlimsSource.from_settings(slims, cache) if slims.configured else None,
            mode="live",
            cache=cache,
        )

    def present(self) -> dict[str, Backend | None]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("mode", "cache")
        }

    def start(self) -> None:
        """Start-up work that must neither delay nor stop the service: LabTracks checks its
        statements in the background (see :meth:`LabTracksSource.check_queries`)."""
        if self.labtracks is not None:
            self.labtracks.start_check()

    async def readiness(self) -> dict[str, dict[str, Any]]:
        """Each backend as configured / reachable / not configured, probed concurrently.

        LabTracks also lists its statements and whether each ran at start-up ("queries"). That
        check is asked of the database once (here, if start-up could not reach it), then cached.
        """
        present = {name: b for name, b in self.present().items() if b is not None}
        probes = await asyncio.gather(*(backend.ping() for backend in present.values()))
        report: dict[str, dict[str, Any]] = {
            name: {"state": "not configured"} for name, b in self.present().items() if b is None
        }
        for name, probe in zip(present, probes, strict=True):
            state = "reachable" if probe.code == Code.OK else "unreachable"
            entry: dict[str, Any] = {"state": state, "ms": probe.ms}
            if probe.message:
                entry["message"] = probe.message
            report[name] = entry
        if self.labtracks is not None:
            entry = report["labtracks"]
            # An unreachable database cannot be checked now; show what is known, if anything.
            if entry["state"] == "reachable":
                queries = await self.labtracks.check_queries()
            else:
                queries = self.labtracks.queries
            if queries is not None:
                entry["queries"] = queries
        return dict(sorted(report.items()))

    async def aclose(self) -> None:
        for backend in self.present().values():
            if backend is not None:
                await backend.aclose()
        if self.cache is not None:
            await self.cache.aclose()


def backend_settings_given() -> bool:
    """True when any backend setting (or the parameter store) is in the environment.

    MGI has a public default URL, so "configured" alone cannot tell a deployment from a
    laptop; any variable with a backend prefix can.
    """
    return PARAM_STORE_VARIABLE in os.environ or any(
        name.startswith(BACKEND_PREFIXES) for name in os.environ
    )
