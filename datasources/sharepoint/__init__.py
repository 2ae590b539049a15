"""SharePoint surgery-request lists (NSB 2019, NSB 2023 archive, NSB present, LAS 2020) read
through Microsoft Graph, mapped to aind-data-schema subject procedures.

Transport and facade live here; each list family's raw models and mapping live in its own
sub-package (``nsb2019``, ``nsb2023``, ``las2020``), with shared free-text ``parsers``.
"""

from datasources.sharepoint.client import ClientCredentials, SharePointClient
from datasources.sharepoint.filters import (
    ID_COLUMNS,
    batched_filters,
    matches,
    matching_subjects,
    odata_string,
    subject_filter,
)
from datasources.sharepoint.settings import LIST_NAMES, SharePointSettings
from datasources.sharepoint.snapshot import SnapshotError, SnapshotLists, load_snapshot
from datasources.sharepoint.source import MatchedItem, SharePointSource, mapper_for

__all__ = [
    "ID_COLUMNS",
    "LIST_NAMES",
    "ClientCredentials",
    "MatchedItem",
    "SharePointClient",
    "SharePointSettings",
    "SharePointSource",
    "SnapshotError",
    "SnapshotLists",
    "batched_filters",
    "load_snapshot",
    "mapper_for",
    "matches",
    "matching_subjects",
    "odata_string",
    "subject_filter",
]
