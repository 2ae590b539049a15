"""Each backend failing in each way, under the full subject + procedures query.

Backends by faults: refused (nothing listens), hangs (accepts, reads, never answers), an error
(HTTP 500, or a database error), an unreadable body (invalid JSON; for LabTracks malformed
CLASS_VALUES XML) and valid JSON of the wrong shape. Every time the answer comes within the
deadline, the other backends' data is there, and the failed backend is named with 503 and the
failure's kind (docs/architecture.md, Status).

LabTracks has no "wrong shape": the SQL names its columns and the database types them, so the
nearest fault, a missing table, is the "error" case.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest

from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client
from tests.faults.conftest import labtracks_settings, sql
from tests.faults.world import (
    PROCEDURE_SOURCES,
    QUERY,
    SOURCES_OF,
    SUBJECT,
    World,
    assert_clean,
    codes,
    source,
    status_of,
)
from tests.servers.base import HANG, Reply

pytestmark = pytest.mark.odbc

HTTP_BACKENDS = ["sharepoint", "smartsheet", "tars", "mgi"]
DEADLINE = 5.0
#: What a request may take beyond its deadline (scheduling, validation on two busy cores).
SLACK = 4.0
KINDS = {
    "refused": "connection",
    "hangs": "timeout",
    "error": "http_status",
    "invalid_json": "bad_response",
    "wrong_shape": "bad_response",
}
BROKEN_BODIES = {
    "error": Reply.json({"error": {"code": "generalException", "message": "injected"}}, 500),
    "invalid_json": Reply(
        200, b'{"value": [{"id": "1", "fields": ', {"Content-Type": "application/json"}
    ),
    "wrong_shape": Reply.json({"unexpected": [1, 2, 3], "value": "not a list"}),
    "hangs": HANG,
}


async def ask(
    backends: Backends, caplog: pytest.LogCaptureFixture
) -> tuple[dict[str, Any], float]:
    caplog.set_level(logging.DEBUG)
    settings = ServiceSettings(request_deadline_seconds=DEADLINE)
    async with graphql_client(backends, settings) as client:
        started = time.monotonic()
        response = await client.post(
            "/graphql", json={"query": QUERY, "variables": {"id": SUBJECT}}
        )
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert_clean(response.text, caplog.text, str(response.headers))
    body: dict[str, Any] = response.json()
    return body, elapsed


def check_others(body: dict[str, Any], broken: str, kind: str) -> None:
    """The failed backend's sources are 503 with ``kind``; everything else kept its data."""
    data = body["data"]
    failed = set(SOURCES_OF[broken])
    procedures = status_of(body, "procedures")
    if broken == "mgi":
        assert procedures["code"] == 200
    else:
        assert procedures["code"] == 207, procedures
        for name in failed:
            entry = source(procedures, name)
            assert entry["code"] == 503
            assert entry.get("error") == kind, entry
        # Only surgery requests name prep lots: without them TARS has nothing to be asked.
        unasked = failed | ({"tars"} if broken == "sharepoint" else set())
        assert {n: c for n, c in codes(procedures).items() if n not in failed} == {
            n: 200 for n in PROCEDURE_SOURCES if n not in unasked
        }
    # A failed completing backend says what the answer lacks; the others say nothing.
    warnings = procedures.get("warnings", [])
    assert {warning.split()[0] for warning in warnings} == {
        "tars",
        "smartsheet.protocols",
    } & failed
    assert all(f"failed ({kind}): " in warning for warning in warnings), warnings
    kept = {item.get("source") for item in data["procedures"]["subject_procedures"]}
    for backend, names in SOURCES_OF.items():
        if backend not in (broken, "tars", "mgi"):
            assert kept & {*names, "smartsheet.perfusions"}, f"{backend}'s procedures are gone"
    if broken == "labtracks":
        return
    subject = status_of(body, "subject")
    details = data["subject"]["subject_details"]
    if broken == "mgi":
        assert subject["code"] == 207
        entry = source(subject, "mgi")
        assert (entry["code"], entry.get("error")) == (503, kind), entry
        assert details["alleles"] == []
        assert subject["warnings"] == [f"mgi failed ({kind}): the subject's alleles are left out"]
    else:
        assert subject["code"] == 200
        assert len(details["alleles"]) == 2
    funding = status_of(body, "subject.funding")
    if broken == "smartsheet":
        assert funding["code"] == 503
        assert data["subject"]["funding"] is None
    elif broken != "sharepoint":  # see test_funding_of_a_subject_whose_requests_failed
        assert funding["code"] == 200
        assert data["subject"]["funding"]


@pytest.mark.parametrize("fault", ["refused", "error"])
async def test_smartsheet_failures_name_their_kind(
    world: World, caplog: pytest.LogCaptureFixture, fault: str
) -> None:
    backends = world.backends()
    if fault == "refused":
        world.sheets.stop()
    else:
        world.sheets.break_with(BROKEN_BODIES[fault])
    body, _ = await ask(backends, caplog)
    for path, name in (
        ("procedures", "smartsheet.perfusions"),
        ("procedures", "smartsheet.protocols"),
        ("subject.funding", "smartsheet.funding"),
    ):
        assert source(status_of(body, path), name).get("error") == KINDS[fault], (path, name)


@pytest.mark.parametrize("fault", list(KINDS))
@pytest.mark.parametrize("broken", HTTP_BACKENDS)
async def test_an_http_backend_failing(
    world: World, caplog: pytest.LogCaptureFixture, broken: str, fault: str
) -> None:
    server = world.servers()[broken]
    if fault == "hangs":
        world.timeout = 1.0
    backends = world.backends()
    if fault == "refused":
        server.stop()
    else:
        server.break_with(BROKEN_BODIES[fault], sparing=world.token_paths())
    body, elapsed = await ask(backends, caplog)
    assert elapsed < DEADLINE + SLACK
    check_others(body, broken, KINDS[fault])
    if broken != "mgi":  # the alleles are only part of the subject
        assert not [e for e in body.get("errors", []) if e["path"] != ["subject", "funding"]]


def broken_labtracks(world: World, fault: str, database: str, port: int) -> None:
    if fault in ("refused", "hangs"):
        world.labtracks = labtracks_settings("labtracks", port=port)
        world.timeout = 1.0
    elif fault == "error":
        world.labtracks = labtracks_settings(database)
        sql(database, "ALTER TABLE ANIMALS_COMMON RENAME TO animals_gone")
        sql(database, "ALTER TABLE TASK_SET_OBJECT RENAME TO task_objects_gone")


@pytest.mark.parametrize(
    ("fault", "kinds"),
    [("refused", {"connection"}), ("hangs", {"timeout"}), ("error", {"database"})],
)
async def test_labtracks_failing(
    world: World,
    own_database: str,
    closed_port: int,
    silent_port: int,
    caplog: pytest.LogCaptureFixture,
    fault: str,
    kinds: set[str],
) -> None:
    broken_labtracks(
        world, fault, own_database, closed_port if fault == "refused" else silent_port
    )
    body, elapsed = await ask(world.backends(), caplog)
    assert elapsed < DEADLINE + SLACK
    assert body["data"]["subject"] is None
    [error] = [e for e in body["errors"] if e["path"] == ["subject"]]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "status": 503}
    subject = status_of(body, "subject")
    assert subject["code"] == 503
    entry = source(subject, "labtracks")
    assert entry["code"] == 503
    assert entry.get("error") in kinds, entry
    [kind] = kinds
    check_others(body, "labtracks", kind)
    assert body["data"]["intended_measurements"]


async def test_labtracks_with_malformed_class_values(
    world: World, own_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Unreadable CLASS_VALUES XML costs the genotype (and so the alleles), nothing else."""
    world.labtracks = labtracks_settings(own_database)
    sql(
        own_database,
        "UPDATE ANIMALS_COMMON SET CLASS_VALUES = '<MouseCustomClass><Full_Genotype>Pvalb' "
        f"WHERE ID = {SUBJECT}",
    )
    body, elapsed = await ask(world.backends(), caplog)
    assert elapsed < DEADLINE + SLACK
    subject = body["data"]["subject"]
    assert subject["subject_id"] == SUBJECT
    assert subject["subject_details"]["genotype"] is None
    assert subject["subject_details"]["alleles"] == []
    status = status_of(body, "subject")
    assert status["code"] in (200, 406)
    assert source(status, "labtracks")["code"] == 200
    assert status_of(body, "procedures")["code"] == 200
    assert "errors" not in body


async def test_funding_of_a_subject_whose_requests_failed(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """The projects come from the surgery requests: with every list failing, nobody knows
    whether the subject has funding, so the answer must say a backend failed, not 404."""
    backends = world.backends()
    world.graph.break_with(BROKEN_BODIES["error"], sparing=world.token_paths())
    body, _ = await ask(backends, caplog)
    funding = status_of(body, "subject.funding")
    assert funding["code"] in (207, 503), funding
    assert {s["name"] for s in funding["sources"] if s["code"] == 503} >= set(
        SOURCES_OF["sharepoint"]
    )
