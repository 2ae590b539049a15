"""Conformance with real TARS record shapes (``../shared/reference/tars``, outside the repo).

The reference holds a Viruses item in TARS's camelCase and a ViralPrepLots item that a later
intermediary re-served in snake_case; the lot is turned back into camelCase (as TARS sends
it), both are served by the loopback TARS, and the facts are checked against the files.
Without the folder these tests skip.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aind_data_schema.components.injection_procedures import ViralMaterial

from datasources.result import Code
from datasources.tars import Virus
from fidelity.raw_recall import camel
from tests.servers.tars import TarsServer
from tests.tars.conftest import SourceFactory

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "tars"
VIRUS_FILE = REFERENCE / "virus_data_example.json"
LOT_FILE = REFERENCE / "prep_lot_example.json"

pytestmark = pytest.mark.skipif(
    not (VIRUS_FILE.is_file() and LOT_FILE.is_file()),
    reason=f"reference TARS records not found in {REFERENCE} (outside the repository)",
)


@pytest.fixture
def reference() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lot = camel(json.loads(LOT_FILE.read_text()))
    viruses = json.loads(VIRUS_FILE.read_text())
    return lot, viruses


async def test_reference_lot_and_virus_map_with_their_facts(
    reference: tuple[dict[str, Any], list[dict[str, Any]]],
    tars_server: TarsServer,
    make_source: SourceFactory,
) -> None:
    lot, viruses = reference
    tars_server.prep_lots, tars_server.viruses = [lot], viruses
    result = await make_source().material(lot["lot"].lower())

    assert result.code == Code.OK
    (material,) = result.records
    ViralMaterial.model_validate(material)
    virus = Virus.model_validate(viruses[0])
    molecules = virus.molecules or []
    assert molecules, "the reference virus embeds its molecules"
    identifiers = material["tars_identifiers"]
    preferred = [a["name"] for a in lot["viralPrep"]["virus"]["aliases"] if a["isPreferred"]]
    assert identifiers["virus_tars_id"] == preferred[0]
    assert identifiers["prep_lot_number"] == lot["lot"]
    assert identifiers["prep_date"] == lot["datePrepped"][:10]
    prep_type_name = lot["viralPrep"]["viralPrepType"]["name"]
    assert f"{identifiers['prep_type']}-{identifiers['prep_protocol']}" == prep_type_name
    assert material["name"] == "; ".join(m.full_name or "" for m in molecules)
    every_alias = {a.name for m in molecules for a in m.aliases}
    assert set(identifiers["plasmid_tars_alias"]) == every_alias
    first_preferred = next(a.name for a in molecules[0].aliases if a.is_preferred)
    assert identifiers["plasmid_tars_alias"][0] == first_preferred
    assert material["addgene_id"]["registry"] == "Addgene (ADDGENE)"
    assert material["addgene_id"]["registry_identifier"] == str(molecules[0].addgene_id)
    preferred_titer = next(t["result"] for t in lot["titers"] if t["isPreferred"])
    assert (material["titer"], material["titer_unit"]) == (int(preferred_titer), "gc/mL")


def test_reference_virus_record_reads_as_a_virus() -> None:
    (record,) = json.loads(VIRUS_FILE.read_text())
    virus = Virus.model_validate(record)
    assert virus.id == record["id"]
    assert sum(1 for alias in virus.aliases if alias.is_preferred) == 1
    assert virus.molecules is not None
    assert all(m.full_name for m in virus.molecules)
