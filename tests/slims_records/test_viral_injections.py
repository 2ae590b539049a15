"""Viral injections: mapping from library Records, fetching from a loopback SLIMS."""

from __future__ import annotations

from datetime import UTC, date, datetime

from datasources.slims.viral_injections import (
    InjectionRecords,
    ViralInjection,
    ViralMaterial,
    fetch_viral_injections,
    map_viral_injection,
    map_viral_material,
)
from tests.slims_records.records import criteria_sent, fields, record, records, slims

SUBJECT = "700001"


def test_a_viral_solution() -> None:
    material = map_viral_material(records("viral_injections")[1201])
    assert material == ViralMaterial(
        name="VRS00000901",
        content_category="Viral Materials",
        content_type="Viral solution",
        content_created_on=datetime(2025, 3, 20, 16, 5, tzinfo=UTC),
        viral_solution_type="Injection Dilution",
        virus_name="pAAV-hSyn-EGFP",
        lot_number="VT9001a",
        lab_team="Molecular Anatomy",
        virus_type="AAV",
        virus_serotype="PhP.eB",
        virus_plasmid_number="AiP900001",
        dose=150000000000.0,
        dose_unit="GC",
        titer=21000000000000.0,
        titer_unit="GC/ml",
        volume=6.2,
        volume_unit="μl",
        date_made=datetime(2025, 3, 20, 16, tzinfo=UTC),
        storage_temperature="-80 C",
        special_storage_guidelines=["Keep dark"],
        special_handling_guidelines=["BSL - 1"],
        parent_name="VRS00000900",
        derivation_count=0,
        ingredient_count=0,
        mix_count=1,
    )


def test_an_injection_with_its_order_and_materials() -> None:
    rows = records("viral_injections")
    injection = map_viral_injection(
        InjectionRecords(rows[1101], rows[1401], [rows[1201], rows[1202]])
    )
    assert injection.name == "INJ00000101"
    assert injection.content_type == "Viral injection"
    assert injection.viral_injection_buffer == "AAV Buffer"
    assert injection.labeling_protein == "EGFP"
    assert (injection.volume, injection.volume_unit) == (50.5, "μl")
    assert injection.intake_date is None
    assert injection.assigned_mice == [SUBJECT]
    assert injection.order_barcode == "00000901"
    assert injection.order_type == "Retro Orbital Viral Injection"
    assert injection.order_status == "Pending"
    assert injection.planned_injection_date == datetime(2025, 4, 10, 7, tzinfo=UTC)
    assert injection.requested_for_date is None
    assert [m.lot_number for m in injection.viral_materials] == ["VT9001a", "VT9002b"]
    assert injection.model_dump(mode="json")["content_created_on"] == "2025-04-01T17:00:00Z"


def test_an_injection_without_order_or_good_values_still_maps() -> None:
    bare = record(
        {
            "pk": 1,
            "tableName": "Content",
            "columns": [
                {"name": "cntn_cf_volumeRequired", "value": "lots", "unit": None},
                {"name": "mixCount", "value": 1.5},
                {"name": "cntn_cf_fk_specialStorageGuidelines", "displayValues": None},
            ],
        }
    )
    assert map_viral_injection(InjectionRecords(bare)) == ViralInjection()


def test_fetch_asks_for_the_subjects_orders_and_their_injections() -> None:
    with slims("viral_injections") as (server, client):
        injections = fetch_viral_injections(client, SUBJECT)
        order_criteria = criteria_sent(server, "Order")
    # Newest first; the other subject's own injection (INJ00000103) is not among them.
    assert [i.name for i in injections] == ["INJ00000102", "INJ00000101"]
    shared, own = injections
    assert shared.assigned_mice == ["700002", SUBJECT]
    assert [m.name for m in shared.viral_materials] == ["VRS00000903"]
    # A related content that is not a viral solution is not a material.
    assert [m.name for m in own.viral_materials] == ["VRS00000901", "VRS00000902"]
    assert order_criteria
    assert "ordr_cf_fk_assignedMice" in fields(order_criteria[0])
    assert server.served("Order") == [2]


def test_the_date_range_applies_to_the_injections_creation_on_the_server() -> None:
    with slims("viral_injections") as (server, client):
        injections = fetch_viral_injections(client, SUBJECT, start=date(2025, 5, 1))
        assert [i.name for i in injections] == ["INJ00000102"]
        sent = criteria_sent(server, "Content")
        assert any("cntn_createdOn" in fields(criteria) for criteria in sent)
        none = fetch_viral_injections(client, SUBJECT, end=date(2025, 3, 31))
    assert none == []


def test_an_unknown_subject_has_no_injections() -> None:
    with slims("viral_injections") as (server, client):
        assert fetch_viral_injections(client, "799999") == []
        assert len(server.requests) == 1
