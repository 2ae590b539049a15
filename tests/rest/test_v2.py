"""The /api/v2 paths on the demo snapshot, with the 2.x proxy's semantics
(graphql_service/rest/v2.py)."""

from __future__ import annotations

import json

import httpx
import pytest

from graphql_service.rest import ROUTES
from graphql_service.rest.routes import Kind
from graphql_service.rest.v2 import TOO_MANY, error_header

NOT_FOUND = {"detail": "Not found"}

#: (route template, URL, status code, X-Metadata-Status).
CASES: list[tuple[str, str, int, str]] = [
    ("/api/v2/subject/{subject_id}", "/api/v2/subject/650101", 200, "200"),
    ("/api/v2/subject/{subject_id}", "/api/v2/subject/650121", 400, "406"),
    ("/api/v2/subject/{subject_id}", "/api/v2/subject/999999", 404, "404"),
    ("/api/v2/procedures/{subject_id}", "/api/v2/procedures/650101", 200, "200"),
    ("/api/v2/procedures/{subject_id}", "/api/v2/procedures/650120", 400, "406"),
    ("/api/v2/procedures/{subject_id}", "/api/v2/procedures/650108", 404, "404"),
    ("/api/v2/funding/{project_name}", "/api/v2/funding/Demo Cell Types", 200, "200"),
    ("/api/v2/funding/{project_name}", "/api/v2/funding/Demo Imaging", 400, "406"),
    ("/api/v2/funding/{project_name}", "/api/v2/funding/Nobody", 404, "404"),
    ("/api/v2/investigators/{project_name}", "/api/v2/investigators/Demo Imaging", 200, "200"),
    ("/api/v2/investigators/{project_name}", "/api/v2/investigators/Nobody", 404, "404"),
    ("/api/v2/project_names", "/api/v2/project_names", 200, "200"),
    (
        "/api/v2/protocols/{protocol_name}",
        "/api/v2/protocols/Demo Headframe Implantation",
        200,
        "200",
    ),
    ("/api/v2/protocols/{protocol_name}", "/api/v2/protocols/Nothing", 404, "404"),
    ("/api/v2/perfusions/{subject_id}", "/api/v2/perfusions/650101", 200, "200"),
    ("/api/v2/perfusions/{subject_id}", "/api/v2/perfusions/650102", 404, "404"),
    ("/api/v2/mgi_allele/{allele_name}", "/api/v2/mgi_allele/Pvalb-IRES-Cre", 200, "200"),
    ("/api/v2/mgi_allele/{allele_name}", "/api/v2/mgi_allele/No-Such", 404, "404"),
    (
        "/api/v2/tars_injection_materials/{prep_lot_number}",
        "/api/v2/tars_injection_materials/DEMO-LOT-001",
        200,
        "200",
    ),
    (
        "/api/v2/tars_injection_materials/{prep_lot_number}",
        "/api/v2/tars_injection_materials/DEMO-LOT-DUP",
        200,
        "300",
    ),
    (
        "/api/v2/intended_measurements/{subject_id}",
        "/api/v2/intended_measurements/650101",
        200,
        "200",
    ),
    (
        "/api/v2/intended_measurements/{subject_id}",
        "/api/v2/intended_measurements/650105",
        404,
        "404",
    ),
]


def test_every_v2_route_has_a_case() -> None:
    v2 = {r.path for r in ROUTES if r.kind in (Kind.V2_OBJECT, Kind.V2_LIST)}
    assert v2 == {template for template, *_ in CASES}


@pytest.mark.parametrize(("template", "url", "code", "ours"), CASES, ids=[c[1] for c in CASES])
async def test_status(
    demo: httpx.AsyncClient, template: str, url: str, code: int, ours: str
) -> None:
    response = await demo.get(url)
    assert response.status_code == code, response.text
    assert response.headers["x-metadata-status"] == ours
    if code == 404:
        assert response.json() == NOT_FOUND
    if code == 400:
        errors = json.loads(response.headers["x-error-message"])
        assert errors
        assert all(set(e) == {"loc", "msg"} for e in errors)
    else:
        assert "x-error-message" not in response.headers


async def test_bodies_are_bare_documents(demo: httpx.AsyncClient) -> None:
    subject = (await demo.get("/api/v2/subject/650101")).json()
    assert subject["subject_id"] == "650101"
    procedures = (await demo.get("/api/v2/procedures/650101")).json()
    assert procedures["object_type"] == "Procedures"
    perfusions = (await demo.get("/api/v2/perfusions/650101")).json()
    assert [p["object_type"] for p in perfusions] == ["Surgery"]
    alleles = (await demo.get("/api/v2/mgi_allele/Pvalb-IRES-Cre")).json()
    assert alleles == [
        {
            "name": "Pvalb<tm1(cre)Arbr>",
            "abbreviation": None,
            "registry": "Mouse Genome Informatics (MGI)",
            "registry_identifier": "MGI:3590684",
        }
    ]
    names = (await demo.get("/api/v2/project_names")).json()
    assert names == sorted(names)
    assert "Demo Imaging" in names
    protocol = (await demo.get("/api/v2/protocols/Demo Headframe Implantation")).json()
    assert protocol["doi"] == "https://doi.org/10.17504/protocols.io.demo-head"
    people = (await demo.get("/api/v2/investigators/Demo Imaging")).json()
    assert [p["name"] for p in people] == ["Demo Person G"]


async def test_an_invalid_document_is_returned_with_400_and_its_errors(
    demo: httpx.AsyncClient,
) -> None:
    response = await demo.get("/api/v2/subject/650121")
    assert response.json()["subject_id"] == "650121"
    assert json.loads(response.headers["x-error-message"]) == [
        {"loc": ["subject_details", "sex"], "msg": "missing"}
    ]


async def test_malformed_ids(demo: httpx.AsyncClient) -> None:
    response = await demo.get("/api/v2/subject/abc")
    assert response.status_code == 406  # as the proxy answered
    assert response.json() == {
        "detail": "Subject ID abc is not valid. Please specify a numeric subject ID."
    }
    response = await demo.get("/api/v2/procedures/abc")
    assert response.status_code == 400
    assert "subject_id" in response.json()["detail"]
    assert "x-error-message" not in response.headers
    response = await demo.get("/api/v2/mgi_allele/%20%20")
    assert response.status_code == 400
    assert "allele_name" in response.json()["detail"]


async def test_healthcheck(demo: httpx.AsyncClient) -> None:
    response = await demo.get("/api/v2/healthcheck")
    assert response.status_code == 200
    assert response.json()["status"] == "OK"
    assert response.json()["service_version"]


def test_the_error_header_is_bounded_as_the_proxy_bounded_it() -> None:
    few = [{"loc": ["a"], "msg": "Field required"}]
    assert error_header(few) == '[{"loc":["a"],"msg":"Field required"}]'
    many = [{"loc": ["field", str(i)], "msg": "Input should be a valid string"} for i in range(99)]
    assert error_header(many) == TOO_MANY
