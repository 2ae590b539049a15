"""Intended fiber-photometry measurements of the fiber implants of an NSB 2023 request.

For each fiber burr hole the form asks what the fiber is meant to measure in the red, green,
blue and isosbestic channels ("dopamine", "calcium", "control", ...). aind-data-schema has no
place for that, so this is a service-local shape, keyed by the fiber's name as it appears in
the item's ``ProbeImplant`` documents (see :mod:`datasources.sharepoint.nsb2023.fibers`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from datasources.sharepoint.nsb2023.burr_holes import BurrHole
from datasources.sharepoint.nsb2023.fibers import fiber_names

logger = logging.getLogger(__name__)

_NOT_GIVEN = frozenset({"n/a", "na"})


def _channel(text: str | None) -> str | None:
    return None if text is None or text.casefold() in _NOT_GIVEN else text


def measurements_of(holes: Iterable[BurrHole]) -> list[dict[str, Any]]:
    """One entry per fiber implant, in burr-hole order::

        {"fiber_name": "Fiber_0", "burr_hole": 1, "intended_measurement_R": "dopamine",
         "intended_measurement_G": "calcium", "intended_measurement_B": None,
         "intended_measurement_Iso": "control"}

    Channels left empty or "N/A" are ``None``.
    """
    holes = list(holes)
    names = fiber_names(holes)
    return [
        {
            "fiber_name": names[hole.number],
            "burr_hole": hole.number,
            "intended_measurement_R": _channel(hole.raw.measurement_r),
            "intended_measurement_G": _channel(hole.raw.measurement_g),
            "intended_measurement_B": _channel(hole.raw.measurement_b),
            "intended_measurement_Iso": _channel(hole.raw.measurement_iso),
        }
        for hole in holes
        if hole.fiber
    ]


def intended_measurements(fields: dict[str, Any], subject_id: str) -> list[dict[str, Any]]:
    """:func:`measurements_of` an item's ``fields``. ``subject_id`` is the subject the item
    was read for; it only labels the log line if the item cannot be read. Never raises.
    """
    from datasources.sharepoint.nsb2023.mapping import parse_item  # mapping imports this module

    try:
        _, holes = parse_item(fields)
    except Exception as error:  # a parsing bug must not fail the whole subject
        logger.warning(
            "NSB 2023 measurements could not be read (subject %s, %s)",
            subject_id,
            type(error).__name__,
        )
        return []
    return measurements_of(holes)
