"""The LabTracks tests use the shared PostgreSQL fixtures."""

from tests.postgres import (  # noqa: F401 - fixtures are found by name
    backend_pids,
    odbc_available,
    pg_admin,
    pg_database,
    pg_session,
    pg_settings,
)
