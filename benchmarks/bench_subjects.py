"""Subject queries against a real `serve` process: latency, throughput, memory.

Scenarios (all on 127.0.0.1):
  demo        the embedded demo snapshot (LabTracks through SQLite, MGI from mgi.json, the
              SharePoint lists, Smartsheet sheets and TARS from their files): subjects, and
              procedures with TARS materials, protocols and funding
  live        LabTracks from the demo snapshot loaded in PostgreSQL over ODBC, MGI on a loopback
              server answering after --mgi-latency seconds: shows the allele lookups running
              concurrently (a subject with three alleles costs one MGI latency, not three) and
              the cache (the second pass does not wait for MGI at all)

Usage: .venv/bin/python benchmarks/bench_subjects.py [--requests 200] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from datasources.snapshot import DEMO_SNAPSHOT  # noqa: E402
from tests.conftest import start_service, stop_service  # noqa: E402
from tests.servers.mgi import MgiServer  # noqa: E402

SUBJECT = """query($id: String!) { subject(subject_id: $id) { subject_id
  subject_details { ... on MouseSubject { sex genotype alleles { registry_identifier } } } } }"""
ALL_DEMO = [str(650101 + n) for n in range(24)]
SUBJECTS = (
    "{ subjects(subject_ids: " + json.dumps(ALL_DEMO) + ") { subject_id "
    "subject_details { ... on MouseSubject { alleles { registry_identifier } } } } }"
)


EVERYTHING = """{ subject(subject_id: "650101") { subject_id
  procedures { subject_procedures { ... on Surgery { procedures { __typename
    ... on BrainInjection { injection_materials { ... on ViralMaterial { name } } } } } }
    funding { grant_number } }
  intended_measurements { fiber_name } } }"""
ALL_PROCEDURES = (
    "{ subjects(subject_ids: " + json.dumps(ALL_DEMO) + ") { procedures { subject_procedures "
    "{ __typename } } } }"
)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(url: str, body: dict[str, object], requests: int, concurrency: int) -> list[float]:
    timings: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(requests):
        queue.put_nowait(n)

    async with httpx.AsyncClient(base_url=url, timeout=60) as client:

        async def worker() -> None:
            while not queue.empty():
                queue.get_nowait()
                started = time.perf_counter()
                response = await client.post("/graphql", json=body)
                response.raise_for_status()
                timings.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    print(f"    {requests} requests in {wall:.2f} s: {requests / wall:.0f} req/s", end="")
    return timings


def report(name: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(f"; {name}: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms")


def demo(args: argparse.Namespace) -> None:
    print("demo snapshot")
    url, process = start_service(["--demo"])
    try:
        body = {"query": SUBJECT, "variables": {"id": "650101"}}
        report("subject", asyncio.run(run(url, body, args.requests, args.concurrency)))
        body = {"query": SUBJECTS}
        report("subjects x24", asyncio.run(run(url, body, args.requests, args.concurrency)))
        body = {"query": EVERYTHING}
        report(
            "subject + procedures + TARS + funding",
            asyncio.run(run(url, body, args.requests, args.concurrency)),
        )
        body = {"query": ALL_PROCEDURES}
        report(
            "procedures of 24 subjects",
            asyncio.run(run(url, body, args.requests, args.concurrency)),
        )
        print(f"    server RSS after load: {rss_mib(process.pid):.0f} MiB")
    finally:
        stop_service(process)


@contextmanager
def demo_database() -> Iterator[str]:
    """The demo LabTracks tables in a throwaway PostgreSQL database, reached over ODBC."""
    import pyodbc

    admin = "DRIVER={PostgreSQL Unicode};SERVER=127.0.0.1;PORT=5432;UID=postgres;PWD="
    name = f"labtracks_bench_{uuid.uuid4().hex[:8]}"
    server = pyodbc.connect(admin + ";DATABASE=postgres", autocommit=True)
    server.execute(f"CREATE DATABASE {name}")
    try:
        database = pyodbc.connect(admin + f";DATABASE={name}", autocommit=True)
        database.execute((DEMO_SNAPSHOT / "labtracks.sql").read_text())
        database.close()
        yield name
    finally:
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        server.close()


def live(args: argparse.Namespace) -> None:
    print(f"live: LabTracks in PostgreSQL over ODBC, MGI answering after {args.mgi_latency} s")
    answers = json.loads((DEMO_SNAPSHOT / "mgi.json").read_text())
    with demo_database() as database, MgiServer(answers) as mgi:
        mgi.latency = args.mgi_latency
        env = {
            "LABTRACKS_ODBC_DRIVER": "PostgreSQL Unicode",
            "LABTRACKS_SERVER": "127.0.0.1",
            "LABTRACKS_PORT": "5432",
            "LABTRACKS_DATABASE": database,
            "LABTRACKS_USER": "postgres",
            "MGI_URL": mgi.endpoint,
        }
        url, process = start_service([], env)
        try:
            # 650109: Slc17a7-IRES2-Cre; Camk2a-tTA; Ai93 - three distinct alleles.
            body = {"query": SUBJECT, "variables": {"id": "650109"}}
            report("first (3 alleles, uncached)", asyncio.run(run(url, body, 1, 1)))
            print(f"    MGI requests so far: {len(mgi.queries())}")
            cached = asyncio.run(run(url, body, args.requests, args.concurrency))
            report("same subject again (MGI cached)", cached)
            body = {"query": SUBJECTS}
            report("subjects x24", asyncio.run(run(url, body, args.requests, args.concurrency)))
            print(f"    MGI requests in all: {len(mgi.queries())} (one per distinct allele)")
            print(f"    server RSS after load: {rss_mib(process.pid):.0f} MiB")
        finally:
            stop_service(process)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--mgi-latency", type=float, default=0.3)
    args = parser.parse_args()
    demo(args)
    live(args)


if __name__ == "__main__":
    main()
