"""The landing page at ``/`` and the schema's SDL at ``/schema.graphql``.

The page is plain HTML with inline CSS: it fetches nothing (its icon is an empty ``data:`` URI)
and works on a closed network. It links GraphiQL, the example queries (each a GraphiQL link
with the query filled in), the SDL, and the REST documents when the app serves them. Neither
path reads data, so neither needs an API key.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import BaseRoute, Route
from strawberry.schema.base import BaseSchema

GRAPHQL_PATH = "/graphql"
SCHEMA_PATH = "/schema.graphql"
TITLE = "aind-metadata-graphql"

# Listed on the page only when a route at that path exists when the page is asked for.
REST_DOCUMENTS = (
    ("/docs", "REST compatibility routes: documentation"),
    ("/openapi.json", "REST compatibility routes: OpenAPI document"),
)


@dataclass(frozen=True)
class Example:
    title: str
    about: str
    query: str

    @property
    def href(self) -> str:
        return f"{GRAPHQL_PATH}?query={quote(self.query, safe='')}"


EXAMPLES = (
    Example(
        "A subject with its alleles",
        "LabTracks' subject with each allele looked up in MGI.",
        """\
query SubjectWithAlleles {
  subject(subject_id: "650101") {
    subject_id
    subject_details {
      ... on MouseSubject {
        sex
        genotype
        alleles {
          name
          registry_identifier
        }
      }
    }
  }
}
""",
    ),
    Example(
        "Procedures with their sources",
        "Everything done to a subject, merged from the surgery request lists, LabTracks tasks "
        "and the perfusions sheet; each procedure's source says where it was read.",
        """\
query ProceduresWithSources {
  procedures(subject_id: "650101") {
    subject_id
    subject_procedures {
      object_type
      source
      start_date
      ... on Surgery {
        procedures {
          object_type
        }
      }
    }
  }
}
""",
    ),
    Example(
        "Funding of a project",
        'From the funding sheet: "Project" finds all its subprojects, "Project - Subproject" one.',
        """\
query ProjectFunding {
  funding(project_name: "Demo Cell Types") {
    project_name
    subproject
    funder {
      name
    }
    grant_number
    fundee {
      name
    }
  }
}
""",
    ),
    Example(
        "A SLIMS session",
        "A subject's ecephys sessions from SLIMS, as aind-data-schema 2.x acquisitions "
        "(expect 406: SLIMS records no acquisition times).",
        """\
query SlimsSession {
  sessions(subject_id: "650120") {
    subject_id
    instrument_id
    acquisition_type
    experimenters
    stimulus_epochs {
      stimulus_name
    }
  }
}
""",
    ),
)

STATUS_SEMANTICS = (
    "Every field backed by a lab system has an entry in <code>extensions.status</code>, keyed "
    "by its response path, with a code and the backends asked: 200 found and valid, 406 found "
    "but failing aind-data-schema validation (returned anyway, with the validation errors), "
    "404 nothing found, 300 several records where one was expected, 207 partial (a backend "
    "failed), 400 a malformed argument, 503 a backend unreachable or not configured, 500 a "
    "failure inside the service. A list field (<code>subjects</code>) counts its items by "
    "code under <code>items</code>; an answer a backend could not complete (TARS, the "
    "protocols sheet or MGI not configured or failing) says what it lacks under "
    "<code>warnings</code>. The <code>AIND-Status: non-200</code> request header, or "
    "<code>@status(non_200_only: true)</code> on the query, keeps only the entries that are not "
    "200. Every error carries a string <code>extensions.code</code> "
    "(<code>BAD_USER_INPUT</code>, <code>GRAPHQL_VALIDATION_FAILED</code>, ...) and the number "
    "in <code>extensions.status</code>. A query that ran answers HTTP 200 even when fields "
    "failed. "
    "A document that does not parse or validate is not run: with "
    "<code>Accept: application/graphql-response+json</code> it answers HTTP 400 with no "
    "<code>data</code>, with <code>application/json</code> HTTP 200 and "
    '<code>"data": null</code>. A missing or unknown API key answers 401, an oversized '
    "request 413."
)

_STYLE = """\
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 52rem;
       padding: 0 1rem; color: #1d232b; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d6dbe1; }
a { color: #0b5cad; }
code, pre { font: 0.9rem/1.4 ui-monospace, monospace; background: #f3f5f7; }
pre { padding: 0.6rem 0.8rem; overflow-x: auto; }
li { margin: 0.3rem 0; }
.example h3 { font-size: 1rem; margin-bottom: 0; }
.example p { margin: 0.2rem 0; }
"""


def _served_paths(request: Request) -> set[str]:
    return {path for route in request.app.routes if (path := getattr(route, "path", None))}


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _example(example: Example) -> str:
    return (
        '<div class="example">\n'
        f"<h3>{_link(example.href, example.title)}</h3>\n"
        f"<p>{escape(example.about)}</p>\n"
        f"<pre>{escape(example.query)}</pre>\n"
        "</div>"
    )


def landing_html(served: set[str]) -> str:
    """The page; ``served`` are the app's route paths, for the REST links."""
    links = [
        f"<li>{_link(GRAPHQL_PATH, 'GraphiQL')}: write and run queries "
        "(POST or GET <code>/graphql</code> from code)</li>",
        f"<li>{_link(SCHEMA_PATH, 'The schema (SDL)')}: every type, field and argument</li>",
    ]
    links += [f"<li>{_link(path, text)}</li>" for path, text in REST_DOCUMENTS if path in served]
    links.append(
        f"<li>{_link('/health', '/health')} and {_link('/ready', '/ready')}: "
        "liveness, and each backend's state</li>"
    )
    items = "\n".join(links)
    examples = "\n".join(_example(example) for example in EXAMPLES)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{TITLE}</title>
<link rel="icon" href="data:,">
<style>
{_STYLE}</style>
</head>
<body>
<h1>{TITLE}</h1>
<p>One GraphQL service over the institute's lab systems: subjects, their alleles, everything
done to them, and the funding of their projects, each answer saying how far it can be
trusted.</p>
<h2>Start here</h2>
<ul>
{items}
</ul>
<h2>Example queries</h2>
<p>Each link opens GraphiQL with the query filled in; run it with the ▶ button.</p>
{examples}
<h2>Status</h2>
<p>{STATUS_SEMANTICS}</p>
</body>
</html>
"""


def landing_routes(schema: BaseSchema) -> list[BaseRoute]:
    """``/`` and ``/schema.graphql`` (the SDL of ``schema``, as ``export-schema`` writes it)."""
    sdl = schema.as_str().rstrip("\n") + "\n"

    async def landing(request: Request) -> HTMLResponse:
        return HTMLResponse(landing_html(_served_paths(request)))

    async def schema_text(request: Request) -> PlainTextResponse:
        return PlainTextResponse(sdl)

    return [
        Route("/", landing, methods=["GET"]),
        Route(SCHEMA_PATH, schema_text, methods=["GET"]),
    ]
