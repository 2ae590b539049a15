"""The benchmark suite runs end to end (``--smoke``: tiny numbers) and reports every line, and
its LabTracks proxy counts statements as the service sends them.

Its figures are not judged here (a shared CI machine says nothing about speed); what is checked
is that every scenario ran against the real service and backends and that both reports hold
what the README promises.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.suite.dbproxy import DelayingProxy
from tests.postgres import DRIVER, HOST, PORT

ROOT = Path(__file__).resolve().parents[1]


def test_smoke_run_writes_both_reports(odbc_available: None, tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.suite", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))

    assert report["meta"]["smoke"] is True
    assert report["meta"]["targets_apply"] is False
    assert len(report["startup_seconds"]) == 3  # one warm service, one cold one per P3 query
    assert all(seconds > 0 for seconds in report["startup_seconds"])

    p1 = report["p1"]
    assert p1["requests"] == 3
    assert not p1["errors"]
    assert p1["median_ms"] > 0
    assert p1["p90_ms"] >= p1["median_ms"]
    # Every clone's procedures need TARS after SharePoint: its lot, and the lot's virus for the
    # first clone only (the clones' lots are preps of the same viruses, searched once). The
    # median floor counts two calls.
    assert p1["floor_ms"] == 2 * report["meta"]["latency_ms"]
    assert p1["statuses"]["procedures 200"] == 3
    assert p1["statuses"]["tars 200"] == 3

    p2 = report["p2"]
    assert p2["subjects"] == 5
    assert p2["error"] is None
    assert p2["statuses"]["procedures 200"] == 5
    assert p2["rss_mib_max_p1_p2"] > 0
    assert p2["backend_requests"]["tars"] > 0
    assert p2["backend_requests"]["sharepoint"] > 0

    runs = {(run["query"], run["caches"]) for run in report["p3"]}
    assert runs == {(q, c) for q in ("subject", "procedures") for c in ("cold", "warm")}
    for run in report["p3"]:
        assert run["requests"] > 0, run
        assert run["errors"] == 0, run
        assert run["p99_ms"] >= run["p50_ms"] > 0
        assert run["rss_mib_max"] > 0
        assert run["cpu_share"] >= 0

    names = [line["name"] for line in report["targets"]]
    assert len(names) == 8
    assert all(isinstance(line["pass"], bool) for line in report["targets"])
    table = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "| scenario | measured | target | met |" in table
    assert all(name in table for name in names)


def test_proxy_counts_each_statement_once(odbc_available: None) -> None:
    import pyodbc

    with DelayingProxy((HOST, PORT)) as proxy:
        connection = pyodbc.connect(
            f"DRIVER={{{DRIVER}}};SERVER=127.0.0.1;PORT={proxy.port};DATABASE=postgres;"
            "UID=postgres;PWD=",
            autocommit=True,
        )
        try:
            before = proxy.statements
            # psqlODBC spends three round trips on a statement with parameters, and follows
            # it with a DEALLOCATE of its own: one statement each all the same.
            assert int(connection.execute("SELECT ?", 1).fetchall()[0][0]) == 1
            assert int(connection.execute("SELECT ?", 2).fetchall()[0][0]) == 2
            assert connection.execute("SELECT 3").fetchall()[0][0] == 3
            assert proxy.statements - before == 3
        finally:
            connection.close()
