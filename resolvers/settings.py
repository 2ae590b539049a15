"""The backends' settings sources, for the service's own settings.

``graphql_service`` may not import ``datasources`` (docs/architecture.md, Layers), yet its
settings should come from the same places as the backends' (the environment, then the AWS
parameter), so that a deployment keeps every secret in one parameter.
"""

from __future__ import annotations

from datasources.settings import ParameterStoreSource

__all__ = ["ParameterStoreSource"]
