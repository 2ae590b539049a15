"""Against the reference records of the 0.24 service (``../shared/reference``, beside the
repository; these tests skip without it).

The facts its SLIMS mappings produced from these records are checked here: the imaging and
viral injection rows map to the same values, and the instrument and rig documents it served
come back from an attachment unchanged (and are reported as not valid 2.x instruments, with
structured errors, where 0.24 built them without validation).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aind_data_schema.core.instrument import Instrument

from datasources.slims.imaging import ImagingRecords, imaging_from_metadata, map_imaging
from datasources.slims.instruments import fetch_instrument
from datasources.slims.viral_injections import fetch_viral_injections
from resolvers.validation import validate
from tests.servers.slims import attachment_link, column, entity, tables_of
from tests.slims_records.records import REFERENCE, SlimsClient, SlimsServer, record

SLIMS = REFERENCE / "slims"
pytestmark = pytest.mark.skipif(
    not SLIMS.is_dir(), reason=f"the 0.24 reference records are not at {SLIMS}"
)


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def by_pk(*files: str) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for name in files:
        for row in load(SLIMS / name):
            rows.setdefault(row["pk"], row)
    return rows


def test_imaging_result_maps_to_what_0_24_read_from_it() -> None:
    rows = by_pk(
        "imaging/result.json",
        "imaging/sop.json",
        "imaging/reference_data_record.json",
        "imaging/content.json",
        "imaging/order.json",
    )
    imaging = map_imaging(
        ImagingRecords(
            subject_id="744742",
            result=record(rows[1611]),
            sample=record(rows[235]),
            sop=record(rows[18]),
            instrument=record(rows[40]),
            orientation=record(rows[1624]),
            order=record(rows[21]),
        )
    )
    assert imaging.specimen_id == "BRN00000018"
    assert imaging.protocol_name == "Imaging cleared mouse brains on SmartSPIM"
    assert imaging.protocol_id == "https://dx.doi.org/10.17504/protocols.io.3byl4jo1rlo5/v1"
    assert imaging.date_performed == datetime.fromtimestamp(1739383260, tz=UTC)
    assert imaging.chamber_immersion_medium == imaging.sample_immersion_medium == "Ethyl Cinnamate"
    assert imaging.chamber_refractive_index == imaging.sample_refractive_index == 1.557
    assert imaging.instrument_id == "440_SmartSPIM1_20240327"
    assert imaging.experimenter_name == "Person R"  # rslt_cf_fk_operator's display value
    assert (imaging.z_direction, imaging.y_direction, imaging.x_direction) == (
        "Superior to Inferior",
        "Anterior to Posterior",
        "Left to Right",
    )
    assert len(imaging.imaging_channels) == 3
    assert imaging.stitching_channels == "Laser = 639, Emission Filter = 667/30"
    assert imaging.cell_segmentation_channels == []


def test_the_library_operations_response_maps_unchanged() -> None:
    raw = load(SLIMS / "raw/imaging_metadata_response.json")
    dumped = imaging_from_metadata(raw).model_dump(mode="json")
    # Every fact of the library's dict, as it gave it (the date re-serialised by pydantic).
    assert {key: dumped[key] for key in raw} == raw


def test_viral_injection_fetched_as_0_24_mapped_it() -> None:
    rows = [*by_pk("viral_injection/vi_content.json", "viral_injection/vm_content.json").values()]
    rows += load(SLIMS / "viral_injection/order.json")
    rows += load(SLIMS / "viral_injection/content_relation.json")
    rows += load(SLIMS / "viral_injection/content_type.json")
    # Not in the reference files: the mouse the order assigns and the solution content type.
    rows.append(entity("Content", 23, cntn_barCode="614178", cntp_name="Mouse"))
    rows.append(entity("ContentType", 62, cntp_name="Viral solution"))
    with SlimsServer(tables=tables_of(rows)) as server:
        client = SlimsClient(server.slims_url, server.username, server.password)
        injections = fetch_viral_injections(client, "614178")
    assert len(injections) == 1
    injection = injections[0]
    assert injection.name == "INJ00000002"
    assert injection.viral_injection_buffer == "AAV Buffer"
    assert (injection.volume, injection.volume_unit) == (98.56, "μl")
    assert injection.labeling_protein == "tdTomato"
    assert injection.storage_temperature == "4 C"
    assert injection.special_storage_guidelines == ["Light sensitive storage"]
    assert injection.ingredient_count == 3
    assert injection.assigned_mice == ["614178"]
    assert injection.planned_injection_date == datetime.fromtimestamp(1746705600, tz=UTC)
    assert injection.order_created_on == datetime.fromtimestamp(1746717795.853, tz=UTC)
    (material,) = injection.viral_materials
    assert material.name == "VRS00000029"
    assert (material.virus_name, material.lot_number) == ("7x-TRE-tDTomato", "VT5355g")
    assert (material.titer, material.titer_unit) == (24200000000000, "GC/ml")
    assert (material.volume, material.volume_unit) == (8.55, "μl")
    assert material.virus_serotype == "PhP.eB"
    assert material.parent_name == "VRS00000026"
    assert material.mix_count == 1


@pytest.mark.parametrize(
    "path",
    [
        "slims/mapped/instrument.json",
        "slims/mapped/ephys_rig.json",
        "slims-v2/instrument_example.json",
        "slims-v2/rig_example.json",
    ],
)
def test_stored_documents_come_back_unchanged_and_are_judged_by_2_x(path: str) -> None:
    document = load(REFERENCE / path)
    attachment = load(SLIMS / "raw/attachment_json_entity.json")  # pk 18, "440-SmartSPIM2-1"
    name = attachment["columns"][0]["value"]
    instrument = entity(
        "ReferenceDataRecord",
        7,
        column("rdrc_createdOn", 1708629180000, "DATE"),
        rdrc_name=name,
        rdty_name="AIND Instruments",
        rdrc_pk=7,
    )
    link = attachment_link(1, attachment["pk"], "ReferenceDataRecord", 7)
    contents = {attachment["pk"]: json.dumps(document).encode()}
    with SlimsServer(tables=tables_of([instrument, attachment, link]), contents=contents) as s:
        client = SlimsClient(s.slims_url, s.username, s.password)
        assert fetch_instrument(client, name) == [document]
    outcome = validate(Instrument, document)
    assert not outcome.valid  # 0.x/1.x documents: 2.x requires these, among others
    assert {"loc": ["global_coordinate_system"], "msg": "missing"} in outcome.errors
    assert all(set(error) == {"loc", "msg"} for error in outcome.errors)
