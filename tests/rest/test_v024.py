"""The 0.24 paths on the demo snapshot: envelope, status codes and messages as 0.24 sent them
(graphql_service/rest/envelope.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graphql_service.rest import ROUTES
from graphql_service.rest.routes import Kind

VALID = "Valid Model."
NOT_FOUND = "No Data Found."
MULTIPLE_VALID = "Multiple Items Found. All Models Valid."
SLIMS = "Data from SLIMS"
UNVALIDATED = "Valid Request Format. Models have not been validated."
BAD_SUBJECT = "Argument 'subject_id' must be a non-negative integer of at most 18 digits."

#: (route template, URL, status code, message; None where the message is checked apart).
CASES: list[tuple[str, str, int, str | None]] = [
    ("/subject/{subject_id}", "/subject/650101", 200, VALID),
    ("/subject/{subject_id}", "/subject/650121", 406, None),
    ("/subject/{subject_id}", "/subject/999999", 404, NOT_FOUND),
    ("/subject/{subject_id}", "/subject/65x101", 400, BAD_SUBJECT),
    ("/procedures/{subject_id}", "/procedures/650101", 200, VALID),
    ("/procedures/{subject_id}", "/procedures/650120", 406, None),
    ("/procedures/{subject_id}", "/procedures/650108", 404, NOT_FOUND),
    ("/procedures/{subject_id}", "/procedures/-1", 400, BAD_SUBJECT),
    ("/intended_measurements/{subject_id}", "/intended_measurements/650101", 300, MULTIPLE_VALID),
    ("/intended_measurements/{subject_id}", "/intended_measurements/650105", 404, NOT_FOUND),
    (
        "/tars_injection_materials/{prep_lot_number}",
        "/tars_injection_materials/DEMO-LOT-001",
        200,
        VALID,
    ),
    (
        "/tars_injection_materials/{prep_lot_number}",
        "/tars_injection_materials/DEMO-LOT-DUP",
        300,
        MULTIPLE_VALID,
    ),
    (
        "/tars_injection_materials/{prep_lot_number}",
        "/tars_injection_materials/NOPE",
        404,
        NOT_FOUND,
    ),
    ("/protocols/{protocol_name}", "/protocols/Demo Headframe Implantation", 200, VALID),
    ("/protocols/{protocol_name}", "/protocols/Nothing by this name", 404, NOT_FOUND),
    ("/mgi_allele/{allele_name}", "/mgi_allele/Pvalb-IRES-Cre", 200, VALID),
    ("/mgi_allele/{allele_name}", "/mgi_allele/No-Such-Allele", 404, NOT_FOUND),
    ("/perfusions/{subject_id}", "/perfusions/650101", 200, VALID),
    ("/perfusions/{subject_id}", "/perfusions/650102", 404, NOT_FOUND),
    ("/funding/{project_name}", "/funding/Demo Cell Types", 300, MULTIPLE_VALID),
    ("/funding/{project_name}", "/funding/Nobody's project", 404, NOT_FOUND),
    ("/project_names", "/project_names", 200, "Success"),
    ("/slims/ecephys_sessions", "/slims/ecephys_sessions?subject_id=650120", 200, SLIMS),
    ("/slims/ecephys_sessions", "/slims/ecephys_sessions?subject_id=650118", 404, NOT_FOUND),
    ("/slims/smartspim_imaging", "/slims/smartspim_imaging?subject_id=650120", 200, SLIMS),
    ("/slims/histology", "/slims/histology?subject_id=650118", 200, SLIMS),
    ("/slims/histology", "/slims/histology?subject_id=650101", 404, NOT_FOUND),
    ("/slims/water_restriction", "/slims/water_restriction?subject_id=650120", 200, SLIMS),
    ("/slims/viral_injections", "/slims/viral_injections?subject_id=650120", 200, SLIMS),
    ("/slims/viral_injections", "/slims/viral_injections?subject_id=650118", 404, NOT_FOUND),
    ("/instrument/{instrument_id}", "/instrument/SmartSPIM-DEMO-1", 422, UNVALIDATED),
    (
        "/instrument/{instrument_id}",
        "/instrument/demo?partial_match=true",
        300,
        "Multiple Items Found. Models have not been validated.",
    ),
    ("/instrument/{instrument_id}", "/instrument/demo", 404, NOT_FOUND),
    ("/rig/{rig_id}", "/rig/EPHYS-DEMO-RIG-OLD", 422, UNVALIDATED),
    ("/rig/{rig_id}", "/rig/%20", 400, "Argument 'rig_id' must be 1 to 200 printable characters."),
    (
        "/ecephys_sessions_by_subject/{subject_id}",
        "/ecephys_sessions_by_subject/650120",
        200,
        SLIMS,
    ),
    (
        "/ecephys_sessions_by_subject/{subject_id}",
        "/ecephys_sessions_by_subject/x",
        400,
        BAD_SUBJECT,
    ),
]


def test_every_024_route_has_a_case() -> None:
    legacy = {r.path for r in ROUTES if r.kind not in (Kind.V2_OBJECT, Kind.V2_LIST)}
    assert legacy == {template for template, *_ in CASES}


@pytest.mark.parametrize(("template", "url", "code", "message"), CASES, ids=[c[1] for c in CASES])
async def test_status_and_message(
    demo: httpx.AsyncClient, template: str, url: str, code: int, message: str | None
) -> None:
    response = await demo.get(url)
    body = response.json()
    assert response.status_code == code, body
    assert {"message", "data"} <= set(body)
    if message is not None:
        assert body["message"] == message
    if code in (400, 404):
        assert body["data"] is None
    assert response.headers["x-request-id"]


async def test_one_document_is_an_object_several_a_list(demo: httpx.AsyncClient) -> None:
    subject = (await demo.get("/subject/650101")).json()
    assert subject["data"]["subject_id"] == "650101"
    assert subject["data"]["object_type"] == "Subject"
    names = [a["name"] for a in subject["data"]["subject_details"]["alleles"]]
    assert "Pvalb<tm1(cre)Arbr>" in names
    assert [s["name"] for s in subject["sources"]] == ["labtracks", "mgi"]
    assert "validation_errors" not in subject
    lots = (await demo.get("/tars_injection_materials/DEMO-LOT-DUP")).json()["data"]
    assert [lot["tars_identifiers"]["prep_lot_number"] for lot in lots] == ["DEMO-LOT-DUP"] * 2
    perfusion = (await demo.get("/perfusions/650101")).json()["data"]
    assert perfusion["procedures"][0]["object_type"] == "Perfusion"


async def test_validation_errors_in_full_in_the_message_and_as_a_list(
    demo: httpx.AsyncClient,
) -> None:
    body = (await demo.get("/subject/650121")).json()
    assert body["message"] == (
        "Validation Errors: 1 validation error for Subject\nsubject_details.sex\n  missing"
    )
    assert body["validation_errors"] == [{"loc": ["subject_details", "sex"], "msg": "missing"}]
    assert body["data"]["subject_id"] == "650121"  # the document is still returned
    procedures = (await demo.get("/procedures/650120")).json()
    errors = procedures["validation_errors"]
    assert len(errors) == 3
    assert procedures["message"].startswith(
        "Validation Errors: 3 validation errors for Procedures\n"
    )
    for error in errors:  # every one, never truncated
        assert error["msg"] in procedures["message"]
    assert procedures["data"]["subject_id"] == "650120"


async def test_slims_lists_carry_their_validation_errors(demo: httpx.AsyncClient) -> None:
    body = (await demo.get("/slims/water_restriction?subject_id=650120")).json()
    assert body["message"] == SLIMS
    [restriction] = body["data"]
    assert restriction["object_type"] == "Water restriction"
    assert [e["loc"] for e in body["validation_errors"]] == [[0, "ethics_review_id"]]
    histology = (await demo.get("/slims/histology?subject_id=650118")).json()["data"]
    assert isinstance(histology, list)
    assert histology[0]["procedure_type"] == "Delipidation"


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ("subject_id=", 400, "subject_id cannot be an empty string!"),
        ("", 400, "Query parameter 'subject_id' is required."),
        ("subject_id=abc", 400, BAD_SUBJECT),
        ("subject_id=650120&start_date_gte=soon", 400, "soon is not valid ISOFormat!"),
        ("subject_id=650120&end_date_lte=2024-13-01", 400, "2024-13-01 is not valid ISOFormat!"),
        (
            "subject_id=650120&start_date_gte=2024-08-01&end_date_lte=2024-07-01",
            400,
            "Argument 'start_date_gte' must not be later than 'end_date_lte'.",
        ),
        ("subject_id=650120&start_date_gte=2024-07-01T00:00:00Z", 200, SLIMS),
        ("subject_id=650120&start_date_gte=2025-01-01", 404, NOT_FOUND),
    ],
)
async def test_slims_query_parameters(
    demo: httpx.AsyncClient, query: str, code: int, message: str
) -> None:
    response = await demo.get(f"/slims/histology?{query}")
    assert response.status_code == code
    assert response.json()["message"] == message


async def test_histology_dates_filter(demo: httpx.AsyncClient) -> None:
    every = (await demo.get("/slims/histology?subject_id=650120")).json()["data"]
    later = (await demo.get("/slims/histology?subject_id=650120&start_date_gte=2024-07-01")).json()
    assert 0 < len(later["data"]) < len(every)
    assert all(item["start_date"] >= "2024-07-01" for item in later["data"])


async def test_partial_match_must_be_a_boolean(demo: httpx.AsyncClient) -> None:
    response = await demo.get("/instrument/demo?partial_match=perhaps")
    assert response.status_code == 400
    assert response.json() == {
        "message": "Parameter 'partial_match' must be true or false.",
        "data": None,
    }


async def test_instruments_are_returned_as_stored(demo: httpx.AsyncClient) -> None:
    body = (await demo.get("/instrument/demo?partial_match=1")).json()
    ids = [d.get("instrument_id") or d.get("rig_id") for d in body["data"]]
    assert set(ids) == {"SmartSPIM-DEMO-1", "EPHYS-DEMO-RIG-OLD"}
    rig = (await demo.get("/rig/EPHYS-DEMO-RIG-OLD")).json()
    assert rig["data"]["rig_id"] == "EPHYS-DEMO-RIG-OLD"
    assert rig["validation_errors"]  # a 0.x rig: reported, but 0.24 never validated here


async def test_project_names(demo: httpx.AsyncClient) -> None:
    body: dict[str, Any] = (await demo.get("/project_names")).json()
    assert body["data"] == sorted(body["data"])
    assert "Demo Cell Types - Subproject 1 Demo Morphology" in body["data"]
