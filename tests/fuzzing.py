"""Schemathesis (GraphQL mode) fuzzing of /graphql: the strategy and the checks every answer must
pass, shared by tests/test_fuzz.py (CI) and benchmarks/fuzz.py (longer, random runs).

Queries come from Schemathesis's per-root-field strategies, valid (positive) and with one schema
violation (negative). Two rewrites make them reach further than random strings would:

* known values: string arguments are sometimes swapped for ids, names and lots the demo snapshot
  holds, and list arguments for lists longer than the service accepts, so resolvers, mappings
  and list limits run, not only "not found";
* stacking: several generated queries are merged into one operation under aliases, sometimes
  more than the alias, root-field, token or size limits allow.

A quarter of the queries go by GET (query string), the rest by POST (JSON body). A second app
with tight limits (`TIGHT_LIMITS`) answers half of them, so each limit is crossed often.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphql
import schemathesis
from graphql.language import (
    DocumentNode,
    FieldNode,
    ListValueNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    Visitor,
    visit,
)
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from starlette.applications import Starlette

from datasources.snapshot import DEMO_SNAPSHOT
from graphql_service.app import create_app
from graphql_service.settings import ServiceSettings
from resolvers.backends import Backends

ROOT = Path(__file__).resolve().parents[1]

#: Queries per CI run; `AIND_GRAPHQL_FUZZ_EXAMPLES` asks for more.
CI_EXAMPLES = 1200
#: One more than the default `max_list_length` (500).
LONG_LIST = 501

SUBJECT_IDS = [str(n) for n in range(650101, 650125)]


def demo_values() -> list[str]:
    """Values the demo snapshot answers to: subjects, alleles, lots, projects (and near misses)."""
    values = [*SUBJECT_IDS, "0", "650099", "999999999999999999", "1" * 19, " 650101", "-1"]
    values += list(json.loads((DEMO_SNAPSHOT / "mgi.json").read_text()))
    lots = json.loads((DEMO_SNAPSHOT / "tars" / "prep_lots.json").read_text())
    values += sorted({lot["lot"] for lot in lots if isinstance(lot.get("lot"), str)})
    values += [
        "Demo Behavior",
        "Demo Cell Types",
        "demo  cell types - subproject 1 demo morphology",
        "Demo Imaging - ",
        "'; DROP TABLE subjects; --",
        "%",
        "\\",
    ]
    return values


#: Limits low enough for generated queries to cross them often (the defaults are rarely reached).
TIGHT_LIMITS = ServiceSettings(
    max_query_depth=3,
    max_aliases=4,
    max_root_fields=6,
    max_tokens=120,
    max_query_bytes=4_000,
    max_body_bytes=8_000,
    max_list_length=8,
)


def demo_app(settings: ServiceSettings | None = None) -> Starlette:
    """The service on the embedded demo backends, each app with its own."""
    backends = Backends.from_snapshot(DEMO_SNAPSHOT)
    return create_app(settings or ServiceSettings(), backends=backends)


def load_schema(app: Starlette | None = None, url: str | None = None) -> Any:
    """Schemathesis's view of the schema, introspected from the app in-process or from a URL."""
    if url is not None:
        return schemathesis.graphql.from_url(f"{url}/graphql", timeout=30)
    return schemathesis.graphql.from_asgi("/graphql", app if app is not None else demo_app())


def in_process_schemas() -> list[Any]:
    """The demo app with the default limits, and one with tight limits (too tight for the
    introspection query: it gets the first app's schema)."""
    default = load_schema(demo_app())
    tight = schemathesis.graphql.from_dict(default.raw_schema)
    tight.app = demo_app(TIGHT_LIMITS)
    tight.location = "/graphql"
    return [default, tight]


class _SwapStrings(Visitor):
    """Replaces string and list argument values with the drawn ones (None keeps the original)."""

    def __init__(self, draw_value: Callable[[], str | None], draw_list: Callable[[], bool]):
        super().__init__()
        self.draw_value = draw_value
        self.draw_list = draw_list

    def enter_string_value(self, node: StringValueNode, *_: Any) -> Any:
        value = self.draw_value()
        return Visitor.IDLE if value is None else StringValueNode(value=value)

    def enter_list_value(self, node: ListValueNode, *_: Any) -> Any:
        if not self.draw_list():
            return Visitor.IDLE
        items = tuple(
            StringValueNode(value=SUBJECT_IDS[n % len(SUBJECT_IDS)]) for n in range(LONG_LIST)
        )
        return ListValueNode(values=items)


def _operation(document: DocumentNode) -> OperationDefinitionNode | None:
    return next((d for d in document.definitions if isinstance(d, OperationDefinitionNode)), None)


def _stack(documents: list[DocumentNode]) -> DocumentNode:
    """One operation selecting every document's root fields, each under its own alias."""
    selections: list[Any] = []
    others: list[Any] = []
    for index, document in enumerate(documents):
        operation = _operation(document)
        others += [d for d in document.definitions if d is not operation]
        if operation is None:
            continue
        for selection in operation.selection_set.selections:
            if isinstance(selection, FieldNode):
                selection = FieldNode(
                    alias=NameNode(value=f"q{index}_{selection.name.value}"),
                    name=selection.name,
                    arguments=selection.arguments,
                    directives=selection.directives,
                    selection_set=selection.selection_set,
                )
            selections.append(selection)
    merged = OperationDefinitionNode(
        operation=graphql.OperationType.QUERY,
        variable_definitions=(),
        directives=(),
        selection_set=SelectionSetNode(selections=tuple(selections)),
    )
    return DocumentNode(definitions=(merged, *others))


#: How many generated queries one stacked query merges: around the default limits (20 root
#: fields, 30 aliases) and the tight ones.
STACK_SIZES = [2, 3, 4, 5, 6, 7, 12, 19, 20, 21, 29, 30, 31, 40]
SHAPES = ["as generated", "known values", "stacked"]
#: Longer documents go by POST: a URL beyond ~64 KiB is refused by the HTTP server (uvicorn's
#: h11) before the app sees it, with a plain-text answer the checks would count as a failure.
MAX_GET_DOCUMENT = 16_000


def fuzz_cases(*schemas: Any) -> st.SearchStrategy[Case]:
    """Generated cases for any of the schemas (each bound to its app or URL): single root fields
    (positive and negative), with known values, stacked."""
    positive = [schema.as_strategy(GenerationMode.POSITIVE) for schema in schemas]
    negative = [schema.as_strategy(GenerationMode.NEGATIVE) for schema in schemas]
    # Three valid queries for each invalid one: most should get past validation and run.
    single = st.one_of(*positive, *positive, *positive, *negative)
    known = st.sampled_from(demo_values())

    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        case: Case = draw(single)
        shape = draw(st.sampled_from(SHAPES))
        if shape == "as generated":
            return case
        documents = [graphql.parse(case.body)]
        if shape == "stacked":
            # A few drawn queries repeated up to the size: drawing forty costs too much time.
            size = draw(st.sampled_from(STACK_SIZES))
            more = [graphql.parse(extra.body) for extra in draw(st.lists(single, max_size=3))]
            documents = [*documents, *more] * size
            documents = documents[:size]
        if shape == "known values" or draw(st.booleans()):
            swap = _SwapStrings(
                lambda: draw(known) if draw(st.integers(0, 3)) else None,
                lambda: draw(st.integers(0, 9)) == 0,
            )
            documents = [visit(document, swap) for document in documents]
        document = documents[0] if len(documents) == 1 else _stack(documents)
        case.body = graphql.print_ast(document)
        if draw(st.integers(0, 3)) == 0 and len(case.body) <= MAX_GET_DOCUMENT:
            # GET runs queries too, and its size limits are checked on the query string.
            case.method = "GET"
            case.query = {"query": case.body}
        return case

    return cases()


# --- Checks on every answer ----------------------------------------------------------------

LEAKS = [
    (
        "a stack trace",
        re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+"),
    ),
    ("a Python exception name", re.compile(r"\b\w+(?:Error|Exception): ")),
    # A path, not a URL's (aind-data-schema's documents link their sources on GitHub).
    ("a source path", re.compile(r"(?<![\w.:/])(?:/[\w.+-]+)+\.py\b|site-packages|" + str(ROOT))),
    ("SQL text", re.compile(r"\bSELECT\b[\s\S]+?\bFROM\b|\bINSERT INTO\b|\bsqlite3?\b|pyodbc")),
]
#: Messages that legitimately name Python-looking exceptions: none, so far.
ALLOWED: tuple[str, ...] = ()


#: The demo backends are files: nothing should answer 500 (our bug) or 503 (backend down).
INTERNAL = 500


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@dataclass
class Verdict:
    """What one answer broke; empty when it passed every check."""

    problems: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return not self.problems


def check_answer(query: str, status: int, content_type: str, text: str) -> Verdict:
    """Every check the brief asks of an answer to a generated query."""
    verdict = Verdict()
    problems = verdict.problems
    if status >= 500:
        problems.append(f"HTTP {status}")
    if not content_type.startswith("application/json"):
        problems.append(f"content type {content_type!r}")
    try:
        body = json.loads(text)
    except ValueError:
        problems.append("the body is not JSON")
        return verdict
    if not isinstance(body, dict) or not ({"data", "errors"} & body.keys()):
        problems.append("the body is neither data nor errors")
        return verdict
    for text_part in _strings(body):
        for what, pattern in LEAKS:
            for match in pattern.finditer(text_part):
                # A fragment the query itself sent (echoed in a message) is not a leak.
                if match.group() not in query and match.group() not in ALLOWED:
                    problems.append(f"{what}: {match.group()[:120]!r}")
    errors = body.get("errors")
    if errors is not None and not isinstance(errors, list):
        problems.append("errors is not a list")
    for error in errors or []:
        extensions = error.get("extensions", {}) if isinstance(error, dict) else {}
        code, number = extensions.get("code"), extensions.get("status")
        if not isinstance(code, str) or not code:
            problems.append(f"an error without a string extensions.code: {error!r:.300}")
        if not isinstance(number, int) or isinstance(number, bool):
            problems.append(f"an error without an integer extensions.status: {error!r:.300}")
        elif number >= INTERNAL:
            problems.append(f"an unexpected failure inside the service: {error!r:.300}")
        if not isinstance(error, dict) or not isinstance(error.get("message"), str):
            problems.append(f"an error without a message: {error!r:.300}")
    status_map = (body.get("extensions") or {}).get("status")
    if status_map is not None:
        if not isinstance(status_map, dict):
            problems.append("extensions.status is not an object")
        else:
            for path, entry in status_map.items():
                code = entry.get("code") if isinstance(entry, dict) else None
                if not isinstance(code, int) or isinstance(code, bool):
                    problems.append(f"extensions.status[{path!r}] has no integer code")
                elif code >= INTERNAL:
                    problems.append(f"extensions.status[{path!r}] is {code}: {entry!r:.300}")
    return verdict


def call_and_check(case: Case, **kwargs: Any) -> tuple[int, Verdict]:
    """Send the case (in-process, or to ``base_url``) and check the answer."""
    response = case.call(**kwargs)
    content_type = (response.headers.get("content-type") or [""])[0]
    try:
        text = response.content.decode("utf-8")
    except UnicodeDecodeError:
        return response.status_code, Verdict(["the body is not UTF-8"])
    return response.status_code, check_answer(
        str(case.body), response.status_code, content_type, text
    )
