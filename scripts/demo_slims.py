"""Writes the demo snapshot's SLIMS tables: ``datasources/demo/slims/<tableName>.json``.

Synthetic records only (invented people, dates, lots, reagents and instruments) for the demo
subjects of ``datasources/demo/labtracks.sql``. Each record is in SLIMS REST's own shape,
``{"pk", "tableName", "columns": [{"name", "title", "datatype", "value", "displayValue", ...}]}``,
so the replay (``datasources/slims/snapshot.py``) answers aind-slims-api's real ``SlimsClient``
and the service's fetch functions find them through their server-side criteria.

What each subject gets is listed in ``datasources/demo/README.md`` (SLIMS). In short:

* 650120: a mouse with a water restriction, an ecephys session, a viral injection order; its
  brain (specimen "650120-a") through SmartSPIM delipidation, labeling (primary and secondary
  antibody washes) and refractive index matching, then SmartSPIM imaging;
* 650118: its brain through a delipidation run only;
* instruments "SmartSPIM-DEMO-1" (a valid aind-data-schema 2.x ``Instrument``, built here with
  the library's models) and "EPHYS-DEMO-RIG-OLD" (a pre-2.x rig document: invalid, on purpose).

Run with the project's interpreter: ``.venv/bin/python scripts/demo_slims.py`` (rewrites the
folder) or ``--check`` (exit 1 when the committed files differ from what this writes).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import warnings
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "datasources" / "demo" / "slims"
REPO = "repo"

Entity = dict[str, Any]

# ------------------------------------------------------------------ record building


def ms(moment: str) -> int:
    """An ISO time (UTC when naive) as SLIMS sends dates: epoch milliseconds."""
    parsed = datetime.fromisoformat(moment)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp() * 1000)


def _title(name: str) -> str:
    """A column title from its name: "cntn_cf_baselineWeight" -> "Baseline weight"."""
    bare = re.sub(r"^[a-z]+_(cf_)?(fk_)?", "", name)
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", bare).replace("_", " ").split()
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:] if text else name


def col(
    name: str,
    value: Any,
    datatype: str | None = None,
    *,
    display: Any = None,
    unit: str | None = None,
    **extra: Any,
) -> Entity:
    """One column as SLIMS REST sends it."""
    if datatype is None:
        if isinstance(value, bool):
            datatype = "BOOLEAN"
        elif isinstance(value, int):
            datatype = "INTEGER"
        elif isinstance(value, float):
            datatype = "FLOAT"
        else:
            datatype = "STRING"
    if display is None and datatype == "STRING" and isinstance(value, str):
        display = value
    column: Entity = {
        "name": name,
        "title": _title(name),
        "datatype": datatype,
        "value": value,
        "displayValue": display,
    }
    if unit is not None:
        column["unit"] = unit
    column.update(extra)
    return column


def when(name: str, moment: str | None) -> Entity:
    return col(name, None if moment is None else ms(moment), "DATE", display=moment)


def fk(name: str, pk: int | None, display: str | None = None) -> Entity:
    return col(name, pk, "FOREIGN_KEY", display=display)


def fks(name: str, pks: list[int], displays: list[str]) -> Entity:
    return col(name, pks, "MULTIPLE_FOREIGN_KEY", displayValues=displays)


def qty(name: str, value: float | None, unit: str) -> Entity:
    return col(name, value, "QUANTITY", unit=unit)


def texts(name: str, values: list[str]) -> Entity:
    """A multi-valued text column (SLIMS sends a list)."""
    return col(name, values, "STRING", display=", ".join(values))


def record(table: str, pk: int, key: str, *columns: Entity) -> Entity:
    """A record of ``table``; ``key`` is its pk column (``cntn_pk``, ``rslt_pk``, ...)."""
    return {"pk": pk, "tableName": table, "columns": [*columns, col(key, pk, "INTEGER")]}


# ------------------------------------------------------------------ people and vocabulary

HISTOLOGY_TECH = "demo.histology"
IMAGING_USER = (41, "demo.imager", "Demo Imager")
EPHYS_OPERATOR = (42, "demo.operator", "Demo Operator")

MOUSE_1 = 1001  # 650120
CONTENT_TYPES = [(5, "Mouse"), (37, "Whole Brain"), (40, "Reagent"), (62, "Viral solution")]
CONTENT_TYPES.append((63, "Viral Injection"))


def content_types() -> list[Entity]:
    return [
        record("ContentType", pk, "cntp_pk", col("cntp_name", name)) for pk, name in CONTENT_TYPES
    ]


def users() -> list[Entity]:
    return [
        record(
            "User",
            pk,
            "user_pk",
            col("user_userName", user_name),
            col("user_fullName", full_name),
        )
        for pk, user_name, full_name in (IMAGING_USER, EPHYS_OPERATOR)
    ]


def mouse(pk: int, barcode: str, created: str, baseline_g: float) -> Entity:
    return record(
        "Content",
        pk,
        "cntn_pk",
        col("cntn_barCode", barcode),
        col("cntn_id", barcode),
        col("cntp_name", "Mouse"),
        fk("cntn_fk_contentType", 5, "Mouse"),
        fk("cntn_fk_status", 28, "Active"),
        col("cntn_cf_waterRestricted", True),
        col("cntn_cf_scientificPointOfContact", "Demo Scientist"),
        qty("cntn_cf_baselineWeight", baseline_g, "g"),
        col("cntn_cf_labtracksId", barcode),
        when("cntn_createdOn", created),
    )


def brain(pk: int, barcode: str, subject: str, collected: str) -> Entity:
    return record(
        "Content",
        pk,
        "cntn_pk",
        col("cntn_barCode", barcode),
        col("cntn_id", barcode),
        col("cntn_cf_parentBarcode", subject),
        col("cntp_name", "Whole Brain"),
        fk("cntn_fk_contentType", 37, "Whole Brain"),
        when("cntn_collectionDate", collected),
        when("cntn_createdOn", collected),
    )


# ------------------------------------------------------------------ water restriction


def water_restriction() -> list[Entity]:
    return [
        record(
            "ContentEvent",
            1501,
            "cnvn_pk",
            col("cnvt_name", "Water Restriction"),
            fk("cnvn_fk_contentEventType", 9, "Water Restriction"),
            fk("cnvn_fk_content", MOUSE_1, "650120"),
            when("cnvn_cf_startDate", "2024-05-13T16:00:00"),
            when("cnvn_cf_endDate", "2024-06-14T17:00:00"),
            col("cnvn_cf_assignedBy", "demo.trainer"),
            col("cnvn_cf_targetWeightFraction", 0.85),
            when("cnvn_createdOn", "2024-05-13T16:05:00"),
        )
    ]


# ------------------------------------------------------------------ histology

REAGENTS: dict[int, tuple[str, str, str, int]] = {
    # content pk: (barcode, lot, details name, manufacturer pk)
    1201: ("RGT-DB-2406", "DB-2406-01", "Delipidation Buffer", 2301),
    1202: ("RGT-CB-2406", "CB-2406-07", "Conduction Buffer", 2301),
    1203: ("RGT-AB1-2406", "AB1-7731", "Anti-RFP antibody, rabbit polyclonal", 2302),
    1204: ("RGT-AB2-2406", "AB2-5520", "Donkey anti-rabbit IgG, Alexa Fluor 647", 2303),
    1205: ("RGT-RI-2407", "RI-2407-03", "Index Matching Solution RI 1.52", 2301),
}
SOURCES = {2301: "LifeCanvas", 2302: "Abcam", 2303: "Invitrogen"}


def reagents() -> list[Entity]:
    found: list[Entity] = []
    for pk, (barcode, lot, name, source) in REAGENTS.items():
        details = pk + 200
        found.append(
            record(
                "Content",
                pk,
                "cntn_pk",
                col("cntn_barCode", barcode),
                col("cntp_name", "Reagent"),
                fk("cntn_fk_contentType", 40, "Reagent"),
                col("cntn_cf_lotNumber", lot),
                fk("cntn_cf_fk_reagentCatalogNumber", details, name),
                fk("cntn_fk_source", None),
                when("cntn_createdOn", "2024-05-30T12:00:00"),
            )
        )
        found.append(
            record(
                "ReferenceDataRecord",
                details,
                "rdrc_pk",
                col("rdrc_name", name),
                col("rdty_name", "Reagent Details"),
                fk("rdrc_fk_referenceDataType", 11, "Reagent Details"),
                fk("rdrc_cf_fk_manufacturer", source, SOURCES[source]),
                when("rdrc_createdOn", "2023-11-02T12:00:00"),
            )
        )
    found += [
        record(
            "Source",
            pk,
            "sorc_pk",
            col("sorc_name", name),
            when("sorc_createdOn", "2023-01-10T12:00:00"),
        )
        for pk, name in SOURCES.items()
    ]
    return found


TEMPLATES = {
    201: "SmartSPIM Delipidation",
    202: "SmartSPIM Labeling",
    203: "SmartSPIM Refractive Index Matching",
    204: "SPIM Imaging",
    205: "Ecephys Session",
}
SOPS = {
    # sop pk: (name, link)
    301: ("Demo SmartSPIM delipidation", "https://protocols.example.org/demo-delipidation-v2"),
    302: ("Demo SmartSPIM immunolabeling", "https://protocols.example.org/demo-labeling-v1"),
    303: ("Demo refractive index matching", "https://protocols.example.org/demo-ri-matching-v1"),
    304: ("Demo SmartSPIM imaging", "https://protocols.example.org/demo-spim-imaging-v3"),
}


def templates_and_sops() -> list[Entity]:
    found = [
        record(
            "ExperimentTemplate",
            pk,
            "xptm_pk",
            col("xptm_name", name),
            col("xptm_nameVersion", f"{name} (v. 2)"),
            when("xptm_createdOn", "2023-09-01T12:00:00"),
        )
        for pk, name in TEMPLATES.items()
    ]
    found += [
        record(
            "Sop",
            pk,
            "stop_pk",
            col("stop_name", name),
            col("stop_link", f'<a href="{link}" target="_blank">{name}</a>'),
            when("stop_createdOn", "2023-06-15T12:00:00"),
        )
        for pk, (name, link) in SOPS.items()
    ]
    return found


def step(
    pk: int,
    name: str,
    run: int,
    template: int,
    created: str,
    *extra: Entity,
    by: str = HISTOLOGY_TECH,
) -> Entity:
    """An ExperimentRunStep of experiment run ``run`` (made from ``template``)."""
    columns = [
        col("xprs_name", name),
        col("xprs_modifiedBy", by),
        fk("xprs_fk_experimentRun", run),
        fk("xpst_fk_experimentTemplate", template, TEMPLATES[template]),
    ]
    return record(
        "ExperimentRunStep", pk, "xprs_pk", *columns, *extra, when("xprs_createdOn", created)
    )


def wash(
    pk: int,
    name: str,
    kind: str,
    run: int,
    template: int,
    start: str,
    end: str,
    reagent_pks: list[int],
    mass_ug: float | None = None,
) -> Entity:
    return step(
        pk,
        name,
        run,
        template,
        start,
        col("xprs_cf_spimWashType", kind, "ENUM", display=kind),
        fks(
            "xprs_cf_fk_reagent_multiselect",
            reagent_pks,
            [REAGENTS[r][0] for r in reagent_pks],
        ),
        when("xprs_cf_sbipDelipidationWash1Start", start),
        when("xprs_cf_sbipDelipidationWash6End", end),
        qty("xprs_cf_mass", mass_ug, "&mu;g"),
        col("xprs_cf_notes", None),
    )


def run(
    run_pk: int,
    template: int,
    sop: int,
    sample: int,
    sample_barcode: str,
    created: str,
    washes: list[Entity],
) -> list[Entity]:
    """A histology experiment run: the sample's queue step, the protocol step, the washes."""
    select, protocol = run_pk * 10 + 1, run_pk * 10 + 2
    return [
        record(
            "ExperimentRunStepContent",
            run_pk * 10,
            "xrsc_pk",
            fk("xrsc_fk_content", sample, sample_barcode),
            fk("xrsc_fk_experimentRunStep", select, "Select content from queue"),
            when("xrsc_createdOn", created),
        ),
        step(select, "Select content from queue", run_pk, template, created),
        step(
            protocol,
            "Protocol",
            run_pk,
            template,
            created,
            fk("xprs_cf_fk_protocol", sop, SOPS[sop][0]),
        ),
        *washes,
    ]


def histology() -> list[Entity]:
    found = [
        brain(1101, "650120-a", "650120", "2024-06-20T10:15:00"),
        brain(1107, "650118-a", "650118", "2024-11-05T10:00:00"),
    ]
    # 650120: delipidation, labeling, refractive index matching.
    found += run(
        401,
        201,
        301,
        1101,
        "650120-a",
        "2024-06-24T08:30:00",
        [
            wash(4013, "Wash 1", "Passive Delipidation", 401, 201,
                 "2024-06-24T09:00:00", "2024-06-26T09:00:00", [1201]),
            wash(4014, "Wash 2", "Active Delipidation", 401, 201,
                 "2024-06-26T10:00:00", "2024-06-27T16:00:00", [1202]),
        ],
    )  # fmt: skip
    found += run(
        402,
        202,
        302,
        1101,
        "650120-a",
        "2024-07-01T08:30:00",
        [
            wash(4023, "Primary Antibody Wash", "Immuno: Primary Antibody", 402, 202,
                 "2024-07-01T09:00:00", "2024-07-04T09:00:00", [1203], mass_ug=10.0),
            wash(4024, "Secondary Antibody Wash", "Immuno: Secondary Antibody", 402, 202,
                 "2024-07-05T09:00:00", "2024-07-08T09:00:00", [1204], mass_ug=5.0),
        ],
    )  # fmt: skip
    found += run(
        403,
        203,
        303,
        1101,
        "650120-a",
        "2024-07-09T08:30:00",
        [
            wash(4033, "Refractive Index Matching Wash", "Refractive Index Matching", 403, 203,
                 "2024-07-09T09:00:00", "2024-07-10T15:00:00", [1205]),
        ],
    )  # fmt: skip
    # 650118: delipidation only.
    found += run(
        407,
        201,
        301,
        1107,
        "650118-a",
        "2024-11-11T08:30:00",
        [
            wash(4073, "Wash 1", "Passive Delipidation", 407, 201,
                 "2024-11-11T09:00:00", "2024-11-13T09:00:00", [1201]),
        ],
    )  # fmt: skip
    return found


# ------------------------------------------------------------------ instruments

SMARTSPIM = (2001, "SmartSPIM-DEMO-1", "2024-03-04T12:00:00")
OLD_RIG = (2002, "EPHYS-DEMO-RIG-OLD", "2023-02-06T12:00:00")


def instrument_records() -> list[Entity]:
    found: list[Entity] = []
    for pk, name, created in (SMARTSPIM, OLD_RIG):
        attachment, link = pk + 100, pk + 200
        found += [
            record(
                "ReferenceDataRecord",
                pk,
                "rdrc_pk",
                col("rdrc_name", name),
                col("rdty_name", "AIND Instruments"),
                fk("rdrc_fk_referenceDataType", 4, "AIND Instruments"),
                when("rdrc_createdOn", created),
            ),
            record(
                "Attachment",
                attachment,
                "attm_pk",
                col("attm_name", name),
                col("attm_file_filename", "instrument.json"),
                when("attm_createdOn", created),
            ),
            record(
                "AttachmentLink",
                link,
                "atln_pk",
                fk("atln_fk_attachment", attachment, name),
                col("atln_recordTable", "ReferenceDataRecord"),
                col("atln_recordPk", pk, "INTEGER"),
            ),
        ]
    return found


def smartspim_document() -> dict[str, Any]:
    """A valid aind-data-schema 2.x Instrument, built with the library's models."""
    from aind_data_schema.components.coordinates import CoordinateSystemLibrary
    from aind_data_schema.components.devices import (
        AxisName,
        DataInterface,
        Detector,
        DetectorType,
        Filter,
        FilterType,
        ImmersionMedium,
        Laser,
        Objective,
        ScanningStage,
        StageAxisDirection,
    )
    from aind_data_schema.core.instrument import Instrument
    from aind_data_schema_models.modalities import Modality
    from aind_data_schema_models.organizations import Organization
    from aind_data_schema_models.units import SizeUnit

    lasers = [
        Laser(
            name=f"Laser {nm}",
            manufacturer=Organization.COHERENT_SCIENTIFIC,
            wavelength=nm,
            serial_number=f"DEMO-L{nm}",
        )
        for nm in (488, 561, 639)
    ]
    stages = [
        ScanningStage(
            name=f"Stage {axis.value}",
            manufacturer=Organization.ASI,
            stage_axis_direction=direction,
            stage_axis_name=axis,
            travel=travel,
            travel_unit=SizeUnit.MM,
        )
        for axis, direction, travel in (
            (AxisName.X, StageAxisDirection.ILLUMINATION_AXIS, 50),
            (AxisName.Y, StageAxisDirection.PERPENDICULAR_AXIS, 50),
            (AxisName.Z, StageAxisDirection.DETECTION_AXIS, 25),
        )
    ]
    document = Instrument(
        instrument_id="SmartSPIM-DEMO-1",
        modification_date=date(2024, 3, 4),
        location="Demo imaging room",
        modalities=[Modality.SPIM],
        coordinate_system=CoordinateSystemLibrary.SPIM_RPI,
        global_coordinate_system=CoordinateSystemLibrary.SPIM_RPI,
        temperature_control=False,
        notes="Synthetic demo instrument.",
        components=[
            *lasers,
            Objective(
                name="Objective 3.6x",
                manufacturer=Organization.THORLABS,
                numerical_aperture=0.2,
                magnification=3.6,
                immersion=ImmersionMedium.MULTI,
                serial_number="DEMO-OBJ-1",
            ),
            Detector(
                name="Camera 1",
                manufacturer=Organization.HAMAMATSU,
                detector_type=DetectorType.CAMERA,
                data_interface=DataInterface.COAX,
                serial_number="DEMO-CAM-1",
            ),
            *[
                Filter(
                    name=f"Emission filter {band}",
                    manufacturer=Organization.SEMROCK,
                    filter_type=FilterType.BANDPASS,
                )
                for band in ("525/45", "600/52", "690/50")
            ],
            *stages,
        ],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dict(document.model_dump(mode="json"))


def old_rig_document() -> dict[str, Any]:
    """A rig document written for aind-data-schema 0.x, before rigs became instruments: the
    2.x ``Instrument`` validation rejects it (no instrument_id, components, coordinate system)."""
    return {
        "describedBy": (
            "https://raw.githubusercontent.com/AllenNeuralDynamics/aind-data-schema/main/src/"
            "aind_data_schema/core/rig.py"
        ),
        "schema_version": "0.5.4",
        "rig_id": "EPHYS-DEMO-RIG-OLD",
        "modification_date": "2023-02-06",
        "modalities": [{"name": "Extracellular electrophysiology", "abbreviation": "ecephys"}],
        "mouse_platform": {"device_type": "Disc", "name": "Running disc", "radius": 8.5},
        "ephys_assemblies": [
            {
                "ephys_assembly_name": "Ephys Assembly A",
                "probes": [{"name": "Probe A", "probe_model": "Neuropixels 1.0"}],
            }
        ],
        "notes": "Synthetic demo rig, recorded before aind-data-schema 2.x.",
    }


# ------------------------------------------------------------------ imaging


def imaging() -> list[Entity]:
    run_pk = 404
    select, protocol, metadata = run_pk * 10 + 1, run_pk * 10 + 2, run_pk * 10 + 3
    created = "2024-07-12T08:00:00"
    user_pk, _, user_name = IMAGING_USER
    return [
        record(
            "ExperimentRunStepContent",
            run_pk * 10,
            "xrsc_pk",
            fk("xrsc_fk_content", 1101, "650120-a"),
            fk("xrsc_fk_experimentRunStep", select, "Select content from queue"),
            when("xrsc_createdOn", created),
        ),
        # The sample is in this run too, so fetch_histology_procedures returns it as a block
        # (template "SPIM Imaging", no washes), as it does for any imaged specimen in SLIMS.
        step(select, "Select content from queue", run_pk, 204, created, by=user_name),
        step(
            protocol,
            "Protocol",
            run_pk,
            204,
            created,
            fk("xprs_cf_fk_protocol", 304, SOPS[304][0]),
            by=user_name,
        ),
        step(metadata, "Imaging Metadata", run_pk, 204, created, by=user_name),
        record(
            "Result",
            4501,
            "rslt_pk",
            col("test_name", "test_spim_imaging"),
            col("test_label", "SPIM Imaging"),
            fk("rslt_fk_content", 1101, "650120-a"),
            fk("rslt_fk_experimentRunStep", metadata, "Imaging Metadata"),
            when("rslt_cf_datePerformed", "2024-07-12T09:30:00"),
            fk("rslt_cf_fk_operator", user_pk, user_name),
            col("rslt_cf_chamberImmersionMedium", "Cargille oil"),
            col("rslt_cf_chamberRefractiveIndex", 1.52),
            col("rslt_cf_sampleImmersionMedium", "Index matching solution"),
            col("rslt_cf_sampleRefractiveIndex", 1.52),
            fk("rslt_cf_fk_spimBrainOrientation", 2011, "Demo orientation: superior up"),
            fk("rslt_cf_fk_instrumentJson", SMARTSPIM[0], SMARTSPIM[1]),
            col("rslt_comments", "Whole brain, three channels."),
            when("rslt_createdOn", "2024-07-12T15:00:00"),
        ),
        record(
            "ReferenceDataRecord",
            2011,
            "rdrc_pk",
            col("rdrc_name", "Demo orientation: superior up"),
            col("rdty_name", "SPIM Brain Orientation"),
            fk("rdrc_fk_referenceDataType", 21, "SPIM Brain Orientation"),
            col("rdrc_cf_xDirection", "Left to Right"),
            col("rdrc_cf_yDirection", "Anterior to Posterior"),
            col("rdrc_cf_zDirection", "Superior to Inferior"),
            when("rdrc_createdOn", "2023-09-01T12:00:00"),
        ),
        record(
            "Order",
            2601,
            "ordr_pk",
            col("ordr_barCode", "ORD-650120-SPIM"),
            fk("ordr_fk_orderType", 2, "SmartSPIM Histology and Imaging"),
            fk("ordr_fk_status", 4, "Completed"),
            texts(
                "ordr_cf_fluorescenceChannels_Imaging",
                [
                    "Laser = 488; Emission Filter = 525/45",
                    "Laser = 561; Emission Filter = 600/52",
                    "Laser = 639; Emission Filter = 690/50",
                ],
            ),
            col("ordr_cf_fluorescenceChannels_Stitching", "Laser = 561; Emission Filter = 600/52"),
            col(
                "ordr_cf_fluorescenceChannels_CcfRegistration",
                "Laser = 639; Emission Filter = 690/50",
            ),
            texts(
                "ordr_cf_fluorescenceChannels_CellSegmentation",
                ["Laser = 561; Emission Filter = 600/52"],
            ),
            when("ordr_createdOn", "2024-06-18T12:00:00"),
        ),
        record(
            "OrderContent",
            2611,
            "rdcn_pk",
            fk("rdcn_fk_order", 2601, "ORD-650120-SPIM"),
            fk("rdcn_fk_content", 1101, "650120-a"),
        ),
    ]


# ------------------------------------------------------------------ ecephys


def ecephys() -> list[Entity]:
    run_pk = 405
    select, group, session_step = run_pk * 10 + 1, run_pk * 10 + 2, run_pk * 10 + 3
    created = "2024-06-12T09:00:00"
    operator_pk, _, operator = EPHYS_OPERATOR
    session, stream, epoch = 4601, 4602, 4603
    return [
        record(
            "ExperimentRunStepContent",
            run_pk * 10,
            "xrsc_pk",
            fk("xrsc_fk_content", MOUSE_1, "650120"),
            fk("xrsc_fk_experimentRunStep", select, "Select content from queue"),
            when("xrsc_createdOn", created),
        ),
        step(select, "Select content from queue", run_pk, 205, created, by=operator),
        step(
            group,
            "Group of Sessions",
            run_pk,
            205,
            created,
            fk("xprs_cf_fk_operator", operator_pk, operator),
            col("xprs_cf_sessionType", "Passive viewing"),
            col("xprs_cf_mousePlatformName", "Running disc"),
            col("xprs_cf_activeMousePlatform", False),
            fk("xprs_cf_fk_instrumentJson", OLD_RIG[0], OLD_RIG[1]),
            by=operator,
        ),
        step(session_step, "Mouse Session", run_pk, 205, created, by=operator),
        record(
            "Result",
            session,
            "rslt_pk",
            col("test_name", "test_session_information"),
            col("test_label", "Mouse Session"),
            col("rslt_uniqueIdentifier", "RSLT-DEMO-4601"),
            col("rslt_cf_sessionName", "ecephys_650120_2024-06-12_09-30-00"),
            fk("rslt_fk_content", MOUSE_1, "650120"),
            fk("rslt_fk_experimentRunStep", session_step, "Mouse Session"),
            qty("rslt_cf_animalWeightPrior", 23.4, "g"),
            qty("rslt_cf_animalWeightPost", 23.9, "g"),
            qty("rslt_cf_rewardConsumedvolume", 0.6, "ml"),
            fk("rslt_cf_fk_rewardDelivery", 2031, "Demo water reward"),
            when("rslt_createdOn", "2024-06-12T11:00:00"),
        ),
        record(
            "Result",
            stream,
            "rslt_pk",
            col("test_name", "test_ephys_in_vivo_recording_stream"),
            col("test_label", "Streams"),
            fk("rslt_fk_content", MOUSE_1, "650120"),
            fk("rslt_cf_fk_mouseSession", session, "RSLT-DEMO-4601"),
            texts("rslt_cf_streamModalities", ["Ecephys"]),
            texts("rslt_cf_daqNames", ["Demo basestation slot 2"]),
            texts("rslt_cf_cameraNames2", []),
            fks("rslt_cf_fk_injectionMaterial2", [2021], ["Demo module A"]),
            when("rslt_createdOn", "2024-06-12T11:05:00"),
        ),
        record(
            "Result",
            epoch,
            "rslt_pk",
            col("test_name", "test_stimulus_epochs"),
            col("test_label", "Stimulus Epochs"),
            fk("rslt_fk_content", MOUSE_1, "650120"),
            fk("rslt_cf_fk_mouseSession", session, "RSLT-DEMO-4601"),
            col("rslt_cf_stimulusName", "Demo drifting gratings"),
            texts("rslt_cf_stimulusModalities2", ["Visual"]),
            col("rslt_cf_stimulusDeviceNames", "Stimulus monitor"),
            qty("rslt_cf_rewardConsumedDuringEpoch", 0.2, "ml"),
            when("rslt_createdOn", "2024-06-12T11:10:00"),
        ),
        record(
            "ReferenceDataRecord",
            2021,
            "rdrc_pk",
            col("rdrc_name", "Demo module A"),
            col("rdty_name", "Dome Module"),
            fk("rdrc_fk_referenceDataType", 31, "Dome Module"),
            col("rdrc_cf_assemblyName", "Ephys Assembly A"),
            col("rdrc_cf_probeName", "Probe A"),
            fk("rdrc_cf_fk_primaryTargetedStructure", 2025, "Primary visual area"),
            qty("rdrc_cf_arcAngle", -20.0, "degree"),
            qty("rdrc_cf_moduleAngle", 10.0, "degree"),
            qty("rdrc_cf_rotationAngle", 0.0, "degree"),
            qty("rdrc_cf_targetedCcfCoordinatesAp", 9100.0, "&mu;m"),
            qty("rdrc_cf_targetedCcfCoordinatesMl", 7600.0, "&mu;m"),
            qty("rdrc_cf_targetedCcfCoordinatesDv", 1200.0, "&mu;m"),
            col("rdrc_cf_ccfVersion", 3.0),
            qty("rdrc_cf_targetAp", -3.8, "mm"),
            qty("rdrc_cf_targetMl", 2.5, "mm"),
            qty("rdrc_cf_targetDv", 0.9, "mm"),
            when("rdrc_createdOn", "2024-06-10T12:00:00"),
        ),
        record(
            "ReferenceDataRecord",
            2025,
            "rdrc_pk",
            col("rdrc_name", "Primary visual area"),
            col("rdty_name", "CCF brain structures"),
            fk("rdrc_fk_referenceDataType", 32, "CCF brain structures"),
            when("rdrc_createdOn", "2023-01-10T12:00:00"),
        ),
        record(
            "ReferenceDataRecord",
            2031,
            "rdrc_pk",
            col("rdrc_name", "Demo water reward"),
            col("rdty_name", "Reward Delivery"),
            fk("rdrc_fk_referenceDataType", 33, "Reward Delivery"),
            col("rdrc_cf_rewardSolution", "Water"),
            fk("rdrc_cf_fk_rewardSpouts", 2032, "Demo spout, right"),
            when("rdrc_createdOn", "2024-06-10T12:00:00"),
        ),
        record(
            "ReferenceDataRecord",
            2032,
            "rdrc_pk",
            col("rdrc_name", "Demo spout, right"),
            col("rdty_name", "Reward Spouts"),
            fk("rdrc_fk_referenceDataType", 34, "Reward Spouts"),
            col("rdrc_cf_spoutSide", "Right"),
            col("rdrc_cf_startingPosition", "3 mm in front of the mouth"),
            col("rdrc_cf_variablePosition", False),
            when("rdrc_createdOn", "2024-06-10T12:00:00"),
        ),
    ]


# ------------------------------------------------------------------ viral injection


def viral_injection() -> list[Entity]:
    injection, material = 1301, 1311
    shared = [
        fk("cntn_fk_category", 61, "Viral Materials"),
        fk("cntn_cf_fk_storageTemp_dynChoice", 8014, "-80 C"),
        fks("cntn_cf_fk_specialStorageGuidelines", [9001], ["Keep dark"]),
        fks("cntn_cf_fk_specialHandlingGuidelines", [9002], ["BSL - 1"]),
        col("derivedCount", 0, "INTEGER"),
    ]
    return [
        record(
            "Content",
            injection,
            "cntn_pk",
            col("cntn_id", "INJ-DEMO-0101"),
            col("cntn_barCode", "INJ-DEMO-0101"),
            col("cntp_name", "Viral Injection"),
            fk("cntn_fk_contentType", 63, "Viral Injection"),
            *shared,
            fk("cntn_cf_fk_viralInjectionBuffer", 8001, "AAV Buffer"),
            qty("cntn_cf_volumeRequired", 100.0, "&mu;l"),
            fk("cntn_cf_fk_viralInjectionFluorescentLabelingP", 8002, "EGFP"),
            when("cntn_cf_dateMade", "2024-05-02T15:00:00"),
            col("ingredientCount", 1, "INTEGER"),
            col("mixCount", 0, "INTEGER"),
            when("cntn_createdOn", "2024-04-30T17:00:00"),
            when("cntn_modifiedOn", "2024-05-02T15:30:00"),
        ),
        record(
            "Content",
            material,
            "cntn_pk",
            col("cntn_id", "VRS-DEMO-0111"),
            col("cntn_barCode", "VRS-DEMO-0111"),
            col("cntp_name", "Viral solution"),
            fk("cntn_fk_contentType", 62, "Viral solution"),
            *shared,
            fk("cntn_cf_fk_viralSolutionType", 8010, "Injection Dilution"),
            col("cntn_cf_virusName", "AAV-PHP.eB-hSyn-EGFP (demo)"),
            col("cntn_cf_lotNumber", "VT-DEMO-2404"),
            fk("cntn_cf_fk_labTeam", 8011, "Demo Viral Core"),
            fk("cntn_cf_fk_virusType", 8012, "AAV"),
            fk("cntn_cf_fk_virusSerotype", 8013, "PhP.eB"),
            col("cntn_cf_virusPlasmidNumber", "pDEMO-0042"),
            qty("cntn_cf_dose", 1.0e11, "GC"),
            qty("cntn_cf_titer", 2.0e13, "GC/ml"),
            qty("cntn_cf_volumeRequired", 5.0, "&mu;l"),
            when("cntn_cf_dateMade", "2024-04-22T15:00:00"),
            col("cntn_cf_parentName", "VRS-DEMO-0100"),
            col("ingredientCount", 0, "INTEGER"),
            col("mixCount", 1, "INTEGER"),
            when("cntn_createdOn", "2024-04-22T15:10:00"),
        ),
        record(
            "ContentRelation",
            1321,
            "corl_pk",
            col("corl_name", "mix"),
            fk("corl_fk_from", material, "VRS-DEMO-0111"),
            fk("corl_fk_to", injection, "INJ-DEMO-0101"),
        ),
        record(
            "Order",
            2602,
            "ordr_pk",
            col("ordr_barCode", "ORD-650120-RO"),
            fk("ordr_fk_orderType", 3, "Retro Orbital Viral Injection"),
            fk("ordr_fk_status", 4, "Completed"),
            fks("ordr_cf_fk_assignedMice", [MOUSE_1], ["650120"]),
            fk("ordr_cf_fk_viralInjection", injection, "INJ-DEMO-0101"),
            when("ordr_cf_requestedForDate", "2024-05-06T07:00:00"),
            when("ordr_plannedOnDate", "2024-05-07T07:00:00"),
            when("ordr_plannedOnTime", "2024-05-07T16:00:00"),
            when("ordr_createdOn", "2024-04-25T18:00:00"),
        ),
    ]


# ------------------------------------------------------------------ the snapshot


def tables() -> dict[str, list[Entity]]:
    """Every record, grouped by table (files are named by table), each table sorted by pk."""
    records = [
        *content_types(),
        *users(),
        mouse(MOUSE_1, "650120", "2024-02-26T12:00:00", 22.8),
        *water_restriction(),
        *reagents(),
        *templates_and_sops(),
        *histology(),
        *instrument_records(),
        *imaging(),
        *ecephys(),
        *viral_injection(),
    ]
    grouped: dict[str, list[Entity]] = {}
    for entity in records:
        grouped.setdefault(entity["tableName"], []).append(entity)
    return {name: sorted(rows, key=lambda r: r["pk"]) for name, rows in sorted(grouped.items())}


def dumps(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def files() -> dict[str, bytes]:
    """Every file of ``datasources/demo/slims``, by path relative to it."""
    written = {f"{name}.json": dumps(rows).encode() for name, rows in tables().items()}
    written[f"{REPO}/{SMARTSPIM[0] + 100}"] = dumps(smartspim_document()).encode()
    written[f"{REPO}/{OLD_RIG[0] + 100}"] = dumps(old_rig_document()).encode()
    return written


def existing(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the files on disk")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="default: %(default)s")
    args = parser.parse_args(argv)
    wanted = files()
    if args.check:
        found = existing(args.output)
        if found == wanted:
            return 0
        differing = sorted(
            set(found) ^ set(wanted) | {k for k in found if found.get(k) != wanted.get(k)}
        )
        print(f"{args.output} differs from the generator: {', '.join(differing)}", file=sys.stderr)
        return 1
    if args.output.exists():
        shutil.rmtree(args.output)
    for relative, content in wanted.items():
        path = args.output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    print(f"wrote {len(wanted)} files to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
