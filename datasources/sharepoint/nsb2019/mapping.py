"""NSB 2019-2022 surgery-request list item -> aind-data-schema 2.x ``Surgery`` documents.

The ``Procedure`` column names what was requested; its parts decide the procedures, so that a
combination the form added later still maps: "HP" a headframe, "C ..."/"WHC" a craniotomy,
"INJ"/"Injection" the injections, "Fiber" fiber implants ("HP+C CAM", "INJ+WHC NP", "HP+Injection
+Optic Fiber Implant", "Stereotaxic Injection"...). "Custom" and "Training Surgery" requests
become a generic surgery procedure, plus the injections when the injection type is filled in
(custom requests are where spinal and grid injections were asked for). A request with no
procedure chosen but a surgery date is a surgery whose procedure nobody named: it becomes a
generic procedure saying so (1.x wrote a surgery without procedures, which 2.x does not allow);
without a date either it describes nothing that was done.

Surgeries, one per session as in 1.x: the headpost surgery (``Date of Surgery``, its weights,
``HPIsoLevel``, ``Iso On`` read in hours like the other isoflurane columns, ``HpWorkStation``)
holds the headframe, craniotomy and fibers; each injection round (``Date1stInjection`` with the
"FirstInjection..." weights and isoflurane, ``Round1InjIsolevel``, ``WorkStation1stInjection``;
likewise round 2) holds the injections done in it. An injection's round comes from
``Inj<n>Round`` ("1st"/"2nd"), defaulting to its slot, so two injections of the same round are
one surgery. The second slot is mapped when its round, its injection type or its date is given
(1.x: round or type; the date is a further sign that it was done). A request for injections
only, without a round date, takes the surgery date.

Each record's key is ``nsb2019:<item id>#<session>`` (``#surgery``, ``#round1``, ``#round2``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from aind_data_schema.components.subject_procedures import Surgery
from pydantic import ValidationError

from datasources.records import MappedRequest, ProcedureRecord, Unmapped
from datasources.sharepoint.coordinates import COORDINATE_SYSTEM_NAME, LAMBDA_SYSTEM, translation
from datasources.sharepoint.documents import (
    anaesthetic,
    as_date,
    as_float,
    ethics_review_id,
    experimenters,
    item_label,
    normalise,
)
from datasources.sharepoint.nsb2019.fibers import fiber_implants
from datasources.sharepoint.nsb2019.headframes import craniotomy, headframe
from datasources.sharepoint.nsb2019.injections import MappedInjection, injection
from datasources.sharepoint.nsb2019.models import NSB2019Item
from datasources.sharepoint.parsers import (
    parse_anaesthesia_minutes,
    parse_length_mm,
    parse_percent,
    parse_weight_g,
)

__all__ = ["SOURCE", "Categories", "map_item", "map_request"]

SOURCE = "sharepoint.nsb2019"
_SPLIT = re.compile(r"\s*\+\s*")
_LAMBDA_JSON = LAMBDA_SYSTEM.model_dump(mode="json")


class Categories:
    """What a ``Procedure`` value asks for."""

    __slots__ = ("craniotomy", "fiber", "generic", "headframe", "injection")

    def __init__(self, procedure: str | None) -> None:
        parts = [part.lower() for part in _SPLIT.split(procedure or "") if part.strip()]
        self.headframe = any(part == "hp" or part.startswith("hp ") for part in parts)
        self.craniotomy = any(
            part == "c" or part.startswith("c ") or "whc" in part for part in parts
        )
        self.injection = any(part.startswith("inj") or "injection" in part for part in parts)
        self.fiber = any("fiber" in part for part in parts)
        known = self.headframe or self.craniotomy or self.injection or self.fiber
        chosen = procedure if procedure and procedure.strip().lower() != "select..." else None
        self.generic = chosen if not known else None


def _round(text: str | None, default: int) -> int:
    lowered = (text or "").strip().lower()
    return {"1st": 1, "2nd": 2}.get(lowered, default)


def _given(text: str | None) -> bool:
    return bool(text and text.strip() and text.strip().lower() not in ("select...", "na"))


def _injection_slots(item: NSB2019Item, wanted: Categories) -> list[int]:
    if wanted.generic and not item.inj1_type:
        return []
    if not (wanted.injection or wanted.generic):
        return []
    slots = [1]
    # 1.x: the second slot is there when its round or its type is chosen. "NA" is the form's
    # default round, so the type (or a date) is what tells an iontophoresis second site apart.
    if _round(item.inj2_round, 0) or _given(item.inj2_type) or item.date2:
        slots.append(2)
    return slots


def _measured(bregma_to_lambda: Decimal | None) -> dict[str, Any] | None:
    if bregma_to_lambda is None:
        return None
    zero = Decimal(0)
    return {
        "Bregma": translation(zero, zero, zero),
        "Lambda": translation(-abs(bregma_to_lambda), zero, zero),
    }


def _surgery(
    item: NSB2019Item,
    session: int,
    procedures: list[dict[str, Any]],
    notes: list[str],
    date: str | None,
) -> dict[str, Any]:
    columns = item.session(session)
    weight_prior = parse_weight_g(columns.weight_before)
    weight_post = parse_weight_g(columns.weight_after)
    return {
        "object_type": "Surgery",
        "protocol_id": None,
        "start_date": date,
        # The NSB team did every surgery of its list, whoever filed the request.
        "experimenters": experimenters("NSB", item.author_id) or ["NSB"],
        "ethics_review_id": ethics_review_id(item.iacuc_protocol),
        "animal_weight_prior": as_float(weight_prior),
        "animal_weight_post": as_float(weight_post),
        "weight_unit": "gram",
        "anaesthesia": anaesthetic(
            parse_anaesthesia_minutes(columns.iso_duration), parse_percent(columns.iso_level)
        ),
        "workstation_id": columns.workstation,
        "global_coordinate_system": None,
        "measured_coordinates": None,
        "procedures": procedures,
        "notes": "; ".join(notes) or None,
    }


def _headpost_session(item: NSB2019Item, wanted: Categories) -> list[dict[str, Any]]:
    bregma_to_lambda = parse_length_mm(item.breg2lamb)
    procedures: list[dict[str, Any]] = []
    if wanted.headframe:
        procedures.append(headframe(item))
    if wanted.craniotomy:
        procedures.append(craniotomy(item, bregma_to_lambda))
    if wanted.fiber:
        procedures.extend(fiber_implants(item))
    if wanted.generic:
        procedures.append(_generic(f"{wanted.generic} (surgery request)"))
    elif not (wanted.headframe or wanted.craniotomy or wanted.fiber or wanted.injection) and (
        item.date_of_surgery
    ):
        procedures.append(_generic("Surgery; the request names no procedure"))
    return procedures


def _generic(description: str) -> dict[str, Any]:
    return {
        "object_type": "Generic surgery procedure",
        "protocol_id": None,
        "description": description,
        "notes": None,
    }


def _injection_rounds(item: NSB2019Item, wanted: Categories) -> dict[int, list[MappedInjection]]:
    rounds: dict[int, list[MappedInjection]] = {}
    for slot in _injection_slots(item, wanted):
        columns = item.injection(slot)
        rounds.setdefault(_round(columns.round, slot), []).append(injection(columns))
    return rounds


def _documents(item: NSB2019Item) -> list[tuple[str, dict[str, Any]]]:
    wanted = Categories(item.procedure)
    surgery_date = as_date(item.date_of_surgery)
    bregma_to_lambda = parse_length_mm(item.breg2lamb)
    documents: list[tuple[str, dict[str, Any]]] = []
    headpost = _headpost_session(item, wanted)
    if headpost:
        surgery = _surgery(item, 0, headpost, [], surgery_date)
        if any(
            p["object_type"] not in ("Headframe", "Generic surgery procedure") for p in headpost
        ):
            surgery["measured_coordinates"] = _measured(bregma_to_lambda)
        documents.append(("surgery", surgery))
    for number, mapped in sorted(_injection_rounds(item, wanted).items()):
        date = as_date(item.session(number).date)
        if date is None and number == 1 and not headpost:
            date = surgery_date
        notes = [note for one in mapped for note in one.notes]
        surgery = _surgery(item, number, [one.document for one in mapped], notes, date)
        surgery["measured_coordinates"] = _measured(bregma_to_lambda)
        if any(one.coordinate_system != COORDINATE_SYSTEM_NAME for one in mapped):
            surgery["global_coordinate_system"] = _LAMBDA_JSON
        documents.append((f"round{number}", surgery))
    return documents


def map_request(fields: Mapping[str, Any], subject_id: str) -> MappedRequest:
    """The surgeries of one NSB 2019 list item for ``subject_id``; never raises.

    An item whose columns cannot be read at all is reported in ``unmapped``, not dropped.
    """
    try:
        item = NSB2019Item.model_validate(dict(fields))
    except (ValidationError, TypeError, ValueError) as error:
        reason = f"its columns could not be read ({type(error).__name__})"
        return MappedRequest(
            unmapped=[Unmapped(subject_id, SOURCE, item_label(fields), "whole item", reason)]
        )
    request = f"nsb2019:{item.request_id if item.request_id is not None else item.title}"
    records = [
        ProcedureRecord(
            subject_id=subject_id,
            source=SOURCE,
            document=normalise(Surgery, document),
            key=f"{request}#{session}",
            extras={"project": item.project} if item.project else {},
        )
        for session, document in _documents(item)
    ]
    return MappedRequest(records)


def map_item(fields: Mapping[str, Any], subject_id: str) -> list[ProcedureRecord]:
    """Only the records of :func:`map_request`."""
    return map_request(fields, subject_id).records
