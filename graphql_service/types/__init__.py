"""GraphQL object types, written by hand to mirror aind-data-schema (docs/architecture.md,
GraphQL types).

Each type wraps one aind-data-schema JSON document (``json``) and names the pydantic model it
mirrors (``MODEL``) and the model fields it deliberately leaves to ``json`` (``JSON_ONLY``), so a
test can notice when a new aind-data-schema release adds a field nobody decided about.
"""

# Registering aind-data-schema's enums must happen before any schema is built from these types.
from graphql_service.types import enums as _enums  # noqa: F401
