"""SharePointSource: one result per list, lists asked together, failures kept to their list,
and the same items selected live and from a snapshot."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest

from datasources.result import Code, SourceResult
from datasources.sharepoint import LIST_NAMES, MatchedItem, SharePointSource, SnapshotError
from tests.servers.base import RecordedRequest
from tests.servers.graph import GraphServer
from tests.sharepoint.conftest import SourceFactory, sharepoint_settings
from tests.sharepoint.items import ITEMS, LIST_IDS, SITES


def selected(results: dict[str, SourceResult[MatchedItem]]) -> dict[str, list[tuple[str, str]]]:
    """(subject id, item id) pairs per list."""
    return {
        name: [(m.subject_id, str(m.item["id"])) for m in result.records]
        for name, result in results.items()
    }


async def test_each_list_answers_under_its_own_name(source: SharePointSource) -> None:
    results = await source.matched_items(["700001"])
    assert list(results) == list(LIST_NAMES)
    assert {name: r.name for name, r in results.items()} == {
        name: f"sharepoint.{name}" for name in LIST_NAMES
    }
    assert {name: r.code for name, r in results.items()} == dict.fromkeys(LIST_NAMES, Code.OK)
    assert selected(results) == {
        "nsb2019": [("700001", "1"), ("700001", "4")],
        "nsb2023": [("700001", "11")],
        "nsb_present": [("700001", "21")],
        "las2020": [("700001", "31")],
    }


async def test_las_title_is_matched_exactly(source: SharePointSource) -> None:
    # Items titled "700001-x", "1700001" and "7000010" are not subject 700001's.
    results = await source.matched_items(["700001", "700006"])
    assert selected(results)["las2020"] == [("700001", "31"), ("700006", "36")]


async def test_one_las_item_serves_every_subject_it_names(source: SharePointSource) -> None:
    results = await source.matched_items(["700005", "700002"])
    assert selected(results)["las2020"] == [("700005", "32"), ("700002", "32")]
    fields = results["las2020"].records[0].fields
    assert fields["ReqPro3"] == "Retro-Orbital Injection"


async def test_items_without_a_fields_object_are_nobodys(
    source: SharePointSource, graph: GraphServer
) -> None:
    # Graph answering with malformed items next to good ones (whatever the filter).
    malformed = [
        {"id": "901", "fields": "700001"},
        {"id": "902", "fields": None},
        {"id": "903"},
        {"id": "904", "fields": [{"LabTracks_x0020_ID": "700001"}]},
    ]
    good = [item for item in ITEMS["nsb2019"] if item["id"] in ("1", "4")]
    path = graph.items_path(SITES["nsb2019"], LIST_IDS["nsb2019"])
    graph.respond("GET", path, {"value": malformed + good})
    results = await source.matched_items(["700001"])
    assert results["nsb2019"].code == Code.OK
    assert selected(results)["nsb2019"] == [("700001", "1"), ("700001", "4")]


async def test_failures_leave_no_secret_token_or_stack_trace_in_logs(
    make_source: SourceFactory, graph: GraphServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    healthy = make_source()
    graph.fail_list(LIST_IDS["las2020"], 500)
    graph.drop_list(LIST_IDS["nsb2019"])
    await healthy.matched_items(["700001"])
    refused = make_source(client_secret="wrong-secret-value")
    results = await refused.matched_items(["700001"])
    assert {r.message for r in results.values()} == {
        f"sharepoint.{name}: token endpoint answered HTTP 401" for name in LIST_NAMES
    }
    assert graph.issued_tokens
    for secret in (graph.client_secret, "wrong-secret-value", *graph.issued_tokens):
        assert secret not in caplog.text
    assert "Traceback" not in caplog.text
    assert not any(record.exc_info for record in caplog.records)


async def test_nothing_found_is_404_per_list(source: SharePointSource) -> None:
    results = await source.matched_items(["799999"])
    assert {r.code for r in results.values()} == {Code.NOT_FOUND}


async def test_no_subjects_asks_nothing(source: SharePointSource, graph: GraphServer) -> None:
    results = await source.matched_items([])
    assert {r.code for r in results.values()} == {Code.NOT_FOUND}
    assert graph.count() == 0


@pytest.mark.parametrize("fault", ["500", "drop", "timeout"])
async def test_one_failing_list_is_503_and_the_others_answer(
    make_source: SourceFactory, graph: GraphServer, fault: str
) -> None:
    source = make_source(timeout_seconds=0.5)
    broken = LIST_IDS["nsb2023"]
    if fault == "500":
        graph.fail_list(broken, 500)
    elif fault == "drop":
        graph.drop_list(broken)
    else:
        graph.slow_list(broken, 5.0)
    results = await source.matched_items(["700001"])
    assert results["nsb2023"].code == Code.UNAVAILABLE
    assert results["nsb2023"].failed
    assert results["nsb2023"].records == ()
    expected = {
        "500": "sharepoint.nsb2023: Graph answered HTTP 500",
        "drop": "sharepoint.nsb2023 is unavailable",
        "timeout": "sharepoint.nsb2023 timed out",
    }[fault]
    assert results["nsb2023"].message == expected
    others = {name: r.code for name, r in results.items() if name != "nsb2023"}
    assert others == dict.fromkeys(["nsb2019", "nsb_present", "las2020"], Code.OK)


async def test_the_lists_are_asked_concurrently(
    source: SharePointSource, graph: GraphServer
) -> None:
    # Each items request waits until all four have arrived: one list at a time never could.
    barrier = threading.Barrier(len(LIST_NAMES), timeout=10)

    def together(_request: RecordedRequest) -> None:
        barrier.wait()

    graph.on_items = together
    results = await source.matched_items(["700001"])
    assert {r.code for r in results.values()} == {Code.OK}


async def test_a_list_without_settings_is_not_configured(make_source: SourceFactory) -> None:
    source = make_source(las_2020_list_id=None, nsb_present_list_id="")
    results = await source.matched_items(["700001"])
    for name in ("las2020", "nsb_present"):
        assert results[name].code == Code.UNAVAILABLE
        assert not results[name].configured
    assert results["nsb2019"].code == Code.OK
    assert source.lists == frozenset({"nsb2019", "nsb2023"})


def test_settings_without_credentials_or_lists_make_no_source(graph: GraphServer) -> None:
    for missing in (
        {"tenant_id": None, "token_url": None},
        {"aind_site_id": None, "las_site_id": None},
    ):
        settings = sharepoint_settings(graph, **missing)
        assert not settings.configured
        with pytest.raises(ValueError, match="not configured"):
            SharePointSource.from_settings(settings)


async def test_ping(source: SharePointSource, graph: GraphServer) -> None:
    assert (await source.ping()).code == Code.OK
    graph.fail_list(LIST_IDS["las2020"], 403)
    down = await source.ping()
    assert down.code == Code.UNAVAILABLE
    assert down.message == "sharepoint: Graph answered HTTP 403"


def write_snapshot(directory: Path, names: tuple[str, ...] = LIST_NAMES) -> Path:
    folder = directory / "sharepoint"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.json").write_text(json.dumps(ITEMS[name]), encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    "subject_ids",
    [
        ["700001"],
        ["700002", "700005"],
        ["700001", "700003", "700004", "700006", "7000011", "799999"],
        [str(800000 + n) for n in range(40)] + ["700005", "700001"],
    ],
)
async def test_snapshot_selects_what_graph_selects(
    source: SharePointSource, tmp_path: Path, subject_ids: list[str]
) -> None:
    offline = SharePointSource.from_snapshot(write_snapshot(tmp_path))
    assert offline is not None
    live = await source.matched_items(subject_ids)
    replayed = await offline.matched_items(subject_ids)
    assert selected(replayed) == selected(live)
    assert {n: r.code for n, r in replayed.items()} == {n: r.code for n, r in live.items()}
    await offline.aclose()


async def test_snapshot_without_a_list_file_lacks_that_list(tmp_path: Path) -> None:
    offline = SharePointSource.from_snapshot(write_snapshot(tmp_path, ("nsb2019", "las2020")))
    assert offline is not None
    results = await offline.matched_items(["700001"])
    assert results["nsb2019"].code == Code.OK
    assert not results["nsb2023"].configured
    assert not results["nsb_present"].configured
    assert (await offline.ping()).code == Code.OK


def test_snapshot_without_any_list_file_is_no_source(tmp_path: Path) -> None:
    assert SharePointSource.from_snapshot(tmp_path) is None
    (tmp_path / "sharepoint").mkdir()
    assert SharePointSource.from_snapshot(tmp_path) is None


@pytest.mark.parametrize(
    "content", ["{not json", '{"value": []}', '[{"id": "1"}]', '[{"id": "1", "fields": []}]']
)
def test_a_broken_snapshot_file_is_named(tmp_path: Path, content: str) -> None:
    folder = tmp_path / "sharepoint"
    folder.mkdir()
    (folder / "las2020.json").write_text(content, encoding="utf-8")
    with pytest.raises(SnapshotError, match=r"las2020\.json"):
        SharePointSource.from_snapshot(tmp_path)
