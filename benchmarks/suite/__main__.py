"""The benchmark suite (issue 12): the service under uvicorn against every backend, delayed.

Usage (from the repository root; PostgreSQL at 127.0.0.1:5432, see `make services`):

    .venv/bin/python -m benchmarks.suite [--latency-ms 50] [--labtracks-latency-ms 0]
        [--clients 16] [--duration 30] [--p1-subjects 30] [--p2-subjects 50]
        [--out benchmarks/results] [--profile benchmarks/profiles]
    .venv/bin/python -m benchmarks.suite --smoke        (seconds, tiny numbers: for CI)

What it runs, in order:
  1. a fresh service: start-up time to its first /health 200; P1 (one subject's procedures
     with materials and protocols, sequentially, each subject new); P2 (the procedures of
     --p2-subjects other subjects in one query: wall time, requests per backend); a warm-up
     pass; P3 warm (--clients closed-loop clients for --duration s on the subject query with
     alleles, then on procedures);
  2. a fresh service again for each query: P3 cold (every cache empty, no token held).
It writes OUT/latest.json and OUT/latest.md and exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.suite import report
from benchmarks.suite.load import Sampler, load_elsewhere
from benchmarks.suite.profile import profiled
from benchmarks.suite.scenarios import p1, p2, procedures_body, subject_body, warm_up
from benchmarks.suite.service import running_service
from benchmarks.suite.world import BenchWorld, bench_world, clone_ids

ROOT = Path(__file__).resolve().parents[2]
SMOKE = {"latency_ms": 5.0, "clients": 2, "duration": 1.0, "p1_subjects": 3, "p2_subjects": 5}


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.suite",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--latency-ms", type=float, default=50.0, help="every HTTP backend's delay per request"
    )
    parser.add_argument(
        "--labtracks-latency-ms",
        type=float,
        default=0.0,
        help="LabTracks' delay per SQL statement (an on-site SQL Server, not a cloud API)",
    )
    parser.add_argument("--clients", type=int, default=16, help="P3's concurrent clients")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of each P3 run")
    parser.add_argument("--p1-subjects", type=int, default=30, help="P1's requests")
    parser.add_argument("--p2-subjects", type=int, default=50, help="subjects in P2's query")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the service, e.g. LABTRACKS_POOL_SIZE=16 (repeatable)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="write flame graphs (py-spy) of the worker during each warm P3 run into DIR",
    )
    parser.add_argument("--smoke", action="store_true", help="tiny numbers, a few seconds")
    args = parser.parse_args(argv)
    if any("=" not in setting for setting in args.env):
        parser.error("--env takes NAME=VALUE")
    args.env = dict(setting.split("=", 1) for setting in args.env)
    if args.smoke:
        for name, value in SMOKE.items():
            setattr(args, name, value)
    for name in ("clients", "p1_subjects", "p2_subjects"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if min(args.latency_ms, args.labtracks_latency_ms) < 0 or args.duration <= 0:
        parser.error("--latency-ms and --labtracks-latency-ms must be ≥ 0, --duration > 0")
    return args


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def _commit() -> str:
    """The commit measured, marked when the service's code differs from it."""
    try:
        commit = _git("rev-parse", "--short", "HEAD")
        changed = _git(
            "status", "--porcelain", "--", "graphql_service", "resolvers", "datasources"
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit} with uncommitted changes" if changed else commit


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _p3(world: BenchWorld, args: argparse.Namespace, log: Path, results: dict[str, Any]) -> None:
    """Both P3 queries on a fresh service each: every cache cold."""
    for query, bodies in _p3_bodies(world).items():
        with running_service(world.environment() | args.env, log) as service:
            results["startup_seconds"].append(round(service.startup_seconds, 3))
            figures = load_elsewhere(service, bodies, args.clients, args.duration)
            results["p3"].append(
                {"query": query, "caches": "cold", "clients": args.clients, **figures}
            )


def _p3_bodies(world: BenchWorld) -> dict[str, list[dict[str, Any]]]:
    subjects = clone_ids(world.clones)
    return {
        "subject": [subject_body(s) for s in subjects],
        "procedures": [procedures_body(s) for s in subjects],
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    latencies = (args.latency_ms / 1000, args.labtracks_latency_ms / 1000)
    log = Path(tempfile.gettempdir()) / f"bench-service-{time.strftime('%Y%m%d-%H%M%S')}.log"
    results: dict[str, Any] = {"startup_seconds": [], "p3": []}
    load_before, commit = _load(), _commit()
    with bench_world(args.p1_subjects + args.p2_subjects) as world:
        world.set_latency(*latencies)
        subjects = clone_ids(world.clones)
        with running_service(world.environment() | args.env, log) as service:
            results["startup_seconds"].append(round(service.startup_seconds, 3))
            with Sampler(service.process.pid) as sampler:
                results["p1"] = p1(world, service, latencies, subjects[: args.p1_subjects])
                results["p2"] = p2(world, service, latencies, subjects[args.p1_subjects :])
            results["p2"]["rss_mib_max_p1_p2"] = round(sampler.rss_max, 1)
            bodies = _p3_bodies(world)
            warm_up(service, [body for group in bodies.values() for body in group])
            for query, group in bodies.items():
                graph = args.profile / f"p3-{query}-warm.svg" if args.profile else None
                with profiled(service.process.pid, graph, args.duration):
                    figures = load_elsewhere(service, group, args.clients, args.duration)
                results["p3"].append(
                    {"query": query, "caches": "warm", "clients": args.clients, **figures}
                )
        _p3(world, args, log, results)
    results["meta"] = {
        "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit,
        "latency_ms": args.latency_ms,
        "labtracks_latency_ms": args.labtracks_latency_ms,
        "clients": args.clients,
        "duration_seconds": args.duration,
        "smoke": args.smoke,
        "settings": args.env,
        "targets_apply": args.latency_ms == 50 and args.clients == 16 and args.duration >= 30,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_before": load_before,
        "load_after": _load(),
        "labtracks": "PostgreSQL over ODBC (psqlODBC) through a delaying proxy",
        "service_log": str(log),
    }
    return results


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    # SIGTERM (e.g. from `timeout`) cleans up as Ctrl-C does: services, servers, database.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    as_json, as_markdown = report.write(run(args), args.out)
    print(as_markdown.read_text(encoding="utf-8"))
    print(f"written: {as_json} and {as_markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
