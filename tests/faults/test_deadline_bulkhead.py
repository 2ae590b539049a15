"""The request deadline and the bulkheads, with a backend that hangs.

* Deadline: fields whose backends finished keep their data; the hung backend's field answers
  503 "timed out" by the deadline, and a call that would start after it is not made at all.
* Bulkhead: however many requests wait on a hung Graph, the process never runs more than
  ``SHAREPOINT_MAX_CONCURRENCY`` Graph threads, and LabTracks keeps answering meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

import httpx
import pytest

from graphql_service.settings import ServiceSettings
from tests.conftest import graphql_client, run_query
from tests.faults.world import (
    SUBJECT,
    SUBJECT_ONLY,
    World,
    assert_clean,
    source,
    status_of,
)
from tests.servers.base import HANG

pytestmark = pytest.mark.odbc

DEADLINE = 1.5
#: What a request may take beyond its deadline (scheduling, validation on two busy cores).
SLACK = 3.0

DEADLINE_QUERY = f"""{{
  subject(subject_id: "{SUBJECT}") {{
    subject_id
    subject_details {{ ... on MouseSubject {{ genotype alleles {{ registry_identifier }} }} }}
  }}
  injection_materials(prep_lot_number: "DEMO-LOT-001") {{ name }}
  procedures(subject_id: "{SUBJECT}") {{ subject_procedures {{ __typename }} }}
}}"""


async def timed(client: httpx.AsyncClient, query: str, **variables: Any) -> tuple[Any, float]:
    started = time.monotonic()
    body = await run_query(client, query, variables)
    return body, time.monotonic() - started


async def test_finished_fields_keep_their_data_when_another_hangs_past_the_deadline(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    world.timeout = 30.0  # the backends' own timeouts are far away: the deadline decides
    backends = world.backends()
    world.tars.break_with(HANG)  # token endpoint included
    settings = ServiceSettings(request_deadline_seconds=DEADLINE)
    async with graphql_client(backends, settings) as client:
        body, elapsed = await timed(client, DEADLINE_QUERY)
    assert elapsed < DEADLINE + SLACK
    assert_clean(str(body), caplog.text)
    subject = status_of(body, "subject")
    assert subject["code"] == 200
    assert len(body["data"]["subject"]["subject_details"]["alleles"]) == 2
    assert body["data"]["injection_materials"] is None
    materials = status_of(body, "injection_materials")
    assert materials["code"] == 503
    assert "timed out" in materials["message"]
    assert source(materials, "tars")["error"] == "timeout"
    [error] = body["errors"]
    assert (error["path"], error["extensions"]["status"]) == (["injection_materials"], 503)
    procedures = status_of(body, "procedures")
    assert procedures["code"] == 207
    assert source(procedures, "tars")["error"] == "timeout"
    assert body["data"]["procedures"]["subject_procedures"]


async def test_a_call_due_after_the_deadline_is_not_made(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Graph hangs until the deadline; the protocols sheet, asked only after the lists have
    answered, is then not asked at all."""
    caplog.set_level(logging.DEBUG)
    world.timeout = 30.0
    backends = world.backends()
    world.graph.break_with(HANG)
    settings = ServiceSettings(request_deadline_seconds=DEADLINE)
    async with graphql_client(backends, settings) as client:
        body, elapsed = await timed(
            client,
            "query($id: String!) { procedures(subject_id: $id) { subject_id } }",
            id=SUBJECT,
        )
    assert elapsed < DEADLINE + SLACK
    procedures = status_of(body, "procedures")
    assert procedures["code"] == 207
    for name in ("nsb2019", "nsb2023", "nsb_present", "las2020"):
        entry = source(procedures, f"sharepoint.{name}")
        assert (entry["code"], entry["error"]) == (503, "timeout")
    protocols = source(procedures, "smartsheet.protocols")
    assert protocols["code"] == 503
    assert "deadline" in protocols["message"]
    assert world.sheets.sheet_requests(4_200_000_000_000_003) == 0
    assert_clean(str(body), caplog.text)


def graph_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("bulkhead-sharepoint"))


async def test_a_hung_graph_holds_at_most_its_own_threads(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    concurrency = 2
    world.timeout = 4.0  # Graph's threads stay stuck this long; callers leave at the deadline
    backends = world.backends(graph_concurrency=concurrency)
    world.graph.break_with(HANG)
    settings = ServiceSettings(request_deadline_seconds=DEADLINE)
    before = graph_threads()
    most = before
    done = asyncio.Event()

    async def watch() -> None:
        nonlocal most
        while not done.is_set():
            most = max(most, graph_threads())
            await asyncio.sleep(0.01)

    async with graphql_client(backends, settings) as client:
        watcher = asyncio.ensure_future(watch())
        procedures = [
            asyncio.ensure_future(
                timed(
                    client,
                    "query($id: String!) { procedures(subject_id: $id) { subject_id } }",
                    id=subject,
                )
            )
            for subject in [SUBJECT, "650107", "650105", "650111"] * 3
        ]
        await asyncio.sleep(0.2)  # the Graph threads are stuck by now
        subjects = [await timed(client, SUBJECT_ONLY, id=SUBJECT) for _ in range(5)]
        answered = await asyncio.gather(*procedures)
        done.set()
        await watcher
    assert most - before <= concurrency, f"{most - before} Graph threads for {concurrency} slots"
    assert most > before, "the hung Graph was never asked"
    for body, elapsed in subjects:
        assert status_of(body, "subject")["code"] == 200, "LabTracks waited on Graph's threads"
        assert elapsed < DEADLINE + SLACK
    for body, elapsed in answered:
        assert elapsed < DEADLINE + SLACK
        status = status_of(body, "procedures")
        assert status["code"] in (207, 503)
        for entry in status["sources"]:
            if entry["name"].startswith("sharepoint."):
                assert entry["code"] == 503
                assert entry["error"] in ("timeout", "deadline")
    assert_clean(caplog.text)
