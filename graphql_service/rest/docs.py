"""/docs: Swagger UI over /openapi.json, served entirely from local files (no CDN).

The JavaScript and CSS come from the installed `swagger-ui-py` wheel (25.7.1), which ships
Swagger UI 5 (it renders OpenAPI 3.1) as plain static files. Its Python package is never
imported (that would pull in its Jinja2 templating): only its ``static`` directory is located.
The HTML page is ours; its settings are a JSON block, and the starting script is a local file.
"""

from __future__ import annotations

import importlib.util
import json
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

DOCS_PATH = "/docs"
ASSETS_PATH = "/docs-assets"
#: The page's own script: reads the JSON settings block, then starts Swagger UI.
START_SCRIPT = "start.js"

_ASSETS_PACKAGE = "swagger_ui"
_STYLESHEETS = ("swagger-ui.css",)
_SCRIPTS = ("swagger-ui-bundle.js",)

TITLE = "aind-metadata-graphql · REST API"

_START = """\
(function () {
  var config = JSON.parse(document.getElementById("docs-config").textContent);
  window.ui = SwaggerUIBundle({
    url: config.url,
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The default validator badge would send the document to validator.swagger.io.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
"""


def assets_directory() -> Path:
    spec = importlib.util.find_spec(_ASSETS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed (the server extra installs it)")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def docs_html(openapi_url: str) -> str:
    links = "\n".join(
        f'  <link rel="stylesheet" href="{ASSETS_PATH}/{name}">' for name in _STYLESHEETS
    )
    scripts = "\n".join(f'  <script src="{ASSETS_PATH}/{name}"></script>' for name in _SCRIPTS)
    # "</" cannot end the JSON block early.
    config = json.dumps({"url": openapi_url}).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{escape(TITLE)}</title>
{links}
</head>
<body>
  <div id="swagger-ui"></div>
  <script id="docs-config" type="application/json">{config}</script>
{scripts}
  <script src="{DOCS_PATH}/{START_SCRIPT}"></script>
</body>
</html>
"""


def docs_routes(openapi_url: str) -> list[BaseRoute]:
    page = docs_html(openapi_url)

    async def docs(request: Request) -> Response:
        return HTMLResponse(page)

    async def start(request: Request) -> Response:
        return PlainTextResponse(_START, media_type="text/javascript")

    return [
        Route(DOCS_PATH, docs, methods=["GET"]),
        Route(f"{DOCS_PATH}/{START_SCRIPT}", start, methods=["GET"]),
        Mount(
            ASSETS_PATH,
            app=StaticFiles(directory=assets_directory(), check_dir=True),
            name="docs-assets",
        ),
    ]
