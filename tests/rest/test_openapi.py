"""The /openapi.json a real `serve --demo` process serves: a valid OpenAPI 3.1 document
(openapi-spec-validator) that describes every row of the route table, parameters included."""

from __future__ import annotations

import copy
import re
from typing import Any

import httpx
import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from graphql_service.rest import ROUTES
from graphql_service.rest.routes import ParamType, RestRoute

SCHEMA_TYPES = {ParamType.STRING: "string", ParamType.DATE: "string", ParamType.BOOLEAN: "boolean"}


@pytest.fixture(scope="module")
def document(service_url: str) -> dict[str, Any]:
    response = httpx.get(f"{service_url}/openapi.json", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    return body


def _errors(document: dict[str, Any]) -> list[str]:
    validator = OpenAPIV31SpecValidator(document)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors()]


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1.")
    assert _errors(document) == []


def test_the_validator_sees_a_broken_document(document: dict[str, Any]) -> None:
    """The check above would catch a route whose path parameter went undeclared."""
    broken = copy.deepcopy(document)
    broken["paths"]["/subject/{subject_id}"]["get"]["parameters"] = []
    assert _errors(broken)


def test_only_the_table_is_described(document: dict[str, Any]) -> None:
    described = {(path, method) for path, item in document["paths"].items() for method in item}
    assert described == {(route.path, route.method.lower()) for route in ROUTES}


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.method} {r.path}" for r in ROUTES])
def test_every_route_with_its_parameters(document: dict[str, Any], route: RestRoute) -> None:
    operation = document["paths"][route.path][route.method.lower()]
    assert operation["summary"] == route.summary
    assert operation["operationId"]
    described = [
        (p["name"], p["in"], p["required"], p["schema"]["type"], p["description"])
        for p in operation["parameters"]
    ]
    assert described == [
        (p.name, p.location.value, p.required, SCHEMA_TYPES[p.type], p.description)
        for p in route.params
    ]
    for param in operation["parameters"]:
        if param["in"] == "path":
            assert "{" + param["name"] + "}" in route.path
            assert param["required"] is True
    expected = {"200", "404", "503"}
    assert expected <= set(operation["responses"])
    assert all(r["description"] for r in operation["responses"].values())
    if route.model:
        assert route.model in operation["description"]


# --- /docs: Swagger UI from local files ---------------------------------------------------


def test_the_docs_page_and_its_assets_load_from_the_service(service_url: str) -> None:
    page = httpx.get(f"{service_url}/docs", timeout=10)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "http://" not in page.text
    assert "https://" not in page.text
    assert '"url": "/openapi.json"' in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) == 3, assets  # the stylesheet, Swagger UI's bundle, the start script
    kinds = {"css": "text/css", "js": "javascript"}
    for asset in assets:
        assert asset.startswith("/"), asset  # same origin
        loaded = httpx.get(f"{service_url}{asset}", timeout=10)
        assert loaded.status_code == 200, asset
        assert kinds[asset.rsplit(".", 1)[1]] in loaded.headers["content-type"], asset
        assert len(loaded.content) > 100, asset
    start = httpx.get(f"{service_url}/docs/start.js", timeout=10).text
    assert "validatorUrl: null" in start  # no badge fetched from validator.swagger.io
