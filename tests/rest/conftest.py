"""An in-process client on the demo snapshot, for the REST paths."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from tests.conftest import graphql_client


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client
