"""TARS (viral prep lots): prep lot numbers to aind-data-schema ``ViralMaterial`` documents."""

from datasources.tars.auth import AccessTokens
from datasources.tars.client import TarsClient
from datasources.tars.mapping import exact_lots, map_material, prep_type_and_protocol
from datasources.tars.models import Molecule, PrepLot, Virus
from datasources.tars.settings import TarsSettings
from datasources.tars.snapshot import SnapshotTransport, TarsSnapshot, load_snapshot
from datasources.tars.source import TarsSource

__all__ = [
    "AccessTokens",
    "Molecule",
    "PrepLot",
    "SnapshotTransport",
    "TarsClient",
    "TarsSettings",
    "TarsSnapshot",
    "TarsSource",
    "Virus",
    "exact_lots",
    "load_snapshot",
    "map_material",
    "prep_type_and_protocol",
]
