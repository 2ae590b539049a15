"""The benchmark's backends: every loopback server the tests use, and LabTracks in PostgreSQL.

Graph (Entra ID token endpoint, four SharePoint lists, paging), Smartsheet (perfusions, funding
and protocols sheets), TARS (token endpoint, prep lots, viruses), MGI and SLIMS run in this
process on 127.0.0.1 and answer every request, token requests included, after ``latency``
seconds. LabTracks is the demo ``labtracks.sql`` in a throwaway PostgreSQL database read over
ODBC through :class:`~benchmarks.suite.dbproxy.DelayingProxy`, which delays each statement by
``labtracks_latency`` seconds and counts them.

Besides the demo's 24 subjects the world holds ``clones`` more, 660001 onwards, each a copy of
demo subject 650107 (LabTracks animal, its items in the four SharePoint lists) whose injections
name prep lots of their own, each a copy of the demo lot in TARS. So every clone's procedures
need TARS (prep lot, then its virus) and the protocols sheet, and no two clones share a cache
entry.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from benchmarks.suite.dbproxy import DelayingProxy
from datasources.labtracks import LabTracksSettings
from datasources.slims.snapshot import load_contents, load_tables
from datasources.snapshot import DEMO_SNAPSHOT
from tests.faults.world import PROTOCOLS_SHEET_ID, World, running_servers
from tests.postgres import DRIVER, HOST, PORT
from tests.procedures_live import DB_PASSWORD, PERFUSIONS_SHEET_ID
from tests.servers.base import LoopbackServer
from tests.servers.slims import SlimsServer

TEMPLATE = "650107"  # a demo subject with items in all four lists and injections with lots
FIRST_CLONE = 660001
_LOT = re.compile(r"DEMO-LOT-[0-9A-Z]+")
_ANIMAL_COLUMNS = (
    "class_values, sex, birth_date, maternal_index, paternal_index, species_id, group_id, "
    "cage_id, room_id"
)


def clone_ids(count: int) -> list[str]:
    return [str(FIRST_CLONE + n) for n in range(count)]


def admin_connection(database: str = "postgres", autocommit: bool = True) -> Any:
    """A superuser connection to the local PostgreSQL over ODBC."""
    import pyodbc

    return pyodbc.connect(
        f"DRIVER={{{DRIVER}}};SERVER={HOST};PORT={PORT};DATABASE={database};UID=postgres;PWD=",
        autocommit=autocommit,
        timeout=10,
    )


@contextmanager
def labtracks_database(clones: int = 0, prefix: str = "labtracks_bench") -> Iterator[str]:
    """The demo LabTracks tables plus ``clones`` animals in a throwaway database, dropped
    afterwards whatever happens (connections refused by a fault included)."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = admin_connection()
    admin.execute(f"CREATE DATABASE {name}")
    try:
        database = admin_connection(name)
        database.execute((DEMO_SNAPSHOT / "labtracks.sql").read_text(encoding="utf-8"))
        database.execute(
            f"INSERT INTO animals_common (id, {_ANIMAL_COLUMNS}) "
            f"SELECT g, {_ANIMAL_COLUMNS} FROM animals_common, "
            "generate_series(CAST(? AS integer), CAST(? AS integer)) AS g WHERE id = ?",
            FIRST_CLONE,
            FIRST_CLONE + clones - 1,
            int(TEMPLATE),
        )
        database.close()
        yield name
    finally:
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def _clone_item(item: dict[str, Any], subject: str, item_id: int, lots: dict[str, str]) -> Any:
    text = json.dumps(item).replace(TEMPLATE, subject)
    text = _LOT.sub(lambda match: lots.setdefault(match.group(0), f"B{subject}-{len(lots)}"), text)
    clone: dict[str, Any] = json.loads(text)
    clone["id"] = clone["fields"]["id"] = str(item_id)
    clone["fields"]["ID"] = item_id
    return clone


def _add_clones(world: BenchWorld, subjects: list[str]) -> None:
    """The template's items and lots again for each of ``subjects`` (see the module doc)."""
    demo_lots = {lot["lot"]: lot for lot in world.tars.prep_lots}
    templates = {
        list_id: [item for item in items if TEMPLATE in json.dumps(item["fields"])]
        for list_id, items in world.graph.items.items()
    }
    item_id = 500_000
    for subject in subjects:
        lots: dict[str, str] = {}
        for list_id, items in templates.items():
            for item in items:
                item_id += 1
                world.graph.items[list_id].append(_clone_item(item, subject, item_id, lots))
        for demo, own in lots.items():
            if demo in demo_lots:
                lot = copy.deepcopy(demo_lots[demo])
                lot["lot"], lot["id"] = own, str(uuid.uuid4())
                world.tars.prep_lots.append(lot)


@dataclass(kw_only=True)
class BenchWorld(World):
    """The faults world's servers plus SLIMS and LabTracks' proxy, and the clones' records."""

    slims: SlimsServer
    proxy: DelayingProxy
    clones: int

    def all_servers(self) -> dict[str, LoopbackServer]:
        return {**self.servers(), "slims": self.slims}

    def set_latency(self, seconds: float, labtracks_seconds: float) -> None:
        for server in self.all_servers().values():
            server.latency = seconds
        self.proxy.latency = labtracks_seconds

    def counts(self) -> dict[str, int]:
        """Requests each backend has received so far (token endpoints and sheets apart), and
        LabTracks' statements."""
        sheets = {
            "smartsheet.perfusions": PERFUSIONS_SHEET_ID,
            "smartsheet.protocols": PROTOCOLS_SHEET_ID,
        }
        graph_tokens = self.graph.count(path=self.graph.token_path)
        tars_tokens = self.tars.count(path=self.tars.token_path)
        counted = {
            "sharepoint.token": graph_tokens,
            "sharepoint": self.graph.count() - graph_tokens,
            "tars.token": tars_tokens,
            "tars": self.tars.count() - tars_tokens,
            "tars.viruses": sum(1 for r in self.tars.requests if r.path.endswith("/Viruses")),
            "mgi": self.mgi.count(),
            "slims": self.slims.count(),
            "labtracks": self.proxy.statements,
        }
        for name, sheet in sheets.items():
            counted[name] = sum(1 for r in self.sheets.requests if r.path.endswith(f"/{sheet}"))
        counted["smartsheet"] = self.sheets.count()
        return counted

    def environment(self) -> dict[str, str]:
        # Deadlines long enough that queueing under load shows as latency, not as errors.
        timeouts = {key: "10" for key in super().environment() if key.endswith("_TIMEOUT_SECONDS")}
        return {
            **super().environment(),
            **timeouts,
            "SLIMS_HOST": self.slims.slims_url,
            "SLIMS_USERNAME": self.slims.username,
            "SLIMS_PASSWORD": self.slims.password,
            "SLIMS_TIMEOUT_SECONDS": "10",
        }


@contextmanager
def bench_world(clones: int) -> Iterator[BenchWorld]:
    """Every backend running, holding the demo records and ``clones`` cloned subjects."""
    with ExitStack() as stack:
        database = stack.enter_context(labtracks_database(clones))
        graph, sheets, tars, mgi = stack.enter_context(running_servers())
        tables = load_tables(DEMO_SNAPSHOT) or {}
        slims = stack.enter_context(
            SlimsServer(prefix="/slimsrest", tables=tables, contents=load_contents(DEMO_SNAPSHOT))
        )
        proxy = stack.enter_context(DelayingProxy((HOST, PORT)))
        labtracks = LabTracksSettings(
            odbc_driver=DRIVER,
            server=HOST,
            port=proxy.port,
            database=database,
            user="postgres",
            password=DB_PASSWORD,
        )
        world = BenchWorld(
            graph, sheets, tars, mgi, labtracks, slims=slims, proxy=proxy, clones=clones
        )
        _add_clones(world, clone_ids(clones))
        yield world
