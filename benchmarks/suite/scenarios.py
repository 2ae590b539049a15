"""P1, P2 and the bodies of P3, and the critical-path floor they are held against.

The floor of a request is the sum of the latencies along its longest chain of backend calls
that depend on each other; calls that could run at the same time count once.
For a subject's procedures the chain has two stages:

1. the subject's records, all independent of each other: LabTracks (1 statement), each
   SharePoint list's items (1; +1 when the Graph token must be fetched first; a list's answer
   fits one page here), the perfusions sheet (1, 0 while cached), SLIMS (1: the subject's
   water-restriction and specimen lookups each start with one search of their own, and a
   subject SLIMS lacks ends there);
2. what the records name: TARS for each distinct prep lot (2: the lot, then its virus, whose
   record embeds its molecules; 1 when the virus search was already known; +1 for a token; 0
   while cached) and the protocols sheet (1, 0 while cached), independent of each other.

Which calls a request made is read from the backends' request counters around it, so cached
answers and held tokens lower the floor exactly when the service really skipped them. Many
subjects in one query (P2) have the same floor as one, their calls being independent, plus the
LabTracks statement that finds the subjects, since their procedures are fields nested in them.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from typing import Any

import httpx

from benchmarks.suite.load import Body, failure, percentile
from benchmarks.suite.service import Service
from benchmarks.suite.world import BenchWorld

PROCEDURE_FIELDS = """subject_id subject_procedures { __typename ... on Surgery { source
  start_date protocol_id procedures { __typename ... on BrainInjection { protocol_id
  injection_materials { name ... on ViralMaterial { titer } } } } } }"""
PROCEDURES = f"query($id: String!) {{ procedures(subject_id: $id) {{ {PROCEDURE_FIELDS} }} }}"
MANY_PROCEDURES = (
    "query($ids: [String!]!) { subjects(subject_ids: $ids) { subject_id "
    f"procedures {{ {PROCEDURE_FIELDS} }} }} }}"
)
SUBJECT = """query($id: String!) { subject(subject_id: $id) { subject_id
  subject_details { ... on MouseSubject { sex genotype strain { name }
  alleles { name registry_identifier } } } } }"""
SLIMS_DEPTH = 1
WARM_UP_SUBJECT = "650101"  # a demo subject: fetches both tokens and the sheets before P1


def procedures_body(subject: str) -> Body:
    return {"query": PROCEDURES, "variables": {"id": subject}}


def subject_body(subject: str) -> Body:
    return {"query": SUBJECT, "variables": {"id": subject}}


def delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {name: after[name] - before.get(name, 0) for name in after}


def chain(calls: dict[str, int], latency: float, labtracks: float) -> tuple[float, str]:
    """(the floor in seconds, its chain spelled out) of a request that made ``calls``, each
    backend answering after ``latency`` seconds and LabTracks' statements ``labtracks``."""

    def asked(name: str, depth: int, seconds: float = latency) -> float:
        return depth * seconds if calls.get(name, 0) else 0.0

    first = {
        "labtracks": asked("labtracks", 1, labtracks),
        "sharepoint": asked("sharepoint.token", 1) + asked("sharepoint", 1),
        "smartsheet.perfusions": asked("smartsheet.perfusions", 1),
        "slims": asked("slims", SLIMS_DEPTH),
    }
    second = {
        # The lot, then its virus, unless every virus searched was already known.
        "tars": asked("tars.token", 1) + asked("tars", 1) + asked("tars.viruses", 1),
        "smartsheet.protocols": asked("smartsheet.protocols", 1),
    }
    one, two = (max(stage, key=lambda name: stage[name]) for stage in (first, second))
    spelled = " → ".join(
        f"{name} {stage[name] * 1000:g} ms"
        for stage, name in ((first, one), (second, two))
        if stage[name]
    )
    return first[one] + second[two], spelled or "no delayed call"


def _post(client: httpx.Client, body: Body) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = client.post("/graphql", json=body)
    return (time.perf_counter() - started) * 1000, response


def _procedures_codes(
    response: httpx.Response, codes: Counter[str], waits: dict[str, list[float]]
) -> None:
    """Each procedures field's code, TARS's code among its sources, and how long the service
    waited for each source (its status's ``ms``): where a request's time went."""
    status = (response.json().get("extensions") or {}).get("status") or {}
    for key, entry in status.items():
        if key == "procedures" or key.endswith(".procedures"):
            codes[f"procedures {entry['code']}"] += 1
            for source in entry.get("sources", []):
                if source["name"] == "tars":
                    codes[f"tars {source['code']}"] += 1
                if "ms" in source:
                    waits.setdefault(source["name"], []).append(source["ms"])


def _longest(waits: dict[str, list[float]], pick: Any) -> dict[str, float]:
    """``pick`` (median, max) of each source's waits, longest first."""
    picked = {name: round(pick(values), 1) for name, values in waits.items()}
    return dict(sorted(picked.items(), key=lambda item: -item[1]))


def p1(
    world: BenchWorld, service: Service, latencies: tuple[float, float], subjects: list[str]
) -> dict[str, Any]:
    """One subject's procedures at a time, each subject new to the service."""
    timings: list[float] = []
    floors: list[float] = []
    chains: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    waits: dict[str, list[float]] = {}
    with httpx.Client(base_url=service.url, timeout=60) as client:
        _post(client, procedures_body(WARM_UP_SUBJECT))
        for subject in subjects:
            before = world.counts()
            ms, response = _post(client, procedures_body(subject))
            floor, spelled = chain(delta(before, world.counts()), *latencies)
            timings.append(ms)
            floors.append(floor * 1000)
            chains[spelled] += 1
            why = failure(response.status_code, response.text)
            if why is not None:
                errors[why] += 1
            else:
                _procedures_codes(response, codes, waits)
    floor = statistics.median(floors)
    median = statistics.median(timings)
    return {
        "requests": len(timings),
        "median_ms": round(median, 1),
        "p90_ms": round(percentile(timings, 0.9), 1),
        "floor_ms": round(floor, 1),
        "ratio": round(median / floor, 2) if floor else None,
        "chains": dict(chains),
        "source_ms_median": _longest(waits, statistics.median),
        "statuses": dict(codes),
        "errors": dict(errors),
    }


def p2(
    world: BenchWorld, service: Service, latencies: tuple[float, float], subjects: list[str]
) -> dict[str, Any]:
    """The procedures of ``subjects`` in one query, none of them asked before."""
    before = world.counts()
    with httpx.Client(base_url=service.url, timeout=120) as client:
        ms, response = _post(client, {"query": MANY_PROCEDURES, "variables": {"ids": subjects}})
    calls = delta(before, world.counts())
    seconds, spelled = chain(calls, *latencies)
    # The subjects' own LabTracks statement comes first: their procedures are nested in them.
    floor = (seconds + latencies[1]) * 1000
    if latencies[1]:
        spelled = f"labtracks (subjects) {latencies[1] * 1000:g} ms → {spelled}"
    codes: Counter[str] = Counter()
    waits: dict[str, list[float]] = {}
    why = failure(response.status_code, response.text)
    if why is None:
        _procedures_codes(response, codes, waits)
    return {
        "subjects": len(subjects),
        "wall_ms": round(ms, 1),
        "floor_ms": round(floor, 1),
        "ratio": round(ms / floor, 2) if floor else None,
        "chain": spelled,
        "backend_requests": calls,
        "source_ms_max": _longest(waits, max),
        "statuses": dict(codes),
        "error": why,
    }


def warm_up(service: Service, bodies: list[Body]) -> None:
    """Every body once, so that P3's warm runs find every cache filled and every token held."""
    with httpx.Client(base_url=service.url, timeout=120) as client:
        for body in bodies:
            client.post("/graphql", json=body)
