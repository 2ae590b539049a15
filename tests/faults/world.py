"""Every backend live at once, for fault tests: the demo records behind real transports.

LabTracks is the demo ``labtracks.sql`` in PostgreSQL over ODBC; Graph, Smartsheet (the
perfusions, funding and protocols sheets), TARS and MGI are loopback servers serving the demo
snapshot's files. Each backend gets short timeouts and a :class:`Resilience` of its own built
from one :class:`ResilienceSettings`, so that a test decides how soon circuits open and no two
tests share circuit state.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from datasources.cache import MemoryCache
from datasources.labtracks import LabTracksSettings, LabTracksSource
from datasources.labtracks.client import LabTracksClient, odbc_factory
from datasources.labtracks.pool import Connection
from datasources.mgi import MgiSource
from datasources.mgi.client import MgiClient
from datasources.resilience import Resilience, ResilienceSettings
from datasources.sharepoint import SharePointSource
from datasources.sharepoint.client import SharePointClient
from datasources.smartsheet import SmartsheetSettings, SmartsheetSource
from datasources.smartsheet.client import SmartsheetClient
from datasources.smartsheet.settings import (
    FundingSheetSettings,
    PerfusionsSheetSettings,
    ProtocolsSheetSettings,
)
from datasources.snapshot import DEMO_SNAPSHOT
from datasources.tars import TarsSettings, TarsSource
from datasources.tars.client import TarsClient
from resolvers.backends import Backends
from tests.procedures_live import (
    DB_PASSWORD,
    GRAPH_SECRET,
    PERFUSIONS_SHEET_ID,
    SHEET_TOKEN,
    demo_graph,
    demo_smartsheet,
    sharepoint_settings,
)
from tests.servers.base import LoopbackServer
from tests.servers.graph import GraphServer
from tests.servers.mgi import MgiServer
from tests.servers.smartsheet import SmartsheetServer
from tests.servers.tars import TarsServer

SUBJECT = "650101"  # the showcase: every backend holds something for it

# Made-up credentials beside those of tests.procedures_live; none may ever be shown or logged.
TARS_SECRET = "tars-secret-66b2-not-real"
FUNDING_TOKEN = "funding-token-0e57-not-real"
PROTOCOLS_TOKEN = "protocols-token-c3d9-not-real"
API_KEY = "api-key-47aa-not-real"
SECRETS = (DB_PASSWORD, GRAPH_SECRET, SHEET_TOKEN, TARS_SECRET, FUNDING_TOKEN, PROTOCOLS_TOKEN)
FUNDING_SHEET_ID = 4_200_000_000_000_002
PROTOCOLS_SHEET_ID = 4_200_000_000_000_003

#: Every source of the showcase's procedures, in the order the status lists them.
PROCEDURE_SOURCES = (
    "labtracks",
    "sharepoint.nsb2019",
    "sharepoint.nsb2023",
    "sharepoint.nsb_present",
    "sharepoint.las2020",
    "smartsheet.perfusions",
    "tars",
    "smartsheet.protocols",
)
#: The sources each backend answers for.
SOURCES_OF = {
    "labtracks": ("labtracks",),
    "sharepoint": tuple(name for name in PROCEDURE_SOURCES if name.startswith("sharepoint.")),
    "smartsheet": ("smartsheet.perfusions", "smartsheet.protocols"),
    "tars": ("tars",),
    "mgi": ("mgi",),
}

#: The subject with alleles and funding, and its procedures (materials, protocols) and
#: intended measurements as root fields too, so that they answer when LabTracks cannot.
QUERY = """query($id: String!) {
  subject(subject_id: $id) {
    subject_id
    subject_details { ... on MouseSubject { genotype alleles { registry_identifier } } }
    funding { project_name grant_number }
  }
  procedures(subject_id: $id) {
    subject_procedures {
      __typename
      ... on Surgery { source procedures { __typename } }
      ... on GenericSubjectProcedure { source }
    }
    json
  }
  intended_measurements(subject_id: $id) { fiber_name }
}"""
SUBJECT_ONLY = "query($id: String!) { subject(subject_id: $id) { subject_id } }"


def fast_resilience(**overrides: Any) -> ResilienceSettings:
    """Explicit values (no AIND_GRAPHQL_* of the environment): quick retries, quick circuits."""
    values: dict[str, Any] = {
        "breaker_failures": 1000,
        "breaker_cooldown_seconds": 30.0,
        "retries": 1,
        "retry_backoff_seconds": 0.01,
    }
    return ResilienceSettings(**(values | overrides))


def demo_json(relative: str) -> Any:
    return json.loads((DEMO_SNAPSHOT / relative).read_text(encoding="utf-8"))


def demo_tars() -> TarsServer:
    server = TarsServer(client_secret=TARS_SECRET)
    server.prep_lots = demo_json("tars/prep_lots.json")
    server.viruses = demo_json("tars/viruses.json")
    return server


def demo_mgi() -> MgiServer:
    return MgiServer(demo_json("mgi.json"))


def demo_sheets() -> SmartsheetServer:
    server = demo_smartsheet()
    for sheet_id, name, token in (
        (FUNDING_SHEET_ID, "funding", FUNDING_TOKEN),
        (PROTOCOLS_SHEET_ID, "protocols", PROTOCOLS_TOKEN),
    ):
        body = (DEMO_SNAPSHOT / "smartsheet" / f"{name}.json").read_bytes()
        server.add_sheet(sheet_id, body, token)
    return server


@dataclass
class World:
    """The running loopback servers, the demo database's name and the settings for them."""

    graph: GraphServer
    sheets: SmartsheetServer
    tars: TarsServer
    mgi: MgiServer
    labtracks: LabTracksSettings
    timeout: float = 2.0

    def servers(self) -> dict[str, LoopbackServer]:
        return {
            "sharepoint": self.graph,
            "smartsheet": self.sheets,
            "tars": self.tars,
            "mgi": self.mgi,
        }

    def token_paths(self) -> list[str]:
        return [self.graph.token_path, self.tars.token_path]

    def backends(
        self,
        resilience: ResilienceSettings | None = None,
        *,
        graph_concurrency: int = 4,
        connect: Callable[[], Connection] | None = None,
        **urls: str,
    ) -> Backends:
        """Fresh sources (own clients, caches and circuits) on this world's servers; ``urls``
        replaces a backend's base URL (``mgi=...``, ``tars=...``, ``smartsheet=...``,
        ``graph=...``), e.g. with a port nothing listens on; ``connect`` wraps LabTracks'
        ODBC connections (to count them)."""
        policy = resilience or fast_resilience()
        timeout = self.timeout
        labtracks = self.labtracks.model_copy(update={"timeout_seconds": timeout})
        client = LabTracksClient(
            connect or odbc_factory(labtracks), pool_size=labtracks.pool_size, timeout=timeout
        )
        lt = LabTracksSource(client, timeout, resilience=Resilience(policy))
        sp_settings = sharepoint_settings(
            self.graph,
            timeout_seconds=timeout,
            max_concurrency=graph_concurrency,
            graph_api_url=urls.get("graph", self.graph.graph_url),
            token_url=urls.get("graph_token", self.graph.token_url),
        )
        sp = SharePointSource(
            SharePointClient.from_settings(sp_settings), timeout, resilience=Resilience(policy)
        )
        sheets = SmartsheetSettings(
            api_url=urls.get("smartsheet", self.sheets.api_url),
            timeout_seconds=timeout,
            perfusions=PerfusionsSheetSettings(api_token=SHEET_TOKEN, id=PERFUSIONS_SHEET_ID),
            funding=FundingSheetSettings(api_token=FUNDING_TOKEN, id=FUNDING_SHEET_ID),
            protocols=ProtocolsSheetSettings(api_token=PROTOCOLS_TOKEN, id=PROTOCOLS_SHEET_ID),
        )
        ss = SmartsheetSource(
            SmartsheetClient(sheets.api_url, timeout_seconds=timeout, max_concurrency=4),
            sheets.sheets(),
            MemoryCache(),
            timeout_seconds=timeout,
            cache_ttl_seconds=300,
            owns_cache=True,
            resilience=Resilience(policy),
        )
        tars_settings = self.tars_settings(urls.get("tars", self.tars.resource))
        tars = TarsSource(
            TarsClient(
                tars_settings.resource,
                token_url=urls.get("tars_token", self.tars.token_url),
                client_id=tars_settings.client_id,
                client_secret=tars_settings.client_secret,
                scope=tars_settings.scope,
                timeout_seconds=timeout,
                max_concurrency=4,
                page_size=100,
            ),
            MemoryCache(),
            timeout_seconds=timeout,
            cache_ttl_seconds=300,
            owns_cache=True,
            resilience=Resilience(policy),
        )
        mgi = MgiSource(
            MgiClient(
                urls.get("mgi", self.mgi.endpoint), timeout_seconds=timeout, max_concurrency=4
            ),
            MemoryCache(),
            timeout_seconds=timeout,
            cache_ttl_seconds=300,
            owns_cache=True,
            resilience=Resilience(policy),
        )
        backends = Backends(
            labtracks=lt, mgi=mgi, sharepoint=sp, smartsheet=ss, tars=tars, mode="test"
        )
        return backends

    def tars_settings(self, resource: str | None = None) -> TarsSettings:
        return TarsSettings(
            tenant_id=self.tars.tenant,
            client_id=self.tars.client_id,
            client_secret=SecretStr(TARS_SECRET),
            scope=self.tars.scope,
            resource=resource or self.tars.resource,
            token_url=self.tars.token_url,
            timeout_seconds=self.timeout,
        )

    def environment(self) -> dict[str, str]:
        """The same backends as environment variables, for a real ``serve`` process."""
        lt = self.labtracks
        sp = sharepoint_settings(self.graph)
        return {
            "LABTRACKS_ODBC_DRIVER": str(lt.odbc_driver),
            "LABTRACKS_SERVER": str(lt.server),
            "LABTRACKS_PORT": str(lt.port),
            "LABTRACKS_DATABASE": str(lt.database),
            "LABTRACKS_USER": str(lt.user),
            "LABTRACKS_PASSWORD": DB_PASSWORD,
            "LABTRACKS_TIMEOUT_SECONDS": "2",
            "MGI_URL": self.mgi.endpoint,
            "MGI_TIMEOUT_SECONDS": "2",
            "SHAREPOINT_CLIENT_ID": self.graph.client_id,
            "SHAREPOINT_CLIENT_SECRET": GRAPH_SECRET,
            "SHAREPOINT_TENANT_ID": self.graph.tenant,
            "SHAREPOINT_AIND_SITE_ID": str(sp.aind_site_id),
            "SHAREPOINT_LAS_SITE_ID": str(sp.las_site_id),
            "SHAREPOINT_NSB_2019_LIST_ID": str(sp.nsb_2019_list_id),
            "SHAREPOINT_NSB_2023_LIST_ID": str(sp.nsb_2023_list_id),
            "SHAREPOINT_NSB_PRESENT_LIST_ID": str(sp.nsb_present_list_id),
            "SHAREPOINT_LAS_2020_LIST_ID": str(sp.las_2020_list_id),
            "SHAREPOINT_GRAPH_API_URL": self.graph.graph_url,
            "SHAREPOINT_TOKEN_URL": self.graph.token_url,
            "SHAREPOINT_SCOPE": self.graph.scope,
            "SHAREPOINT_TIMEOUT_SECONDS": "2",
            "SMARTSHEET_API_URL": self.sheets.api_url,
            "SMARTSHEET_TIMEOUT_SECONDS": "2",
            "SMARTSHEET_PERFUSIONS_API_TOKEN": SHEET_TOKEN,
            "SMARTSHEET_PERFUSIONS_ID": str(PERFUSIONS_SHEET_ID),
            "SMARTSHEET_FUNDING_API_TOKEN": FUNDING_TOKEN,
            "SMARTSHEET_FUNDING_ID": str(FUNDING_SHEET_ID),
            "SMARTSHEET_PROTOCOLS_API_TOKEN": PROTOCOLS_TOKEN,
            "SMARTSHEET_PROTOCOLS_ID": str(PROTOCOLS_SHEET_ID),
            "TARS_TENANT_ID": self.tars.tenant,
            "TARS_CLIENT_ID": self.tars.client_id,
            "TARS_CLIENT_SECRET": TARS_SECRET,
            "TARS_SCOPE": self.tars.scope,
            "TARS_RESOURCE": self.tars.resource,
            "TARS_TOKEN_URL": self.tars.token_url,
            "TARS_TIMEOUT_SECONDS": "2",
            "AIND_GRAPHQL_RETRY_BACKOFF_SECONDS": "0.01",
        }


@contextmanager
def running_servers() -> Iterator[tuple[GraphServer, SmartsheetServer, TarsServer, MgiServer]]:
    with ExitStack() as stack:
        graph = stack.enter_context(demo_graph())
        sheets = stack.enter_context(demo_sheets())
        tars = stack.enter_context(demo_tars())
        mgi = stack.enter_context(demo_mgi())
        yield graph, sheets, tars, mgi


def status_of(body: dict[str, Any], path: str) -> dict[str, Any]:
    status: dict[str, Any] = body["extensions"]["status"][path]
    return status


def source(status: dict[str, Any], name: str) -> dict[str, Any]:
    [entry] = [s for s in status["sources"] if s["name"] == name]
    return entry


def codes(status: dict[str, Any]) -> dict[str, int]:
    """Each configured source's code (this world has no SLIMS: it is listed, not asked)."""
    return {s["name"]: s["code"] for s in status["sources"] if s.get("configured", True)}


def assert_clean(*texts: str, secrets: Iterable[str] = ()) -> None:
    """No credential, SQL, stack trace or token in any of ``texts``."""
    for text in texts:
        assert "Traceback" not in text
        for word in ("ANIMALS_COMMON", "TASK_SET", "SELECT ", "PWD="):
            assert word not in text
        for secret in (*SECRETS, API_KEY, *secrets):
            assert secret not in text, f"secret {secret!r} leaked"


def log_text(records: Iterable[logging.LogRecord]) -> str:
    """Every record as a handler would write it, traceback included."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in records)
