"""LabTracks settings: the 0.24 service's ``LABTRACKS_*`` names plus a few optional knobs."""

from __future__ import annotations

import math

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from datasources.settings import BackendSettings

# Characters that oblige an ODBC attribute value to be wrapped in braces.
_ODBC_SPECIAL = frozenset(";{}=")


def _odbc_value(value: str) -> str:
    """Quote one attribute value the way the ODBC connection-string grammar requires."""
    if value != value.strip() or any(char in _ODBC_SPECIAL for char in value):
        return "{" + value.replace("}", "}}") + "}"
    return value


class LabTracksSettings(BackendSettings):
    """Where the LabTracks database is and how hard to try reaching it.

    The connection string built here carries the password: never log it or put it in a
    message. ``repr`` is safe because the password is a ``SecretStr``.
    """

    model_config = SettingsConfigDict(env_prefix="LABTRACKS_", extra="ignore", frozen=True)

    odbc_driver: str = "{ODBC Driver 18 for SQL Server}"
    server: str | None = None
    port: int | None = Field(default=None, gt=0, lt=65536)
    database: str | None = None
    user: str | None = None
    password: SecretStr | None = None
    timeout_seconds: float = Field(default=10.0, gt=0)
    pool_size: int = Field(default=8, ge=1, le=64)
    odbc_extra: str = Field(
        default="", description="extra ';'-separated connection attributes, e.g. Encrypt=no"
    )

    @property
    def configured(self) -> bool:
        return bool(self.server and self.database)

    @property
    def driver_name(self) -> str:
        """The driver name without the braces that ODBC wants around it."""
        return self.odbc_driver.strip().removeprefix("{").removesuffix("}").strip()

    @property
    def is_sql_server(self) -> bool:
        """Microsoft's drivers ("ODBC Driver 18 for SQL Server", "SQL Server", FreeTDS aside)."""
        return "sql server" in self.driver_name.lower()

    @property
    def is_postgresql(self) -> bool:
        """psqlODBC ("PostgreSQL Unicode"/"PostgreSQL ANSI"): used by the tests and demos."""
        return "postgres" in self.driver_name.lower()

    @property
    def driver_timeout(self) -> int:
        """Login and query timeout for the driver: ODBC counts whole seconds, 0 means none."""
        return max(1, math.ceil(self.timeout_seconds))

    def odbc_connection_string(self) -> str:
        """The ODBC connection string, password included: never log or display it."""
        if not self.configured:
            raise ValueError("LabTracks settings need at least a server and a database")
        parts = [f"DRIVER={{{self.driver_name}}}"]
        server = str(self.server)
        if self.port is None:
            parts.append(f"SERVER={_odbc_value(server)}")
        elif self.is_sql_server:
            # Microsoft's drivers take the port after a comma; a PORT attribute is ignored.
            parts.append(f"SERVER={_odbc_value(f'{server},{self.port}')}")
        else:
            parts.extend((f"SERVER={_odbc_value(server)}", f"PORT={self.port}"))
        parts.append(f"DATABASE={_odbc_value(str(self.database))}")
        if self.user is not None:
            parts.append(f"UID={_odbc_value(self.user)}")
        if self.password is not None:
            parts.append(f"PWD={_odbc_value(self.password.get_secret_value())}")
        parts.extend(item.strip() for item in self.odbc_extra.split(";") if item.strip())
        return ";".join(parts)
