"""An MGI quick-search server on 127.0.0.1 and sources pointed at it through the real client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from datasources.cache import Cache
from datasources.mgi import MgiSettings, MgiSource
from tests.servers.mgi import MgiServer, bucket, summary_row

ALLELES: dict[str, Any] = {
    "Pvalb-IRES-Cre": bucket(
        summary_row("Pvalb<tm1(cre)Arbr>", "MGI:3590684"),
        summary_row("Pvalb<tm9.1(cre)Syn>", "MGI:9800091", stars="***"),
    ),
    "Ai32(RCL-ChR2(H134R)_EYFP)": bucket(
        summary_row("Gt(ROSA)26Sor<tm32(CAG-COP4*H134R/EYFP)Syn>", "MGI:9800032")
    ),
    # Near misses only: four stars on another match type, three stars as a synonym.
    "Near-Cre": bucket(
        summary_row("Near<tm1(cre)Syn>", "MGI:9800101", match="Symbol"),
        summary_row("Near<tm2(cre)Syn>", "MGI:9800102", stars="***"),
    ),
    "Two-Cre": bucket(
        summary_row("Two<tm1(cre)Syn>", "MGI:9800201"),
        summary_row("Two<tm2(cre)Syn>", "MGI:9800202"),
    ),
}

SourceFactory = Callable[..., MgiSource]


@pytest.fixture
def mgi_server() -> Iterator[MgiServer]:
    with MgiServer(ALLELES) as server:
        yield server


@pytest.fixture
async def make_source(mgi_server: MgiServer) -> AsyncIterator[SourceFactory]:
    """Builds sources on ``mgi_server`` (all settings explicit, so MGI_* env cannot leak in)."""
    made: list[MgiSource] = []

    def make(cache: Cache | None = None, **overrides: Any) -> MgiSource:
        values: dict[str, Any] = {
            "url": mgi_server.endpoint,
            "timeout_seconds": 2.0,
            "cache_ttl_seconds": 60.0,
            "max_concurrency": 8,
        }
        source = MgiSource.from_settings(MgiSettings(**(values | overrides)), cache)
        made.append(source)
        return source

    yield make
    for source in made:
        await source.aclose()


@pytest.fixture
def mgi(make_source: SourceFactory) -> MgiSource:
    return make_source()
