"""A Python client of the aind-metadata-graphql service (httpx and the standard library only).

>>> from aind_metadata_graphql_client import MetadataClient
>>> with MetadataClient("http://127.0.0.1:8000") as client:  # doctest: +SKIP
...     result = client.get_subject("650101")
>>> result.status_code, result.data["subject_id"]  # doctest: +SKIP
(200, '650101')
"""

from aind_metadata_graphql_client._http import (
    VERSION,
    InvalidDomainError,
    MetadataClientError,
    ServiceConnectionError,
    ServiceTimeoutError,
    ServiceUnreachableError,
)
from aind_metadata_graphql_client.client import AsyncMetadataClient, MetadataClient
from aind_metadata_graphql_client.results import (
    FieldStatus,
    GraphQLError,
    GraphQLResponse,
    MetadataResult,
    Source,
    ValidationError,
)

__version__ = VERSION

__all__ = [
    "AsyncMetadataClient",
    "FieldStatus",
    "GraphQLError",
    "GraphQLResponse",
    "InvalidDomainError",
    "MetadataClient",
    "MetadataClientError",
    "MetadataResult",
    "ServiceConnectionError",
    "ServiceTimeoutError",
    "ServiceUnreachableError",
    "Source",
    "ValidationError",
    "__version__",
]
