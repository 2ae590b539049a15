"""LabTracks tasks to aind-data-schema 2.x subject procedures (JSON dicts, not validated).

Only finished tasks (``TASK_STATUS`` 'F') of two kinds become procedures:

* a perfusion: a ``Surgery`` holding a ``Perfusion`` whose specimen is the animal itself (a
  whole brain is named by its subject id);
* a retro-orbital injection: a ``Surgery`` holding an ``Injection``, as the LAS 2020 request
  mapping records the same procedure. 2.x ``NonSurgicalInjection`` would fit the procedure too,
  but it has no place for the experimenter. LabTracks does not know the material or the
  volume, so the injection's materials and dynamics are empty and validation reports them
  (406): the task says *that* and *when*, the surgery request says *what*.

The investigator becomes the experimenter and the IACUC protocol number the ethics review id;
when LabTracks has neither, they stay null (never the text "None"). The task's start date is
the surgery date; a task without one falls back to its end date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from aind_data_schema.components.subject_procedures import Surgery
from pydantic import ValidationError

from datasources.labtracks.models import TaskRow
from datasources.records import ProcedureRecord

SOURCE = "labtracks"
FINISHED = "F"

_PERFUSION = re.compile(r"perfusion", re.IGNORECASE)
_RETRO_ORBITAL = re.compile(r"\bRO\b.*\binject|retro[\s-]*orbital", re.IGNORECASE)


def procedure_kind(row: TaskRow) -> str | None:
    """ "perfusion", "retro-orbital injection", or None for any other task."""
    name = row.type_name or ""
    if _PERFUSION.search(name):
        return "perfusion"
    if _RETRO_ORBITAL.search(name):
        return "retro-orbital injection"
    return None


def is_finished(row: TaskRow) -> bool:
    return (row.task_status or "").strip().upper() == FINISHED


def _perfusion(row: TaskRow) -> dict[str, Any]:
    return {
        "object_type": "Perfusion",
        "protocol_id": None,
        "output_specimen_ids": [row.subject_id],
    }


def _injection(_row: TaskRow) -> dict[str, Any]:
    return {
        "object_type": "Injection",
        "protocol_id": None,
        "injection_materials": [],
        "targeted_structure": None,
        "relative_position": None,
        "dynamics": [],
    }


def _normalised(document: dict[str, Any]) -> dict[str, Any]:
    """A valid document as aind-data-schema writes it; an invalid one as LabTracks said it (the
    resolver reports what is missing, 406)."""
    try:
        return Surgery.model_validate(document).model_dump(mode="json")
    except ValidationError:
        return document


def map_task(row: TaskRow) -> ProcedureRecord | None:
    """The procedure a task records, or None when it is unfinished or of another kind."""
    kind = procedure_kind(row)
    if kind is None or not is_finished(row):
        return None
    day = row.date_start or row.date_end
    procedure = _perfusion(row) if kind == "perfusion" else _injection(row)
    document = {
        "object_type": "Surgery",
        "protocol_id": None,
        "start_date": day.isoformat() if day else None,
        "experimenters": [row.investigator_id] if row.investigator_id else None,
        "ethics_review_id": row.protocol_number,
        "animal_weight_prior": None,
        "animal_weight_post": None,
        "weight_unit": "gram",
        "anaesthesia": None,
        "workstation_id": None,
        "procedures": [procedure],
        "notes": row.task_description,
    }
    return ProcedureRecord(
        row.subject_id,
        SOURCE,
        _normalised(document),
        key=f"{SOURCE}:task:{row.task_id}",
        extras={"task_type": row.type_name},
    )


def map_tasks(rows: Iterable[TaskRow]) -> list[ProcedureRecord]:
    """Procedures of finished perfusion and retro-orbital injection tasks, in row order.

    A task joined to several protocol rows (a LabTracks data-entry slip) appears once.
    """
    records: list[ProcedureRecord] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        identity = (row.task_id, row.subject_id)
        if identity in seen:
            continue
        seen.add(identity)
        record = map_task(row)
        if record is not None:
            records.append(record)
    return records
