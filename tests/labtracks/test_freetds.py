"""FreeTDS, the image's LabTracks driver, loads through unixODBC when registered as the image
registers it: `odbcinst -i -d -f deploy/odbc/freetds.ini`, here into a temporary ODBCSYSINI so
the machine's own /etc/odbcinst.ini is neither read nor changed.

Without unixODBC's odbcinst, FreeTDS's library or pyodbc these tests skip, except under CI=true
(scripts/system-deps.sh installs deploy/system-packages.txt) where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import free_port, missing

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "odbc" / "freetds.ini"

# Run in a fresh interpreter: unixODBC reads ODBCSYSINI from the environment it starts with.
PROBE = """
import json, sys
import pyodbc
out = {"drivers": pyodbc.drivers()}
try:
    pyodbc.connect(sys.argv[1], timeout=2)
except pyodbc.Error as error:
    out["sqlstate"] = error.args[0]
    out["message"] = str(error.args[-1])
print(json.dumps(out))
"""


def _freetds_library_present() -> bool:
    return (
        any(Path("/usr/lib").glob("*/odbc/libtdsodbc.so"))
        or Path("/usr/lib/odbc/libtdsodbc.so").exists()
    )


@pytest.fixture(scope="module")
def odbcsysini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A configuration directory holding only what the image's build registers."""
    if shutil.which("odbcinst") is None:
        missing("unixODBC's odbcinst is not installed")
    if not _freetds_library_present():
        missing("FreeTDS's ODBC driver (Debian package tdsodbc) is not installed")
    try:
        import pyodbc  # noqa: F401
    except ImportError:
        missing("pyodbc is not installed")
    directory = tmp_path_factory.mktemp("odbc")
    (directory / "odbcinst.ini").write_text("")
    env = {**os.environ, "ODBCSYSINI": str(directory)}
    subprocess.run(
        ["odbcinst", "-i", "-d", "-f", str(TEMPLATE)],
        env=env,
        check=True,
        capture_output=True,
        timeout=30,
    )
    return directory


def _probe(directory: Path, connection_string: str) -> dict[str, object]:
    env = {**os.environ, "ODBCSYSINI": str(directory)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, connection_string],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return dict(json.loads(result.stdout))


def test_registration_lists_freetds(odbcsysini: Path) -> None:
    query = subprocess.run(
        ["odbcinst", "-q", "-d", "-n", "FreeTDS"],
        env={**os.environ, "ODBCSYSINI": str(odbcsysini)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert query.returncode == 0, query.stderr
    assert "Driver=libtdsodbc.so" in query.stdout.replace(" ", "")


def test_pyodbc_loads_freetds(odbcsysini: Path) -> None:
    """pyodbc lists the driver, and connecting reaches FreeTDS itself: its "unable to connect"
    (to a closed loopback port), not unixODBC's "driver not found" (IM002) or "can't open lib"
    (01000)."""
    from datasources.labtracks import LabTracksSettings

    settings = LabTracksSettings(
        odbc_driver="FreeTDS",
        server="127.0.0.1",
        port=free_port(),
        database="LabTracks",
        user="reader",
        password="not-a-password",
        timeout_seconds=2,
    )
    probe = _probe(odbcsysini, settings.odbc_connection_string())
    assert probe["drivers"] == ["FreeTDS"]
    assert probe["sqlstate"] not in {"IM002", "01000"}, probe
    assert "FreeTDS" in str(probe["message"]), probe
