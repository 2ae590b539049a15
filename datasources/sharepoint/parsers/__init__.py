"""Tolerant parsers for the free-text columns of the SharePoint surgery-request lists.

People type coordinates, volumes and durations by hand ("-3.8mm (posterior)", "0.3 and 0.6",
"3min10sec", "1uL (1000nl)"), so every parser here returns ``None`` (or an empty list) rather
than raise, and numbers come back as ``Decimal`` so that "0.05 uL" -> 50 nL stays exact.

Conventions, chosen from the values seen in the lists:

* A comma is a list separator, never a decimal mark ("0.8,1.25" is two depths), so
  ``parse_number("-2,3")`` is ``-2``.
* Single-value parsers read every quantity in the text, convert each with its own unit (or the
  parser's default unit when none is written) and answer only when they all agree: "1uL
  (1000nl)" is 1000 nL, "0 and 30" degrees is ``None``. A range ("10-20 min", "3.7-3.8") or a
  "+/-" value is ambiguous and gives ``None``.
* A unit of another dimension makes the value unusable ("5min" in a current column is ``None``);
  unknown words after a number ("1.25L", "0.5V", "500nl each side") are annotations and leave the
  default unit in place.
"""

from __future__ import annotations

from datasources.sharepoint.parsers.columns import (
    TolerantBool,
    TolerantInt,
    TolerantText,
    clean_text,
    text_lines,
)
from datasources.sharepoint.parsers.landmarks import (
    coordinate_reference,
    count_sites,
    parse_coordinate_mm,
    parse_titer,
)
from datasources.sharepoint.parsers.quantities import (
    parse_alternating,
    parse_anaesthesia_minutes,
    parse_angle_degrees,
    parse_current_ua,
    parse_datetime,
    parse_duration_minutes,
    parse_length_mm,
    parse_number,
    parse_percent,
    parse_volume_nl,
    parse_volume_ul,
    parse_weight_g,
    split_depths,
)

__all__ = [
    "TolerantBool",
    "TolerantInt",
    "TolerantText",
    "clean_text",
    "coordinate_reference",
    "count_sites",
    "parse_alternating",
    "parse_anaesthesia_minutes",
    "parse_angle_degrees",
    "parse_coordinate_mm",
    "parse_current_ua",
    "parse_datetime",
    "parse_duration_minutes",
    "parse_length_mm",
    "parse_number",
    "parse_percent",
    "parse_titer",
    "parse_volume_nl",
    "parse_volume_ul",
    "parse_weight_g",
    "split_depths",
    "text_lines",
]
