"""SLIMS as a source: water restriction and histology in the procedures merge, and the
``histology`` / ``water_restriction`` fields, over the loopback SLIMS through the real client.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from datasources.result import Code
from datasources.slims.settings import SlimsSettings
from datasources.slims.source import SlimsSource
from datasources.slims.water_restriction import PROTOCOL_MINIMUM_WATER_ML
from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.servers.base import RecordedRequest, Reply
from tests.servers.slims import SlimsServer, tables_of
from tests.slims.records import HOUR, T0, histology_specimen, mouse, water_restriction

SUBJECT = "650101"  # a demo subject: LabTracks and the surgery requests know it too
DAY = 24 * HOUR


def records() -> list[dict[str, Any]]:
    return [
        *histology_specimen(SUBJECT, 1000),
        mouse(11, SUBJECT),
        mouse(12, "650102"),
        water_restriction(31, 11, start=T0, end=T0 + 3 * DAY),
        water_restriction(32, 11, start=T0 + 30 * DAY, end=None),
    ]


@pytest.fixture
def slims_server() -> Iterator[SlimsServer]:
    with SlimsServer(prefix="/slimsrest", tables=tables_of(records())) as server:
        yield server


def source(server: SlimsServer, **settings: Any) -> SlimsSource:
    values = {
        "host": server.slims_url,
        "username": server.username,
        "password": server.password,
        "timeout_seconds": 2,
        **settings,
    }
    return SlimsSource.from_settings(SlimsSettings.model_validate(values))


def backends(slims: SlimsSource) -> Backends:
    demo = Backends.from_snapshot(DEMO_SNAPSHOT)
    return Backends(
        labtracks=demo.labtracks,
        sharepoint=demo.sharepoint,
        smartsheet=demo.smartsheet,
        tars=demo.tars,
        mgi=demo.mgi,
        slims=slims,
        mode="live",
    )


async def test_water_restrictions_of_a_subject(slims_server: SlimsServer) -> None:
    result = await source(slims_server).water_restriction(SUBJECT)
    assert result.code == Code.OK
    first, second = result.records
    assert (first["start_date"], first["end_date"]) == ("2025-03-03", "2025-03-06")
    assert (second["start_date"], second["end_date"]) == ("2025-04-02", None)
    assert first["target_fraction_weight"] == 85
    assert first["baseline_weight"] == 24.5
    assert first["minimum_water_per_day"] == PROTOCOL_MINIMUM_WATER_ML
    assert "notes" not in first  # 2.x WaterRestriction has none: see the procedures' notes
    assert first["ethics_review_id"] is None  # SLIMS records none: validation says so


async def test_dates_filter_on_the_server(slims_server: SlimsServer) -> None:
    result = await source(slims_server).water_restriction(
        SUBJECT, start=date(2025, 3, 10), end=date(2025, 12, 31)
    )
    assert [r["start_date"] for r in result.records] == ["2025-04-02"]
    assert max(slims_server.served("ContentEvent")) == 1  # SLIMS sent only the match


async def test_a_subject_slims_does_not_know_is_404(slims_server: SlimsServer) -> None:
    slims = source(slims_server)
    assert (await slims.water_restriction("650199")).code == Code.NOT_FOUND
    assert (await slims.histology("650199")).code == Code.NOT_FOUND
    assert (await slims.procedures(["650199"])).code == Code.NOT_FOUND


async def test_procedures_carry_histology_and_water_restriction(
    slims_server: SlimsServer,
) -> None:
    query = """{ procedures(subject_id: "650101") {
        notes
        specimen_procedures { procedure_type specimen_id start_date }
        subject_procedures { __typename source }
    } }"""
    async with graphql_client(backends(source(slims_server))) as client:
        body = await run_query(client, query)
    procedures = body["data"]["procedures"]
    kinds = [p["procedure_type"] for p in procedures["specimen_procedures"]]
    assert kinds == ["DELIPIDATION", "IMMUNOLABELING"]
    restrictions = [
        p for p in procedures["subject_procedures"] if p["__typename"] == "WaterRestriction"
    ]
    assert [p["source"] for p in restrictions] == ["slims", "slims"]
    assert "assigned by person.synthetic" in procedures["notes"]
    assert "not recorded in SLIMS" in procedures["notes"]
    sources = {s["name"]: s["code"] for s in body["extensions"]["status"]["procedures"]["sources"]}
    assert sources["slims"] == 200
    assert sources["labtracks"] == 200


async def test_slims_down_is_503_for_its_fields_and_207_for_procedures(
    slims_server: SlimsServer,
) -> None:
    slims_server.break_with(Reply.json({"error": "down"}, status=500))
    query = """{
      histology(subject_id: "650101") { procedure_type }
      water_restriction(subject_id: "650101") { start_date }
      procedures(subject_id: "650101") { subject_procedures { __typename } }
      subject(subject_id: "650101") { subject_id }
    }"""
    async with graphql_client(backends(source(slims_server))) as client:
        body = await run_query(client, query)
    status = body["extensions"]["status"]
    assert (status["histology"]["code"], status["water_restriction"]["code"]) == (503, 503)
    assert body["data"]["histology"] is None
    assert status["procedures"]["code"] == 207
    assert body["data"]["procedures"]["subject_procedures"]
    assert status["subject"]["code"] == 200
    slims_entry = next(s for s in status["procedures"]["sources"] if s["name"] == "slims")
    assert slims_entry["code"] == 503
    assert "down" not in str(body)  # SLIMS' own error text never reaches the caller


async def test_fields_answer_lists_with_their_status(slims_server: SlimsServer) -> None:
    query = """{
      histology(subject_id: "650101", start_date_gte: "2025-03-03") { procedure_type json }
      none: histology(subject_id: "650102") { procedure_type }
      water_restriction(subject_id: "650101") { start_date target_fraction_weight }
      bad: water_restriction(subject_id: "6501x") { start_date }
      backwards: histology(subject_id: "650101", start_date_gte: "2025-05-01",
                           end_date_lte: "2025-01-01") { procedure_type }
    }"""
    async with graphql_client(backends(source(slims_server))) as client:
        body = await run_query(client, query)
    data, status = body["data"], body["extensions"]["status"]
    assert [p["procedure_type"] for p in data["histology"]] == ["DELIPIDATION", "IMMUNOLABELING"]
    # The labeling run names no probe reagent (SLIMS does not record one): 406, data kept.
    assert status["histology"]["code"] == 406
    assert status["histology"]["validation_errors"]
    assert (data["none"], status["none"]["code"]) == ([], 404)
    assert [r["target_fraction_weight"] for r in data["water_restriction"]] == [85, 85]
    assert status["water_restriction"]["code"] == 406  # no IACUC protocol in SLIMS
    assert [e["loc"][1:] for e in status["water_restriction"]["validation_errors"]] == [
        ["ethics_review_id"],
        ["ethics_review_id"],
    ]
    assert status["bad"]["code"] == 400
    assert "subject_id" in status["bad"]["message"]
    assert status["backwards"]["code"] == 400
    assert "start_date_gte" in status["backwards"]["message"]


async def test_not_configured_is_503_for_slims_fields_only() -> None:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        body = await run_query(client, '{ subject(subject_id: "650101") { subject_id } } ')
    assert body["extensions"]["status"]["subject"]["code"] == 200


async def test_a_subjects_answers_are_reused_for_the_ttl(slims_server: SlimsServer) -> None:
    slims = source(slims_server, cache_ttl_seconds=60)
    first = await slims.procedures([SUBJECT])
    asked = slims_server.count()
    again = await slims.procedures([SUBJECT])
    assert slims_server.count() == asked  # from the cache: SLIMS not asked
    assert [r.document for r in again.records] == [r.document for r in first.records]
    assert [r.extras for r in again.records] == [r.extras for r in first.records]


async def test_failures_are_not_reused_and_ttl_zero_disables(slims_server: SlimsServer) -> None:
    slims = source(slims_server, cache_ttl_seconds=60)
    slims_server.fail_next(1, 500)  # not transient: no retry, a failure that is not cached
    assert (await slims.histology(SUBJECT)).failed
    assert (await slims.histology(SUBJECT)).code == Code.OK  # asked again, not the failure
    uncached = source(slims_server, cache_ttl_seconds=0)
    await uncached.histology(SUBJECT)
    asked = slims_server.count()
    await uncached.histology(SUBJECT)
    assert slims_server.count() > asked


async def test_a_subjects_two_lookups_run_at_once(slims_server: SlimsServer) -> None:
    """Water restriction and histology are independent: SLIMS sees both before answering
    either (asked one after the other, the barrier breaks and the answer is a 503)."""
    barrier = threading.Barrier(2, timeout=5)
    answer = slims_server.dispatch

    def together(request: RecordedRequest) -> Reply | None:
        if not barrier.broken and barrier.n_waiting < 2:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                return Reply.json({"errorMessage": "asked one after the other"}, 500)
        return answer(request)

    slims_server.dispatch = together  # type: ignore[method-assign]
    slims = source(slims_server, cache_ttl_seconds=0)
    try:
        result = await slims.procedures(["650199"])  # unknown: one search per lookup
    finally:
        await slims.aclose()
    assert result.code == Code.NOT_FOUND
    assert not barrier.broken
