"""The GraphiQL page and its local assets, served by a bare Starlette app."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
from graphql import parse, validate
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from graphql_service.graphiql import ASSETS_PATH, DEFAULT_QUERY, assets_mount, graphiql_html
from graphql_service.schema import build_schema


class PageParts(HTMLParser):
    """Collects what a browser would fetch and the embedded JSON configuration."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.script_bodies: list[str] = []
        self.config_text = ""
        self._in_config = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for attribute in ("src", "href"):
            if named.get(attribute):
                self.references.append(str(named[attribute]))
        if tag == "script":
            self._in_script = True
            self._in_config = named.get("id") == "graphiql-config"
            self.script_bodies.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_bodies[-1] += data
        if self._in_config:
            self.config_text += data


def parts(page: str) -> PageParts:
    parser = PageParts()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(graphiql_html())

    app = Starlette(routes=[Route("/graphql", page), assets_mount()])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        yield client


async def test_every_referenced_asset_is_served_locally(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    fetched = [ref for ref in parts(response.text).references if not ref.startswith("data:")]
    assert len(fetched) == 4  # one stylesheet, React, ReactDOM, GraphiQL
    for reference in fetched:
        assert reference.startswith(f"{ASSETS_PATH}/"), reference
        asset = await client.get(reference)
        assert asset.status_code == 200, reference
        assert len(asset.content) > 1000, reference
        expected = "text/css" if reference.endswith(".css") else "javascript"
        assert expected in asset.headers["content-type"], reference


async def test_page_names_no_external_url(client: httpx.AsyncClient) -> None:
    page = (await client.get("/graphql")).text
    assert not re.search(r"(?i)\b(?:https?|wss?):|//[a-z0-9]", page)
    css = (await client.get(f"{ASSETS_PATH}/graphiql.min.css")).text
    # Fonts and images in the stylesheet are inlined; anything else would be fetched.
    urls = re.findall(r"url\(\s*['\"]?([^)'\"]*)", css)
    assert urls
    assert all(url.startswith("data:") for url in urls)


def test_page_has_a_title() -> None:
    assert "<title>aind-metadata-graphql · GraphiQL</title>" in graphiql_html()


def test_endpoint_and_query_cannot_break_out_of_the_script() -> None:
    endpoint = '/api/graphql"</script><script>alert(1)</script>'
    query = "{ a } # </SCRIPT><!-- <script> & \u2028"
    page = graphiql_html(endpoint, query, query)
    parsed = parts(page)
    # Exactly the page's own scripts, and the config round-trips unchanged.
    assert len(parsed.script_bodies) == len(parts(graphiql_html()).script_bodies)
    assert "alert(1)" not in "".join(parsed.script_bodies[1:])
    expected = {"endpoint": endpoint, "defaultQuery": query, "query": query}
    assert json.loads(parsed.config_text) == expected
    assert re.search(r"(?i)</script|<!--", parsed.config_text) is None


def test_default_query_is_valid_against_the_schema() -> None:
    schema = build_schema()
    errors = validate(schema._schema, parse(DEFAULT_QUERY))
    assert errors == []
    assert 'subject(subject_id: "650101")' in DEFAULT_QUERY
