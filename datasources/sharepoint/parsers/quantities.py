"""Numbers with units, durations, depth lists and timestamps typed into the request forms."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)"
# The sign may be separated from the digits by one space ("- 0.58", ";- 4.0").
_QUANTITY = re.compile(
    rf"(?P<sign>[-+\u2212\u2013]?)[ \t]?(?P<num>{_NUMBER})[ \t]*(?P<unit>[a-zA-Z\u00b5\u03bc]+)?"
)
_RANGE = re.compile(rf"{_NUMBER}\s*(?:-|\u2013|to)\s*{_NUMBER}")
_PLUS_MINUS = re.compile(r"\+\s*/\s*-|\u00b1")
_MINUTES_SECONDS = re.compile(r"^\s*(?P<a>\d{1,3}):(?P<b>\d{2})\s*$")


# Unit tables: lower-cased spelling -> factor to the parser's unit.
def _units(factor: Decimal | int | str, *spellings: str) -> dict[str, Decimal]:
    return dict.fromkeys(spellings, Decimal(factor))


_MICRO = ("u", "\u00b5", "\u03bc")
_LENGTH_MM = {
    **_units(1, "mm", "millimeter", "millimeters", "millimetre", "millimetres"),
    **_units(10, "cm"),
    **_units("0.001", *(f"{m}m" for m in _MICRO), "micron", "microns", "micrometer"),
    **_units("0.001", "micrometers", "micrometre", "micrometres"),
}
_VOLUME_NL = {
    **_units(1, "nl", "nanoliter", "nanoliters", "nanolitre", "nanolitres"),
    **_units(1000, *(f"{m}l" for m in _MICRO), "microliter", "microliters", "microlitre"),
    **_units(1000000, "ml", "milliliter", "milliliters"),
}
_VOLUME_UL = {unit: factor / 1000 for unit, factor in _VOLUME_NL.items()}
_CURRENT_UA = _units(
    1, *(f"{m}a" for m in _MICRO), "uamp", "uamps", "microamp", "microamps", "microampere"
)
_TIME_MIN = {
    **_units(60, "h", "hr", "hrs", "hour", "hours"),
    **_units(1, "m", "min", "mins", "minute", "minutes"),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), Decimal(1) / Decimal(60)),
}
_ANGLE_DEG = _units(1, "deg", "degs", "degree", "degrees")
_WEIGHT_G = _units(1, "g", "gr", "gram", "grams")
_PERCENT = _units(1, "pct", "percent")

_ALL_UNITS = (_LENGTH_MM, _VOLUME_NL, _VOLUME_UL, _CURRENT_UA, _TIME_MIN, _ANGLE_DEG, _WEIGHT_G)
# Enough digits for any value typed in a form; keeps "3min10sec" from being 28 digits long.
_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class _Quantity:
    value: Decimal
    unit: str | None  # lower-cased unit word, None when no letters follow the number
    start: int
    end: int


def _text(value: object) -> str | None:
    """The stripped text of a cell, or None for empty cells and SharePoint placeholders."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).replace("\u00b0", " deg ").strip()
    if not text or text.lower() in {"null", "none", "n/a", "na", "select...", "-"}:
        return None
    return text


def _quantities(text: str) -> list[_Quantity]:
    found = []
    for match in _QUANTITY.finditer(text):
        try:
            number = Decimal(match["num"])
        except InvalidOperation:  # pragma: no cover - the regex only admits valid numbers
            continue
        if match["sign"] in {"-", "\u2212", "\u2013"}:
            number = -number
        unit = match["unit"].lower() if match["unit"] else None
        found.append(_Quantity(number, unit, match.start(), match.end()))
    return found


def _tidy(value: Decimal) -> Decimal:
    """Round away the repeating digits of a unit conversion (e.g. seconds to minutes)."""
    if value == value.to_integral_value() or -value.as_tuple().exponent <= 4:  # type: ignore[operator]
        return value
    return value.quantize(_PLACES).normalize()


def _convert(quantity: _Quantity, units: dict[str, Decimal], default: Decimal) -> Decimal | None:
    """Value in the parser's unit; None when the quantity carries a unit of another kind."""
    if quantity.unit is None:
        return quantity.value * default
    if quantity.unit in units:
        return quantity.value * units[quantity.unit]
    if any(quantity.unit in table for table in _ALL_UNITS if table is not units):
        return None
    return quantity.value * default


def _agreed(values: Iterable[Decimal | None]) -> Decimal | None:
    """The common value of all readings, None if there are none or they disagree."""
    result: Decimal | None = None
    for value in values:
        if value is None or (result is not None and value != result):
            return None
        result = value
    return None if result is None else _tidy(result)


def _single(
    value: object, units: dict[str, Decimal], default: Decimal = Decimal(1)
) -> Decimal | None:
    text = _text(value)
    if text is None or _RANGE.search(text) or _PLUS_MINUS.search(text):
        return None
    return _agreed(_convert(q, units, default) for q in _quantities(text))


def parse_number(text: object) -> Decimal | None:
    """The first number in the text ("1.5", " 2 mm" -> 2, "-2,3" -> -2), ignoring units."""
    raw = _text(text)
    if raw is None:
        return None
    found = _quantities(raw)
    return found[0].value if found else None


def parse_length_mm(text: object) -> Decimal | None:
    """A length in millimetres: "-1.5 mm", "1500 um", "300 microns", "1.5" (mm by default)."""
    return _single(text, _LENGTH_MM)


def parse_volume_nl(text: object) -> Decimal | None:
    """A volume in nanolitres: "50 nL", "0.05 uL", "50" (nL by default), "1uL (1000nl)"."""
    return _single(text, _VOLUME_NL)


def parse_volume_ul(text: object) -> Decimal | None:
    """A volume in microlitres: "90", "90 uL", "0.5 mL" (uL by default, for animal-scale doses)."""
    return _single(text, _VOLUME_UL)


def parse_current_ua(text: object) -> Decimal | None:
    """A current in microamps: "5 uA", "3uAmp", "-5 uA", "5" (uA by default)."""
    return _single(text, _CURRENT_UA)


def parse_angle_degrees(text: object) -> Decimal | None:
    """An angle in degrees: "0", "-15 degree", "10 degree lateral"; "0 and 30" is None."""
    return _single(text, _ANGLE_DEG)


# No animal these lists serve weighs a kilogram: "2209" is a slip for 22.09, not a weight.
_MAX_WEIGHT_G = Decimal(1000)


def parse_weight_g(text: object) -> Decimal | None:
    """A weight in grams: "20.5g", "30."; two different weights ("27.4/29") are None."""
    weight = _single(text, _WEIGHT_G)
    return weight if weight is not None and 0 <= weight < _MAX_WEIGHT_G else None


def parse_percent(text: object) -> Decimal | None:
    """A percentage such as an isoflurane level: "1.5", "1.5%", "2 percent"."""
    raw = _text(text)
    return None if raw is None else _single(raw.replace("%", " pct "), _PERCENT)


def _duration(text: object, default: Decimal) -> Decimal | None:
    raw = _text(text)
    if raw is None or _RANGE.search(raw):
        return None
    found = _quantities(raw)
    totals: list[Decimal | None] = []
    previous: _Quantity | None = None
    for quantity in found:
        value = _convert(quantity, _TIME_MIN, default)
        # "3min10sec" / "1 h 30 min": a smaller unit right after a larger one adds to it.
        if (
            previous is not None
            and totals
            and totals[-1] is not None
            and value is not None
            and previous.unit in _TIME_MIN
            and quantity.unit in _TIME_MIN
            and _TIME_MIN[quantity.unit] < _TIME_MIN[previous.unit]
            and not raw[previous.end : quantity.start].strip()
        ):
            totals[-1] = totals[-1] + value
        else:
            totals.append(value)
        previous = quantity
    return _agreed(totals)


def parse_duration_minutes(text: object) -> Decimal | None:
    """A duration in minutes: "1:30" (min:sec) -> 1.5, "5 min", "30 s" -> 0.5, "90" -> 90.

    "3min10sec/depth" sums its parts; "10-20 min" and units of another kind give None.
    """
    raw = _text(text)
    if raw is None:
        return None
    clock = _MINUTES_SECONDS.match(raw)
    if clock:
        return _tidy(Decimal(clock["a"]) + Decimal(clock["b"]) / Decimal(60))
    return _duration(raw, Decimal(1))


# Above this many hours an anaesthesia duration typed without a unit must mean minutes.
_MAX_BARE_HOURS = Decimal(8)


def parse_anaesthesia_minutes(text: object) -> Decimal | None:
    """An isoflurane duration in minutes from the NSB 2019 columns, which ask for hours.

    "1" -> 60, ".75" -> 45, "2.5 hour" -> 150, "1:45" (h:mm) -> 105. A bare number above 8 (no
    surgery lasts that long) is read as minutes ("45" -> 45), and so is "10:00" as m:ss.
    """
    raw = _text(text)
    if raw is None:
        return None
    clock = _MINUTES_SECONDS.match(raw)
    if clock:
        first, second = Decimal(clock["a"]), Decimal(clock["b"])
        if first <= _MAX_BARE_HOURS:
            return first * 60 + second
        return _tidy(first + second / Decimal(60))
    if any(q.unit in _TIME_MIN for q in _quantities(raw)):
        return _duration(raw, Decimal(60))
    bare = _single(raw, _TIME_MIN)
    if bare is None:
        return None
    return bare if bare > _MAX_BARE_HOURS else _tidy(bare * 60)


def parse_alternating(text: object) -> str | None:
    """Alternating-current timing as "<on>s on/<off>s off".

    "7/7", "7", "7 s", "7 seconds" and "7s on/7s off" all give "7s on/7s off"; values in
    minutes, lists of depths ("0.3, 0.6") and words ("standard") give None.
    """
    raw = _text(text)
    if raw is None or _RANGE.search(raw):
        return None
    found = _quantities(raw)
    seconds: list[Decimal] = []
    for quantity in found:
        if quantity.unit is not None and quantity.unit not in {
            "s",
            "sec",
            "secs",
            "second",
            "seconds",
            "on",
            "off",
        }:
            return None
        seconds.append(quantity.value)
    if len(seconds) == 1:
        seconds.append(seconds[0])
    if len(seconds) != 2 or any(value < 0 for value in seconds):
        return None
    if len(found) == 2 and "," in raw[found[0].end : found[1].start]:
        return None
    on, off = (_tidy(value) for value in seconds)
    return f"{on}s on/{off}s off"


_DEPTH_SEPARATORS = re.compile(r"[,;/&\[\]]|\band\b", re.IGNORECASE)


def split_depths(text: object) -> list[Decimal]:
    """Several lengths in millimetres: "1.5, 2.0 mm", "1.5/2.0", "0.3mm and 0.6mm", "[0.3,0.6]".

    A unit written anywhere applies to the pieces that have none ("400um, 800" -> 0.4, 0.8).
    Returns [] when any piece is unreadable, so that a partial list is never taken for the
    whole.
    """
    raw = _text(text)
    if raw is None or _RANGE.search(raw) or _PLUS_MINUS.search(raw):
        return []
    pieces = [piece for piece in _DEPTH_SEPARATORS.split(raw) if piece.strip()]
    written = [q.unit for q in _quantities(raw) if q.unit in _LENGTH_MM]
    default = _LENGTH_MM[written[0]] if len(set(written)) == 1 else Decimal(1)
    depths = []
    for piece in pieces:
        found = _quantities(piece)
        if not found:
            # "-4.05;- 4.0" splits into "- 4.0"; a stray separator word is noise.
            continue
        value = _agreed(_convert(q, _LENGTH_MM, default) for q in found)
        if value is None:
            return []
        depths.append(value)
    return depths


def parse_datetime(text: object) -> datetime | None:
    """A SharePoint/Graph timestamp ("2023-01-05T08:00:00Z") or a date, as an aware datetime."""
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=UTC)
    if isinstance(text, date):
        return datetime.combine(text, time(), tzinfo=UTC)
    raw = _text(text)
    if raw is None:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
