"""Failing and absent backends on the REST paths: 0.24's codes and messages, never a traceback
or an unhandled 500; API keys and CORS as on /graphql; the generated OpenAPI document."""

from __future__ import annotations

import dataclasses
import logging

import httpx
import pytest
from pydantic import SecretStr

from datasources.mgi import MgiSettings, MgiSource
from datasources.smartsheet import SmartsheetSettings, SmartsheetSource
from datasources.smartsheet.settings import PerfusionsSheetSettings
from datasources.snapshot import DEMO_SNAPSHOT
from graphql_service.rest import GUARDED_PREFIXES, ROUTES
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from resolvers.subject import SubjectResolver
from tests.conftest import free_port, graphql_client
from tests.servers.mgi import MgiServer

PARTIAL = "There was an error retrieving records from one or more of the databases."
CONNECTION_ERROR = "Connection Error."


def demo_without(**absent: None) -> Backends:
    return dataclasses.replace(Backends.from_snapshot(DEMO_SNAPSHOT), **absent)


@pytest.mark.parametrize(
    ("absent", "url"),
    [
        ("labtracks", "/subject/650101"),
        ("smartsheet", "/perfusions/650101"),
        ("smartsheet", "/funding/Demo Imaging"),
        ("smartsheet", "/project_names"),
        ("smartsheet", "/protocols/Demo Headframe Implantation"),
        ("tars", "/tars_injection_materials/DEMO-LOT-001"),
        ("mgi", "/mgi_allele/Pvalb-IRES-Cre"),
        ("slims", "/slims/histology?subject_id=650118"),
        ("slims", "/slims/ecephys_sessions?subject_id=650120"),
        ("slims", "/instrument/SmartSPIM-DEMO-1"),
    ],
)
async def test_a_needed_backend_absent_is_503_connection_error(absent: str, url: str) -> None:
    async with graphql_client(demo_without(**{absent: None})) as client:
        response = await client.get(url)
        has_v2 = not url.startswith(("/slims", "/instrument"))
        v2 = await client.get(f"/api/v2{url}") if has_v2 else None
    assert response.status_code == 503
    body = response.json()
    assert body["message"] == CONNECTION_ERROR
    assert body["data"] is None
    assert any(s["name"].startswith(absent) and s["code"] == 503 for s in body["sources"])
    if v2 is not None:
        assert v2.status_code == 503
        assert "configured" in v2.json()["detail"]


async def test_mgi_failing_makes_the_subject_207_with_its_data() -> None:
    demo = Backends.from_snapshot(DEMO_SNAPSHOT)
    with MgiServer({}) as server:
        server.fail_next(100, status=500)
        mgi = MgiSource.from_settings(MgiSettings(url=server.endpoint, timeout_seconds=2))
        async with graphql_client(dataclasses.replace(demo, mgi=mgi)) as client:
            legacy = await client.get("/subject/650101")
            v2 = await client.get("/api/v2/subject/650101")
    assert legacy.status_code == 207
    body = legacy.json()
    assert body["message"] == PARTIAL
    assert body["data"]["subject_id"] == "650101"
    assert {s["name"]: s["code"] for s in body["sources"]} == {"labtracks": 200, "mgi": 503}
    assert v2.status_code == 200  # the proxy had no partial answer: 200, marked in a header
    assert v2.json()["subject_id"] == "650101"
    assert v2.headers["x-metadata-status"] == "207"
    assert "mgi" in v2.headers["x-metadata-message"]


async def test_a_procedures_backend_down_gives_207() -> None:
    demo = Backends.from_snapshot(DEMO_SNAPSHOT)
    sheet = PerfusionsSheetSettings(api_token=SecretStr("t"), id=1)
    settings = SmartsheetSettings(
        api_url=f"http://127.0.0.1:{free_port()}/2.0", timeout_seconds=1, perfusions=sheet
    )
    smartsheet = SmartsheetSource.from_settings(settings)
    async with graphql_client(dataclasses.replace(demo, smartsheet=smartsheet)) as client:
        procedures = await client.get("/procedures/650101")
        perfusions = await client.get("/perfusions/650101")
        v2 = await client.get("/api/v2/perfusions/650101")
    assert procedures.status_code == 207
    assert procedures.json()["message"] == PARTIAL
    assert procedures.json()["data"]["subject_id"] == "650101"
    assert perfusions.status_code == 503
    assert perfusions.json() == {
        "message": CONNECTION_ERROR,
        "data": None,
        "sources": perfusions.json()["sources"],
    }
    assert v2.status_code == 503


async def test_a_bug_is_a_masked_500_logged_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(self: SubjectResolver, subject_id: str, with_alleles: bool = True) -> None:
        raise RuntimeError("secret detail of a bug")

    monkeypatch.setattr(SubjectResolver, "subject", broken)
    caplog.set_level(logging.ERROR, "graphql_service")
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        legacy = await client.get("/subject/650101", headers={"x-request-id": "req-42"})
        v2 = await client.get("/api/v2/subject/650101")
    assert legacy.status_code == 500
    assert legacy.json() == {"message": "Internal Server Error.", "data": None}
    assert v2.status_code == 500
    assert v2.json() == {"detail": "Internal Server Error"}
    for response in (legacy, v2):
        assert "secret" not in response.text
        assert "Traceback" not in response.text
    assert "req-42" in caplog.text
    assert "secret detail of a bug" in caplog.text


# --- API keys and CORS ------------------------------------------------------------------

KEY = "rest-key-0123456789"


def keyed() -> ServiceSettings:
    return ServiceSettings(api_keys=(SecretStr(KEY),))


async def test_rest_paths_need_a_key_when_keys_are_set() -> None:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT), keyed()) as client:
        refused = await client.get("/subject/650101")
        refused_v2 = await client.get("/api/v2/subject/650101")
        refused_names = await client.get("/project_names")
        allowed = await client.get("/subject/650101", headers={"x-api-key": KEY})
        bearer = await client.get(
            "/api/v2/subject/650101", headers={"authorization": f"Bearer {KEY}"}
        )
        health = await client.get("/api/v2/healthcheck")
        openapi = await client.get("/openapi.json")
        graphql = await client.post("/graphql", json={"query": "{ project_names }"})
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["data"] is None
    assert "X-API-Key" in refused.json()["message"]
    assert refused_v2.status_code == 401
    assert "X-API-Key" in refused_v2.json()["detail"]
    assert refused_names.status_code == 401
    assert allowed.status_code == 200
    assert bearer.status_code == 200
    assert health.status_code == 200
    assert openapi.status_code == 200
    assert graphql.status_code == 401  # /graphql unchanged


def test_every_protected_route_is_guarded() -> None:
    for route in ROUTES:
        prefix = route.path.split("{", 1)[0]
        assert prefix in GUARDED_PREFIXES


async def test_cors_applies_to_rest_paths() -> None:
    origin = "https://portal.example.org"
    settings = ServiceSettings(cors_origins=(origin,))
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT), settings) as client:
        allowed = await client.get("/subject/650101", headers={"origin": origin})
        other = await client.get("/subject/650101", headers={"origin": "https://elsewhere.org"})
        preflight = await client.options(
            "/api/v2/subject/650101",
            headers={"origin": origin, "access-control-request-method": "GET"},
        )
    assert allowed.headers["access-control-allow-origin"] == origin
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200


# --- OpenAPI --------------------------------------------------------------------------


async def test_openapi_is_generated_from_the_table(demo: httpx.AsyncClient) -> None:
    document = (await demo.get("/openapi.json")).json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {route.path for route in ROUTES}
    histology = document["paths"]["/slims/histology"]["get"]
    assert [(p["name"], p["in"], p["required"]) for p in histology["parameters"]] == [
        ("subject_id", "query", True),
        ("start_date_gte", "query", False),
        ("end_date_lte", "query", False),
    ]
    assert histology["parameters"][1]["schema"] == {"type": "string", "format": "date"}
    subject = document["paths"]["/api/v2/subject/{subject_id}"]["get"]
    assert subject["parameters"][0]["in"] == "path"
    assert "X-Error-Message" in subject["responses"]["400"]["description"]
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
