"""LAS 2020 request list item -> aind-data-schema 2.x ``NonSurgicalInjection`` documents.

Mapped requests, looked for in all three ``ReqPro`` columns (the 1.x service once looked only
at ``ReqPro1``):

* "Retro-Orbital Injection": one ``NonSurgicalInjection`` holding an ``Injection`` for each
  retro-orbital slot whose ``nROID<n>`` is exactly the subject (a request may list the same
  animal in two slots, e.g. one per eye). The eye ("Behind Left"/"Behind Right") is the
  injection's relative position; "Behind Either" leaves it open. The volume is in microlitres.
  Materials: one viral material per filled material slot, named by its substance (e.g. the TARS
  plasmid alias) or, without one, by its prep lot; the prep lot is the TARS lot number and the
  titer is parsed from "7E11"/"7 x 10^11" (gc/mL). 1.x named materials by their lot only.
* "Dosing" with route "Intraperitoneal (IP)": one ``NonSurgicalInjection`` with a bolus of
  ``dosevolume`` microlitres over ``doseduration`` minutes; the substance ("Tamoxifen 20 mg/mL")
  becomes a non-viral material with its concentration. Its source is not recorded in the list,
  so that required 2.x value stays ``None`` for validation to report.

* Every other request ("Blood Collection", "Tissue Collection", "Induction", "Other", dosing by
  another route, ...): a ``GenericSubjectProcedure`` naming what was requested, so that no
  requested procedure disappears (1.x mapped none of them).

The start date is the request's ``Start Date`` (as in 1.x), else the preferred date of the
``ReqPro`` slot that asked for it. 2.x has no experimenter on a non-surgical injection: the
request's author ("LAS-<author id>", as 1.x wrote it) is kept in the injection's ``notes`` and
in the record's ``extras``. The targets (retro-orbital sinus, peritoneum) are named in
``notes``; the anatomy constants of aind-data-schema-models would call an external ontology
service.

Keys: ``las2020:<item id>#retro-orbital``, ``las2020:<item id>#dosing`` and
``las2020:<item id>#request<n>`` for the other requests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aind_data_schema.components.subject_procedures import (
    GenericSubjectProcedure,
    NonSurgicalInjection,
)
from pydantic import ValidationError

from datasources.records import MappedRequest, ProcedureRecord, Unmapped
from datasources.sharepoint.documents import (
    as_date,
    as_float,
    ethics_review_id,
    experimenters,
    item_label,
    normalise,
)
from datasources.sharepoint.las2020.models import LAS2020Item, MaterialSlot, RetroOrbitalSlot
from datasources.sharepoint.parsers import (
    parse_duration_minutes,
    parse_number,
    parse_titer,
    parse_volume_ul,
)

__all__ = ["SOURCE", "map_item", "map_request"]

SOURCE = "sharepoint.las2020"
_RETRO_ORBITAL = "retro-orbital injection"
_DOSING = "dosing"
_DOSE = re.compile(
    r"^(?P<name>.*?)[\s(]+(?P<value>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>[a-zA-Z\u00b5%]+(?:/[a-zA-Z]+)?)\)?\s*$"
)


def _eye(text: str | None) -> str | None:
    lowered = (text or "").lower()
    if "left" in lowered:
        return "Left"
    if "right" in lowered:
        return "Right"
    return None


def _dynamics(volume_text: str | None, duration_text: str | None = None) -> dict[str, Any]:
    volume = parse_volume_ul(volume_text)
    duration = parse_duration_minutes(duration_text)
    return {
        "object_type": "Injection dynamics",
        "profile": "Bolus",
        "volume": as_float(volume),
        "volume_unit": None if volume is None else "microliter",
        "duration": as_float(duration),
        "duration_unit": None if duration is None else "minute",
        "injection_current": None,
        "injection_current_unit": None,
        "alternating_current": None,
    }


def _viral_material(slot: MaterialSlot) -> dict[str, Any]:
    tars = None
    if slot.lot is not None:
        tars = {
            "object_type": "Tars virus identifiers",
            "virus_tars_id": None,
            "plasmid_tars_alias": None,
            "prep_lot_number": slot.lot,
            "prep_date": None,
            "prep_type": None,
            "prep_protocol": None,
        }
    return {
        "object_type": "Viral material",
        "name": slot.substance or slot.lot,
        "tars_identifiers": tars,
        "addgene_id": None,
        "titer": parse_titer(slot.titer),
        "titer_unit": "gc/mL",
    }


def _retro_orbital(slot: RetroOrbitalSlot) -> dict[str, Any]:
    eye = _eye(slot.eye)
    return {
        "object_type": "Injection",
        "protocol_id": None,
        "injection_materials": [_viral_material(m) for m in slot.materials if not m.empty],
        "targeted_structure": None,
        "relative_position": [eye] if eye else None,
        "dynamics": [_dynamics(slot.volume)],
    }


def _non_viral_material(text: str | None) -> list[dict[str, Any]]:
    if text is None:
        return []
    match = _DOSE.match(text.strip())
    name = match["name"].strip() if match and match["name"].strip() else text.strip()
    concentration = parse_number(match["value"]) if match else None
    return [
        {
            "object_type": "Non viral material",
            "name": name,
            "source": None,
            "rrid": None,
            "lot_number": None,
            "expiration_date": None,
            "concentration": as_float(concentration),
            "concentration_unit": match["unit"] if match else None,
        }
    ]


def _author(item: LAS2020Item) -> str | None:
    names = experimenters("LAS", item.author_id)
    return names[0] if names else None


def _wrapper(
    item: LAS2020Item, date: str | None, injections: list[dict[str, Any]], notes: str
) -> dict[str, Any]:
    author = _author(item)
    return {
        "object_type": "Non surgical injection",
        "start_date": as_date(item.start_date) or date,
        "ethics_review_id": ethics_review_id(item.protocol),
        "protocol_id": None,
        "injections": injections,
        # 2.x has no experimenter here; 1.x's experimenter was the request's author.
        "notes": notes + (f". Experimenter (request author): {author}" if author else ""),
    }


def _generic(item: LAS2020Item, date: str | None, description: str) -> dict[str, Any]:
    author = _author(item)
    return {
        "object_type": "Generic subject procedure",
        "protocol_id": None,
        "start_date": as_date(item.start_date) or date,
        "experimenters": [author] if author else None,
        "ethics_review_id": ethics_review_id(item.protocol),
        "description": f"{description} (LAS request)",
        "notes": None,
    }


def _eyes_note(slots: list[RetroOrbitalSlot]) -> str:
    eyes = [slot.eye for slot in slots]
    return "Retro-orbital injection" + (
        f" ({', '.join(eye for eye in eyes if eye)})" if any(eyes) else ""
    )


def _documents(item: LAS2020Item, subject_id: str) -> list[tuple[str, dict[str, Any]]]:
    wanted = subject_id.strip()
    documents: list[tuple[str, dict[str, Any]]] = []
    done: set[str] = set()
    for request in item.requests:
        asked = (request.procedure or "").strip()
        kind = asked.lower()
        date = as_date(request.date)
        if not kind or kind == "select...":
            continue
        is_ip = "intraperitoneal" in (item.dose_route or "").lower()
        if kind == _RETRO_ORBITAL:
            slots = [s for s in item.retro_orbital if (s.animal_id or "").strip() == wanted]
            if slots and "retro-orbital" not in done:
                injections = [_retro_orbital(slot) for slot in slots]
                documents.append(
                    ("retro-orbital", _wrapper(item, date, injections, _eyes_note(slots)))
                )
            # A request for other animals' retro-orbital slots is not about this subject.
            done.add("retro-orbital")
        elif kind == _DOSING and is_ip:
            if "dosing" not in done:
                dose = {
                    "object_type": "Injection",
                    "protocol_id": None,
                    "injection_materials": _non_viral_material(item.dose_substance),
                    "targeted_structure": None,
                    "relative_position": None,
                    "dynamics": [_dynamics(item.dose_volume, item.dose_duration)],
                }
                note = f"Intraperitoneal injection ({item.dose_route})"
                documents.append(("dosing", _wrapper(item, date, [dose], note)))
            done.add("dosing")
        else:
            if kind == _DOSING:
                route = (item.dose_route or "route not given").strip()
                substance = (item.dose_substance or "substance not given").strip()
                asked = f"Dosing, {route}: {substance}"
            documents.append((f"request{request.number}", _generic(item, date, asked)))
    return documents


def map_request(fields: Mapping[str, Any], subject_id: str) -> MappedRequest:
    """The procedures one LAS 2020 request asked for ``subject_id``; never raises."""
    try:
        item = LAS2020Item.model_validate(dict(fields))
    except (ValidationError, TypeError, ValueError) as error:
        reason = f"its columns could not be read ({type(error).__name__})"
        label = item_label(fields)
        return MappedRequest(unmapped=[Unmapped(subject_id, SOURCE, label, "whole item", reason)])
    if not item.serves(subject_id):
        return MappedRequest()
    request = f"las2020:{item.request_id if item.request_id is not None else item.title}"
    author = experimenters("LAS", item.author_id)
    extras: dict[str, Any] = {"experimenters": author} if author else {}
    if item.project:
        extras["project"] = item.project
    records = [
        ProcedureRecord(
            subject_id=subject_id,
            source=SOURCE,
            document=normalise(
                GenericSubjectProcedure
                if document["object_type"] == "Generic subject procedure"
                else NonSurgicalInjection,
                document,
            ),
            key=f"{request}#{name}",
            extras=extras,
        )
        for name, document in _documents(item, subject_id)
    ]
    return MappedRequest(records)


def map_item(fields: Mapping[str, Any], subject_id: str) -> list[ProcedureRecord]:
    """Only the records of :func:`map_request`."""
    return map_request(fields, subject_id).records
