"""Viral injections prepared in SLIMS for a subject, as service-local pydantic models.

The records are those the 0.24 service read (its ``slims/viral_injection``):

* an injection request is an ``Order`` naming the mice it is for (``ordr_cf_fk_assignedMice``,
  a multiple foreign key to the mice's ``Content``) and the viral injection it uses
  (``ordr_cf_fk_viralInjection``), with its requested and planned dates;
* the viral injection is a ``Content`` of the ``ContentType`` "Viral Injection": its buffer,
  volume, labeling protein, dates, storage and handling guidelines;
* its viral materials are the ``Content`` rows of type "Viral solution" that a
  ``ContentRelation`` leads from to the injection (``corl_fk_from`` -> ``corl_fk_to``): virus
  name, lot, titer, dose, volume, serotype, plasmid, dates.

0.24 read every viral injection created in the date range and kept, in Python, those whose
order assigned the subject. Here SLIMS is asked for the subject's mouse ``Content`` (barcode =
subject id), then for the orders assigning that mouse, then for those orders' injections
created in the date range, then for their materials: every step a server-side criterion.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict
from slims.criteria import is_one_of

from datasources.slims.imaging import (
    by_pk,
    column,
    date_criteria,
    display,
    fetch_in,
    keys,
    number,
    text,
    texts,
    timestamp,
)

if TYPE_CHECKING:
    from aind_slims_api import SlimsClient

__all__ = [
    "InjectionRecords",
    "ViralInjection",
    "ViralMaterial",
    "fetch_viral_injections",
    "map_viral_injection",
    "map_viral_material",
]

MOUSE = "Mouse"
VIRAL_INJECTION = "Viral Injection"
VIRAL_SOLUTION = "Viral solution"


class ViralMaterial(BaseModel):
    """One viral solution mixed into an injection."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    content_category: str | None = None
    content_type: str | None = None
    content_created_on: datetime | None = None
    content_modified_on: datetime | None = None
    viral_solution_type: str | None = None
    virus_name: str | None = None
    lot_number: str | None = None
    lab_team: str | None = None
    virus_type: str | None = None
    virus_serotype: str | None = None
    virus_plasmid_number: str | None = None
    dose: float | None = None
    dose_unit: str | None = None
    titer: float | None = None
    titer_unit: str | None = None
    volume: float | None = None
    volume_unit: str | None = None
    date_made: datetime | None = None
    intake_date: datetime | None = None
    storage_temperature: str | None = None
    special_storage_guidelines: list[str] = []
    special_handling_guidelines: list[str] = []
    parent_name: str | None = None
    derivation_count: int | None = None
    ingredient_count: int | None = None
    mix_count: int | None = None


class ViralInjection(BaseModel):
    """One viral injection prepared for the subject, with its order and its materials."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    content_category: str | None = None
    content_type: str | None = None
    content_created_on: datetime | None = None
    content_modified_on: datetime | None = None
    viral_injection_buffer: str | None = None
    volume: float | None = None
    volume_unit: str | None = None
    labeling_protein: str | None = None
    date_made: datetime | None = None
    intake_date: datetime | None = None
    storage_temperature: str | None = None
    special_storage_guidelines: list[str] = []
    special_handling_guidelines: list[str] = []
    derivation_count: int | None = None
    ingredient_count: int | None = None
    mix_count: int | None = None
    # From the order
    order_barcode: str | None = None
    order_type: str | None = None
    order_status: str | None = None
    assigned_mice: list[str] = []
    requested_for_date: datetime | None = None
    planned_injection_date: datetime | None = None
    planned_injection_time: datetime | None = None
    order_created_on: datetime | None = None
    viral_materials: list[ViralMaterial] = []


def _count(value: Any) -> int | None:
    figure = number(value)
    return int(figure) if figure is not None and figure.is_integer() else None


def _multi(record: Any, name: str) -> list[str]:
    return texts(column(record, name, "displayValues"))


def _common(record: Any) -> dict[str, Any]:
    """The columns an injection and a material share (both are viral-material Content)."""
    return {
        "name": text(column(record, "cntn_id")),
        "content_category": display(record, "cntn_fk_category"),
        "content_type": display(record, "cntn_fk_contentType"),
        "content_created_on": timestamp(column(record, "cntn_createdOn")),
        "content_modified_on": timestamp(column(record, "cntn_modifiedOn")),
        "volume": number(column(record, "cntn_cf_volumeRequired")),
        "volume_unit": text(column(record, "cntn_cf_volumeRequired", "unit")),
        "date_made": timestamp(column(record, "cntn_cf_dateMade")),
        "intake_date": timestamp(column(record, "cntn_cf_intakeDate_NA")),
        "storage_temperature": display(record, "cntn_cf_fk_storageTemp_dynChoice"),
        "special_storage_guidelines": _multi(record, "cntn_cf_fk_specialStorageGuidelines"),
        "special_handling_guidelines": _multi(record, "cntn_cf_fk_specialHandlingGuidelines"),
        "derivation_count": _count(column(record, "derivedCount")),
        "ingredient_count": _count(column(record, "ingredientCount")),
        "mix_count": _count(column(record, "mixCount")),
    }


def map_viral_material(record: Any) -> ViralMaterial:
    """A "Viral solution" ``Content`` row."""
    return ViralMaterial(
        **_common(record),
        viral_solution_type=display(record, "cntn_cf_fk_viralSolutionType"),
        virus_name=text(column(record, "cntn_cf_virusName")),
        lot_number=text(column(record, "cntn_cf_lotNumber")),
        lab_team=display(record, "cntn_cf_fk_labTeam"),
        virus_type=display(record, "cntn_cf_fk_virusType"),
        virus_serotype=display(record, "cntn_cf_fk_virusSerotype"),
        virus_plasmid_number=text(column(record, "cntn_cf_virusPlasmidNumber")),
        dose=number(column(record, "cntn_cf_dose")),
        dose_unit=text(column(record, "cntn_cf_dose", "unit")),
        titer=number(column(record, "cntn_cf_titer")),
        titer_unit=text(column(record, "cntn_cf_titer", "unit")),
        parent_name=text(column(record, "cntn_cf_parentName")),
    )


@dataclass(frozen=True, slots=True)
class InjectionRecords:
    """The SLIMS rows behind one viral injection (``slims.internal.Record`` objects)."""

    injection: Any
    order: Any = None
    materials: list[Any] = field(default_factory=list)


def map_viral_injection(records: InjectionRecords) -> ViralInjection:
    """A "Viral Injection" ``Content`` row with its order and materials."""
    injection, order = records.injection, records.order
    return ViralInjection(
        **_common(injection),
        viral_injection_buffer=display(injection, "cntn_cf_fk_viralInjectionBuffer"),
        labeling_protein=display(injection, "cntn_cf_fk_viralInjectionFluorescentLabelingP"),
        order_barcode=text(column(order, "ordr_barCode")),
        order_type=display(order, "ordr_fk_orderType"),
        order_status=display(order, "ordr_fk_status"),
        assigned_mice=_multi(order, "ordr_cf_fk_assignedMice"),
        requested_for_date=timestamp(column(order, "ordr_cf_requestedForDate")),
        planned_injection_date=timestamp(column(order, "ordr_plannedOnDate")),
        planned_injection_time=timestamp(column(order, "ordr_plannedOnTime")),
        order_created_on=timestamp(column(order, "ordr_createdOn")),
        viral_materials=[map_viral_material(m) for m in records.materials],
    )


def fetch_viral_injections(
    client: SlimsClient,
    subject_id: str,
    start: date | None = None,
    end: date | None = None,
) -> list[ViralInjection]:
    """The viral injections ordered for the subject, created within [start, end], newest first.

    ``client`` is an ``aind_slims_api.SlimsClient``. The date range applies to the injection
    content's creation (as 0.24). Errors from SLIMS propagate; an unknown subject gives [].
    """
    mice = client.fetch("Content", cntp_name=MOUSE, cntn_barCode=subject_id)
    if not mice:
        return []
    mouse_pks = [mouse.pk() for mouse in mice]
    orders = client.fetch("Order", is_one_of("ordr_cf_fk_assignedMice", mouse_pks))
    # The criterion already selects them; this only guards against a server matching loosely.
    orders = [o for o in orders if set(keys([o], "ordr_cf_fk_assignedMice")) & set(mouse_pks)]
    if not orders:
        return []
    types = client.fetch("ContentType", cntp_name=[VIRAL_INJECTION, VIRAL_SOLUTION])
    injection_types = [t.pk() for t in types if text(column(t, "cntp_name")) == VIRAL_INJECTION]
    solution_types = [t.pk() for t in types if text(column(t, "cntp_name")) == VIRAL_SOLUTION]
    if not injection_types:
        return []
    injections = fetch_in(
        client,
        "Content",
        "cntn_pk",
        keys(orders, "ordr_cf_fk_viralInjection"),
        is_one_of("cntn_fk_contentType", injection_types),
        *date_criteria("cntn_createdOn", start, end),
    )
    relations = fetch_in(client, "ContentRelation", "corl_fk_to", [i.pk() for i in injections])
    materials = (
        by_pk(
            fetch_in(
                client,
                "Content",
                "cntn_pk",
                keys(relations, "corl_fk_from"),
                is_one_of("cntn_fk_contentType", solution_types),
            )
        )
        if solution_types
        else {}
    )
    mapped = [
        map_viral_injection(
            InjectionRecords(
                injection=injection,
                order=_newest_order(orders, injection.pk()),
                materials=[
                    materials[pk]
                    for pk in _material_keys(relations, injection.pk())
                    if pk in materials
                ],
            )
        )
        for injection in injections
    ]
    return sort_newest_first(mapped)


def _material_keys(relations: Iterable[Any], injection_pk: int) -> list[int]:
    return keys((r for r in relations if column(r, "corl_fk_to") == injection_pk), "corl_fk_from")


def _newest_order(orders: Iterable[Any], injection_pk: int) -> Any:
    """The most recently created of the subject's orders using this injection."""
    using = [o for o in orders if column(o, "ordr_cf_fk_viralInjection") == injection_pk]
    using.sort(key=lambda o: number(column(o, "ordr_createdOn")) or 0.0, reverse=True)
    return using[0] if using else None


def sort_newest_first(injections: list[ViralInjection]) -> list[ViralInjection]:
    """Newest content first, undated last (as 0.24)."""
    oldest = datetime.min.replace(tzinfo=UTC)
    dated = sorted(
        (i for i in injections if i.content_created_on is not None),
        key=lambda i: i.content_created_on or oldest,
        reverse=True,
    )
    return dated + [i for i in injections if i.content_created_on is None]
