"""The landing page at / and the SDL at /schema.graphql."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from graphql import parse, validate
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from datasources.snapshot import DEMO_SNAPSHOT
from graphql_service.cli import SCHEMA_FILE, schema_sdl
from graphql_service.landing import EXAMPLES, SCHEMA_PATH, landing_routes
from graphql_service.schema import build_schema
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends
from tests.conftest import graphql_client

ROOT = Path(__file__).resolve().parents[1]
# What each example answers on the demo snapshot (the ecephys session lacks times: 406).
EXPECTED_STATUS = {
    "SubjectWithAlleles": ("subject", 200),
    "ProceduresWithSources": ("procedures", 200),
    "ProjectFunding": ("funding", 200),
    "SlimsSession": ("sessions", 406),
}


class Links(HTMLParser):
    """Every URL the page references, and the targets of its links."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for attribute in ("src", "href", "action", "srcset"):
            if named.get(attribute):
                self.references.append(str(named[attribute]))
        if tag == "a" and named.get("href"):
            self.links.append(str(named["href"]))


def links(page: str) -> Links:
    parser = Links()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture
def demo() -> Backends:
    # A fresh set each time: an app's lifespan closes its backends.
    return Backends.from_snapshot(DEMO_SNAPSHOT)


@pytest.fixture
async def client(demo: Backends) -> AsyncIterator[httpx.AsyncClient]:
    async with graphql_client(demo) as client:
        yield client


async def test_the_page_is_plain_html_that_fetches_nothing(client: httpx.AsyncClient) -> None:
    response = await client.get("/", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<title>aind-metadata-graphql</title>" in page
    assert "<script" not in page.lower()
    # Only links and the empty icon: nothing loads by itself, nothing leaves the service.
    parsed = links(page)
    assert [ref for ref in parsed.references if ref not in parsed.links] == ["data:,"]
    assert not re.search(r"(?i)\b(?:https?|wss?):|//[a-z0-9]|@import|url\(", page)
    assert all(link.startswith("/") for link in parsed.links)


async def test_every_link_on_the_page_answers(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    targets = links(page).links
    for path in ("/graphql", SCHEMA_PATH, "/openapi.json", "/health", "/ready"):
        assert path in targets
    for target in targets:
        response = await client.get(target)
        assert response.status_code == 200, target


async def test_rest_documents_are_linked_only_when_served() -> None:
    async def document(request: Request) -> PlainTextResponse:
        return PlainTextResponse("{}")

    schema = build_schema()
    bare = Starlette(routes=landing_routes(schema))
    with_docs = Starlette(routes=[*landing_routes(schema), Route("/docs", document)])
    for app, expected in ((bare, []), (with_docs, ["/docs"])):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            page = (await client.get("/")).text
        targets = links(page).links
        assert [t for t in targets if t in ("/docs", "/openapi.json")] == expected
        assert ("REST compatibility routes" in page) is bool(expected)


async def test_each_example_link_carries_its_query(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    queries = [
        parse_qs(urlsplit(link).query)["query"][0]
        for link in links(page).links
        if link.startswith("/graphql?")
    ]
    assert queries == [example.query for example in EXAMPLES]
    assert 3 <= len(EXAMPLES) <= 4


def test_each_example_is_valid_against_the_schema() -> None:
    schema = build_schema()
    for example in EXAMPLES:
        assert validate(schema._schema, parse(example.query)) == [], example.title


async def test_each_example_answers_on_the_demo(client: httpx.AsyncClient) -> None:
    for example in EXAMPLES:
        operation = re.search(r"query (\w+)", example.query)
        assert operation is not None
        field, code = EXPECTED_STATUS[operation.group(1)]
        # The link as code would follow it: GET, any media type.
        response = await client.get(example.href)
        assert response.status_code == 200, example.title
        body = response.json()
        assert "errors" not in body, example.title
        assert body["data"][field], example.title
        assert body["extensions"]["status"][field]["code"] == code, example.title


async def test_the_page_states_the_status_semantics(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    for phrase in ("extensions.status", "406", "503", "207", "application/graphql-response+json"):
        assert phrase in page


async def test_the_sdl_is_the_running_schema_and_the_checked_in_file(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(SCHEMA_PATH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == schema_sdl()
    assert response.text == (ROOT / SCHEMA_FILE).read_text()


async def test_page_and_sdl_stay_open_with_api_keys(demo: Backends) -> None:
    settings = ServiceSettings(api_keys=(SecretStr("alpha-0123456789"),))
    async with graphql_client(demo, settings) as client:
        assert (await client.get("/")).status_code == 200
        assert (await client.get(SCHEMA_PATH)).status_code == 200
        refused = await client.post("/graphql", json={"query": "{ project_names }"})
        assert refused.status_code == 401
