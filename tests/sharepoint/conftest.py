"""A loopback Graph serving the four synthetic lists, and clients and sources pointed at it."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from datasources.sharepoint import SharePointClient, SharePointSettings, SharePointSource
from tests.servers.graph import GraphServer
from tests.sharepoint.items import ITEMS, LIST_IDS, SITES


class FakeClock:
    """A monotonic clock the test moves by hand (token expiry without waiting)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


ClientFactory = Callable[..., SharePointClient]
SourceFactory = Callable[..., SharePointSource]


@pytest.fixture
def graph() -> Iterator[GraphServer]:
    with GraphServer() as server:
        for name, items in ITEMS.items():
            server.add_list(SITES[name], LIST_IDS[name], copy.deepcopy(items))
        yield server


def sharepoint_settings(graph: GraphServer, **overrides: Any) -> SharePointSettings:
    """Every setting explicit, so SHAREPOINT_* variables of the environment cannot leak in."""
    values: dict[str, Any] = {
        "aind_site_id": SITES["nsb2019"],
        "las_site_id": SITES["las2020"],
        "nsb_2019_list_id": LIST_IDS["nsb2019"],
        "nsb_2023_list_id": LIST_IDS["nsb2023"],
        "nsb_present_list_id": LIST_IDS["nsb_present"],
        "las_2020_list_id": LIST_IDS["las2020"],
        "client_id": graph.client_id,
        "client_secret": graph.client_secret,
        "tenant_id": graph.tenant,
        "graph_api_url": graph.graph_url,
        "token_url": graph.token_url,
        "scope": graph.scope,
        "timeout_seconds": 5.0,
        "max_concurrency": 4,
        "cache_ttl_seconds": 3600.0,
    }
    return SharePointSettings(**(values | overrides))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def make_client(graph: GraphServer, clock: FakeClock) -> AsyncIterator[ClientFactory]:
    made: list[SharePointClient] = []

    def make(**overrides: Any) -> SharePointClient:
        client = SharePointClient.from_settings(
            sharepoint_settings(graph, **overrides), clock=clock
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
def client(make_client: ClientFactory) -> SharePointClient:
    return make_client()


@pytest.fixture
async def make_source(graph: GraphServer) -> AsyncIterator[SourceFactory]:
    made: list[SharePointSource] = []

    def make(**overrides: Any) -> SharePointSource:
        source = SharePointSource.from_settings(sharepoint_settings(graph, **overrides))
        made.append(source)
        return source

    yield make
    for source in made:
        await source.aclose()


@pytest.fixture
def source(make_source: SourceFactory) -> SharePointSource:
    return make_source()
