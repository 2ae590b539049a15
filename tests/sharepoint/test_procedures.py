"""SharePointSource.procedures through the real mappings, over the loopback Graph.

Each list family's mapping is written in its own package; until one exists its tests skip.
"""

from __future__ import annotations

import copy

import pytest

from datasources.records import ProcedureRecord
from datasources.result import Code
from datasources.sharepoint import LIST_NAMES, SharePointSource, mapper_for
from tests.servers.graph import GraphServer
from tests.sharepoint.items import (
    LIST_IDS,
    las2020_item,
    nsb2019_item,
    nsb2023_item,
    retro_orbital,
)


def require_mappers(*list_names: str) -> None:
    for list_name in list_names:
        try:
            mapper_for(list_name)
        except ModuleNotFoundError as error:
            # Only the mapping package itself missing skips; a broken import inside it fails.
            if not (error.name or "").startswith("datasources.sharepoint."):
                raise
            pytest.skip(f"mapper for {list_name} not written yet")


def check_records(records: object, list_name: str, subject_ids: set[str]) -> None:
    assert isinstance(records, tuple)
    assert records, f"no procedures from {list_name}"
    for record in records:
        assert isinstance(record, ProcedureRecord)
        assert record.source == f"sharepoint.{list_name}"
        assert isinstance(record.document, dict)
    assert {record.subject_id for record in records} == subject_ids


@pytest.mark.parametrize("list_name", LIST_NAMES)
async def test_each_list_maps_its_items(source: SharePointSource, list_name: str) -> None:
    require_mappers(list_name)
    results = await source.procedures(["700001"])
    result = results[list_name]
    assert result.code == Code.OK, result.message
    assert result.name == f"sharepoint.{list_name}"
    check_records(result.records, list_name, {"700001"})


async def test_retro_orbital_request_in_reqpro3_serves_both_animals(
    source: SharePointSource,
) -> None:
    require_mappers("las2020")
    result = (await source.procedures(["700002", "700005"]))["las2020"]
    assert result.code == Code.OK, result.message
    check_records(result.records, "las2020", {"700002", "700005"})


async def test_the_same_request_in_both_nsb2023_lists_has_one_key(
    source: SharePointSource,
) -> None:
    require_mappers("nsb2023", "nsb_present")
    results = await source.procedures(["700001"])
    archive = {record.key for record in results["nsb2023"].records}
    present = {record.key for record in results["nsb_present"].records}
    assert None not in archive
    assert archive == present


async def test_an_item_of_wrong_types_does_not_cost_the_list(
    source: SharePointSource, graph: GraphServer
) -> None:
    require_mappers(*LIST_NAMES)
    good = {
        "nsb2019": nsb2019_item(91, "700009", "700009HP"),
        "nsb2023": nsb2023_item(92, "700009", "700009Visual Ctx 2P"),
        "nsb_present": nsb2023_item(93, "700009", "700009Visual Ctx 2P"),
        "las2020": las2020_item(
            94, "700009", ReqPro1="Retro-Orbital Injection", **retro_orbital(1, "700009")
        ),
    }
    for name, item in good.items():
        hostile = copy.deepcopy(item)
        hostile["id"] = str(int(item["id"]) + 100)
        for column in list(hostile["fields"]):
            if column not in ("LabTracks_x0020_ID", "LabTracks_x0020_ID1", "Title", "nROID1"):
                hostile["fields"][column] = {"unexpected": [1, None, {"x": "y"}]}
        graph.items[LIST_IDS[name]].extend([hostile, item])
    results = await source.procedures(["700009"])
    for name in LIST_NAMES:
        result = results[name]
        assert result.code == Code.OK, (name, result.message)
        assert any(record.subject_id == "700009" for record in result.records)
