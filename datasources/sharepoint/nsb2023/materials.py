"""Injection materials of a burr hole: up to four injectables, each with a titer or concentration.

The form pairs "Injectable 1..4" (a prep lot or reagent name, e.g. "230929-12") with
"Titer/Concentration 1..4" ("7.00E+12", "2.5e12", "0.5 mg/mL"). A titer in scientific notation
makes a ``ViralMaterial`` (genome copies per mL); a concentration with a unit makes a
``NonViralMaterial``. Without either, the hole's biosafety choice decides: beads, 6-OHDA and
cholera toxin are not viral, everything else on the list (AAV, rabies, CAV, lenti, ...) is.

When no injectable is named, the older free-text "virus strain" column is the only record of
what was injected, so it stands in as the material name. The list never carries the supplier of
a non-viral reagent, so those stay without ``source`` and validation reports it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from datasources.sharepoint.nsb2023.models import RawBurrHole

_NOT_A_NAME = frozenset({"na", "n/a", "none", "-", "tbd", "same as above"})
_TITER = re.compile(r"^\s*(?P<mantissa>\d+(?:\.\d*)?|\.\d+)\s*[eE]\s*\+?(?P<exponent>\d{1,2})\b")
_TIMES_TEN = re.compile(
    r"^\s*(?P<mantissa>\d+(?:\.\d*)?)\s*[x*\u00d7]\s*10\s*\^\s*(?P<exponent>\d{1,2})"
)
_CONCENTRATION = re.compile(
    r"^\s*(?P<value>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[a-zA-Zµμ%]+\s*/\s*[a-zA-Zµμ]+|%)"
)
# A bare number this long is a titer, not a concentration (those carry a unit).
_MIN_PLAIN_TITER_DIGITS = 7
_NON_VIRAL_BIOSAFETY = ("bead", "6-ohda", "6ohda", "cholera")


def _name(text: str | None) -> str | None:
    if text is None or text.casefold() in _NOT_A_NAME:
        return None
    return text


def _titer(text: str | None) -> int | None:
    """Genome copies per mL from "7.00E+12", "2.5e12", "1.2 x 10^13" or "7000000000000"."""
    if text is not None and text.isdigit() and len(text) >= _MIN_PLAIN_TITER_DIGITS:
        return int(text)
    match = _TITER.match(text or "") or _TIMES_TEN.match(text or "")
    if match is None:
        return None
    try:
        value = Decimal(match["mantissa"]).scaleb(int(match["exponent"]))
    except InvalidOperation:
        return None
    return int(value)


def _concentration(text: str | None) -> tuple[float, str] | None:
    match = _CONCENTRATION.match(text or "")
    if match is None:
        return None
    return float(match["value"]), re.sub(r"\s+", "", match["unit"])


def viral_material(name: str, titer: int | None) -> dict[str, Any]:
    """``ViralMaterial`` JSON."""
    return {
        "object_type": "Viral material",
        "name": name,
        "tars_identifiers": None,
        "addgene_id": None,
        "titer": titer,
        "titer_unit": "gc/mL",
    }


def non_viral_material(name: str, concentration: tuple[float, str] | None) -> dict[str, Any]:
    """``NonViralMaterial`` JSON (its required ``source`` is not on the form)."""
    return {
        "object_type": "Non viral material",
        "name": name,
        "source": None,
        "rrid": None,
        "lot_number": None,
        "expiration_date": None,
        "concentration": None if concentration is None else concentration[0],
        "concentration_unit": None if concentration is None else concentration[1],
    }


def _material(name: str, amount: str | None, viral_by_default: bool) -> dict[str, Any]:
    titer = _titer(amount)
    if titer is not None:
        return viral_material(name, titer)
    concentration = _concentration(amount)
    if concentration is not None or not viral_by_default:
        return non_viral_material(name, concentration)
    return viral_material(name, None)


def injection_materials(raw: RawBurrHole) -> list[dict[str, Any]]:
    """The materials injected through one burr hole, in form order."""
    biosafety = (raw.biosafety or "").casefold()
    viral_by_default = not any(word in biosafety for word in _NON_VIRAL_BIOSAFETY)
    materials = []
    for index, text in enumerate(raw.materials):
        name = _name(text)
        if name is None:
            continue
        amount = raw.titers[index] if index < len(raw.titers) else None
        materials.append(_material(name, amount, viral_by_default))
    if not materials and _name(raw.strain) is not None:
        materials.append(_material(str(raw.strain), None, viral_by_default))
    return materials
