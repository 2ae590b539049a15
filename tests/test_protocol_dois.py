"""Protocol DOIs in one form, https://doi.org/10.…, whatever the sheets wrote ("dx.doi.org/…",
a bare "10.…", "https://doi.org/…" all occur in the demo protocols sheet)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from datasources.smartsheet.protocols import read_protocols
from datasources.smartsheet.sheet import parse_sheet
from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.backends import Backends
from tests.conftest import graphql_client, run_query
from tests.procedures_live import DEMO_IDS

CANONICAL = re.compile(r"^https://doi\.org/10\.\d{4,9}/\S+$")
#: Anything that names a DOI, in whatever form.
DOI_LIKE = re.compile(r"(?:doi[.:]|^\s*10\.\d{4,9}/)", re.IGNORECASE)

QUERY = """query($ids: [String!]!) { subjects(subject_ids: $ids) { procedures { json } } }"""


def protocol_ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        value = node.get("protocol_id")
        if isinstance(value, str):
            yield value
        for item in node.values():
            yield from protocol_ids(item)
    elif isinstance(node, list):
        for item in node:
            yield from protocol_ids(item)


SHEET = (DEMO_SNAPSHOT / "smartsheet" / "protocols.json").read_text()


def test_the_demo_sheet_writes_dois_in_several_forms() -> None:
    # Otherwise the tests below would prove nothing.
    assert "dx.doi.org/10." in SHEET
    assert '"10.17504/' in SHEET
    assert "https://doi.org/10." in SHEET


async def test_every_protocol_doi_of_the_demo_procedures_is_canonical() -> None:
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        body = await run_query(client, QUERY, {"ids": DEMO_IDS})
    documents = [s["procedures"]["json"] for s in body["data"]["subjects"] if s["procedures"]]
    dois = [value for value in protocol_ids(documents) if DOI_LIKE.search(value)]
    # Sheet protocols (surgeries, injections, implants) and the perfusions' constant DOI.
    assert "https://doi.org/10.17504/protocols.io.bg5vjy66" in dois
    # A bare DOI in the sheet ("10.17504/protocols.io.demo-iont", iontophoresis).
    assert "https://doi.org/10.17504/protocols.io.demo-iont" in dois
    assert [doi for doi in dois if not CANONICAL.match(doi)] == []


async def test_the_protocols_field_gives_canonical_dois() -> None:
    query = "query($name: String!) { protocols(protocol_name: $name) { doi } }"
    table = read_protocols(parse_sheet(SHEET, "protocols"))
    names = {p.protocol_name for p in table.protocols if p.protocol_name}
    async with graphql_client(Backends.from_snapshot(DEMO_SNAPSHOT)) as client:
        dois = [
            protocol["doi"]
            for name in names
            for protocol in (await run_query(client, query, {"name": name}))["data"]["protocols"]
            or []
            if protocol["doi"]
        ]
    assert len(dois) >= 5
    assert [doi for doi in dois if not CANONICAL.match(doi)] == []
