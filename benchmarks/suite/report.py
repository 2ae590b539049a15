"""The suite's report: every figure as JSON, and a Markdown table with the targets of issue 12.

The targets are those of 50 ms backends, 16 clients and one worker on the machine the suite
ran on; under other settings (``--smoke``, say) each line is still judged, and the report says
that the targets were not meant for them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STARTUP_SECONDS = 2.0
P1_RATIO = 1.15
P2_RATIO = 1.7
PROCEDURES_RPS = 45.0
SUBJECT_RPS = 500.0
P99_OVER_P50 = 3.0
RSS_MIB = 250.0


def _line(name: str, measured: str, target: str, passed: bool) -> dict[str, Any]:
    return {"name": name, "measured": measured, "target": target, "pass": passed}


def judge(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per target: what was measured, the target, whether it was met."""
    lines = []
    slowest = max(results["startup_seconds"])
    lines.append(
        _line(
            "start-up to first /health",
            f"{slowest:.2f} s (slowest start)",
            "≤ 2 s",
            slowest <= STARTUP_SECONDS,
        )
    )
    p1, p2 = results["p1"], results["p2"]
    lines.append(
        _line(
            "P1 one subject's procedures, median / floor",
            f"{p1['median_ms']:.0f} ms / {p1['floor_ms']:.0f} ms = {p1['ratio']}",
            f"≤ {P1_RATIO}",
            p1["ratio"] is not None and p1["ratio"] <= P1_RATIO and not p1["errors"],
        )
    )
    lines.append(
        _line(
            f"P2 {p2['subjects']} subjects' procedures, wall / floor",
            f"{p2['wall_ms']:.0f} ms / {p2['floor_ms']:.0f} ms = {p2['ratio']}",
            f"≤ {P2_RATIO}",
            p2["ratio"] is not None and p2["ratio"] <= P2_RATIO and p2["error"] is None,
        )
    )
    for run in results["p3"]:
        rps = PROCEDURES_RPS if run["query"] == "procedures" else SUBJECT_RPS
        spread = run["p99_ms"] <= P99_OVER_P50 * run["p50_ms"]
        wants_spread = run["query"] == "procedures"
        lines.append(
            _line(
                f"P3 {run['query']}, {run['caches']} caches, {run['clients']} clients",
                f"{run['requests_per_second']:.0f} req/s, p50 {run['p50_ms']:.0f} ms, "
                f"p99 {run['p99_ms']:.0f} ms, {run['errors']} errors",
                f"≥ {rps:.0f} req/s" + (", p99 ≤ 3 x p50" if wants_spread else "") + ", no error",
                run["requests_per_second"] >= rps
                and (spread or not wants_spread)
                and run["errors"] == 0,
            )
        )
    rss = max(results["p2"]["rss_mib_max_p1_p2"], *(run["rss_mib_max"] for run in results["p3"]))
    lines.append(
        _line(
            "RSS of the worker (largest seen, P1 to P3)",
            f"{rss:.0f} MiB",
            "≤ 250 MiB",
            rss <= RSS_MIB,
        )
    )
    return lines


def markdown(results: dict[str, Any]) -> str:
    meta = results["meta"]
    out = [
        f"Benchmark suite, {meta['finished']} (commit {meta['commit']}): backends answering "
        f"after {meta['latency_ms']:g} ms (LabTracks' statements after "
        f"{meta['labtracks_latency_ms']:g} ms), one uvicorn worker, "
        f"{meta['cpus']} CPUs, load average {meta['load_before']} before and "
        f"{meta['load_after']} after.",
        "",
    ]
    if meta["settings"]:
        settings = ", ".join(f"`{name}={value}`" for name, value in meta["settings"].items())
        out += [f"Service settings besides the backends': {settings}.", ""]
    if not meta["targets_apply"]:
        out += [
            "The targets are those of 50 ms backends, 16 clients and 30 s runs; this run "
            "used other settings, so its verdicts are indicative only.",
            "",
        ]
    out += ["| scenario | measured | target | met |", "|---|---|---|---|"]
    for line in results["targets"]:
        verdict = "yes" if line["pass"] else "**no**"
        out.append(f"| {line['name']} | {line['measured']} | {line['target']} | {verdict} |")
    out += [
        "",
        "P3 in detail (CPU share: CPU time over the run's wall time, 1.00 = one core busy; the "
        "load generator runs in a process of its own):",
        "",
        "| query | caches | req/s | p50 ms | p99 ms | errors | RSS max MiB | worker CPU "
        "| generator CPU |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in results["p3"]:
        out.append(
            f"| {run['query']} | {run['caches']} | {run['requests_per_second']:.0f} | "
            f"{run['p50_ms']:.0f} | {run['p99_ms']:.0f} | {run['errors']} | "
            f"{run['rss_mib_max']:.0f} | {run['cpu_share']:.2f} | "
            f"{run['generator_cpu_share']:.2f} |"
        )
    p1, p2 = results["p1"], results["p2"]
    calls = ", ".join(f"{name} {n}" for name, n in sorted(p2["backend_requests"].items()))
    out += [
        "",
        f"P1: {p1['requests']} subjects one after another, median {p1['median_ms']:.0f} ms, "
        f"p90 {p1['p90_ms']:.0f} ms; chains: "
        + "; ".join(f"{chain} ({n})" for chain, n in p1["chains"].items())
        + f"; statuses: {_counts(p1['statuses'])}.",
        f"P2: chain {p2['chain']}; backend requests: {calls}; statuses: "
        f"{_counts(p2['statuses'])}.",
        "Where the time went, as the answers' status reports each source's wait: P1 (median) "
        f"{_waits(p1['source_ms_median'])}; P2 (longest) {_waits(p2['source_ms_max'])}.",
        "Start-up to the first /health answer: "
        + ", ".join(f"{s:.2f} s" for s in results["startup_seconds"])
        + ".",
        "",
    ]
    return "\n".join(out)


def _waits(waits: dict[str, float]) -> str:
    return ", ".join(f"{name} {ms:.0f} ms" for name, ms in waits.items()) or "none"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} x {n}" for name, n in sorted(counts.items())) or "none"


def write(results: dict[str, Any], folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    results["targets"] = judge(results)
    as_json, as_markdown = folder / "latest.json", folder / "latest.md"
    as_json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    as_markdown.write_text(markdown(results), encoding="utf-8")
    return as_json, as_markdown
