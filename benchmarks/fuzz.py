"""Longer, random fuzzing of /graphql with Schemathesis (GraphQL mode) on the demo backends.

The same queries and checks as tests/test_fuzz.py (see tests/fuzzing.py), but from a random
seed, for a number of queries or a time budget, without stopping at the first failure: every
failing query is kept and the run ends with a summary (and exit status 1 if any failed).

  in-process (default)  the app on two sets of limits (defaults, and tight ones), over ASGI
  --process             real `serve --demo` processes on 127.0.0.1, one per set of limits,
                        over HTTP; their logs are searched for tracebacks afterwards

Usage: .venv/bin/python benchmarks/fuzz.py [--examples 20000] [--seconds 600] [--seed N]
                                           [--process] [--report failures.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import schemathesis  # noqa: E402
from schemathesis import Case  # noqa: E402
from schemathesis.python import asgi  # noqa: E402

from tests.conftest import start_service, stop_service  # noqa: E402
from tests.fuzzing import (  # noqa: E402
    TIGHT_LIMITS,
    call_and_check,
    fuzz_cases,
    in_process_schemas,
    load_schema,
)

#: Queries per Hypothesis run; each run gets the next seed.
CHUNK = 500


class Tally:
    def __init__(self) -> None:
        self.queries = 0
        self.statuses: Counter[int] = Counter()
        self.failures: list[dict[str, Any]] = []
        self.kinds: Counter[str] = Counter()

    def record(self, case: Case) -> None:
        status, verdict = call_and_check(case)
        self.queries += 1
        self.statuses[status] += 1
        if not verdict:
            self.failures.append({"query": case.body, "problems": verdict.problems})
            self.kinds.update(problem.split(":")[0] for problem in verdict.problems)


def tight_environment() -> dict[str, str]:
    return {
        f"AIND_GRAPHQL_{name.upper()}": str(getattr(TIGHT_LIMITS, name))
        for name in TIGHT_LIMITS.model_fields_set
    }


@contextmanager
def process_schemas(logs: list[bytes]) -> Iterator[list[Any]]:
    """Two `serve --demo` processes, default and tight limits, as Schemathesis schemas."""
    with ExitStack() as stack:
        urls = []
        for env in ({}, tight_environment()):
            url, process = start_service(["--demo"], env)
            stack.callback(lambda p=process: logs.append(stop_service(p)))
            urls.append(url)
        default = load_schema(url=urls[0])
        # The tight process refuses the introspection query: it serves the same schema.
        tight = schemathesis.graphql.from_dict(default.raw_schema)
        tight.location = f"{urls[1]}/graphql"
        yield [default, tight]


def run(schemas: list[Any], examples: int, seconds: float, first_seed: int) -> Tally:
    tally = Tally()
    strategy = fuzz_cases(*schemas)
    started = time.monotonic()
    chunk_seed = first_seed
    while tally.queries < examples and time.monotonic() - started < seconds:
        budget = min(CHUNK, examples - tally.queries)

        @seed(chunk_seed)
        @settings(
            max_examples=budget,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def chunk(case: Case) -> None:
            tally.record(case)

        chunk()
        chunk_seed += 1
        elapsed = time.monotonic() - started
        print(
            f"{tally.queries} queries in {elapsed:.0f} s, {len(tally.failures)} failing",
            flush=True,
        )
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000, help="queries to send at most")
    parser.add_argument("--seconds", type=float, default=float("inf"), help="time budget")
    parser.add_argument("--seed", type=int, default=None, help="first seed (default: random)")
    parser.add_argument("--process", action="store_true", help="fuzz real serve processes")
    parser.add_argument("--report", type=Path, help="write the failing queries here (JSON)")
    args = parser.parse_args()
    first_seed = args.seed if args.seed is not None else random.randrange(2**32)
    print(f"seed {first_seed}", flush=True)

    logs: list[bytes] = []
    started = time.monotonic()
    if args.process:
        with process_schemas(logs) as schemas:
            tally = run(schemas, args.examples, args.seconds, first_seed)
    else:
        tally = run(in_process_schemas(), args.examples, args.seconds, first_seed)
        asgi.shutdown_lifespans()
    elapsed = time.monotonic() - started

    traces = sum(log.count(b"Traceback") for log in logs)
    print(
        f"\n{tally.queries} queries in {elapsed:.0f} s ({tally.queries / elapsed:.0f}/s), "
        f"HTTP statuses {dict(sorted(tally.statuses.items()))}, "
        f"{len(tally.failures)} failing queries {dict(tally.kinds)}"
        + (f", {traces} tracebacks in the service logs" if args.process else "")
    )
    for failure in tally.failures[:5]:
        print(f"\n{failure['problems']}\n{failure['query']}")
    if args.report:
        args.report.write_text(json.dumps(tally.failures, indent=2))
    return 1 if tally.failures or traces else 0


if __name__ == "__main__":
    sys.exit(main())
