"""The TARS source against a loopback TARS: lookups, matching, statuses, requests sent."""

from __future__ import annotations

import asyncio
import threading

from aind_data_schema.components.injection_procedures import ViralMaterial

from datasources.cache import MemoryCache
from datasources.result import Code
from datasources.tars import TarsSource
from tests.servers.base import RecordedRequest
from tests.servers.tars import MOLECULES, PREP_LOTS, VIRUSES, TarsServer, prep_lot
from tests.tars.conftest import VIRUS_A, VIRUS_B, SourceFactory


async def test_one_lot_is_a_valid_viral_material(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    result = await tars.material("VT900101")

    assert result.code == Code.OK
    assert result.name == "tars"
    (material,) = result.records
    assert ViralMaterial.model_validate(material).model_dump(mode="json") == material
    assert material["name"] == "pAAV-Syn-DemoFluor-A"
    assert material["tars_identifiers"] == {
        "object_type": "Tars virus identifiers",
        "virus_tars_id": "VIR900101_PHPeB",
        "plasmid_tars_alias": ["ExP900101", "pAAV-Syn-DemoFluor-A", "AiP900101"],
        "prep_lot_number": "VT900101",
        "prep_date": "2024-03-04",
        "prep_type": "Purified",
        "prep_protocol": "SOP#VC003",
    }
    assert material["addgene_id"]["registry"] == "Addgene (ADDGENE)"
    assert material["addgene_id"]["registry_identifier"] == "900101"
    assert (material["titer"], material["titer_unit"]) == (23_000_000_000_000, "gc/mL")
    assert tars_server.searches(PREP_LOTS) == ["VT900101"]
    assert tars_server.searches(VIRUSES) == ["VIR900101_PHPeB"]
    assert tars_server.searches(MOLECULES) == []


async def test_near_matches_from_the_search_are_ignored(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    # TARS answers VT900101 and VT9001010 for this search; only the exact lot counts.
    result = await tars.material("VT900101")
    assert [r["tars_identifiers"]["prep_lot_number"] for r in result.records] == ["VT900101"]

    prefix_only = await tars.material("VT90010")
    assert prefix_only.code == Code.NOT_FOUND
    assert prefix_only.records == ()


async def test_lot_numbers_match_case_insensitively(tars: TarsSource) -> None:
    result = await tars.material("VT900102")
    assert result.code == Code.OK
    (material,) = result.records
    assert material["tars_identifiers"]["prep_lot_number"] == "vt900102"
    assert material["name"] == "pAAV-hSyn-DemoCre; pAAV-CAG-DemoFlex"
    assert material["tars_identifiers"]["plasmid_tars_alias"] == [
        "AiP900102",
        "AiP900112",
        "DemoFlex",
    ]
    assert material["addgene_id"]["registry_identifier"] == "900102"
    assert (material["tars_identifiers"]["prep_type"], material["titer"]) == ("Crude", None)
    assert material["tars_identifiers"]["prep_protocol"] == "MGT#2.0"
    assert (await tars.material("  vt900101 ")).code == Code.OK


async def test_several_lots_with_one_number_are_300_and_all_returned(tars: TarsSource) -> None:
    result = await tars.material("VT900200")
    assert result.code == Code.MULTIPLE
    assert [(r["name"], r["tars_identifiers"]["prep_date"]) for r in result.records] == [
        ("pAAV-Syn-DemoFluor-A", "2024-02-01"),
        ("AiV900404", "2024-02-02"),
    ]


async def test_duplicate_lots_of_one_virus_share_one_virus_search(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    tars_server.prep_lots += [prep_lot("VT900606", VIRUS_B), prep_lot("VT900606", VIRUS_B)]
    result = await tars.material("VT900606")
    assert result.code == Code.MULTIPLE
    assert tars_server.searches(VIRUSES) == ["VIR900102"]


async def test_lots_of_one_virus_share_its_search_across_lookups(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    tars_server.prep_lots += [prep_lot("VT900707", VIRUS_B), prep_lot("VT900808", VIRUS_B)]
    at_once = await tars.materials(["VT900707", "VT900808", "vt900102"])
    assert [r.code for r in at_once.values()] == [Code.OK] * 3
    later = await tars.material("VT900102")  # a lot already known: no search at all
    assert later.code == Code.OK
    assert tars_server.searches(VIRUSES) == ["VIR900102"]
    names = {r.records[0]["name"] for r in at_once.values()}
    assert len(names) == 1  # one virus, so one name, whichever lot asked first


async def test_unknown_lot_is_404(tars: TarsSource, tars_server: TarsServer) -> None:
    result = await tars.material("VT000000")
    assert result.code == Code.NOT_FOUND
    assert tars_server.searches(PREP_LOTS) == ["VT000000"]
    assert tars_server.searches(VIRUSES) == []


async def test_empty_number_is_400_without_asking_tars(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    result = await tars.material("   ")
    assert result.code == Code.BAD_REQUEST
    assert tars_server.count() == 0


async def test_molecules_are_searched_when_the_virus_record_lacks_them(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    result = await tars.material("VT900303")
    (material,) = result.records
    assert material["name"] == "pAAV-EF1a-DemoOpsin"
    assert material["addgene_id"]["registry_identifier"] == "900303"
    assert material["tars_identifiers"]["prep_type"] == "Crude"
    assert material["tars_identifiers"]["prep_protocol"] == "PHPeB-SOP#VC004"
    assert tars_server.searches(MOLECULES) == ["AiP900303"]


async def test_virus_without_molecules_is_named_by_its_preferred_alias(tars: TarsSource) -> None:
    (material,) = (await tars.material("VT900404")).records
    assert material["name"] == "AiV900404"
    assert material["addgene_id"] is None
    assert material["tars_identifiers"]["plasmid_tars_alias"] is None
    assert material["tars_identifiers"]["prep_type"] is None
    assert material["tars_identifiers"]["prep_protocol"] == "SOP#VC001"
    assert material["titer"] == 5_000_000_000_000


async def test_virus_missing_from_tars_still_maps_the_lot(tars: TarsSource) -> None:
    result = await tars.material("VT900505")
    assert result.code == Code.OK
    (material,) = result.records
    assert material["name"] == "VIR900999"
    assert material["tars_identifiers"]["virus_tars_id"] == "VIR900999"
    assert material["tars_identifiers"]["prep_protocol"] is None


async def test_pages_are_followed(make_source: SourceFactory, tars_server: TarsServer) -> None:
    tars_server.max_page_size = 1
    result = await make_source(page_size=1).material("VT900200")
    assert result.code == Code.MULTIPLE
    lot_requests = [r for r in tars_server.requests if r.path.endswith(PREP_LOTS)]
    assert [r.param("page") for r in lot_requests] == [None, "2"]


async def test_a_server_ignoring_the_page_parameter_cannot_loop_the_client(
    make_source: SourceFactory, tars_server: TarsServer
) -> None:
    tars_server.max_page_size = 1
    tars_server.honour_page = False
    result = await make_source(page_size=1).material("VT900200")
    assert result.code == Code.OK  # only the first lot could be seen
    assert len(tars_server.searches(PREP_LOTS)) == 2


async def test_distinct_lots_are_looked_up_once_each_and_concurrently(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    numbers = ["VT900101", "VT900102", "VT900303", "VT900404", "VT000001"]
    # Every lot search waits until all have arrived: sequential lookups could never pass.
    barrier = threading.Barrier(len(numbers), timeout=10)

    def all_together(request: RecordedRequest) -> None:
        if request.path.endswith(PREP_LOTS):
            barrier.wait()

    tars_server.on_search = all_together
    results = await tars.materials(numbers)
    assert list(results) == numbers
    assert [r.code for r in results.values()] == [Code.OK] * 4 + [Code.NOT_FOUND]
    assert sorted(s or "" for s in tars_server.searches(PREP_LOTS)) == sorted(numbers)


async def test_repeated_and_differently_cased_numbers_are_one_lookup(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    numbers = ["VT900101", "vt900101", "VT900200", "VT900101", " VT900200 "]
    results = await tars.materials(numbers)
    assert list(results) == ["VT900101", "vt900101", "VT900200", " VT900200 "]
    assert results["vt900101"] is results["VT900101"]
    assert results[" VT900200 "].code == Code.MULTIPLE
    assert tars_server.searches(PREP_LOTS) == ["VT900101", "VT900200"]


async def test_answers_are_cached(tars: TarsSource, tars_server: TarsServer) -> None:
    first = await tars.materials(["VT900101", "VT900200", "VT000000"])
    tars_server.clear_log()
    again = await tars.materials(["VT900101", "vt900200", "VT000000"])
    assert tars_server.count() == 0
    assert [r.code for r in again.values()] == [Code.OK, Code.MULTIPLE, Code.NOT_FOUND]
    assert again["VT900101"].records == first["VT900101"].records


async def test_cache_is_shared_between_sources(
    make_source: SourceFactory, tars_server: TarsServer
) -> None:
    cache = MemoryCache()
    assert (await make_source(cache).material("VT900200")).code == Code.MULTIPLE
    again = await make_source(cache).material("VT900200")
    assert (again.code, len(again.records)) == (Code.MULTIPLE, 2)
    assert len(tars_server.searches(PREP_LOTS)) == 1


async def test_zero_ttl_caches_nothing(
    make_source: SourceFactory, tars_server: TarsServer
) -> None:
    source = make_source(cache_ttl_seconds=0)
    await source.material("VT900101")
    await source.material("VT900101")
    assert tars_server.searches(PREP_LOTS) == ["VT900101", "VT900101"]


async def test_concurrent_calls_for_one_lot_share_one_lookup(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    numbers = ["VT900101", "vt900101", " VT900101"] * 4
    results = await asyncio.gather(*(tars.material(number) for number in numbers))
    assert {result.code for result in results} == {Code.OK}
    assert tars_server.searches(PREP_LOTS) == ["VT900101"]


async def test_a_caller_giving_up_does_not_cancel_the_shared_lookup(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    impatient = asyncio.create_task(tars.material("VT900101"))
    patient = asyncio.create_task(tars.material("VT900101"))
    await asyncio.sleep(0)
    impatient.cancel()
    result = await patient
    assert result.code == Code.OK
    assert impatient.cancelled()
    assert tars_server.searches(PREP_LOTS) == ["VT900101"]


async def test_the_virus_found_is_the_lots_own_when_aliases_collide(
    tars: TarsSource, tars_server: TarsServer
) -> None:
    # Another virus that shares the preferred alias: the lot's virus id decides.
    impostor = {**VIRUS_B, "id": "ffffffff-0000-4000-8000-000000000001"}
    impostor["aliases"] = VIRUS_A["aliases"]
    tars_server.viruses = [impostor, *tars_server.viruses]
    (material,) = (await tars.material("VT900101")).records
    assert material["name"] == "pAAV-Syn-DemoFluor-A"
