"""The REST docs (/docs, Swagger UI over /openapi.json) in headless Chromium: every operation
of the route table is shown, and nothing leaves the service."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import expect

from graphql_service.rest import ROUTES
from tests.browser.conftest import Confine
from tests.browser.test_graphiql import PageWatch

pytestmark = pytest.mark.browser

expect.set_options(timeout=30_000)


async def test_docs_page_offline_lists_every_route(
    confined: Confine, service_url: str, tmp_path: Path
) -> None:
    context = await confined(service_url)
    page = await context.context.new_page()
    watch = PageWatch(page)

    response = await page.goto(f"{service_url}/docs")
    assert response is not None
    assert response.status == 200
    operations = page.locator(".opblock")
    await expect(operations.first).to_be_visible()
    await expect(operations).to_have_count(len(ROUTES))
    await expect(page.get_by_text("/subject/{subject_id}", exact=True).first).to_be_visible()
    await page.screenshot(path=tmp_path / "docs.png", full_page=True)

    assert context.blocked == []
    assert watch.script_errors == []
    assert watch.failed == []
