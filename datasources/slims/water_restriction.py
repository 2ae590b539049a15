"""SLIMS water restriction events -> aind-data-schema 2.x ``WaterRestriction`` documents.

Asked for by the subject on the server: the mouse's Content record by its barcode, then the
"Water Restriction" ContentEvents linked to it (optionally within a start-date range). 0.24
fetched every water restriction event of the lab and filtered in Python; the cost here grows
with the subject's events only.

Mapping: the target weight fraction (0.85) becomes the 2.x percentage (85); the baseline
weight is the mouse's ``cntn_cf_baselineWeight`` in grams; start and end are the event's dates
(UTC days). SLIMS records no minimum daily water: 0.24 wrote 1.0 mL, the institute's protocol
minimum, for every restriction, and so does this mapping. SLIMS records no IACUC protocol for
the event either: ``ethics_review_id`` stays ``None`` for validation to report (406), rather
than a protocol number being guessed. 2.x ``WaterRestriction`` has no notes: what it cannot
hold (who assigned the restriction, that the minimum is the protocol's) is :func:`remark`,
which the procedures merge puts in the ``Procedures`` document's notes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from aind_slims_api.models.mouse import SlimsMouseContent
from aind_slims_api.models.waterlog_water_restriction import SlimsWaterRestrictionEvent
from slims.criteria import greater_than_or_equal, less_than_or_equal

from datasources.slims.histology import utc_day

#: What 0.24 wrote for every restriction (mL per day); SLIMS does not record it.
PROTOCOL_MINIMUM_WATER_ML = 1.0

#: aind-slims-api resolves criteria by model field name to the SLIMS column.
_START = "start_date"


def _moment(day: date, end_of_day: bool = False) -> datetime:
    return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)


def map_event(event: SlimsWaterRestrictionEvent, mouse: SlimsMouseContent) -> dict[str, Any]:
    """One restriction of ``mouse`` as a 2.x ``WaterRestriction`` (JSON)."""
    fraction = event.target_weight_fraction
    return {
        "object_type": "Water restriction",
        "ethics_review_id": None,
        "target_fraction_weight": None if fraction is None else round(fraction * 100),
        "target_fraction_weight_unit": "percent",
        "minimum_water_per_day": PROTOCOL_MINIMUM_WATER_ML,
        "minimum_water_per_day_unit": "milliliter",
        "baseline_weight": mouse.baseline_weight_g,
        "weight_unit": "gram",
        "start_date": utc_day(event.start_date),
        "end_date": utc_day(event.end_date),
    }


def remark(document: dict[str, Any], assigned_by: str | None) -> str:
    """What a restriction's 2.x document cannot hold, as one sentence."""
    who = f", assigned by {assigned_by}" if assigned_by else ""
    return (
        f"Water restriction from {document.get('start_date')}{who}: its minimum water per day "
        f"({PROTOCOL_MINIMUM_WATER_ML:g} mL) is the protocol's, not recorded in SLIMS."
    )


def fetch_water_restrictions(
    client: Any, subject_id: str, start: date | None = None, end: date | None = None
) -> list[dict[str, Any]]:
    """The subject's restrictions (starting between ``start`` and ``end`` when given), oldest
    first. Raises ``SlimsRecordNotFound`` when SLIMS has no such mouse."""
    mouse = client.fetch_model(SlimsMouseContent, barcode=subject_id)
    criteria = []
    if start is not None:
        criteria.append(greater_than_or_equal(_START, _moment(start)))
    if end is not None:
        criteria.append(less_than_or_equal(_START, _moment(end, end_of_day=True)))
    return [map_event(event, mouse) for event in _events(client, mouse, criteria)]


def fetch_water_restrictions_with_remarks(
    client: Any, subject_id: str
) -> list[tuple[dict[str, Any], str]]:
    """Like :func:`fetch_water_restrictions`, each document with its :func:`remark`."""
    mouse = client.fetch_model(SlimsMouseContent, barcode=subject_id)
    pairs = []
    for event in _events(client, mouse, []):
        document = map_event(event, mouse)
        pairs.append((document, remark(document, event.assigned_by)))
    return pairs


def _events(client: Any, mouse: SlimsMouseContent, criteria: list[Any]) -> list[Any]:
    events = client.fetch_models(SlimsWaterRestrictionEvent, *criteria, mouse_pk=mouse.pk)
    return sorted(events, key=lambda e: e.start_date)
