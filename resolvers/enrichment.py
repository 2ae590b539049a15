"""Procedures completed from reference backends, after the merge and before validation.

* Viral materials: each distinct prep lot is looked up once in TARS (through the request's
  DataLoader, all lots concurrently); a material whose lot TARS knows exactly once becomes the
  TARS record, keeping the titer the surgery request gave (TARS' titer is the prep's, the
  request's is what was injected). A lot TARS does not know, or knows several times, leaves the
  material as the request wrote it. Where the request and TARS disagree, both values are kept
  beside the document (``resolvers.provenance``), not in it.
* Protocols: every procedure without a protocol gets the DOI the protocols sheet lists for its
  kind (see ``datasources.smartsheet.protocols``).

A failing TARS or sheet leaves the originals in place; the caller reports it as partial (207).
Either way, failing or not configured, the status' ``warnings`` say what was not added
(``resolvers.status.enrichment_warnings``), so a 200 never hides a thinner answer.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from datasources.records import ProcedureRecord
from datasources.result import Code
from datasources.smartsheet.protocols import (
    RETRO_ORBITAL_INJECTION,
    ProtocolInformation,
    procedure_kind,
)
from resolvers.loaders import Loaders
from resolvers.provenance import ValueOrigin, disagreements
from resolvers.status import SourceStatus, merge_sources


@dataclass(frozen=True, slots=True)
class Enrichment:
    """What completing the documents asked (one status per reference backend) and, for each
    material TARS completed whose request said otherwise, where its values came from."""

    sources: list[SourceStatus]
    #: (the material, as the documents now hold it; its disagreeing values)
    origins: list[tuple[dict[str, Any], tuple[ValueOrigin, ...]]] = field(default_factory=list)


async def enrich(
    loaders: Loaders, records: list[ProcedureRecord], documents: list[dict[str, Any]]
) -> Enrichment:
    """Complete ``documents`` (the merged copies of ``records``' documents) in place."""
    materials = [
        (material, record.source)
        for record, document in zip(records, documents, strict=True)
        for material in _viral_materials([document])
    ]
    lots = prep_lots(documents)
    steps = [(step, kind) for step, kind in _procedures(records, documents) if kind]
    kinds = list(dict.fromkeys(kind for _, kind in steps))
    found, protocols = await asyncio.gather(
        loaders.materials.load_many(lots) if lots else _nothing(),
        loaders.protocols.load_many(kinds) if kinds else _nothing(),
    )
    by_lot = dict(zip(lots, found, strict=True))
    origins = []
    for material, source in materials:
        answer = by_lot.get(_lot(material) or "")
        if answer is not None and answer.code == Code.OK:
            requested = copy.deepcopy(material)
            _replace(material, answer.records[0])
            disagreeing = disagreements(requested, answer.records[0], material, source)
            if disagreeing:
                origins.append((material, disagreeing))
    by_kind = dict(zip(kinds, protocols, strict=True))
    for step, kind in steps:
        answer = by_kind[kind]
        if step.get("protocol_id") is None and answer.code == Code.OK:
            protocol: ProtocolInformation = answer.records[0]
            step["protocol_id"] = protocol.doi
    statuses = [merge_sources("tars", found), merge_sources("smartsheet.protocols", protocols)]
    return Enrichment([status for status in statuses if status is not None], origins)


def prep_lots(documents: list[dict[str, Any]]) -> list[str]:
    """The distinct prep lots the viral materials of ``documents`` name, in order."""
    return list(dict.fromkeys(lot for m in _viral_materials(documents) if (lot := _lot(m))))


async def _nothing() -> list[Any]:
    return []


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _viral_materials(documents: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (node for node in _walk(documents) if node.get("object_type") == "Viral material")


def _lot(material: dict[str, Any]) -> str | None:
    """The prep lot: TARS identifiers when the request filled them, else the name (the NSB
    forms name a virus by its lot)."""
    identifiers = material.get("tars_identifiers")
    lot = identifiers.get("prep_lot_number") if isinstance(identifiers, dict) else None
    lot = lot or material.get("name")
    return lot.strip() if isinstance(lot, str) and lot.strip() else None


def _replace(material: dict[str, Any], record: dict[str, Any]) -> None:
    titer, unit = material.get("titer"), material.get("titer_unit")
    material.clear()
    material.update(record)
    if titer is not None:
        material["titer"], material["titer_unit"] = titer, unit or material.get("titer_unit")


def _procedures(
    records: list[ProcedureRecord], documents: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Each procedure (subject procedures and their steps) with its protocol kind."""
    for record, document in zip(records, documents, strict=True):
        yield document, procedure_kind(document)
        for step in document.get("procedures") or document.get("injections") or []:
            if isinstance(step, dict):
                yield step, _kind(record, step)


def _kind(record: ProcedureRecord, step: dict[str, Any]) -> str | None:
    # A plain Injection's route is known only from where it was recorded.
    if step.get("object_type") == "Injection" and _retro_orbital(record):
        return RETRO_ORBITAL_INJECTION
    return procedure_kind(step)


def _retro_orbital(record: ProcedureRecord) -> bool:
    if record.source == "labtracks":
        task = str(record.extras.get("task_type", "")).casefold()
        return "retro" in task or "ro" in task.replace("-", " ").split()
    return record.source == "sharepoint.las2020" and "retro-orbital" in (record.key or "")
