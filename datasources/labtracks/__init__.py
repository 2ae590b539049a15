"""LabTracks: the animal colony database (SQL Server over ODBC; SQLite in snapshot mode)."""

from datasources.labtracks.mapping import MappedSubject
from datasources.labtracks.settings import LabTracksSettings
from datasources.labtracks.source import LabTracksSource

__all__ = ["LabTracksSettings", "LabTracksSource", "MappedSubject"]
