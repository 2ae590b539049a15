"""MGI (Mouse Genome Informatics): allele names to aind-data-schema ``PIDName`` documents."""

from datasources.mgi.client import MgiClient
from datasources.mgi.mapping import allele_names, map_alleles
from datasources.mgi.models import AlleleBucket, SummaryRow
from datasources.mgi.settings import MgiSettings
from datasources.mgi.snapshot import SnapshotTransport
from datasources.mgi.source import MgiSource

__all__ = [
    "AlleleBucket",
    "MgiClient",
    "MgiSettings",
    "MgiSource",
    "SnapshotTransport",
    "SummaryRow",
    "allele_names",
    "map_alleles",
]
