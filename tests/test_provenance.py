"""Where an injection material's values came from when the surgery request and TARS disagree
(resolvers/provenance.py, resolvers/enrichment.py), and the `provenance` field on the demo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from resolvers.provenance import ValueOrigin, at_path, disagreements, paths_of
from tests.conftest import graphql_client, run_query

REQUESTED = {
    "object_type": "Viral material",
    "name": "LOT-7",
    "tars_identifiers": {"object_type": "Tars virus identifiers", "prep_lot_number": "lot-7 "},
    "titer": 2000000000000,
    "titer_unit": "gc/mL",
}
TARS = {
    "object_type": "Viral material",
    "name": "pAAV-hSyn-GCaMP",
    "tars_identifiers": {
        "object_type": "Tars virus identifiers",
        "prep_lot_number": "LOT-7",
        "virus_tars_id": "AiV1",
    },
    "titer": 8.0e12,
    "titer_unit": "gc/mL",
}
#: TARS' record with the request's titer, as the enrichment keeps it.
KEPT = {**TARS, "titer": 2000000000000}


def test_disagreeing_fields_list_both_values_and_which_is_kept() -> None:
    found = disagreements(REQUESTED, TARS, KEPT, "sharepoint.nsb2023")
    assert found == (
        ValueOrigin("name", "LOT-7", "sharepoint.nsb2023", kept=False),
        ValueOrigin("name", "pAAV-hSyn-GCaMP", "tars", kept=True),
        ValueOrigin("titer", 2000000000000, "sharepoint.nsb2023", kept=True),
        ValueOrigin("titer", 8.0e12, "tars", kept=False),
    )


def test_agreeing_or_one_sided_values_are_not_listed() -> None:
    # The lot differs only in case and spaces, the unit not at all, the virus id is TARS' alone.
    fields = {origin.field for origin in disagreements(REQUESTED, TARS, KEPT, "labtracks")}
    assert "tars_identifiers.prep_lot_number" not in fields
    assert "titer_unit" not in fields
    assert "tars_identifiers.virus_tars_id" not in fields
    same = {**REQUESTED, "name": TARS["name"], "titer": 8000000000000}
    assert disagreements(same, TARS, TARS, "labtracks") == ()


def test_nested_fields_are_dotted() -> None:
    requested = {**REQUESTED, "tars_identifiers": {"prep_lot_number": "LOT-8"}}
    found = disagreements(requested, TARS, KEPT, "sharepoint.las2020")
    assert ValueOrigin(
        "tars_identifiers.prep_lot_number", "LOT-8", "sharepoint.las2020", False
    ) in (found)


def test_paths_find_the_very_nodes_of_a_document() -> None:
    material = {"object_type": "Viral material", "name": "x"}
    copy = dict(material)
    document = {"subject_procedures": [{"procedures": [{"injection_materials": [material]}]}]}
    paths = paths_of(document, [material, copy])
    assert paths == {
        id(material): ("subject_procedures", 0, "procedures", 0, "injection_materials", 0)
    }
    assert at_path(document, paths[id(material)]) is material
    assert at_path(document, ("subject_procedures", 3)) is None
    assert at_path(document, ("subject_procedures", "x")) is None


# The demo, through the ASGI app.

QUERY = """query($id: String!) { procedures(subject_id: $id) { subject_procedures {
  source
  ... on Surgery { procedures { ... on BrainInjection { injection_materials {
    ... on ViralMaterial { name titer json provenance { field value source kept } }
  } } } }
  ... on NonSurgicalInjection { injections { injection_materials {
    ... on ViralMaterial { name titer json provenance { field value source kept } }
  } } }
} } }"""


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client


def materials(body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for procedure in body["data"]["procedures"]["subject_procedures"]:
        for step in procedure.get("procedures") or procedure.get("injections") or []:
            found += [(procedure["source"], m) for m in step.get("injection_materials") or []]
    return found


async def test_a_requested_titer_and_the_preps_are_both_shown(demo: httpx.AsyncClient) -> None:
    body = await run_query(demo, QUERY, {"id": "650101"})
    assert "errors" not in body
    by_source = dict(materials(body))
    material = by_source["sharepoint.nsb2023"]
    titers = [p for p in material["provenance"] if p["field"] == "titer"]
    assert titers == [
        {"field": "titer", "value": 21000000000000, "source": "sharepoint.nsb2023", "kept": True},
        {"field": "titer", "value": 500000000, "source": "tars", "kept": False},
    ]
    # The document is as before: the request's titer, TARS' name, no provenance in it.
    assert material["titer"] == material["json"]["titer"] == 21000000000000
    assert material["name"] == "DemoVIR10004_Rabies"
    assert "provenance" not in material["json"]
    kept = {p["field"]: p["value"] for p in material["provenance"] if p["kept"]}
    assert kept == {"name": material["name"], "titer": material["titer"]}


async def test_every_demo_material_tars_completed_says_where_its_values_came_from(
    demo: httpx.AsyncClient,
) -> None:
    body = await run_query(demo, QUERY, {"id": "650107"})
    found = materials(body)
    assert len(found) == 3
    for source, material in found:
        sources = {p["source"] for p in material["provenance"]}
        if (material["json"].get("tars_identifiers") or {}).get("virus_tars_id"):
            assert sources == {source, "tars"}, material
        else:  # a lot TARS does not know: the request's reading alone, nothing to compare
            assert material["provenance"] == []
