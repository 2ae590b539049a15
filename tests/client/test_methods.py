"""Every client method on the demo snapshot, through the real app, sync and async alike."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from aind_metadata_graphql_client import (
    AsyncMetadataClient,
    MetadataClient,
    MetadataResult,
    ValidationError,
)
from tests.client.conftest import DOMAIN, ThreadedASGITransport


@dataclass(frozen=True)
class Case:
    method: str
    args: tuple[Any, ...]
    code: int
    check: Callable[[Any], bool]
    kwargs: dict[str, Any] = field(default_factory=dict)
    sources: frozenset[str] = frozenset()

    def __str__(self) -> str:
        given = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{self.method}({', '.join(given)})"


def names(data: Any, key: str = "name") -> list[Any]:
    return [item[key] for item in data]


SUBJECT_SOURCES = frozenset({"labtracks", "mgi"})

CASES = [
    Case(
        "get_subject",
        ("650101",),
        200,
        lambda d: (
            d["subject_id"] == "650101"
            and "MGI:3590684"
            in [a["registry_identifier"] for a in d["subject_details"]["alleles"]]
        ),
        sources=SUBJECT_SOURCES,
    ),
    Case("get_subject", ("650121",), 406, lambda d: d["subject_id"] == "650121"),
    Case("get_subject", ("659999",), 404, lambda d: d is None, sources=frozenset({"labtracks"})),
    Case("get_subject", (650102,), 200, lambda d: d["subject_id"] == "650102"),
    Case(
        "get_procedures",
        ("650101",),
        200,
        lambda d: d["object_type"] == "Procedures" and len(d["subject_procedures"]) >= 4,
    ),
    Case(
        "get_procedures",
        ("650120",),
        406,
        lambda d: (
            {p["procedure_type"] for p in d["specimen_procedures"]}
            >= {"Delipidation", "Refractive index matching"}
        ),
    ),
    Case(
        "get_perfusions",
        ("650111",),
        200,
        lambda d: d["subject_id"] == "650111" and len(d["subject_procedures"]) == 1,
        sources=frozenset({"smartsheet.perfusions"}),
    ),
    Case(
        "get_intended_measurements",
        ("650101",),
        200,
        lambda d: (
            names(d, "fiber_name") == ["Fiber_0", "Fiber_1"]
            and d[0]["intended_measurement_G"] == "dopamine"
        ),
    ),
    Case(
        "get_injection_materials",
        ("DEMO-LOT-001",),
        200,
        lambda d: d[0]["tars_identifiers"]["prep_lot_number"] == "DEMO-LOT-001",
        sources=frozenset({"tars"}),
    ),
    Case("get_injection_materials", ("demo-lot-dup",), 300, lambda d: len(d) == 2),
    Case("get_injection_materials", ("NO-SUCH-LOT",), 404, lambda d: d is None),
    Case(
        "get_funding",
        ("Demo Behavior",),
        200,
        lambda d: d[0]["object_type"] == "Funding" and d[0]["grant_number"] == "DEMO-SF-0002",
        sources=frozenset({"smartsheet.funding"}),
    ),
    Case(
        "get_investigators",
        ("Demo Behavior",),
        200,
        lambda d: names(d) == ["Demo Person E", "Demo Person F"],
    ),
    Case("get_project_names", (), 200, lambda d: "Demo Imaging" in d and d == sorted(d)),
    Case(
        "get_protocols",
        ("demo headframe implantation",),
        200,
        lambda d: d[0]["doi"] == "https://doi.org/10.17504/protocols.io.demo-head",
    ),
    Case(
        "get_mgi_allele",
        ("Pvalb-IRES-Cre",),
        200,
        lambda d: names(d, "registry_identifier") == ["MGI:3590684"],
        sources=frozenset({"mgi"}),
    ),
    Case(
        "get_ecephys_sessions",
        ("650120",),
        406,
        lambda d: d[0]["object_type"] == "Acquisition" and d[0]["subject_id"] == "650120",
        sources=frozenset({"slims"}),
    ),
    Case(
        "get_ecephys_sessions",
        ("650120",),
        404,
        lambda d: d == [],
        kwargs={"start_date_gte": datetime.date(2024, 7, 1)},
    ),
    Case("get_smartspim_imaging", ("650120",), 200, lambda d: len(d) == 1),
    Case(
        "get_smartspim_imaging",
        ("650120",),
        404,
        lambda d: d == [],
        kwargs={"start_date_gte": datetime.date(2025, 1, 1)},
    ),
    Case(
        "get_histology",
        ("650118",),
        200,
        lambda d: names(d, "procedure_type") == ["Delipidation"],
    ),
    Case(
        "get_histology",
        ("650120",),
        200,
        lambda d: names(d, "procedure_type") == ["Delipidation"],
        kwargs={"end_date_lte": "2024-06-30"},
    ),
    Case(
        "get_histology",
        ("650120",),
        406,
        lambda d: len(d) == 4,
        kwargs={"start_date_gte": "2024-06-01", "end_date_lte": None},
    ),
    Case("get_histology", ("650101",), 404, lambda d: d == []),
    Case(
        "get_water_restriction",
        ("650120",),
        406,
        lambda d: d[0]["target_fraction_weight"] == 85,
    ),
    Case("get_viral_injections", ("650120",), 200, lambda d: names(d) == ["INJ-DEMO-0101"]),
    Case(
        "get_instrument",
        ("SmartSPIM-DEMO-1",),
        200,
        lambda d: names(d, "instrument_id") == ["SmartSPIM-DEMO-1"],
    ),
    Case("get_instrument", ("demo",), 406, lambda d: len(d) == 2, {"partial_match": True}),
]

#: Every public method of the client, each covered by at least one case.
METHODS = sorted(
    name
    for name in dir(MetadataClient)
    if name.startswith("get_") and callable(getattr(MetadataClient, name))
)


def test_every_method_has_a_case() -> None:
    assert sorted({case.method for case in CASES}) == METHODS
    assert set(METHODS) >= {
        "get_subject",
        "get_procedures",
        "get_intended_measurements",
        "get_injection_materials",
        "get_ecephys_sessions",
        "get_perfusions",
        "get_protocols",
        "get_funding",
        "get_project_names",
        "get_smartspim_imaging",
        "get_histology",
        "get_mgi_allele",
    }, "the 0.24 client's methods"
    assert [m for m in dir(AsyncMetadataClient) if m.startswith("get_")] == METHODS


def check(case: Case, result: MetadataResult) -> None:
    assert isinstance(result, MetadataResult)
    assert result.status_code == case.code, (result.message, result.errors)
    assert result.message
    assert case.check(result.data), result.data
    if case.sources:
        assert {source.name for source in result.sources} == case.sources
    assert all(source.code and source.ms >= 0 for source in result.sources)
    if case.code == 406:
        assert result.validation_errors
        assert all(
            isinstance(e, ValidationError) and e.loc and e.msg for e in result.validation_errors
        )
    else:
        assert not result.validation_errors
    assert not result.errors
    assert result.request_id


@pytest.mark.parametrize("case", CASES, ids=str)
def test_sync_client(case: Case, sync_transport: ThreadedASGITransport) -> None:
    with MetadataClient(DOMAIN, transport=sync_transport) as client:
        check(case, getattr(client, case.method)(*case.args, **case.kwargs))


@pytest.mark.parametrize("case", CASES, ids=str)
async def test_async_client(case: Case, async_transport: httpx.ASGITransport) -> None:
    async with AsyncMetadataClient(DOMAIN, transport=async_transport) as client:
        check(case, await getattr(client, case.method)(*case.args, **case.kwargs))


def test_invalid_subject_lists_what_fails(sync_transport: ThreadedASGITransport) -> None:
    with MetadataClient(DOMAIN, transport=sync_transport) as client:
        result = client.get_subject("650121")
    path = ("subject", "json", "subject_details", "sex")  # where the data holds it
    assert ValidationError(("subject_details", "sex"), "missing", path) in result.validation_errors
    assert next((s.name, s.code) for s in result.sources) == ("labtracks", 200)


def test_each_method_sends_one_named_query(sync_transport: ThreadedASGITransport) -> None:
    before = len(sync_transport.requests)
    with MetadataClient(DOMAIN, transport=sync_transport) as client:
        client.get_smartspim_imaging("650120", start_date_gte=datetime.date(2024, 1, 2))
    (request,) = sync_transport.requests[before:]
    body = httpx.Response(200, content=request.content).json()
    assert body["query"].startswith("query SmartspimImaging($subject_id: String!, ")
    assert body["variables"] == {"subject_id": "650120", "start_date_gte": "2024-01-02"}
    assert str(request.url) == f"{DOMAIN}/graphql"
