"""The landing page in headless Chromium: nothing leaves the service, and an example link
opens GraphiQL with its query, ready to run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import expect

from graphql_service.graphiql import TITLE as GRAPHIQL_TITLE
from graphql_service.landing import EXAMPLES, TITLE
from tests.browser.conftest import Confine
from tests.browser.test_graphiql import RESULT_TEXT, PageWatch

pytestmark = pytest.mark.browser

expect.set_options(timeout=30_000)  # GraphiQL's first render parses about 1 MB of JavaScript


async def test_landing_page_offline_and_its_example_opens_graphiql(
    confined: Confine, service_url: str, tmp_path: Path
) -> None:
    context = await confined(service_url)
    page = await context.context.new_page()
    watch = PageWatch(page)

    response = await page.goto(f"{service_url}/")
    assert response is not None
    assert response.status == 200
    await expect(page).to_have_title(TITLE)
    example = EXAMPLES[0]
    link = page.get_by_role("link", name=example.title)
    await expect(link).to_be_visible()
    await expect(page.get_by_role("link", name="GraphiQL", exact=True)).to_be_visible()
    await page.screenshot(path=tmp_path / "landing.png", full_page=True)

    await link.click()
    await expect(page).to_have_title(GRAPHIQL_TITLE)
    opened = urlsplit(page.url)
    assert opened.path == "/graphql"
    assert parse_qs(opened.query)["query"] == [example.query]
    editor = page.locator(".graphiql-query-editor")
    await expect(editor).to_contain_text("query SubjectWithAlleles")
    await expect(editor).to_contain_text("registry_identifier")

    await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    await page.wait_for_function(f"({RESULT_TEXT})().includes('extensions')")
    result: dict[str, Any] = json.loads(await page.evaluate(RESULT_TEXT))
    assert result["data"]["subject"]["subject_id"] == "650101"
    alleles = result["data"]["subject"]["subject_details"]["alleles"]
    assert all(allele["registry_identifier"].startswith("MGI:") for allele in alleles)
    assert result["extensions"]["status"]["subject"]["code"] == 200

    assert context.blocked == []
    assert watch.script_errors == []
    assert watch.failed == []
