"""GraphiQL served entirely from local files: the service runs on networks without a CDN.

The JavaScript and CSS come from the installed `graphene-django-graphiql-static` wheel (0.8):
UMD builds of React 17.0.2 and GraphiQL 2 (bundling graphql-js 16.5 and CodeMirror 5.65), with
fonts inlined as data URIs in the CSS. That package's `__init__` only sets a version string, so
importing it to locate its files pulls in no Django. The HTML page is ours.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

ASSETS_PATH = "/graphiql-assets"

_ASSETS_PACKAGE = "graphene_django_graphiql_static"
# Load order matters: graphiql.min.js reads window.React and window.ReactDOM when it runs.
_STYLESHEETS = ("graphiql.min.css",)
_SCRIPTS = ("react.production.min.js", "react-dom.production.min.js", "graphiql.min.js")

TITLE = "aind-metadata-graphql · GraphiQL"

DEFAULT_QUERY = """\
# aind-metadata-graphql: lab metadata about subjects
# and what was done to them.
#
# Run with the ▶ button or Ctrl+Enter. Each field's
# status (code, message, backends asked) comes back
# under "extensions". Any object's `json` field gives
# its whole aind-data-schema document; Docs lists all.

query Subject {
  subject(subject_id: "650101") {
    subject_id
    subject_details {
      ... on MouseSubject {
        sex
        date_of_birth
        genotype
        species {
          name
        }
        alleles {
          name
          registry_identifier
        }
      }
    }
  }
}
"""

# Runs after the UMD scripts. Reads its settings from the JSON block instead of having them
# spliced into code, so no endpoint or query text can ever be parsed as JavaScript.
_BOOTSTRAP = """\
(function () {
  var config = JSON.parse(document.getElementById("graphiql-config").textContent);
  var fetcher = GraphiQL.createFetcher({
    url: config.endpoint,
    // Plain JSON responses: the service sends no multipart/incremental payloads.
    enableIncrementalDelivery: false
  });
  ReactDOM.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      // A link's query replaces whatever the browser kept from an earlier visit.
      query: config.query || undefined,
      defaultEditorToolsVisibility: false
    }),
    document.getElementById("graphiql")
  );
})();
"""


def assets_directory() -> Path:
    """The installed package's folder of GraphiQL files."""
    return Path(str(files(_ASSETS_PACKAGE) / "static" / _ASSETS_PACKAGE))


def assets_mount() -> Mount:
    """Serve the GraphiQL files at ASSETS_PATH straight from the installed package."""
    return Mount(
        ASSETS_PATH,
        app=StaticFiles(directory=assets_directory(), check_dir=True),
        name="graphiql-assets",
    )


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: no `</script>`, `<!--` or `&` can close or alter it."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def graphiql_html(
    endpoint: str = "/graphql", default_query: str = DEFAULT_QUERY, query: str | None = None
) -> str:
    """The GraphiQL page: loads only files under ASSETS_PATH and posts queries to `endpoint`;
    ``query`` (from a link) is shown in the editor instead of what the browser kept."""
    links = "\n".join(
        f'  <link rel="stylesheet" href="{ASSETS_PATH}/{name}">' for name in _STYLESHEETS
    )
    scripts = "\n".join(f'  <script src="{ASSETS_PATH}/{name}"></script>' for name in _SCRIPTS)
    config = _script_json({"endpoint": endpoint, "defaultQuery": default_query, "query": query})
    # The empty data: icon keeps browsers from asking the service for /favicon.ico.
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{TITLE}</title>
  <link rel="icon" href="data:,">
  <style>
    html, body, #graphiql {{ height: 100%; margin: 0; width: 100%; overflow: hidden; }}
  </style>
{links}
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <noscript>GraphiQL needs JavaScript. Scripts can POST JSON to this URL instead.</noscript>
  <script id="graphiql-config" type="application/json">{config}</script>
{scripts}
  <script>
{_BOOTSTRAP}  </script>
</body>
</html>
"""
