"""Documents of several kinds are GraphQL interfaces: shared fields need no fragment per kind,
and fragments on a kind (``... on ViralMaterial``) and ``__typename`` keep working."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from datasources.snapshot import DEMO_SNAPSHOT
from graphql_service.types.document import implementations, of_kind
from graphql_service.types.materials import InjectionMaterial, ViralMaterial
from graphql_service.types.procedures import SubjectProcedure, procedures_from_document
from graphql_service.types.surgery import OtherSurgeryProcedure, SurgeryProcedure
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query

# Not one fragment below the subject: every field asked for is an interface field.
WITHOUT_FRAGMENTS = """{
  subject(subject_id: "650101") {
    subject_details { __typename object_type json }
    procedures { subject_procedures { __typename object_type source start_date json } }
  }
}"""

SURGERY_STEPS = """{
  procedures(subject_id: "650101") { subject_procedures { __typename
    ... on Surgery { procedures { __typename object_type protocol_id json
      ... on BrainInjection { injection_materials { __typename object_type name json } } } }
  } }
}"""


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client


def assert_kind_matches_document(node: dict[str, Any]) -> None:
    assert isinstance(node["json"], dict), node
    assert node["object_type"] == node["json"]["object_type"]
    # The GraphQL type is the aind-data-schema kind, written without spaces.
    assert node["__typename"].casefold() == node["object_type"].replace(" ", "").casefold()


async def test_injection_materials_json_without_a_fragment(demo: httpx.AsyncClient) -> None:
    query = """{ injection_materials(prep_lot_number: "demo-lot-001") {
      __typename object_type name json
      ... on ViralMaterial { tars_identifiers { prep_lot_number } } } }"""
    body = await run_query(demo, query)
    assert "errors" not in body, body
    assert body["extensions"]["status"]["injection_materials"]["code"] == 200
    [material] = body["data"]["injection_materials"]
    assert_kind_matches_document(material)
    assert material["__typename"] == "ViralMaterial"
    document = material["json"]
    assert document["name"] == material["name"]
    assert document["tars_identifiers"]["prep_lot_number"] == "DEMO-LOT-001"
    assert material["tars_identifiers"] == {"prep_lot_number": "DEMO-LOT-001"}


async def test_subject_details_and_procedures_without_fragments(demo: httpx.AsyncClient) -> None:
    body = await run_query(demo, WITHOUT_FRAGMENTS)
    assert "errors" not in body, body
    subject = body["data"]["subject"]
    details = subject["subject_details"]
    assert_kind_matches_document(details)
    assert details["json"]["genotype"] == "Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt"
    items = subject["procedures"]["subject_procedures"]
    assert {"Surgery", "NonSurgicalInjection"} <= {item["__typename"] for item in items}
    for item in items:
        assert_kind_matches_document(item)
        assert item["start_date"] == item["json"]["start_date"]
    assert {item["source"] for item in items} >= {"sharepoint.nsb2019", "sharepoint.las2020"}


async def test_surgery_steps_and_their_materials_without_fragments(
    demo: httpx.AsyncClient,
) -> None:
    body = await run_query(demo, SURGERY_STEPS)
    assert "errors" not in body, body
    items = body["data"]["procedures"]["subject_procedures"]
    steps = [step for item in items for step in item.get("procedures") or []]
    assert {"Headframe", "BrainInjection", "ProbeImplant", "Perfusion"} <= {
        step["__typename"] for step in steps
    }
    materials = [m for step in steps for m in step.get("injection_materials") or []]
    assert materials, "the demo surgery has a brain injection"
    for node in [*steps, *materials]:
        assert_kind_matches_document(node)
    for step in steps:
        assert step["protocol_id"] == step["json"]["protocol_id"]


def test_a_kind_without_its_own_type_still_shows_the_shared_fields() -> None:
    step = {
        "object_type": "Myomatrix insertion",
        "protocol_id": "doi:demo",
        "ground_electrode": {},
    }
    other = of_kind(SurgeryProcedure, step)
    assert isinstance(other, OtherSurgeryProcedure)
    assert (other.object_type, other.protocol_id, other.json) == (
        "Myomatrix insertion",
        "doi:demo",
        step,
    )
    # A subject procedure of a kind the service does not show is left out, not an error.
    procedures = procedures_from_document(
        {"subject_id": "1", "subject_procedures": [{"object_type": "Food restriction"}]}, ["x"]
    )
    assert procedures.subject_procedures == []
    assert of_kind(SubjectProcedure, "not a document") is None


def test_implementations_are_the_document_types() -> None:
    kinds = implementations(InjectionMaterial)
    assert ViralMaterial in kinds
    assert {kind.__name__ for kind in kinds} == {"ViralMaterial", "NonViralMaterial"}
