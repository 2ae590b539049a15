"""LabTracks settings: environment names, the ODBC connection string, lazy pyodbc."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.result import Code

ROOT = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings from the machine running the tests must not leak in."""
    monkeypatch.delenv("AWS_PARAM_STORE_NAME", raising=False)
    for field in LabTracksSettings.model_fields:
        monkeypatch.delenv(f"LABTRACKS_{field.upper()}", raising=False)


def test_environment_names_are_the_0_24_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "LABTRACKS_ODBC_DRIVER": "{ODBC Driver 17 for SQL Server}",
        "LABTRACKS_SERVER": "db.example.org",
        "LABTRACKS_PORT": "1433",
        "LABTRACKS_DATABASE": "LabTracks",
        "LABTRACKS_USER": "reader",
        "LABTRACKS_PASSWORD": "pw",
        "LABTRACKS_TIMEOUT_SECONDS": "2.5",
        "LABTRACKS_POOL_SIZE": "6",
        "LABTRACKS_ODBC_EXTRA": "Encrypt=yes;TrustServerCertificate=yes",
    }.items():
        monkeypatch.setenv(name, value)

    settings = LabTracksSettings()

    assert settings.configured
    assert settings.port == 1433
    assert settings.timeout_seconds == 2.5
    assert settings.driver_timeout == 3
    assert settings.pool_size == 6
    assert settings.odbc_connection_string() == (
        "DRIVER={ODBC Driver 17 for SQL Server};SERVER=db.example.org,1433;"
        "DATABASE=LabTracks;UID=reader;PWD=pw;Encrypt=yes;TrustServerCertificate=yes"
    )


def test_defaults() -> None:
    settings = LabTracksSettings()
    assert not settings.configured
    assert settings.odbc_driver == "{ODBC Driver 18 for SQL Server}"
    assert settings.timeout_seconds == 10
    assert settings.pool_size == 8
    assert settings.odbc_extra == ""
    with pytest.raises(ValueError, match="server and a database"):
        settings.odbc_connection_string()


def test_other_drivers_take_a_port_attribute() -> None:
    settings = LabTracksSettings(
        odbc_driver="PostgreSQL Unicode", server="127.0.0.1", port=5432, database="lt"
    )
    assert settings.is_postgresql
    assert settings.odbc_connection_string() == (
        "DRIVER={PostgreSQL Unicode};SERVER=127.0.0.1;PORT=5432;DATABASE=lt"
    )


def test_awkward_values_are_braced() -> None:
    settings = LabTracksSettings(server="h", database="d", user="u", password="a;b}c")
    assert settings.odbc_connection_string().endswith(";UID=u;PWD={a;b}}c}")


def test_configured_needs_server_and_database() -> None:
    assert not LabTracksSettings(server="h").configured
    assert not LabTracksSettings(database="d").configured
    assert LabTracksSettings(server="h", database="d").configured


def test_password_stays_out_of_repr() -> None:
    settings = LabTracksSettings(server="h", database="d", password="hunter2")
    assert "hunter2" not in repr(settings)
    assert "hunter2" not in str(settings)


async def test_unconfigured_source_says_so() -> None:
    source = LabTracksSource.from_settings(LabTracksSettings())

    result = await source.subjects([650101])
    ping = await source.ping()
    await source.aclose()

    assert not source.configured
    assert result.code == Code.UNAVAILABLE
    assert not result.configured
    assert result.message == "labtracks is not configured"
    assert ping.code == Code.UNAVAILABLE


def test_snapshot_and_configured_sources_do_not_import_pyodbc() -> None:
    # A fresh interpreter: this test process may already have imported pyodbc.
    script = textwrap.dedent(
        """
        import asyncio, sys
        from pathlib import Path
        from datasources.labtracks import LabTracksSettings, LabTracksSource

        async def main():
            demo = LabTracksSource.from_snapshot(Path("datasources/demo"))
            result = await demo.subjects([650101])
            await demo.aclose()
            live = LabTracksSource.from_settings(LabTracksSettings(server="h", database="d"))
            await live.aclose()
            return result.code

        code = asyncio.run(main())
        print(code, "pyodbc" in sys.modules)
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert completed.stdout.split() == ["200", "False"]
