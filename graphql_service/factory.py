"""The app factory uvicorn's worker processes call under ``serve --workers N``.

A worker is a fresh process: it gets nothing from ``serve`` but its environment. ``serve`` puts
what it decided there before starting the workers (``AIND_GRAPHQL_SNAPSHOT`` for ``--demo`` and
``--snapshot``, ``AIND_GRAPHQL_LOG_FORMAT``, ``PROMETHEUS_MULTIPROC_DIR``), and each worker reads
its settings from it as ``serve`` would. Each worker has its own backends and in-process caches;
a Redis cache (``AIND_GRAPHQL_REDIS_URL``) is shared by all of them.
"""

from __future__ import annotations

from starlette.applications import Starlette

from graphql_service.logs import configure_logging, log_format
from graphql_service.settings import ServiceSettings


def app_from_environment() -> Starlette:
    """The ASGI app for the settings in the environment, logging configured as ``serve`` does."""
    from graphql_service.app import create_app

    settings = ServiceSettings()
    configure_logging(log_format("json"), settings.log_level)
    return create_app(settings)
