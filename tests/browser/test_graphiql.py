"""GraphiQL in headless Chromium, with the network limited to the service under test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, Response, expect

from graphql_service.graphiql import TITLE
from tests.browser.conftest import Confine, ConfinedContext

pytestmark = pytest.mark.browser

# A limit against hanging, not a speed check: the first render parses about 1 MB of JavaScript,
# which on a busy 2-core CI machine can outlast Playwright's 5 s default.
expect.set_options(timeout=30_000)

# CodeMirror 5 renders only the lines in view; its instance on the element has the full text.
RESULT_TEXT = """() => {
  const element = document.querySelector(".graphiql-response .CodeMirror");
  return element ? element.CodeMirror.getValue() : "";
}"""


class PageWatch:
    """Uncaught script errors and failed responses seen by one page."""

    def __init__(self, page: Page) -> None:
        self.script_errors: list[str] = []
        self.failed: list[str] = []
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        page.on("requestfailed", lambda request: self.failed.append(f"failed {request.url}"))
        page.on("response", self.on_response)

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")


async def run_default_query(
    confined: Confine, url: str, screenshot: Path
) -> tuple[ConfinedContext, PageWatch, dict[str, Any]]:
    """Open GraphiQL as a person would, run the query it offers, and return the result."""
    confined_context = await confined(url)
    page = await confined_context.context.new_page()
    watch = PageWatch(page)

    response = await page.goto(f"{url}/graphql")  # a navigation sends Accept: text/html
    assert response is not None
    assert response.status == 200
    assert "text/html" in response.headers["content-type"]
    await expect(page).to_have_title(TITLE)

    await expect(page.locator(".graphiql-query-editor")).to_contain_text(
        'subject(subject_id: "650101")'
    )
    await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()

    result_pane = page.locator(".graphiql-response")
    await expect(result_pane).to_contain_text('"subject_id": "650101"')
    await page.wait_for_function(f"({RESULT_TEXT})().includes('extensions')")
    result: dict[str, Any] = json.loads(await page.evaluate(RESULT_TEXT))
    await page.screenshot(path=screenshot)
    return confined_context, watch, result


async def test_graphiql_runs_the_default_query(
    confined: Confine, service_url: str, tmp_path: Path
) -> None:
    screenshot = tmp_path / "graphiql.png"
    context, watch, result = await run_default_query(confined, service_url, screenshot)

    assert result["data"]["subject"]["subject_id"] == "650101"
    assert result["extensions"]["status"]["subject"]["code"] == 200
    assert "errors" not in result
    assert context.blocked == []
    assert watch.script_errors == []
    assert watch.failed == []
    assert screenshot.stat().st_size > 10_000


async def test_graphiql_assets_offline(
    confined: Confine, fake_service_url: str, tmp_path: Path
) -> None:
    screenshot = tmp_path / "graphiql-offline.png"
    context, watch, result = await run_default_query(confined, fake_service_url, screenshot)

    assert result["data"]["subject"]["subject_details"]["species"] == {"name": "Mus musculus"}
    assert "status" in result["extensions"]
    assert context.blocked == []
    assert watch.script_errors == []
    assert watch.failed == []
    assert screenshot.stat().st_size > 10_000


async def test_requests_to_other_origins_are_blocked_and_recorded(
    confined: Confine, fake_service_url: str
) -> None:
    # The guard itself must be able to catch a leak, or the tests above prove nothing.
    context = await confined(fake_service_url)
    page = await context.context.new_page()
    await page.goto(f"{fake_service_url}/graphql")
    outside = "http://127.0.0.1:9/outside.js"
    await page.evaluate(
        """(src) => new Promise((done) => {
             const script = document.createElement("script");
             script.src = src;
             script.onerror = done;
             document.head.appendChild(script);
           })""",
        outside,
    )
    assert context.blocked == [outside]
