"""protocol_names, and "Did you mean ...?" on a protocol or project name that finds nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from resolvers.reference import closest_names, did_you_mean
from tests.conftest import graphql_client, run_query

DEMO_PROTOCOLS = [
    "Demo Craniotomy and Cranial Window",
    "Demo Delipidation of a Whole Mouse Brain",
    "Demo Delivery of Tracers by Iontophoresis V.3",
    "Demo Fiber Optic Cannula Implantation",
    "Demo General Set-Up and Take-Down for Rodent Neurosurgery",
    "Demo Headframe Implantation",
    "Demo Imaging Cleared Brains on SmartSPIM",
    "Demo Injection of Viral Tracers by Nanoject V.3",
    "Demo Injection of Viral Tracers by Nanoject V.4",
    "Demo Mouse Cardiac Perfusion Fixation and Brain Collection V.5",
    "Demo Retro-Orbital Injection",
]


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client


async def test_protocol_names_lists_every_title_once_sorted(demo: httpx.AsyncClient) -> None:
    body = await run_query(demo, "{ protocol_names }")
    assert body["data"]["protocol_names"] == DEMO_PROTOCOLS
    assert body["extensions"]["status"]["protocol_names"]["code"] == 200


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            '{ protocols(protocol_name: "demo headframe implant") { doi } }',
            "protocols",
            "No protocol named 'demo headframe implant'. "
            "Did you mean 'Demo Headframe Implantation'?",
        ),
        (
            '{ protocols(protocol_name: "Injection of Viral Tracers by Nanoject") { doi } }',
            "protocols",
            # Equally close names in alphabetical order.
            "No protocol named 'Injection of Viral Tracers by Nanoject'. Did you mean "
            "'Demo Injection of Viral Tracers by Nanoject V.3' or "
            "'Demo Injection of Viral Tracers by Nanoject V.4'?",
        ),
        (
            '{ funding(project_name: "Demo Imagin") { grant_number } }',
            "funding",
            "No funding for 'Demo Imagin'. Did you mean 'Demo Imaging'?",
        ),
        (
            '{ investigators(project_name: "demo  behaviour") { name } }',
            "investigators",
            "No investigators of 'demo  behaviour'. Did you mean 'Demo Behavior'?",
        ),
        (
            '{ funding(project_name: "Something else entirely") { grant_number } }',
            "funding",
            "No funding for 'Something else entirely'.",
        ),
    ],
)
async def test_a_404_suggests_the_closest_names(
    demo: httpx.AsyncClient, query: str, field: str, message: str
) -> None:
    body = await run_query(demo, query)
    assert body["data"][field] is None
    assert "errors" not in body
    status = body["extensions"]["status"][field]
    assert status["code"] == 404
    assert status["message"] == message


async def test_a_found_name_gets_no_suggestion(demo: httpx.AsyncClient) -> None:
    body = await run_query(demo, '{ funding(project_name: "Demo Imaging") { grant_number } }')
    status = body["extensions"]["status"]["funding"]
    assert status["code"] in (200, 406)
    assert "Did you mean" not in status["message"]


async def test_rest_keeps_the_024_message(demo: httpx.AsyncClient) -> None:
    response = await demo.get("/protocols/demo headframe implant")
    assert response.status_code == 404
    assert response.json()["message"] == "No Data Found."


def test_closest_names_ignore_case_and_spacing_and_keep_the_sheets_spelling() -> None:
    names = ["Cell Types", "Cell  types", "Behavior", "Cell Typing", "Imaging"]
    assert closest_names("CELL TYPE", names) == ["Cell Types", "Cell Typing"]
    assert closest_names("zzz", names) == []


def test_did_you_mean_lists_names_in_one_sentence() -> None:
    assert did_you_mean([]) == ""
    assert did_you_mean(["A"]) == " Did you mean 'A'?"
    assert did_you_mean(["A", "B", "C"]) == " Did you mean 'A', 'B' or 'C'?"
