"""A loopback TARS (with its token endpoint) holding synthetic records, and sources on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from datasources.cache import Cache
from datasources.tars import TarsSettings, TarsSource
from tests.servers.tars import TarsServer, alias, molecule, prep_lot, virus

# One molecule with an Addgene id: the common case.
VIRUS_A = virus(
    [alias("AiV900101"), alias("pAAV-Syn-DemoFluor-A"), alias("VIR900101_PHPeB", True)],
    [
        molecule(
            "pAAV-Syn-DemoFluor-A",
            [alias("pAAV-Syn-DemoFluor-A"), alias("AiP900101"), alias("ExP900101", True)],
            addgene_id="900101",
        )
    ],
)
# Two molecules: names and Addgene ids are joined, every alias is kept.
VIRUS_B = virus(
    [alias("VIR900102", True), alias("AiV900102")],
    [
        molecule("pAAV-hSyn-DemoCre", [alias("AiP900102", True)], addgene_id="900102"),
        molecule("pAAV-CAG-DemoFlex", [alias("AiP900112", True), alias("DemoFlex")]),
    ],
)
# A Viruses record without its molecules: they are searched by the virus's other aliases.
VIRUS_C = virus([alias("VIR900303", True), alias("AiP900303")], None)
MOLECULE_C = molecule("pAAV-EF1a-DemoOpsin", [alias("AiP900303", True)], addgene_id="900303")
# A virus with no molecules at all: named by its preferred alias.
VIRUS_D = virus([alias("AiV900404", True)])
# Known to the lots, unknown to the Viruses collection.
VIRUS_LOST = virus([alias("VIR900999", True)])

PREP_LOTS = [
    prep_lot("VT900101", VIRUS_A, titers=[23_000_000_000_000, 1_000]),
    # A near match of VT900101 that TARS's search returns as well.
    prep_lot("VT9001010", VIRUS_B),
    prep_lot("vt900102", VIRUS_B, prep_type="Crude-MGT#2.0", date_prepped="2024-05-06T00:00:00Z"),
    prep_lot("VT900200", VIRUS_A, date_prepped="2024-02-01T00:00:00Z"),
    prep_lot("VT900200", VIRUS_D, date_prepped="2024-02-02T00:00:00Z"),
    prep_lot("VT900303", VIRUS_C, prep_type="CrudePHPeB-SOP#VC004"),
    prep_lot("VT900404", VIRUS_D, prep_type="Rabies-SOP#VC001", titers=[5e12]),
    prep_lot("VT900505", VIRUS_LOST, prep_type="Unknown"),
]
VIRUSES = [VIRUS_A, VIRUS_B, VIRUS_C, VIRUS_D]

SourceFactory = Callable[..., TarsSource]


def populate(server: TarsServer) -> TarsServer:
    server.prep_lots = list(PREP_LOTS)
    server.viruses = list(VIRUSES)
    server.molecules = [MOLECULE_C]
    return server


def settings_for(server: TarsServer, **overrides: Any) -> TarsSettings:
    """Every setting explicit, so TARS_* in the environment cannot leak in."""
    values: dict[str, Any] = {
        "tenant_id": server.tenant,
        "client_id": server.client_id,
        "client_secret": server.client_secret,
        "scope": server.scope,
        "resource": server.resource,
        "token_url": server.token_url,
        "timeout_seconds": 2.0,
        "max_concurrency": 8,
        "cache_ttl_seconds": 60.0,
        "page_size": 50,
    }
    return TarsSettings(**(values | overrides))


@pytest.fixture
def tars_server() -> Iterator[TarsServer]:
    with TarsServer() as server:
        yield populate(server)


@pytest.fixture
async def make_source(tars_server: TarsServer) -> AsyncIterator[SourceFactory]:
    made: list[TarsSource] = []

    def make(cache: Cache | None = None, **overrides: Any) -> TarsSource:
        source = TarsSource.from_settings(settings_for(tars_server, **overrides), cache)
        made.append(source)
        return source

    yield make
    for source in made:
        await source.aclose()


@pytest.fixture
def tars(make_source: SourceFactory) -> TarsSource:
    return make_source()
