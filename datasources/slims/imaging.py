"""SmartSPIM imaging metadata from SLIMS, as a service-local pydantic model.

What is read follows ``aind_slims_api.operations.spim_imaging.fetch_imaging_metadata`` (0.1.24)
and the records the 0.24 service read:

* the subject's brain samples: ``Content`` of type "Whole Brain" whose parent barcode is the
  subject id (the specimen id is the sample's barcode);
* the experiment run steps holding a sample (``ExperimentRunStepContent`` ->
  ``ExperimentRunStep``), and in those runs the "Protocol" step (its ``SOP``) and the
  "Imaging Metadata" steps;
* each imaging step's ``Result`` for the sample: date performed, chamber and sample immersion
  medium and refractive index, the instrument (a "AIND Instruments" ``ReferenceDataRecord``),
  the brain orientation (a "SPIM Brain Orientation" ``ReferenceDataRecord``) and the experimenter
  (a ``User``);
* the sample's "SmartSPIM Histology and Imaging" ``Order`` (through ``OrderContent``): the
  fluorescence channels imaged, stitched, registered and segmented (0.24 only).

The library's operation takes no date range and asks SLIMS once per step; :func:`fetch_imaging`
asks for the same rows in batches (``inSet`` criteria) and puts the date range on the Result's
date performed, so SLIMS filters it. Where the library and the 0.24 reference records name a
column differently (sample refractive index, experimenter, orientation axes) both are read, the
reference record's column first.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict
from slims.criteria import Criterion, greater_than_or_equal, is_one_of, less_than_or_equal

if TYPE_CHECKING:
    from aind_slims_api import SlimsClient

__all__ = [
    "ImagingRecords",
    "SmartSpimImaging",
    "by_pk",
    "column",
    "date_criteria",
    "display",
    "fetch_imaging",
    "fetch_in",
    "imaging_from_metadata",
    "keys",
    "map_imaging",
    "number",
    "text",
    "texts",
    "timestamp",
]

WHOLE_BRAIN = "Whole Brain"
PROTOCOL_STEP = "Protocol"
IMAGING_STEP = "Imaging Metadata"
IMAGING_ORDER_TYPE = "SmartSPIM Histology and Imaging"
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


class SmartSpimImaging(BaseModel):
    """One SmartSPIM imaging of a subject's brain, as SLIMS records it. ``json`` is model_dump."""

    model_config = ConfigDict(extra="forbid")

    specimen_id: str | None = None
    subject_id: str | None = None
    protocol_name: str | None = None
    protocol_id: str | None = None
    date_performed: datetime | None = None
    chamber_immersion_medium: str | None = None
    sample_immersion_medium: str | None = None
    chamber_refractive_index: float | None = None
    sample_refractive_index: float | None = None
    instrument_id: str | None = None
    experimenter_name: str | None = None
    z_direction: str | None = None
    y_direction: str | None = None
    x_direction: str | None = None
    imaging_channels: list[str] = []
    stitching_channels: str | None = None
    ccf_registration_channels: str | None = None
    cell_segmentation_channels: list[str] = []
    notes: str | None = None


# ---------------------------------------------------------------- reading slims Records


def column(record: Any, name: str, attribute: str = "value") -> Any:
    """A column's attribute (``value``, ``displayValue``, ``displayValues``, ``unit``) or None."""
    if record is None:
        return None
    return getattr(getattr(record, name, None), attribute, None)


def text(value: Any) -> str | None:
    """A trimmed string (HTML entities decoded, as SLIMS writes "&mu;l"), None when blank."""
    if value is None or isinstance(value, bool | list | dict):
        return None
    result = html.unescape(str(value)).strip()
    return result or None


def display(record: Any, name: str) -> str | None:
    """A foreign key's display value."""
    return text(column(record, name, "displayValue"))


def number(value: Any) -> float | None:
    """A finite float, None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def timestamp(value: Any) -> datetime | None:
    """A SLIMS DATE (milliseconds since the epoch) or an ISO string, as an aware datetime."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            return timestamp(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def texts(value: Any) -> list[str]:
    """A list of non-blank strings from a list (multi-select) or a single value."""
    values = value if isinstance(value, list) else [value]
    return [t for t in (text(v) for v in values) if t is not None]


def protocol_link(value: Any) -> str | None:
    """The ``href`` of an SOP link written as an HTML anchor, else the text as it is."""
    link = text(value)
    if link is None:
        return None
    found = _HREF.search(link)
    return found.group(1).strip() if found else link


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


# ---------------------------------------------------------------- mapping


@dataclass(frozen=True, slots=True)
class ImagingRecords:
    """The SLIMS rows behind one imaging result (``slims.internal.Record`` objects)."""

    subject_id: str
    result: Any
    sample: Any = None
    sop: Any = None
    instrument: Any = None
    orientation: Any = None
    user: Any = None
    order: Any = None


def map_imaging(records: ImagingRecords) -> SmartSpimImaging:
    """One imaging result with what it points at; a missing row leaves its fields None."""
    result, orientation, order = records.result, records.orientation, records.order
    return SmartSpimImaging(
        specimen_id=text(column(records.sample, "cntn_barCode")),
        subject_id=text(records.subject_id),
        protocol_name=text(column(records.sop, "stop_name")),
        protocol_id=protocol_link(column(records.sop, "stop_link")),
        date_performed=timestamp(column(result, "rslt_cf_datePerformed")),
        chamber_immersion_medium=text(column(result, "rslt_cf_chamberImmersionMedium")),
        sample_immersion_medium=text(column(result, "rslt_cf_sampleImmersionMedium")),
        chamber_refractive_index=number(column(result, "rslt_cf_chamberRefractiveIndex")),
        sample_refractive_index=number(
            _first(
                column(result, "rslt_cf_sampleRefractiveIndex"),
                column(result, "rslt_cf_sampleRefractiveIndex1"),
            )
        ),
        instrument_id=_first(
            text(column(records.instrument, "rdrc_name")),
            display(result, "rslt_cf_fk_instrumentJson"),
        ),
        experimenter_name=_first(
            text(column(records.user, "user_fullName")),
            display(result, "rslt_cf_fk_operator"),
        ),
        z_direction=_axis(orientation, "rdrc_cf_zDirection", "rdrc_cf_washType"),
        y_direction=_axis(orientation, "rdrc_cf_yDirection", "rdrc_cf_additionalWashReagent"),
        x_direction=_axis(orientation, "rdrc_cf_xDirection", "rdrc_cf_hostSpecies"),
        imaging_channels=texts(column(order, "ordr_cf_fluorescenceChannels_Imaging")),
        stitching_channels=text(column(order, "ordr_cf_fluorescenceChannels_Stitching")),
        ccf_registration_channels=text(
            column(order, "ordr_cf_fluorescenceChannels_CcfRegistration")
        ),
        cell_segmentation_channels=texts(
            column(order, "ordr_cf_fluorescenceChannels_CellSegmentation")
        ),
        notes=text(column(result, "rslt_comments")),
    )


def _axis(orientation: Any, reference_column: str, library_column: str) -> str | None:
    """An orientation axis: the 0.24 records' column, else the one aind-slims-api 0.1.24 reads."""
    return _first(
        text(column(orientation, reference_column)), text(column(orientation, library_column))
    )


def imaging_from_metadata(metadata: Mapping[str, Any]) -> SmartSpimImaging:
    """A dict as ``fetch_imaging_metadata`` returns it; unknown keys and bad values are dropped."""
    return SmartSpimImaging(
        specimen_id=text(metadata.get("specimen_id")),
        subject_id=text(metadata.get("subject_id")),
        protocol_name=text(metadata.get("protocol_name")),
        protocol_id=protocol_link(metadata.get("protocol_id")),
        date_performed=timestamp(metadata.get("date_performed")),
        chamber_immersion_medium=text(metadata.get("chamber_immersion_medium")),
        sample_immersion_medium=text(metadata.get("sample_immersion_medium")),
        chamber_refractive_index=number(metadata.get("chamber_refractive_index")),
        sample_refractive_index=number(metadata.get("sample_refractive_index")),
        instrument_id=text(metadata.get("instrument_id")),
        experimenter_name=text(metadata.get("experimenter_name")),
        z_direction=text(metadata.get("z_direction")),
        y_direction=text(metadata.get("y_direction")),
        x_direction=text(metadata.get("x_direction")),
        imaging_channels=texts(metadata.get("imaging_channels")),
        stitching_channels=text(metadata.get("stitching_channels")),
        ccf_registration_channels=text(metadata.get("ccf_registration_channels")),
        cell_segmentation_channels=texts(metadata.get("cell_segmentation_channels")),
        notes=text(metadata.get("notes")),
    )


# ---------------------------------------------------------------- fetching


def date_criteria(field: str, start: date | None, end: date | None) -> list[Criterion]:
    """``field >= start`` and ``field <= end`` in SLIMS milliseconds (a date's end: its last ms).

    SLIMS has no "between" operator (slims-python-api says so), hence two criteria.
    """
    criteria: list[Criterion] = []
    if start is not None:
        criteria.append(greater_than_or_equal(field, _millis(start, end_of_day=False)))
    if end is not None:
        criteria.append(less_than_or_equal(field, _millis(end, end_of_day=True)))
    return criteria


def _millis(moment: date, *, end_of_day: bool) -> int:
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time.max if end_of_day else time.min)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def keys(records: Iterable[Any], name: str) -> list[int]:
    """The distinct integer values of a (multiple) foreign-key column, in order."""
    found: dict[int, None] = {}
    for record in records:
        value = column(record, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int) and not isinstance(item, bool):
                found[item] = None
    return list(found)


def fetch_in(
    client: Any, table: str, key: str, values: Sequence[int], *criteria: Any
) -> list[Any]:
    """``table`` rows whose ``key`` is one of ``values``; no request when there are none."""
    if not values:
        return []
    return list(client.fetch(table, is_one_of(key, list(values)), *criteria))


def by_pk(records: Iterable[Any]) -> dict[int, Any]:
    return {record.pk(): record for record in records}


def fetch_imaging(
    client: SlimsClient,
    subject_id: str,
    start: date | None = None,
    end: date | None = None,
) -> list[SmartSpimImaging]:
    """The subject's SmartSPIM imaging results, newest first, performed within [start, end].

    ``client`` is an ``aind_slims_api.SlimsClient``; every query carries its criteria to SLIMS
    (the subject's samples by parent barcode, then rows by key, the dates on the Result).
    Errors from SLIMS propagate; an unknown subject gives an empty list.
    """
    samples = client.fetch("Content", cntp_name=WHOLE_BRAIN, cntn_cf_parentBarcode=subject_id)
    if not samples:
        return []
    sample_pks = [s.pk() for s in samples]
    links = fetch_in(client, "ExperimentRunStepContent", "xrsc_fk_content", sample_pks)
    steps = fetch_in(
        client, "ExperimentRunStep", "xprs_pk", keys(links, "xrsc_fk_experimentRunStep")
    )
    run_steps = fetch_in(
        client,
        "ExperimentRunStep",
        "xprs_fk_experimentRun",
        keys(steps, "xprs_fk_experimentRun"),
        is_one_of("xprs_name", [PROTOCOL_STEP, IMAGING_STEP]),
    )
    imaging_steps = [s for s in run_steps if text(column(s, "xprs_name")) == IMAGING_STEP]
    results = fetch_in(
        client,
        "Result",
        "rslt_fk_experimentRunStep",
        [s.pk() for s in imaging_steps],
        is_one_of("rslt_fk_content", sample_pks),
        *date_criteria("rslt_cf_datePerformed", start, end),
    )
    if not results:
        return []
    protocol_steps = [s for s in run_steps if text(column(s, "xprs_name")) == PROTOCOL_STEP]
    sops = by_pk(fetch_in(client, "SOP", "stop_pk", keys(protocol_steps, "xprs_cf_fk_protocol")))
    reference_keys = keys(results, "rslt_cf_fk_instrumentJson") + keys(
        results, "rslt_cf_fk_spimBrainOrientation"
    )
    references = by_pk(fetch_in(client, "ReferenceDataRecord", "rdrc_pk", reference_keys))
    user_keys = keys(results, "rslt_cf_fk_surgeon") + keys(results, "rslt_cf_fk_operator")
    users = by_pk(fetch_in(client, "User", "user_pk", user_keys))
    order_links = fetch_in(client, "OrderContent", "rdcn_fk_content", sample_pks)
    orders = by_pk(fetch_in(client, "Order", "ordr_pk", keys(order_links, "rdcn_fk_order")))

    samples_by_pk = by_pk(samples)
    run_of_step = {s.pk(): column(s, "xprs_fk_experimentRun") for s in run_steps}
    sop_of_run = {
        column(s, "xprs_fk_experimentRun"): sops.get(column(s, "xprs_cf_fk_protocol"))
        for s in protocol_steps
        if column(s, "xprs_cf_fk_protocol") in sops
    }
    order_of_sample: dict[Any, Any] = {}
    for link in order_links:
        order = orders.get(column(link, "rdcn_fk_order"))
        if display(order, "ordr_fk_orderType") == IMAGING_ORDER_TYPE:
            order_of_sample.setdefault(column(link, "rdcn_fk_content"), order)

    imaging = []
    for result in results:
        sample_pk = column(result, "rslt_fk_content")
        user_pk = _first(
            column(result, "rslt_cf_fk_surgeon"), column(result, "rslt_cf_fk_operator")
        )
        imaging.append(
            map_imaging(
                ImagingRecords(
                    subject_id=subject_id,
                    result=result,
                    sample=samples_by_pk.get(sample_pk),
                    sop=sop_of_run.get(
                        run_of_step.get(column(result, "rslt_fk_experimentRunStep"))
                    ),
                    instrument=references.get(column(result, "rslt_cf_fk_instrumentJson")),
                    orientation=references.get(column(result, "rslt_cf_fk_spimBrainOrientation")),
                    user=users.get(user_pk),
                    order=order_of_sample.get(sample_pk),
                )
            )
        )
    return sort_newest_first(imaging)


def sort_newest_first(imaging: list[SmartSpimImaging]) -> list[SmartSpimImaging]:
    """Newest date performed first, undated last."""
    dated = sorted(
        (i for i in imaging if i.date_performed is not None),
        key=lambda i: i.date_performed or datetime.min.replace(tzinfo=UTC),
        reverse=True,
    )
    return dated + [i for i in imaging if i.date_performed is None]
