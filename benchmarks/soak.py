"""Soak: a real `serve` process on live loopback backends, under load and random faults.

Not part of CI. What it does, all on 127.0.0.1:

1. starts the loopback backends the tests use, holding the demo snapshot's records: Microsoft
   Graph with its Entra ID token endpoint (the four SharePoint lists), TARS with its token
   endpoint, Smartsheet (perfusions, funding, protocols sheets) and MGI; and loads the demo
   LabTracks script into a throwaway database of the PostgreSQL at 127.0.0.1:5432;
2. starts `aind-metadata-graphql serve` in live mode, its environment pointing at them (short
   backend timeouts and cache TTLs, so that the backends keep being asked), its output in a log;
3. warms up (every probe query once, no fault), then reads the server's RSS and thread count;
4. for --duration seconds, --concurrency clients send a weighted mix of queries (subject,
   subjects batch, procedures, subject with procedures, funding and materials, protocols,
   funding, MGI alleles, TARS materials, and bad inputs), while every backend, at random times
   (--fault-rate episodes per second per healthy backend), answers 500 or 503, hangs past its
   timeout, drops the connection, sends invalid JSON or is slow; LabTracks instead has its
   connections terminated (pg_terminate_backend), a table locked for a while, or refuses
   connections for a while;
5. stops the faults and checks that the probe queries answer as they did during warm-up
   (recovery), then stops everything and drops the database.

It prints requests by HTTP status and by field status (``extensions.status``), GraphQL errors by
``extensions.code``, latency percentiles, the server's RSS, threads and open files at start and
end, the faults injected and what the server log holds (tracebacks, errors). It exits 1 when a
response was an HTTP 5xx or had a field with status 500, a response contained "Traceback", a
request got no HTTP answer, the log holds a traceback not behind a 500 answer, the server died,
or the probe queries did not answer as at warm-up within 90 s of the faults stopping.

Usage: .venv/bin/python benchmarks/soak.py [--duration 600] [--concurrency 8]
       [--fault-rate 0.1] [--seed 1] [--backend-timeout 2] [--log FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.suite.world import admin_connection, labtracks_database  # noqa: E402
from datasources.snapshot import DEMO_SNAPSHOT  # noqa: E402
from resolvers.backends import BACKEND_PREFIXES  # noqa: E402
from tests.conftest import free_port, wait_until_healthy  # noqa: E402
from tests.faults.world import (  # noqa: E402
    FUNDING_SHEET_ID,
    FUNDING_TOKEN,
    PROTOCOLS_SHEET_ID,
    PROTOCOLS_TOKEN,
    running_servers,
)
from tests.postgres import DRIVER, HOST, PORT  # noqa: E402
from tests.procedures_live import (  # noqa: E402
    AIND_SITE,
    GRAPH_SECRET,
    LAS_SITE,
    LIST_IDS,
    PERFUSIONS_SHEET_ID,
    SHEET_TOKEN,
)
from tests.servers.base import LoopbackServer, RecordedRequest, Reply  # noqa: E402
from tests.servers.graph import GraphServer  # noqa: E402
from tests.servers.mgi import MgiServer  # noqa: E402
from tests.servers.smartsheet import SmartsheetServer  # noqa: E402
from tests.servers.tars import TarsServer  # noqa: E402

CLIENT_TIMEOUT = 30.0  # seconds a soak client waits for the service before counting a failure
RECOVERY_SECONDS = 90.0  # longer than a circuit breaker's cool-down (30 s by default)
TICK = 0.25  # seconds between two looks of the fault injector

# --- the query mix -----------------------------------------------------------------------------

DEMO_IDS = [str(650101 + n) for n in range(24)]
SHOWCASE_IDS = ["650101", "650107", "650104", "650110", "650111", "650119"]
ALLELES = sorted(json.loads((DEMO_SNAPSHOT / "mgi.json").read_text()))
LOTS = [f"DEMO-LOT-{n:03d}" for n in range(1, 9)] + ["DEMO-LOT-DUP", "NO-SUCH-LOT"]
PROJECTS = ["Demo Cell Types", "Demo Behavior", "Demo Cell Types - Subproject 1 Demo Morphology"]
PROTOCOLS = [
    "Demo Headframe Implantation",
    "Demo Craniotomy and Cranial Window",
    "Demo Injection of Viral Tracers by Nanoject V.4",
    "No such protocol",
]

SUBJECT_FIELDS = """subject_id subject_details { ... on MouseSubject { sex genotype
  strain { name } alleles { name registry_identifier } } }"""
PROCEDURE_FIELDS = """subject_id subject_procedures { __typename ... on Surgery { source
  start_date protocol_id procedures { __typename ... on BrainInjection { protocol_id
  injection_materials { name ... on ViralMaterial { titer } } } } } }
  funding { grant_number }"""
SUBJECT = f"query($id: String!) {{ subject(subject_id: $id) {{ {SUBJECT_FIELDS} }} }}"
SUBJECTS = f"query($ids: [String!]!) {{ subjects(subject_ids: $ids) {{ {SUBJECT_FIELDS} }} }}"
PROCEDURES = f"query($id: String!) {{ procedures(subject_id: $id) {{ {PROCEDURE_FIELDS} }} }}"
EVERYTHING = f"""query($id: String!, $lot: String!) {{
  subject(subject_id: $id) {{ {SUBJECT_FIELDS}
    procedures {{ {PROCEDURE_FIELDS} }}
    funding {{ project_name grant_number }}
    intended_measurements {{ fiber_name intended_measurement_R }} }}
  injection_materials(prep_lot_number: $lot) {{ name object_type }} }}"""
PROTOCOL = (
    "query($name: String!) { protocols(protocol_name: $name) { protocol_name doi version } }"
)
FUNDING = """query($name: String!) { funding(project_name: $name) { project_name subproject
  grant_number } investigators(project_name: $name) { name } project_names }"""
ALLELE = "query($name: String!) { mgi_allele(allele_name: $name) { name registry_identifier } }"
MATERIALS = "query($lot: String!) { injection_materials(prep_lot_number: $lot) { name } }"
OVERSIZED = '{ subject(subject_id: "650101") { subject_id } }\n#' + "x" * 21_000

Body = dict[str, Any]


def _bad_input(rng: random.Random) -> Body:
    return rng.choice(
        [
            {"query": SUBJECT, "variables": {"id": "not-a-number"}},
            {"query": SUBJECT, "variables": {"id": "-5"}},
            {"query": SUBJECTS, "variables": {"ids": [str(n) for n in range(600_000, 600_501)]}},
            {"query": MATERIALS, "variables": {"lot": "   "}},
            {"query": "{ subject(subject_id: ) { subject_id } }"},
            {"query": '{ subject(subject_id: "650101") { no_such_field } }'},
            {"query": SUBJECT, "variables": {}},
            {"query": OVERSIZED},
        ]
    )


# kind -> (weight, a random request body of that kind)
MIX: dict[str, tuple[int, Callable[[random.Random], Body]]] = {
    "subject": (
        24,
        lambda r: {"query": SUBJECT, "variables": {"id": r.choice([*DEMO_IDS, "659999"])}},
    ),
    "subjects": (
        10,
        lambda r: {"query": SUBJECTS, "variables": {"ids": r.sample(DEMO_IDS, r.randint(2, 24))}},
    ),
    "procedures": (
        18,
        lambda r: {"query": PROCEDURES, "variables": {"id": r.choice(DEMO_IDS)}},
    ),
    "everything": (
        12,
        lambda r: {
            "query": EVERYTHING,
            "variables": {"id": r.choice(SHOWCASE_IDS), "lot": r.choice(LOTS)},
        },
    ),
    "protocols": (6, lambda r: {"query": PROTOCOL, "variables": {"name": r.choice(PROTOCOLS)}}),
    "funding": (6, lambda r: {"query": FUNDING, "variables": {"name": r.choice(PROJECTS)}}),
    "mgi_allele": (
        10,
        lambda r: {
            "query": ALLELE,
            "variables": {"name": r.choice([*ALLELES, f"Soak-allele-{r.randint(1, 40)}"])},
        },
    ),
    "materials": (6, lambda r: {"query": MATERIALS, "variables": {"lot": r.choice(LOTS)}}),
    "bad_input": (8, _bad_input),
}

# One fixed request per kind: answered at warm-up, and again after the faults to show recovery.
PROBES: dict[str, Body] = {
    "subject": {"query": SUBJECT, "variables": {"id": "650101"}},
    "subjects": {"query": SUBJECTS, "variables": {"ids": DEMO_IDS}},
    "procedures": {"query": PROCEDURES, "variables": {"id": "650107"}},
    "everything": {"query": EVERYTHING, "variables": {"id": "650101", "lot": "DEMO-LOT-001"}},
    "protocols": {"query": PROTOCOL, "variables": {"name": PROTOCOLS[0]}},
    "funding": {"query": FUNDING, "variables": {"name": PROJECTS[0]}},
    "mgi_allele": {"query": ALLELE, "variables": {"name": "Pvalb-IRES-Cre"}},
    "materials": {"query": MATERIALS, "variables": {"lot": "DEMO-LOT-002"}},
}


# --- loopback backends ---------------------------------------------------------------------------


@dataclass
class Backends:
    graph: GraphServer
    tars: TarsServer
    sheets: SmartsheetServer
    mgi: MgiServer
    database: str

    def env(self, timeout: float) -> dict[str, str]:
        """The service's environment: every backend live, on loopback, with short deadlines."""
        seconds = str(timeout)
        graph, tars = self.graph, self.tars
        return {
            "LABTRACKS_ODBC_DRIVER": DRIVER,
            "LABTRACKS_SERVER": HOST,
            "LABTRACKS_PORT": str(PORT),
            "LABTRACKS_DATABASE": self.database,
            "LABTRACKS_USER": "postgres",
            "LABTRACKS_TIMEOUT_SECONDS": seconds,
            "MGI_URL": self.mgi.endpoint,
            "MGI_TIMEOUT_SECONDS": seconds,
            "MGI_CACHE_TTL_SECONDS": "5",
            "SHAREPOINT_CLIENT_ID": graph.client_id,
            "SHAREPOINT_CLIENT_SECRET": GRAPH_SECRET,
            "SHAREPOINT_TENANT_ID": graph.tenant,
            "SHAREPOINT_AIND_SITE_ID": AIND_SITE,
            "SHAREPOINT_LAS_SITE_ID": LAS_SITE,
            "SHAREPOINT_NSB_2019_LIST_ID": LIST_IDS["nsb2019"],
            "SHAREPOINT_NSB_2023_LIST_ID": LIST_IDS["nsb2023"],
            "SHAREPOINT_NSB_PRESENT_LIST_ID": LIST_IDS["nsb_present"],
            "SHAREPOINT_LAS_2020_LIST_ID": LIST_IDS["las2020"],
            "SHAREPOINT_GRAPH_API_URL": graph.graph_url,
            "SHAREPOINT_SCOPE": graph.scope,
            "SHAREPOINT_TOKEN_URL": graph.token_url,
            "SHAREPOINT_TIMEOUT_SECONDS": seconds,
            "SHAREPOINT_CACHE_TTL_SECONDS": "30",  # the token is fetched again every 30 s
            "SMARTSHEET_API_URL": self.sheets.api_url,
            "SMARTSHEET_TIMEOUT_SECONDS": seconds,
            "SMARTSHEET_CACHE_TTL_SECONDS": "5",
            "SMARTSHEET_PERFUSIONS_API_TOKEN": SHEET_TOKEN,
            "SMARTSHEET_PERFUSIONS_ID": str(PERFUSIONS_SHEET_ID),
            "SMARTSHEET_FUNDING_API_TOKEN": FUNDING_TOKEN,
            "SMARTSHEET_FUNDING_ID": str(FUNDING_SHEET_ID),
            "SMARTSHEET_PROTOCOLS_API_TOKEN": PROTOCOLS_TOKEN,
            "SMARTSHEET_PROTOCOLS_ID": str(PROTOCOLS_SHEET_ID),
            "TARS_TENANT_ID": tars.tenant,
            "TARS_CLIENT_ID": tars.client_id,
            "TARS_CLIENT_SECRET": tars.client_secret,
            "TARS_SCOPE": tars.scope,
            "TARS_RESOURCE": tars.resource,
            "TARS_TOKEN_URL": tars.token_url,
            "TARS_TIMEOUT_SECONDS": seconds,
            "TARS_CACHE_TTL_SECONDS": "5",
        }


@contextmanager
def loopback_backends() -> Iterator[Backends]:
    """The demo records behind every backend: the faults tests' servers, LabTracks as the
    benchmark suite loads it."""
    with (
        labtracks_database(prefix="labtracks_soak") as database,
        running_servers() as (graph, sheets, tars, mgi),
    ):
        yield Backends(graph, tars, sheets, mgi, database)


# --- faults -------------------------------------------------------------------------------------


class Faulty:
    """One backend's fault episodes: at most one at a time, each ended by :meth:`end`."""

    name = ""
    kinds: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.active: str | None = None
        self.until = 0.0
        self.injected: Counter[str] = Counter()

    def start(self, kind: str, seconds: float, rng: random.Random) -> None:
        self.active, self.until = kind, time.monotonic() + seconds
        self.injected[kind] += 1
        self._start(kind, seconds, rng)

    def end(self) -> None:
        if self.active is not None:
            self._end()
        self.active = None

    def _start(self, kind: str, seconds: float, rng: random.Random) -> None:
        raise NotImplementedError

    def _end(self) -> None:
        raise NotImplementedError


# A body that stops in the middle of a JSON document.
_TRUNCATED = Reply(
    200, b'{"value": [{"id": "1", "fields": {"Title": ', {"Content-Type": "application/json"}
)


class FaultyHttp(Faulty):
    """Faults through the loopback server's hooks (``fail_next``, ``drop_next``, ``latency``);
    invalid JSON through a wrapper around its ``dispatch``."""

    kinds = ("500", "503", "hang", "drop", "invalid-json", "slow")

    def __init__(self, name: str, server: LoopbackServer, timeout: float) -> None:
        super().__init__()
        self.name, self.server, self.timeout = name, server, timeout
        self._invalid = threading.Event()
        answer = server.dispatch

        def dispatch(request: RecordedRequest) -> Reply | None:
            return _TRUNCATED if self._invalid.is_set() else answer(request)

        server.dispatch = dispatch  # type: ignore[method-assign]

    def _start(self, kind: str, seconds: float, rng: random.Random) -> None:
        count = rng.randint(1, 10)
        if kind in ("500", "503"):
            self.server.fail_next(count, int(kind), {"error": {"code": "injected", "message": ""}})
        elif kind == "drop":
            self.server.drop_next(count)
        elif kind == "hang":
            self.server.latency = self.timeout + 1.0
        elif kind == "slow":
            self.server.latency = rng.uniform(0.2, self.timeout * 0.7)
        elif kind == "invalid-json":
            self._invalid.set()

    def _end(self) -> None:
        self._invalid.clear()
        self.server.clear_faults()  # unused queued faults and the latency


class FaultyDatabase(Faulty):
    """LabTracks faults in PostgreSQL: connections killed, a table locked, the database shut."""

    name = "labtracks"
    kinds = ("terminate", "lock", "refuse")

    def __init__(self, database: str, timeout: float) -> None:
        super().__init__()
        self.database, self.timeout = database, timeout
        self.admin = admin_connection()
        self.locker: Any = None

    def terminate(self) -> int:
        rows = self.admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = ? AND pid <> pg_backend_pid()",
            self.database,
        ).fetchall()
        return len(rows)

    def _start(self, kind: str, seconds: float, rng: random.Random) -> None:
        if kind == "terminate":
            self.terminate()
            self.until = time.monotonic()  # instantaneous
        elif kind == "lock":
            self.until = time.monotonic() + rng.uniform(0.5, self.timeout + 2.0)
            self.locker = admin_connection(self.database, autocommit=False)
            self.locker.execute("SET lock_timeout = '2s'")
            table = rng.choice(["animals_common", "task_set"])
            self.locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        elif kind == "refuse":
            self.admin.execute(f"ALTER DATABASE {self.database} ALLOW_CONNECTIONS false")
            self.terminate()

    def _end(self) -> None:
        if self.locker is not None:
            self.locker.rollback()
            self.locker.close()
            self.locker = None
        if self.active == "refuse":
            self.admin.execute(f"ALTER DATABASE {self.database} ALLOW_CONNECTIONS true")

    def close(self) -> None:
        self.end()
        self.admin.close()


class FaultInjector:
    """A thread that starts and ends fault episodes until stopped or ``deadline`` passes."""

    def __init__(self, faulty: list[Faulty], rate: float, seed: int, deadline: float) -> None:
        self.faulty, self.rate, self.deadline = faulty, rate, deadline
        self.rng = random.Random(seed)
        self.stopping = threading.Event()
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self._run, name="soak-faults", daemon=True)

    def __enter__(self) -> FaultInjector:
        if self.rate > 0:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=30)
        for backend in self.faulty:
            backend.end()

    def _run(self) -> None:
        while not self.stopping.wait(TICK) and time.monotonic() < self.deadline:
            now = time.monotonic()
            for backend in self.faulty:
                try:
                    if backend.active is not None and now >= backend.until:
                        backend.end()
                    elif backend.active is None and self.rng.random() < self.rate * TICK:
                        kind = self.rng.choice(backend.kinds)
                        backend.start(kind, self.rng.uniform(1.0, 6.0), self.rng)
                except Exception as error:  # a fault that could not be set up: note it, go on
                    self.errors.append(f"{backend.name}: {type(error).__name__}: {error}")
                    backend.active = None

    def injected(self) -> dict[str, Counter[str]]:
        return {backend.name: backend.injected for backend in self.faulty}


# --- the service process ------------------------------------------------------------------------


def proc_status(pid: int) -> dict[str, float]:
    """VmRSS (MiB), Threads and open file descriptors of a live process."""
    values: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                values["rss"] = int(line.split()[1]) / 1024
            elif line.startswith("Threads:"):
                values["threads"] = int(line.split()[1])
        values["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        pass
    return values


def describe(values: dict[str, float]) -> str:
    if not values:
        return "(process gone)"
    return (
        f"RSS {values.get('rss', float('nan')):.0f} MiB, "
        f"{values.get('threads', 0):.0f} threads, {values.get('fds', 0):.0f} open files"
    )


@contextmanager
def service(env: dict[str, str], log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`serve` in live mode on a free loopback port; stdout and stderr go to ``log``."""
    executable = Path(sys.executable).parent / "aind-metadata-graphql"
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(BACKEND_PREFIXES)}
    clean.pop("AWS_PARAM_STORE_NAME", None)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(executable), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env={**clean, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C reaches the soak, which then stops the service
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, timeout=60)
        yield url, process
    finally:
        started = time.monotonic()
        process.terminate()
        try:
            process.wait(timeout=20)
            print(f"service stopped in {time.monotonic() - started:.1f} s after SIGTERM")
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            print("service did not stop within 20 s of SIGTERM: killed")


# --- load ---------------------------------------------------------------------------------------


@dataclass
class Tally:
    requests: Counter[str] = field(default_factory=Counter)  # by kind
    http: Counter[str] = field(default_factory=Counter)  # by HTTP status or exception name
    fields: Counter[int] = field(default_factory=Counter)  # extensions.status codes
    fields_by_kind: dict[str, Counter[int]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)  # errors[].extensions.code
    latency: list[float] = field(default_factory=list)
    latency_by_kind: dict[str, list[float]] = field(default_factory=dict)
    tracebacks: int = 0
    field_500: list[str] = field(default_factory=list)  # request ids
    samples_500: list[str] = field(default_factory=list)
    no_answer: list[str] = field(default_factory=list)
    seconds: float = 0.0  # how long the load really ran

    def add(self, kind: str, status: str, ms: float, text: str, request_id: str) -> None:
        self.requests[kind] += 1
        self.http[status] += 1
        self.latency.append(ms)
        self.latency_by_kind.setdefault(kind, []).append(ms)
        if "Traceback" in text:
            self.tracebacks += 1
        if status.startswith("5") and len(self.samples_500) < 5:
            self.samples_500.append(f"{kind} HTTP {status}: {text[:300]}")
        if not status.isdigit():
            if len(self.no_answer) < 5:
                self.no_answer.append(f"{kind}: {status} after {ms:.0f} ms")
            return
        try:
            body = json.loads(text)
        except ValueError:
            return
        if not isinstance(body, dict):
            return
        by_kind = self.fields_by_kind.setdefault(kind, Counter())
        for path, entry in ((body.get("extensions") or {}).get("status") or {}).items():
            code = int(entry.get("code", 0))
            self.fields[code] += 1
            by_kind[code] += 1
            if code == 500:
                self.field_500.append(request_id)
                if len(self.samples_500) < 5:
                    self.samples_500.append(f"{kind} field {path}: {json.dumps(entry)[:300]}")
        for error in body.get("errors") or []:
            self.errors[str((error.get("extensions") or {}).get("code", "none"))] += 1


def field_codes(body: Any) -> dict[str, int]:
    status = (body.get("extensions") or {}).get("status") or {} if isinstance(body, dict) else {}
    return {path: int(entry.get("code", 0)) for path, entry in status.items()}


async def send(client: httpx.AsyncClient, body: Body) -> tuple[str, str, str]:
    """(HTTP status or exception name, response text, request id)."""
    request_id = uuid.uuid4().hex
    try:
        response = await client.post("/graphql", json=body, headers={"X-Request-Id": request_id})
    except httpx.HTTPError as error:
        return type(error).__name__, "", request_id
    return str(response.status_code), response.text, request_id


async def probe(client: httpx.AsyncClient) -> dict[str, dict[str, int] | str]:
    """Each probe's field codes (or its HTTP status when it had no JSON answer)."""
    answers: dict[str, dict[str, int] | str] = {}
    for kind, body in PROBES.items():
        status, text, _ = await send(client, body)
        try:
            answers[kind] = field_codes(json.loads(text)) if status == "200" else status
        except ValueError:
            answers[kind] = f"{status} (no JSON)"
    return answers


async def load(url: str, pid: int, args: argparse.Namespace, tally: Tally, end: float) -> None:
    kinds = list(MIX)
    weights = [MIX[kind][0] for kind in kinds]
    most = int(args.duration * 500) + 1  # a bound on each client's loop besides the clock
    progress_every = min(60.0, max(5.0, args.duration / 10))
    started = time.monotonic()

    async with httpx.AsyncClient(base_url=url, timeout=CLIENT_TIMEOUT) as client:

        async def worker(number: int) -> None:
            rng = random.Random(args.seed * 1000 + number)
            for _ in range(most):
                if time.monotonic() >= end:
                    return
                kind = rng.choices(kinds, weights)[0]
                body = MIX[kind][1](rng)
                began = time.perf_counter()
                status, text, request_id = await send(client, body)
                tally.add(kind, status, (time.perf_counter() - began) * 1000, text, request_id)

        async def monitor() -> None:
            while time.monotonic() < end:
                await asyncio.sleep(min(progress_every, max(0.0, end - time.monotonic())))
                sent = sum(tally.requests.values())
                fivexx = sum(n for s, n in tally.http.items() if s.startswith("5"))
                print(
                    f"  {time.monotonic() - started:5.0f} s: {sent} requests, "
                    f"{fivexx} HTTP 5xx, {len(tally.field_500)} field 500, "
                    f"{len(tally.no_answer)} without answer; {describe(proc_status(pid))}",
                    flush=True,
                )

        await asyncio.gather(monitor(), *(worker(n) for n in range(args.concurrency)))


# --- report -------------------------------------------------------------------------------------


def percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, int(len(ordered) * fraction + 0.5) - 1))]


def latency_line(timings: list[float]) -> str:
    ordered = sorted(timings)
    if not ordered:
        return "no requests"
    return (
        f"p50 {statistics.median(ordered):.0f} ms, p95 {percentile(ordered, 0.95):.0f} ms, "
        f"p99 {percentile(ordered, 0.99):.0f} ms, max {ordered[-1]:.0f} ms"
    )


_REQUEST = re.compile(r"\(request ([0-9a-f]+)\)")
_LEVEL = re.compile(r"^\S+ \S+ (ERROR|WARNING|CRITICAL) (\S+) (.*)$")


def scan_log(text: str, answered_500: set[str]) -> tuple[int, int, Counter[str]]:
    """(tracebacks, those not behind a 500 answer we received, ERROR/WARNING lines by shape)."""
    lines = text.splitlines()
    tracebacks = unexplained = 0
    for index, line in enumerate(lines):
        if "Traceback" not in line:
            continue
        tracebacks += 1
        before = " ".join(lines[max(0, index - 2) : index])
        match = _REQUEST.search(before)
        if match is None or match.group(1) not in answered_500:
            unexplained += 1
    shapes: Counter[str] = Counter()
    for line in lines:
        match = _LEVEL.match(line)
        if match:
            shape = re.sub(r"\d+(\.\d+)?", "N", f"{match.group(1)} {match.group(2)}: ")
            shapes[shape + re.sub(r"[0-9a-f]{32}|\d+(\.\d+)?", "N", match.group(3))[:140]] += 1
    return tracebacks, unexplained, shapes


def report(
    args: argparse.Namespace,
    tally: Tally,
    at_start: dict[str, float],
    at_end: dict[str, float],
    injected: dict[str, Counter[str]],
    log: Path,
    failures: list[str],
) -> None:
    sent = sum(tally.requests.values())
    print(
        f"\n== soak: {args.duration:.0f} s, {args.concurrency} clients, "
        f"fault rate {args.fault_rate}/s per backend, seed {args.seed}"
    )
    print(f"requests sent: {sent} in {tally.seconds:.0f} s ({sent / max(tally.seconds, 1):.1f}/s)")
    print("  by kind:        " + ", ".join(f"{k} {n}" for k, n in tally.requests.most_common()))
    print("  by HTTP status: " + ", ".join(f"{k} {n}" for k, n in sorted(tally.http.items())))
    print("field statuses:   " + ", ".join(f"{k} {n}" for k, n in sorted(tally.fields.items())))
    for kind, codes in sorted(tally.fields_by_kind.items()):
        print(f"  {kind:12} " + ", ".join(f"{k} {n}" for k, n in sorted(codes.items())))
    print(
        "GraphQL errors by extensions.code: "
        + (", ".join(f"{k} {n}" for k, n in sorted(tally.errors.items())) or "none")
    )
    fivexx = sum(n for s, n in tally.http.items() if s.startswith("5"))
    without = sum(n for s, n in tally.http.items() if not s.isdigit())
    print(
        f"5xx: {fivexx} HTTP responses, {len(tally.field_500)} fields with status 500; "
        f"responses containing 'Traceback': {tally.tracebacks}; "
        f"requests without an HTTP answer: {without}"
    )
    for sample in tally.samples_500 + tally.no_answer:
        print(f"  e.g. {sample}")
    print(f"latency: {latency_line(tally.latency)}")
    for kind, timings in sorted(tally.latency_by_kind.items()):
        print(f"  {kind:12} {latency_line(timings)}")
    print(f"server at start (after warm-up): {describe(at_start)}")
    print(f"server at end of load:           {describe(at_end)}")
    print(
        "faults injected: "
        + "; ".join(
            f"{name} " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
            for name, kinds in injected.items()
        )
    )
    text = log.read_text(errors="replace") if log.exists() else ""
    tracebacks, unexplained, shapes = scan_log(text, set(tally.field_500))
    print(
        f"server log {log}: {len(text.splitlines())} lines, {tracebacks} tracebacks, "
        f"{unexplained} not behind a 500 answer"
    )
    for shape, count in shapes.most_common(8):
        print(f"  {count:6} x {shape}")
    if fivexx:
        failures.append(f"{fivexx} HTTP 5xx responses")
    if tally.field_500:
        failures.append(f"{len(tally.field_500)} fields with status 500")
    if tally.tracebacks:
        failures.append(f"{tally.tracebacks} responses containing 'Traceback'")
    if without:
        failures.append(f"{without} requests without an HTTP answer")
    if unexplained:
        failures.append(f"{unexplained} tracebacks in the server log not behind a 500 answer")


async def recover(url: str, baseline: dict[str, dict[str, int] | str]) -> tuple[float, list[str]]:
    """Seconds until the probes answer as at warm-up again, and what still differed if never."""
    started = time.monotonic()
    differing: list[str] = []
    async with httpx.AsyncClient(base_url=url, timeout=CLIENT_TIMEOUT) as client:
        for attempt in range(int(RECOVERY_SECONDS)):
            answers = await probe(client)
            differing = [
                f"{kind}: {answers.get(kind)} (warm-up {expected})"
                for kind, expected in baseline.items()
                if answers.get(kind) != expected
            ]
            if attempt == 0 and differing:
                print("right after the faults: " + "; ".join(differing), flush=True)
            if not differing or time.monotonic() - started > RECOVERY_SECONDS:
                break
            await asyncio.sleep(1.0)
    return time.monotonic() - started, differing


def soak(args: argparse.Namespace) -> int:
    failures: list[str] = []
    log = (
        Path(args.log)
        if args.log
        else Path(tempfile.gettempdir()) / (f"soak-{time.strftime('%Y%m%d-%H%M%S')}.log")
    )
    with loopback_backends() as backends:
        print(
            f"backends on 127.0.0.1: Graph {backends.graph.url}, TARS {backends.tars.url}, "
            f"Smartsheet {backends.sheets.url}, MGI {backends.mgi.url}, "
            f"LabTracks database {backends.database}"
        )
        with service(backends.env(args.backend_timeout), log) as (url, process):
            baseline = asyncio.run(warm_up(url))
            print("warm-up answers: " + "; ".join(f"{k} {v}" for k, v in baseline.items()))
            at_start = proc_status(process.pid)
            print(f"server after warm-up: {describe(at_start)}; log {log}")
            faulty: list[Faulty] = [
                FaultyHttp("sharepoint", backends.graph, args.backend_timeout),
                FaultyHttp("tars", backends.tars, args.backend_timeout),
                FaultyHttp("smartsheet", backends.sheets, args.backend_timeout),
                FaultyHttp("mgi", backends.mgi, args.backend_timeout),
            ]
            database = FaultyDatabase(backends.database, args.backend_timeout)
            faulty.append(database)
            tally = Tally()
            began = time.monotonic()
            end = began + args.duration
            try:
                with FaultInjector(faulty, args.fault_rate, args.seed, end) as injector:
                    try:
                        asyncio.run(
                            asyncio.wait_for(
                                load(url, process.pid, args, tally, end),
                                args.duration + CLIENT_TIMEOUT + 30,
                            )
                        )
                    except TimeoutError:
                        failures.append("the clients were still waiting long after the end")
                    except KeyboardInterrupt:
                        left = max(0.0, end - time.monotonic())
                        failures.append(f"interrupted {left:.0f} s before the end")
            finally:
                tally.seconds = time.monotonic() - began
                database.close()
            at_end = proc_status(process.pid)
            if process.poll() is not None:
                failures.append(f"the service exited with {process.returncode} during the run")
            elif not any(failure.startswith("interrupted") for failure in failures):
                seconds, differing = asyncio.run(recover(url, baseline))
                if differing:
                    failures.append(
                        f"not recovered {seconds:.0f} s after the faults stopped: "
                        + "; ".join(differing)
                    )
                else:
                    print(
                        f"recovered: the probes answer as at warm-up {seconds:.1f} s after "
                        "the faults stopped"
                    )
                ready = httpx.get(f"{url}/ready", timeout=CLIENT_TIMEOUT)
                print(f"/ready after the run: HTTP {ready.status_code} {ready.text[:400]}")
            failures.extend(f"fault injector: {error}" for error in injector.errors[:5])
    report(args, tally, at_start, at_end, injector.injected(), log, failures)
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nOK: no 5xx, no traceback, every request answered, recovered after the faults")
    return 0


async def warm_up(url: str) -> dict[str, dict[str, int] | str]:
    """Every probe twice (caches, pools, tokens filled); the second answers are the baseline."""
    async with httpx.AsyncClient(base_url=url, timeout=CLIENT_TIMEOUT) as client:
        await probe(client)
        return await probe(client)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients")
    parser.add_argument(
        "--fault-rate",
        type=float,
        default=0.1,
        help="fault episodes started per second per healthy backend (0: no faults)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--backend-timeout", type=float, default=2.0, help="the service's backend deadlines (s)"
    )
    parser.add_argument("--log", help="server log file (default: a new file in the temp dir)")
    args = parser.parse_args()
    # SIGTERM (e.g. from `timeout`) cleans up like Ctrl-C: service, loopback servers, database.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if not 1 <= args.duration <= 6 * 3600 or not 1 <= args.concurrency <= 256:
        parser.error("--duration must be 1..21600 s and --concurrency 1..256")
    sys.exit(soak(args))


if __name__ == "__main__":
    main()
