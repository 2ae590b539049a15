"""Fuzzing /graphql with Schemathesis in GraphQL mode, in-process on the demo backends.

CI runs `CI_EXAMPLES` generated queries from a fixed seed (derandomized: the same queries every
run). `AIND_GRAPHQL_FUZZ_EXAMPLES=20000` runs longer; `AIND_GRAPHQL_FUZZ_SEED=random` (or an
integer) draws other queries. benchmarks/fuzz.py runs for a time budget, or against a real
`serve --demo` process.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Iterator
from functools import cache

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import Case
from schemathesis.python import asgi

from tests.fuzzing import (
    CI_EXAMPLES,
    call_and_check,
    check_answer,
    fuzz_cases,
    in_process_schemas,
)

EXAMPLES = int(os.environ.get("AIND_GRAPHQL_FUZZ_EXAMPLES", CI_EXAMPLES))
SEED_SETTING = os.environ.get("AIND_GRAPHQL_FUZZ_SEED", "")
SEED = (
    random.randrange(2**32)
    if SEED_SETTING == "random"
    else int(SEED_SETTING)
    if SEED_SETTING
    else None
)

STATUSES: Counter[int] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _stop_the_app() -> Iterator[None]:
    """Schemathesis keeps the app's lifespan running in its own thread; end it with the module."""
    yield
    asgi.shutdown_lifespans()


def _fuzz(case: Case) -> None:
    status, verdict = call_and_check(case)
    STATUSES[status] += 1
    assert verdict, f"{verdict.problems}\nquery:\n{case.body}"


@cache
def _cases() -> st.SearchStrategy[Case]:
    """Built on first use: collecting the suite starts no app."""
    return fuzz_cases(*in_process_schemas())


_test = given(case=st.deferred(lambda: _cases()))(_fuzz)
if SEED is not None:
    _test = seed(SEED)(_test)
fuzz = settings(
    max_examples=EXAMPLES,
    derandomize=SEED is None,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)(_test)


def test_generated_queries_get_coded_answers() -> None:
    """Never 5xx, always JSON, no trace, path or SQL, every error and status entry coded."""
    STATUSES.clear()
    print(f"fuzzing: {EXAMPLES} examples, seed {SEED if SEED is not None else 'derandomized'}")
    fuzz()
    print(f"answers by HTTP status: {dict(STATUSES)}")
    assert sum(STATUSES.values()) >= min(EXAMPLES, 1000)
    assert set(STATUSES) <= {200, 400, 413}, STATUSES


GOOD = '{"data": {"a": 1}, "extensions": {"status": {"a": {"code": 200}}}}'


@pytest.mark.parametrize(
    ("status", "text", "problem"),
    [
        (500, GOOD, "HTTP 500"),
        (200, "<html>", "not JSON"),
        (200, '{"data": null, "errors": [{"message": "x"}]}', "extensions.code"),
        (200, '{"data": null, "errors": [{"message": "x", "extensions": {"code": 400}}]}', "code"),
        (
            200,
            '{"data": null, "errors": [{"message": "x", "extensions": {"code": "E"}}]}',
            "status",
        ),
        (200, '{"data": {}, "extensions": {"status": {"a": {"message": "?"}}}}', "status['a']"),
        (
            200,
            '{"errors": [{"message": "Traceback (most recent call last)", '
            '"extensions": {"code": "E", "status": 500}}]}',
            "stack trace",
        ),
        (
            200,
            '{"errors": [{"message": "in /srv/app/resolvers/x.py", '
            '"extensions": {"code": "E", "status": 500}}]}',
            "source path",
        ),
        (
            200,
            '{"errors": [{"message": "SELECT id FROM animals", '
            '"extensions": {"code": "E", "status": 500}}]}',
            "SQL",
        ),
    ],
)
def test_the_checks_catch_what_they_look_for(status: int, text: str, problem: str) -> None:
    verdict = check_answer("{ a }", status, "application/json", text)
    assert not verdict
    assert any(problem in found for found in verdict.problems), verdict.problems


def test_the_checks_pass_a_good_answer_and_echoed_input() -> None:
    echoed = (
        '{"errors": [{"message": "no SELECT x FROM y", '
        '"extensions": {"code": "BAD_USER_INPUT", "status": 400}}]}'
    )
    query = '{ a(b: "SELECT x FROM y") }'
    assert check_answer("{ a }", 200, "application/json", GOOD)
    assert check_answer(query, 200, "application/json", echoed)
