"""The demo snapshot's SLIMS tables (``datasources/demo/slims``, written by
``scripts/demo_slims.py``) answer every SLIMS fetch the service makes, through the replay's
server-side criteria: what each demo subject shows is listed in ``datasources/demo/README.md``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aind_data_schema.core.instrument import Instrument
from aind_slims_api import SlimsClient
from aind_slims_api.exceptions import SlimsRecordNotFound
from aind_slims_api.operations import fetch_histology_procedures
from aind_slims_api.operations.ecephys_session import fetch_ecephys_sessions

from datasources.slims.ecephys import map_session
from datasources.slims.histology import map_histology
from datasources.slims.imaging import fetch_imaging
from datasources.slims.instruments import fetch_instrument
from datasources.slims.snapshot import client_from_snapshot
from datasources.slims.viral_injections import fetch_viral_injections
from datasources.slims.water_restriction import fetch_water_restrictions
from datasources.snapshot import DEMO_SNAPSHOT
from resolvers.validation import validate

ROOT = Path(__file__).resolve().parents[2]
OTHER_SUBJECTS = [str(s) for s in range(650101, 650125) if s not in (650118, 650120)]


@pytest.fixture(scope="module")
def client() -> SlimsClient:
    replayed = client_from_snapshot(DEMO_SNAPSHOT)
    assert replayed is not None, "the demo snapshot has no slims/ folder"
    return replayed


def test_the_committed_tables_are_what_the_generator_writes() -> None:
    checked = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo_slims.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


# ------------------------------------------------------------------ 650120


def test_650120_histology_runs(client: SlimsClient) -> None:
    blocks = fetch_histology_procedures(client, "650120")
    assert [b.experiment_template.name for b in blocks if b.experiment_template] == [
        "SmartSPIM Delipidation",
        "SmartSPIM Labeling",
        "SmartSPIM Refractive Index Matching",
        "SPIM Imaging",  # the imaging run holds the same sample: the library returns it too
    ]
    washes = [
        [(w.wash_step.wash_name, w.wash_step.spim_wash_type) for w in b.washes or []]
        for b in blocks
    ]
    assert washes == [
        [("Wash 1", "Passive Delipidation"), ("Wash 2", "Active Delipidation")],
        [
            ("Primary Antibody Wash", "Immuno: Primary Antibody"),
            ("Secondary Antibody Wash", "Immuno: Secondary Antibody"),
        ],
        [("Refractive Index Matching Wash", "Refractive Index Matching")],
        [],
    ]
    reagents = [
        (r.details.name, r.content.lot_number, r.source.name)
        for b in blocks
        for w in b.washes or []
        for r in w.reagents
        if r.details and r.content and r.source
    ]
    assert reagents == [
        ("Delipidation Buffer", "DB-2406-01", "LifeCanvas"),
        ("Conduction Buffer", "CB-2406-07", "LifeCanvas"),
        ("Anti-RFP antibody, rabbit polyclonal", "AB1-7731", "Abcam"),
        ("Donkey anti-rabbit IgG, Alexa Fluor 647", "AB2-5520", "Invitrogen"),
        ("Index Matching Solution RI 1.52", "RI-2407-03", "LifeCanvas"),
    ]
    documents = map_histology(blocks, "650120")
    assert [(d["procedure_type"], d["start_date"], d["end_date"]) for d in documents] == [
        ("Delipidation", "2024-06-24", "2024-06-27"),
        ("Immunolabeling", "2024-07-01", "2024-07-04"),
        ("Immunolabeling", "2024-07-05", "2024-07-08"),
        ("Refractive index matching", "2024-07-09", "2024-07-10"),
    ]  # the imaging run is imaging (smartspim_imaging), not a specimen procedure
    assert [d["notes"] for d in documents[1:3]] == [
        "Primary Antibody, 10 µg",
        "Secondary Antibody, 5 µg",
    ]
    assert documents[0]["protocol_id"] == ["https://protocols.example.org/demo-delipidation-v2"]


def test_650120_water_restriction(client: SlimsClient) -> None:
    [restriction] = fetch_water_restrictions(client, "650120")
    assert restriction["start_date"] == "2024-05-13"
    assert restriction["end_date"] == "2024-06-14"
    assert restriction["target_fraction_weight"] == 85
    assert restriction["baseline_weight"] == 22.8
    # What SLIMS never records: no IACUC protocol; the minimum water is the protocol's.
    assert restriction["ethics_review_id"] is None
    assert restriction["minimum_water_per_day"] == 1.0


def test_650120_ecephys_session(client: SlimsClient) -> None:
    [session] = fetch_ecephys_sessions(client, "650120")
    document = map_session(session, "650120")
    assert document["instrument_id"] == "EPHYS-DEMO-RIG-OLD"
    assert document["acquisition_type"] == "Passive viewing"
    assert document["experimenters"] == ["Demo Operator"]
    details = document["subject_details"]
    assert (details["animal_weight_prior"], details["animal_weight_post"]) == ("23.4", "23.9")
    assert (details["reward_consumed_total"], details["reward_consumed_unit"]) == (
        "0.6",
        "milliliter",
    )
    assert details["mouse_platform_name"] == "Running disc"
    assert "spout side Right" in document["notes"]
    [stream] = document["data_streams"]
    assert [m["abbreviation"] for m in stream["modalities"]] == ["ecephys"]
    [assembly] = stream["configurations"]
    [probe] = assembly["probes"]
    assert (assembly["device_name"], probe["device_name"]) == ("Ephys Assembly A", "Probe A")
    assert probe["primary_targeted_structure"]["acronym"] == "VISp"
    [epoch] = document["stimulus_epochs"]
    assert epoch["stimulus_name"] == "Demo drifting gratings"
    assert epoch["stimulus_modalities"] == ["Visual"]
    assert epoch["performance_metrics"]["reward_consumed_during_epoch"] == "0.2"


def test_650120_imaging(client: SlimsClient) -> None:
    [imaging] = fetch_imaging(client, "650120")
    assert imaging.specimen_id == "650120-a"
    assert imaging.instrument_id == "SmartSPIM-DEMO-1"
    assert imaging.date_performed is not None
    assert imaging.date_performed.date().isoformat() == "2024-07-12"
    assert imaging.protocol_id == "https://protocols.example.org/demo-spim-imaging-v3"
    assert imaging.experimenter_name == "Demo Imager"
    assert (imaging.x_direction, imaging.z_direction) == ("Left to Right", "Superior to Inferior")
    assert len(imaging.imaging_channels) == 3
    assert imaging.sample_refractive_index == 1.52


def test_650120_viral_injection(client: SlimsClient) -> None:
    [injection] = fetch_viral_injections(client, "650120")
    assert injection.name == "INJ-DEMO-0101"
    assert injection.order_type == "Retro Orbital Viral Injection"
    assert injection.assigned_mice == ["650120"]
    assert injection.planned_injection_date is not None
    assert injection.planned_injection_date.date().isoformat() == "2024-05-07"
    [material] = injection.viral_materials
    assert (material.name, material.lot_number, material.titer) == (
        "VRS-DEMO-0111",
        "VT-DEMO-2404",
        2.0e13,
    )


# ------------------------------------------------------------------ 650118 and the others


def test_650118_has_a_delipidation_run_only(client: SlimsClient) -> None:
    blocks = fetch_histology_procedures(client, "650118")
    [document] = map_histology(blocks, "650118")
    assert (document["procedure_type"], document["start_date"]) == ("Delipidation", "2024-11-11")
    assert [r["lot_number"] for r in document["procedure_details"]] == ["DB-2406-01"]
    assert fetch_imaging(client, "650118") == []
    assert fetch_viral_injections(client, "650118") == []
    for fetch in (fetch_water_restrictions, fetch_ecephys_sessions):
        with pytest.raises(SlimsRecordNotFound):
            fetch(client, "650118")


@pytest.mark.parametrize("subject", OTHER_SUBJECTS)
def test_other_subjects_have_nothing(client: SlimsClient, subject: str) -> None:
    for fetch in (fetch_histology_procedures, fetch_water_restrictions, fetch_ecephys_sessions):
        with pytest.raises(SlimsRecordNotFound):
            fetch(client, subject)
    assert fetch_imaging(client, subject) == []
    assert fetch_viral_injections(client, subject) == []


# ------------------------------------------------------------------ instruments


def _ids(documents: list[dict[str, Any]]) -> list[tuple[str | None, bool]]:
    return [
        (d.get("instrument_id") or d.get("rig_id"), validate(Instrument, d).valid)
        for d in documents
    ]


def test_instruments_by_exact_id(client: SlimsClient) -> None:
    assert _ids(fetch_instrument(client, "SmartSPIM-DEMO-1")) == [("SmartSPIM-DEMO-1", True)]
    assert _ids(fetch_instrument(client, "EPHYS-DEMO-RIG-OLD")) == [("EPHYS-DEMO-RIG-OLD", False)]
    assert fetch_instrument(client, "SmartSPIM-DEMO") == []
    assert fetch_instrument(client, "NOT-IN-SLIMS") == []


def test_instruments_by_partial_id(client: SlimsClient) -> None:
    assert _ids(fetch_instrument(client, "demo", partial_match=True)) == [
        ("SmartSPIM-DEMO-1", True),
        ("EPHYS-DEMO-RIG-OLD", False),
    ]
    assert _ids(fetch_instrument(client, "smartspim", partial_match=True)) == [
        ("SmartSPIM-DEMO-1", True)
    ]
    assert fetch_instrument(client, "nowhere", partial_match=True) == []


def test_the_old_rig_is_invalid_for_what_2x_requires(client: SlimsClient) -> None:
    [document] = fetch_instrument(client, "EPHYS-DEMO-RIG-OLD")
    outcome = validate(Instrument, document)
    assert not outcome.valid
    assert {tuple(e["loc"]) for e in outcome.errors} >= {("instrument_id",), ("components",)}
