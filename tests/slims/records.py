"""Synthetic SLIMS records for tests, shaped like ../shared/reference/slims (our own values).

:func:`histology_specimen` builds everything ``fetch_histology_procedures`` reads for one
specimen: the whole-brain sample, the run step holding it, the run's template, protocol step
and SOP, wash steps with their reagents, reagent details and manufacturers. Primary keys start
at ``base`` so that several specimens can share a table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from datasources.slims.snapshot import DIRECTORY, REPO_DIRECTORY
from tests.servers.slims import column, entity

Entity = dict[str, Any]

# 2025-03-03T09:00:00Z and later, in epoch milliseconds as SLIMS sends dates.
T0 = 1_740_992_400_000
HOUR = 3_600_000


def date(name: str, millis: int | None) -> Entity:
    return column(name, millis, "DATE")


def fk(name: str, pk: int | None) -> Entity:
    return column(name, pk, "FOREIGN_KEY")


def mouse(pk: int, barcode: str, *, created: int = T0) -> Entity:
    return entity(
        "Content",
        pk,
        column("cntn_barCode", barcode),
        column("cntn_pk", pk),
        column("cntp_name", "Mouse"),
        column("cntn_cf_waterRestricted", False),
        column("cntn_cf_scientificPointOfContact", "person.contact"),
        column("cntn_cf_baselineWeight", 24.5, "QUANTITY", unit="g"),
        date("cntn_createdOn", created),
    )


def water_restriction(pk: int, mouse_pk: int, *, start: int, end: int | None) -> Entity:
    return entity(
        "ContentEvent",
        pk,
        date("cnvn_cf_startDate", start),
        date("cnvn_cf_endDate", end),
        column("cnvn_cf_assignedBy", "person.synthetic"),
        column("cnvn_cf_targetWeightFraction", 0.85),
        column("cnvn_pk", pk),
        fk("cnvn_fk_content", mouse_pk),
        column("cnvt_name", "Water Restriction"),
        date("cnvn_createdOn", start + 1000),
    )


def _step(pk: int, name: str, run: int, template: int, *extra: Entity) -> Entity:
    return entity(
        "ExperimentRunStep",
        pk,
        column("xprs_pk", pk),
        column("xprs_name", name),
        column("xprs_modifiedBy", "person.histology"),
        fk("xprs_fk_experimentRun", run),
        fk("xpst_fk_experimentTemplate", template),
        date("xprs_createdOn", T0 + pk),
        *extra,
    )


def _wash(pk: int, name: str, run: int, template: int, reagents: list[int], start: int) -> Entity:
    return _step(
        pk,
        name,
        run,
        template,
        column("xprs_cf_spimWashType", "Delipidation" if reagents else None, "ENUM"),
        column("xprs_cf_fk_reagent_multiselect", reagents, "MULTIPLE_FOREIGN_KEY"),
        date("xprs_cf_sbipDelipidationWash1Start", start),
        date("xprs_cf_sbipDelipidationWash6End", start + 6 * HOUR),
        column("xprs_cf_mass", None if reagents else 7.5, "QUANTITY", unit="&mu;g"),
        column("xprs_cf_notes", None),
    )


def histology_specimen(specimen_id: str, base: int) -> list[Entity]:
    """One specimen of subject ``specimen_id`` with two histology runs (four washes)."""
    sample = base + 1
    records: list[Entity] = [
        entity(
            "Content",
            sample,
            column("cntn_barCode", f"BRN{base:08d}"),
            column("cntn_cf_parentBarcode", specimen_id),
            column("cntn_pk", sample),
            column("cntp_name", "Whole Brain"),
            fk("cntn_fk_contentType", 37),
            date("cntn_createdOn", T0 + base),
        )
    ]
    for run_index, (template_name, washes) in enumerate(
        [("SmartSPIM Delipidation", ["Wash 1", "Wash 2", "Wash 3"]), ("SmartSPIM Labeling", [])]
    ):
        run = base + 100 + run_index * 10
        template = base + 200 + run_index
        sop = base + 300 + run_index
        select_step, protocol_step = run + 1, run + 2
        records += [
            entity(
                "ExperimentRunStepContent",
                run + 9,
                column("xrsc_pk", run + 9),
                fk("xrsc_fk_content", sample),
                fk("xrsc_fk_experimentRunStep", select_step),
                date("xrsc_createdOn", T0 + run),
            ),
            _step(select_step, "Select content from queue", run, template),
            _step(protocol_step, "Protocol", run, template, fk("xprs_cf_fk_protocol", sop)),
            entity(
                "ExperimentTemplate",
                template,
                column("xptm_pk", template),
                column("xptm_name", template_name),
                column("xptm_nameVersion", f"{template_name} (v. {run_index + 3})"),
                date("xptm_createdOn", T0 - 90 * 24 * HOUR),
            ),
            entity(
                "Sop",
                sop,
                column("stop_pk", sop),
                column("stop_name", f"{template_name} protocol"),
                column("stop_link", f'<a href="https://example.org/protocols/{sop}">link</a>'),
                date("stop_createdOn", T0 - 400 * 24 * HOUR),
            ),
        ]
        names = washes or ["Primary Antibody Wash"]
        for wash_index, name in enumerate(names):
            reagent = base + 400 + run_index * 10 + wash_index
            with_reagent = bool(washes) and wash_index < 2
            start = T0 + (run_index * 24 + wash_index * 6) * HOUR
            used = [reagent] if with_reagent else []
            records.append(_wash(run + 3 + wash_index, name, run, template, used, start))
            if with_reagent:
                records += _reagent(reagent, base + 500 + wash_index, base + 600 + wash_index)
    return records


def _reagent(pk: int, details: int, source: int) -> list[Entity]:
    return [
        entity(
            "Content",
            pk,
            column("cntn_barCode", f"rgnt{pk:08d}"),
            column("cntn_pk", pk),
            column("cntn_cf_lotNumber", f"LOT-{pk}"),
            fk("cntn_cf_fk_reagentCatalogNumber", details),
            fk("cntn_fk_source", None),
            column("cntp_name", "Reagent"),
            date("cntn_createdOn", T0 - pk),
        ),
        entity(
            "ReferenceDataRecord",
            details,
            column("rdrc_pk", details),
            column("rdrc_name", f"Reagent {details}"),
            fk("rdrc_cf_fk_manufacturer", source),
            column("rdty_name", "Reagent Details"),
            date("rdrc_createdOn", T0 - details),
        ),
        entity(
            "Source",
            source,
            column("sorc_pk", source),
            column("sorc_name", f"Manufacturer {source}"),
            date("sorc_createdOn", T0 - source),
        ),
    ]


def write_snapshot(
    directory: Path,
    tables: Mapping[str, list[Entity]],
    contents: Mapping[int, bytes] | None = None,
) -> Path:
    """``directory/slims/<tableName>.json`` (and ``repo/<pk>``) as a snapshot holds them."""
    folder = directory / DIRECTORY
    folder.mkdir(parents=True, exist_ok=True)
    for table, records in tables.items():
        (folder / f"{table}.json").write_text(json.dumps(records, indent=1), encoding="utf-8")
    for pk, content in (contents or {}).items():
        (folder / REPO_DIRECTORY).mkdir(exist_ok=True)
        (folder / REPO_DIRECTORY / str(pk)).write_bytes(content)
    return directory
