"""search_subjects on the demo snapshot: filters, paging to the end, cursors, bad input, the
lazy count and batched nested fields."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from datasources.labtracks import LabTracksSource
from datasources.labtracks.client import LabTracksClient
from datasources.labtracks.search import Dialect
from datasources.labtracks.snapshot import FILE_NAME, load_snapshot, sqlite_factory
from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query

PAGE = """
query Page($filter: SubjectFilter, $first: Int, $after: String) {
  search_subjects(filter: $filter, first: $first, after: $after) {
    edges { cursor node { subject_id } }
    page_info { has_next_page end_cursor }
  }
}"""

COUNTED = """
query Counted($filter: SubjectFilter) {
  search_subjects(filter: $filter, first: 2) { total_count edges { cursor } }
}"""

NESTED = """
query Nested($filter: SubjectFilter, $first: Int) {
  search_subjects(filter: $filter, first: $first) {
    edges { node { subject_id procedures { subject_procedures { object_type } } } }
  }
}"""

README = Path(__file__).resolve().parents[1] / "README.md"

# The demo's 24 subjects and their 30 parents, by what demo/labtracks.sql says of them.
SUBJECTS = [str(i) for i in range(650101, 650125)]
PARENTS = [str(i) for i in range(640001, 640031)]
FEMALE_SUBJECTS = [
    "650101", "650103", "650105", "650108", "650109", "650112", "650113", "650115", "650117",
    "650119", "650120", "650123",
]  # fmt: skip


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        yield client


async def all_pages(
    client: httpx.AsyncClient, filter_: dict[str, Any] | None, first: int
) -> tuple[list[str], list[dict[str, Any]]]:
    """Every subject id the filter finds, page after page, and each page's answer."""
    ids: list[str] = []
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        body = await run_query(client, PAGE, {"filter": filter_, "first": first, "after": after})
        assert "errors" not in body, body
        page = body["data"]["search_subjects"]
        pages.append(page)
        ids.extend(edge["node"]["subject_id"] for edge in page["edges"])
        if not page["page_info"]["has_next_page"]:
            return ids, pages
        after = page["page_info"]["end_cursor"]
        assert len(pages) < 100, "paging does not end"


async def test_paging_without_a_filter_lists_every_animal_once_in_id_order(
    demo: httpx.AsyncClient,
) -> None:
    ids, pages = await all_pages(demo, None, 7)
    assert ids == PARENTS + SUBJECTS
    assert [len(page["edges"]) for page in pages] == [7] * 7 + [5]
    for page in pages:
        assert page["page_info"]["end_cursor"] == page["edges"][-1]["cursor"]


async def test_a_filter_pages_through_only_its_matches(demo: httpx.AsyncClient) -> None:
    filter_ = {"sex": "FEMALE", "born_on_or_after": "2024-01-01"}
    ids, pages = await all_pages(demo, filter_, 5)
    # 'F', 'Female' and 'f' are all female; parents were born before 2024.
    assert ids == FEMALE_SUBJECTS
    assert len(pages) == 3


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        # Inclusive on both ends: 650117 and 650118 were born on 2025-03-08.
        (
            {"born_on_or_after": "2025-03-08", "born_on_or_before": "2025-04-16"},
            ["650117", "650118", "650119"],
        ),
        ({"born_on_or_before": "2023-01-10", "sex": "MALE"}, ["640002"]),
        ({"genotype_contains": "ai93(titl"}, ["640010", "650109", "650110"]),
        # 650123's CLASS_VALUES is not well-formed: its genotype element is never closed.
        ({"genotype_contains": "Pvalb-IRES-Cre/wt;Ai14"}, ["650101", "650102"]),
        ({"group_name": "  mixed CROSS "}, ["650122"]),
        ({"room_id": "2106"}, ["650121", "650122", "650123"]),
        ({"room_id": "2106", "sex": "MALE"}, ["650122"]),
        ({"genotype_contains": "no such allele"}, []),
    ],
)
async def test_each_filter(
    demo: httpx.AsyncClient, filter_: dict[str, Any], expected: list[str]
) -> None:
    ids, _ = await all_pages(demo, filter_, 200)
    assert ids == expected


async def test_a_cursor_is_stable_and_continues_after_its_subject(
    demo: httpx.AsyncClient,
) -> None:
    first = await run_query(demo, PAGE, {"first": 3})
    again = await run_query(demo, PAGE, {"first": 3})
    assert first["data"] == again["data"]
    edges = first["data"]["search_subjects"]["edges"]
    # Any edge's cursor continues after that edge, whatever the page size.
    after_second = await run_query(demo, PAGE, {"first": 1, "after": edges[1]["cursor"]})
    assert after_second["data"]["search_subjects"]["edges"][0] == edges[2]


async def test_an_empty_page_is_a_404_with_data_not_an_error(demo: httpx.AsyncClient) -> None:
    body = await run_query(demo, PAGE, {"filter": {"room_id": "999999"}})
    assert "errors" not in body
    assert body["data"]["search_subjects"] == {
        "edges": [],
        "page_info": {"has_next_page": False, "end_cursor": None},
    }
    assert body["extensions"]["status"]["search_subjects"]["code"] == 404


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"first": 0}, "'first'"),
        ({"first": 201}, "'first'"),
        ({"after": "not a cursor"}, "'after'"),
        ({"after": "djE6"}, "'after'"),  # "v1:" and no id
        ({"after": "NjUwMTAx"}, "'after'"),  # "650101" without the version
        (
            {"filter": {"born_on_or_after": "2025-01-02", "born_on_or_before": "2025-01-01"}},
            "'filter.born_on_or_after'",
        ),
        ({"filter": {"room_id": "-1"}}, "'filter.room_id'"),
        ({"filter": {"room_id": "2101; DROP"}}, "'filter.room_id'"),
        ({"filter": {"genotype_contains": "   "}}, "'filter.genotype_contains'"),
        ({"filter": {"group_name": "x" * 101}}, "'filter.group_name'"),
    ],
)
async def test_bad_arguments_are_400s_naming_the_argument(
    demo: httpx.AsyncClient, variables: dict[str, Any], argument: str
) -> None:
    body = await run_query(demo, PAGE, variables)
    assert body["data"]["search_subjects"] is None
    (error,) = body["errors"]
    assert argument in error["message"]
    assert error["path"] == ["search_subjects"]
    assert body["extensions"]["status"]["search_subjects"]["code"] == 400


async def test_wildcards_in_the_genotype_text_are_literal(demo: httpx.AsyncClient) -> None:
    underscored = ["640004", "640011", "640028", "650103", "650104", "650111", "650120"]
    expected = {
        "%": [],
        "[A-Z]": [],
        "Cre%wt": [],
        "_": underscored,  # Ai32(RCL-ChR2(H134R)_EYFP) and Dbh-Cre_KH212
        "Cre_KH": ["640011", "650111", "650120"],
        "Cre-KH": [],
    }
    for text, ids in expected.items():
        found, _ = await all_pages(demo, {"genotype_contains": text}, 200)
        assert found == ids, text


async def test_nodes_have_their_own_statuses(demo: httpx.AsyncClient) -> None:
    filter_ = {"born_on_or_after": "2025-05-01", "born_on_or_before": "2025-05-19"}
    body = await run_query(demo, PAGE, {"filter": filter_})
    status = body["extensions"]["status"]
    assert status["search_subjects"]["code"] == 200
    assert [s["name"] for s in status["search_subjects"]["sources"]] == ["labtracks"]
    edges = body["data"]["search_subjects"]["edges"]
    assert [edge["node"]["subject_id"] for edge in edges] == ["650120", "650121"]
    assert status["search_subjects.edges.0.node"]["code"] == 200
    # 650121 has no recorded sex: found, but it fails validation.
    assert status["search_subjects.edges.1.node"]["code"] == 406


def traced_demo(statements: list[str]) -> Backends:
    """The demo backends, with a LabTracks whose SQLite connections log every statement."""
    snapshot = load_snapshot(DEMO_SNAPSHOT / FILE_NAME)
    connect = sqlite_factory(snapshot.image)

    def traced() -> sqlite3.Connection:
        connection = connect()
        connection.set_trace_callback(statements.append)
        return connection

    client = LabTracksClient(traced, pool_size=4, timeout=10.0, columns=snapshot.columns)
    labtracks = LabTracksSource(
        client,
        10.0,
        has_tasks=snapshot.has_tasks,
        queries=snapshot.queries,
        dialect=Dialect.SQLITE,
    )
    return dataclasses.replace(Backends.from_snapshot(DEMO_SNAPSHOT), labtracks=labtracks)


def reading(statements: list[str], marker: str) -> list[str]:
    return [sql for sql in statements if marker in sql]


async def test_the_count_runs_only_when_asked_for() -> None:
    statements: list[str] = []
    async with graphql_client(traced_demo(statements)) as client:
        body = await run_query(client, PAGE, {"filter": {"sex": "MALE"}, "first": 2})
        assert "errors" not in body
        assert reading(statements, "COUNT(") == []

        body = await run_query(client, COUNTED, {"filter": {"sex": "MALE"}})
    page = body["data"]["search_subjects"]
    assert page["total_count"] == 26  # 15 sires; 11 male subjects, 650104 written 'Male'
    assert len(page["edges"]) == 2
    assert len(reading(statements, "COUNT(")) == 1
    assert body["extensions"]["status"]["search_subjects.total_count"]["code"] == 200


async def test_a_page_of_nodes_and_their_procedures_is_batched() -> None:
    statements: list[str] = []
    async with graphql_client(traced_demo(statements)) as client:
        body = await run_query(client, NESTED, {"filter": {"born_on_or_after": "2024-01-01"}})
    nodes = [edge["node"] for edge in body["data"]["search_subjects"]["edges"]]
    assert [node["subject_id"] for node in nodes] == SUBJECTS
    assert nodes[0]["procedures"]["subject_procedures"]
    # One page query, one subject query and one task query for all 24 subjects.
    assert len(reading(statements, "SELECT DISTINCT AC.ID")) == 1
    assert len(reading(statements, "AC.ID IN (")) == 1
    assert len(reading(statements, "FROM TASK_SET_OBJECT")) == 1


async def test_without_labtracks_the_search_is_503() -> None:
    backends = dataclasses.replace(Backends.from_snapshot(DEMO_SNAPSHOT), labtracks=None)
    async with graphql_client(backends) as client:
        body = await run_query(client, PAGE, {})
    assert body["data"]["search_subjects"] is None
    status = body["extensions"]["status"]["search_subjects"]
    assert status["code"] == 503
    assert status["sources"][0]["configured"] is False


def readme_example() -> str:
    """The GraphQL block of the README's "Finding subjects" section."""
    section = README.read_text(encoding="utf-8").split("## Finding subjects", 1)[1]
    found = re.search(r"```graphql\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


async def test_the_readme_example_answers_as_the_readme_says(demo: httpx.AsyncClient) -> None:
    query = readme_example()
    first = (await run_query(demo, query))["data"]["search_subjects"]
    assert [edge["node"]["subject_id"] for edge in first["edges"]] == ["650101", "650105"]
    assert first["total_count"] == 4
    assert first["page_info"] == {"has_next_page": True, "end_cursor": "djE6NjUwMTA1"}
    last = (await run_query(demo, query, {"after": "djE6NjUwMTA1"}))["data"]["search_subjects"]
    assert [edge["node"]["subject_id"] for edge in last["edges"]] == ["650113", "650115"]
    assert last["page_info"]["has_next_page"] is False
