"""Coordinates written with direction words and landmarks, injection-site counts, titers."""

from __future__ import annotations

import re
from decimal import Decimal

from datasources.sharepoint.parsers.quantities import (
    _LENGTH_MM,
    _NUMBER,
    _quantities,
    _single,
    _text,
)

_WORD = re.compile(r"[a-zA-Z\u00b5\u03bc]+")
_DIRECTIONS: dict[str, dict[str, int]] = {
    "AP": dict.fromkeys(("anterior", "ant", "a", "rostral"), 1)
    | dict.fromkeys(("posterior", "post", "p", "caudal"), -1),
    "ML": dict.fromkeys(("left", "l"), -1) | dict.fromkeys(("right", "r"), 1),
    "DV": dict.fromkeys(("ventral", "v", "deep", "down", "below", "dv"), 1),
}
# Words that say nothing about the value: units, landmarks, fillers.
_NEUTRAL = frozenset(
    {
        *_LENGTH_MM,
        "lateral",
        "medial",
        "midline",
        "from",
        "to",
        "of",
        "the",
        "bregma",
        "lambda",
        "lamda",
        "calamus",
        "ts",
        "pia",
        "pial",
        "surface",
        "brain",
        "dura",
    }
)
_REFERENCES = (("lambda", "Lambda"), ("lamda", "Lambda"), ("calamus", "Calamus"))
_TS_MARK = re.compile(r"\bTS\b")


def coordinate_reference(text: object) -> str | None:
    """The landmark a coordinate is measured from when it is not Bregma.

    "-0.8 (from lamda)" -> "Lambda", "calamus -0.44" -> "Calamus" (the calamus scriptorius,
    used for brainstem and spinal injections), "2.4(TS)" -> "TS" (the requester's own mark).
    """
    raw = _text(text)
    if raw is None:
        return None
    lowered = raw.lower()
    for marker, name in _REFERENCES:
        if marker in lowered:
            return name
    return "TS" if _TS_MARK.search(raw) else None


def parse_coordinate_mm(text: object, axis: str) -> Decimal | None:
    """One stereotaxic coordinate in mm on ``axis`` ("AP", "ML" or "DV").

    Direction words set the sign: "3.8mm P" -> -3.8, "1.5 A" -> 1.5, "-2.7mm (left)" -> -2.7,
    "1.25L" -> -1.25. A word of another axis ("-2.7mm (Left)" typed as A/P), a sign that
    contradicts its word ("+2.6L"), other words ("ISI", "3x3 grid") or two values give None.
    Landmark words are accepted here; ask ``coordinate_reference`` which landmark it was.
    """
    raw = _text(text)
    if raw is None or axis not in _DIRECTIONS:
        return None
    signs = set()
    for word in (w.lower() for w in _WORD.findall(raw)):
        if word in _DIRECTIONS[axis]:
            signs.add(_DIRECTIONS[axis][word])
        elif word not in _NEUTRAL:
            return None
    value = _single(_WORD.sub(" ", raw), _LENGTH_MM)
    if value is None or len(signs) > 1 or axis == "DV" or not signs:
        return value
    direction = signs.pop()
    written = _quantities(raw)[0]
    explicit = raw[written.start] in "+-\u2212\u2013"
    if explicit and value != 0 and (value > 0) != (direction > 0):
        return None
    return abs(value) * direction


_GRID = re.compile(r"(\d+)\s*[x\u00d7]\s*(\d+)")
_SITES = re.compile(r"(\d+)\s*(?:spots?|sites?|injections?|locations?|holes?|points?)\b", re.I)


def count_sites(text: object) -> int | None:
    """Number of injection sites described in words: "3x3 grid" -> 9, "3 spots around" -> 3."""
    raw = _text(text)
    if raw is None:
        return None
    grid = _GRID.search(raw)
    if grid:
        return int(grid[1]) * int(grid[2])
    sites = _SITES.search(raw)
    return int(sites[1]) if sites else None


_SCIENTIFIC = re.compile(
    rf"(?P<m>{_NUMBER})\s*(?:[eE]\s*\+?\s*|[x\u00d7*]\s*10\s*\^?\s*)(?P<e>\d{{1,2}})"
)


def parse_titer(text: object) -> int | None:
    """A titer as a whole number per mL: "7E11", "7 x 10^11" -> 700000000000; "50 gc/mL" -> 50."""
    raw = _text(text)
    if raw is None:
        return None
    scientific = _SCIENTIFIC.search(raw)
    if scientific:
        value = Decimal(scientific["m"]).scaleb(int(scientific["e"]))
    else:
        found = _quantities(raw)
        if not found:
            return None
        value = found[0].value
    return int(value) if value >= 0 else None
