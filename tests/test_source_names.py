"""Each Smartsheet sheet answers under one name, the same in a procedure's `source` and in
`extensions.status` (`smartsheet.perfusions`, `smartsheet.protocols`, `smartsheet.funding`),
whether it answered or is not configured; the backend as a whole (its circuit, `/ready`)
stays `smartsheet`."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query

QUERIES = {
    "procedures": '{ procedures(subject_id: "650111") { subject_procedures { source } } }',
    "funding": '{ funding(project_name: "Demo Behavior") { grant_number } }',
    "project_names": "{ project_names }",
    "protocols": '{ protocols(protocol_name: "Demo Headframe Implantation") { doi } }',
}
#: The Smartsheet sources each field's status lists.
EXPECTED = {
    "procedures": {"smartsheet.perfusions", "smartsheet.protocols"},
    "funding": {"smartsheet.funding"},
    "project_names": {"smartsheet.funding"},
    "protocols": {"smartsheet.protocols"},
}


def smartsheet_sources(body: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    sources = body["extensions"]["status"][path]["sources"]
    return {s["name"]: s for s in sources if s["name"].startswith("smartsheet")}


@pytest.mark.parametrize("path", list(QUERIES))
async def test_sheets_answer_under_their_own_names(path: str) -> None:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        body = await run_query(client, QUERIES[path])
        ready = (await client.get("/ready")).json()
    assert "errors" not in body
    found = smartsheet_sources(body, path)
    assert set(found) == EXPECTED[path]
    assert {entry["code"] for entry in found.values()} == {200}
    if path == "procedures":
        kept = {p["source"] for p in body["data"]["procedures"]["subject_procedures"]}
        assert kept == {"smartsheet.perfusions"}
    assert "smartsheet" in ready["backends"]


@pytest.mark.parametrize("path", list(QUERIES))
async def test_an_unconfigured_sheet_is_named_too(path: str) -> None:
    backends = dataclasses.replace(Backends.from_snapshot(DEMO_SNAPSHOT), smartsheet=None)
    async with graphql_client(backends) as client:
        body = await run_query(client, QUERIES[path])
    found = smartsheet_sources(body, path)
    # Procedures of a subject only the sheet knows ask no protocol: nothing to complete.
    expected = {"smartsheet.perfusions"} if path == "procedures" else EXPECTED[path]
    assert set(found) == expected
    assert all(entry["configured"] is False for entry in found.values())
