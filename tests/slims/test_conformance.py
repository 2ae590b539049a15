"""Conformance with SLIMS records and answers recorded from production
(``../shared/reference/slims``, outside the repository; these tests skip without it).

* ``histology/*.json`` are trimmed SLIMS records of one specimen. Served by the loopback SLIMS
  and replayed from a snapshot they must answer alike, and ``fetch_histology_procedures``
  finds no sample in them: the Content record lacks the joined ``cntp_name`` column that
  ``SlimsSampleContent``'s "Whole Brain" base filter reads (full records carry it, see
  ``raw/json_entity.json``), so neither transport may invent a match.
* ``raw/histology_procedures_response.json`` is what ``fetch_histology_procedures`` returned
  for another specimen. The SLIMS records behind it are rebuilt from it (each model's fields
  under their SLIMS column names, plus the sample and run steps linking them); run through the
  loopback server and the replay, the operation must give that response back exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from aind_slims_api import SlimsClient
from aind_slims_api.exceptions import SlimsRecordNotFound
from aind_slims_api.models.base import SlimsBaseModel
from aind_slims_api.models.experiment_run_step import (
    SlimsExperimentRunStep,
    SlimsExperimentTemplate,
    SlimsWashRunStep,
)
from aind_slims_api.models.histology import (
    SlimsProtocolSOP,
    SlimsReagentContent,
    SlimsReagentDetailsRdrc,
    SlimsSource,
)
from aind_slims_api.models.utils import _find_unit_spec
from aind_slims_api.operations import fetch_histology_procedures

from datasources.slims.snapshot import client_from_snapshot
from tests.servers.slims import SlimsServer, column, entity, tables_of
from tests.slims.records import write_snapshot

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "slims"
HISTOLOGY = REFERENCE / "histology"
RESPONSE = REFERENCE / "raw" / "histology_procedures_response.json"

pytestmark = pytest.mark.skipif(
    not (HISTOLOGY.is_dir() and RESPONSE.is_file()),
    reason=f"reference SLIMS records not found in {REFERENCE} (outside the repository)",
)

Tables = dict[str, list[dict[str, Any]]]


def clients(tmp_path: Path, tables: Tables) -> Iterator[SlimsClient]:
    """A client over HTTP to the loopback SLIMS, then one over the replay of a snapshot."""
    with SlimsServer(tables=tables) as server:
        yield SlimsClient(url=server.url, username=server.username, password=server.password)
    replayed = client_from_snapshot(write_snapshot(tmp_path, tables))
    assert replayed is not None
    yield replayed


def reference_tables() -> Tables:
    records: list[dict[str, Any]] = []
    for path in sorted(HISTOLOGY.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        # the folder also holds mapped outputs; SLIMS records are the lists with a tableName
        if isinstance(data, list) and data and "tableName" in data[0]:
            records += data
    return tables_of(records)


def test_reference_histology_records_replay_alike(tmp_path: Path) -> None:
    tables = reference_tables()
    specimen = next(
        c["value"]
        for record in tables["Content"]
        for c in record["columns"]
        if c["name"] == "cntn_cf_parentBarcode" and record["pk"] == 166
    )
    answers = []
    for client in clients(tmp_path, tables):
        steps = client.fetch_models(
            SlimsExperimentRunStep, experimentrun_pk=40007, sort="-name", start=1, end=3
        )
        washes = client.fetch_models(SlimsWashRunStep, experimentrun_pk=40007)
        with pytest.raises(SlimsRecordNotFound):
            fetch_histology_procedures(client, specimen)
        answers.append(([s.name for s in steps], [(w.pk, w.wash_name) for w in washes]))
    assert answers[0] == answers[1]
    assert answers[0] == (
        ["Select content from queue", "Refractive Index Matching Wash 2"],
        [(60029, "Refractive Index Matching Wash")],
    )


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "json_entity"}
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value


def as_record(model: type[SlimsBaseModel], dump: dict[str, Any], table: str) -> dict[str, Any]:
    """The SLIMS record a model dump came from: its fields under their column names."""
    columns: dict[str, dict[str, Any]] = {}
    for name, field in model.model_fields.items():
        alias = field.validation_alias
        if not isinstance(alias, str) or name not in dump or alias in columns:
            continue
        unit = _find_unit_spec(field)
        if unit is not None:
            columns[alias] = column(alias, dump[name], "QUANTITY", unit=unit.units[0])
        elif "datetime" in str(field.annotation) or field.annotation is datetime:
            columns[alias] = column(alias, dump[name], "DATE")
        else:
            columns[alias] = column(alias, dump[name])
    return entity(table, dump["pk"], *columns.values())


def rebuilt_tables(response: list[dict[str, Any]], specimen: str) -> Tables:
    sample = 900_001
    records: dict[tuple[str, int], dict[str, Any]] = {
        ("Content", sample): entity(
            "Content",
            sample,
            column("cntn_pk", sample),
            column("cntn_barCode", "BRN99999999"),
            column("cntn_cf_parentBarcode", specimen),
            column("cntp_name", "Whole Brain"),
        )
    }

    def keep(model: type[SlimsBaseModel], dump: dict[str, Any] | None, table: str) -> None:
        if dump is not None:
            records.setdefault((table, dump["pk"]), as_record(model, dump, table))

    for index, block in enumerate(response):
        template = block["experiment_template"]
        run = block["washes"][0]["wash_step"]["experimentrun_pk"]
        select_step, protocol_step = 910_000 + 2 * index, 910_001 + 2 * index
        link = entity(
            "ExperimentRunStepContent",
            920_000 + index,
            column("xrsc_pk", 920_000 + index),
            column("xrsc_fk_content", sample, "FOREIGN_KEY"),
            column("xrsc_fk_experimentRunStep", select_step, "FOREIGN_KEY"),
        )
        records[("ExperimentRunStepContent", 920_000 + index)] = link
        for pk, name, extra in [
            (select_step, "Select content from queue", []),
            (protocol_step, "Protocol", [column("xprs_cf_fk_protocol", block["protocol"]["pk"])]),
        ]:
            records[("ExperimentRunStep", pk)] = entity(
                "ExperimentRunStep",
                pk,
                column("xprs_pk", pk),
                column("xprs_name", name),
                column("xprs_fk_experimentRun", run, "FOREIGN_KEY"),
                column("xpst_fk_experimentTemplate", template["pk"], "FOREIGN_KEY"),
                *extra,
            )
        keep(SlimsExperimentTemplate, template, "ExperimentTemplate")
        keep(SlimsProtocolSOP, block["protocol"], "Sop")
        for wash in block["washes"]:
            keep(SlimsWashRunStep, wash["wash_step"], "ExperimentRunStep")
            for reagent in wash["reagents"]:
                keep(SlimsReagentContent, reagent["content"], "Content")
                keep(SlimsSource, reagent["source"], "Source")
                details = reagent["details"]
                if details is not None:
                    record = as_record(SlimsReagentDetailsRdrc, details, "ReferenceDataRecord")
                    record["columns"].append(column("rdty_name", "Reagent Details"))
                    records.setdefault(("ReferenceDataRecord", details["pk"]), record)
    return tables_of(records.values())


def test_the_recorded_histology_response_comes_back_through_both_transports(
    tmp_path: Path,
) -> None:
    response = json.loads(RESPONSE.read_text(encoding="utf-8"))
    tables = rebuilt_tables(response, "000000")
    expected = _strip(response)
    for client in clients(tmp_path, tables):
        blocks = fetch_histology_procedures(client, "000000")
        assert _strip([block.model_dump() for block in blocks]) == expected
