"""Domain resolvers: fan-out to datasources, merge, validation and a status per field.

Nothing here knows a backend's wire format or GraphQL's: the GraphQL layer (and later the REST
compatibility routes) call these and publish the :class:`~resolvers.status.Resolved` values.
"""

from resolvers.status import FieldStatus, Resolved

__all__ = ["FieldStatus", "Resolved"]
