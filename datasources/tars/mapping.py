"""From TARS records to aind-data-schema 2.x ``ViralMaterial`` JSON documents.

The rules follow the 0.24 service where it had one:

* ``tars_identifiers.virus_tars_id`` is the preferred alias of the lot's virus.
* ``name`` is the full name of the virus's molecules (joined with "; " when there are several,
  as 0.24 did); a virus without named molecules is named by its preferred alias.
* ``plasmid_tars_alias`` lists every alias of every molecule, each molecule's preferred alias
  first (0.24 kept only the preferred one; 2.x made the field a list).
* ``addgene_id`` is a PIDName in the Addgene registry with the molecules' Addgene ids.
* ``titer`` is the lot's preferred titer (else its first), in gc/mL; callers that know the
  titer actually injected replace it.
* The prep type name carries the type and the protocol: "Purified-SOP#VC003" is type Purified,
  protocol "SOP#VC003"; "CrudePHPeB-SOP#VC004" is Crude, "PHPeB-SOP#VC004"; a name without a
  Crude/Purified prefix has no type, and a protocol only when it names an "SOP#..." (as 0.24).

A document that does not validate (say, a lot with no virus name at all) is still returned, in
the same shape, so the caller can report it as 406.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from aind_data_schema.components.injection_procedures import ViralMaterial, VirusPrepType
from aind_data_schema_models.pid_names import PIDName
from aind_data_schema_models.registries import Registry
from pydantic import ValidationError

from datasources.tars.models import Alias, Molecule, PrepLot, Titer, Virus

TITER_UNIT = "gc/mL"
NAME_SEPARATOR = "; "
_TYPED_PREP = re.compile(r"^(crude|purified)(.*)$", re.IGNORECASE | re.DOTALL)
_SOP = re.compile(r"SOP#\S+", re.IGNORECASE)


def same_text(left: str | None, right: str | None) -> bool:
    """Equal after trimming, ignoring case (how lot numbers and aliases are compared)."""
    if left is None or right is None:
        return False
    return left.strip().casefold() == right.strip().casefold()


def exact_lots(lots: Iterable[PrepLot], prep_lot_number: str) -> list[PrepLot]:
    """The lots whose number is ``prep_lot_number``; TARS's search also returns near matches."""
    return [lot for lot in lots if same_text(lot.lot, prep_lot_number)]


def preferred_alias(aliases: Sequence[Alias]) -> str | None:
    """The preferred alias's name, or None when no alias is preferred."""
    return next((alias.name for alias in aliases if alias.is_preferred and alias.name), None)


def lot_virus(lot: PrepLot) -> Virus | None:
    """The virus embedded in a prep lot record."""
    return lot.viral_prep.virus if lot.viral_prep is not None else None


def pick_virus(candidates: Iterable[Virus], alias: str, virus_id: str | None) -> Virus | None:
    """The virus that carries ``alias`` (the lot's own virus first, when its id is known)."""
    named = [v for v in candidates if any(same_text(a.name, alias) for a in v.aliases)]
    if virus_id is not None:
        for virus in named:
            if virus.id == virus_id:
                return virus
    return named[0] if named else None


def molecule_named(molecule: Molecule, name: str) -> bool:
    """True when ``name`` is the molecule's full name or one of its aliases."""
    names = [molecule.full_name, *(alias.name for alias in molecule.aliases)]
    return any(same_text(candidate, name) for candidate in names)


def prep_type_and_protocol(prep_type_name: str | None) -> tuple[str | None, str | None]:
    """``("Purified", "SOP#VC003")`` for "Purified-SOP#VC003"; see the module notes."""
    text = (prep_type_name or "").strip()
    typed = _TYPED_PREP.match(text)
    if typed is not None:
        kind = VirusPrepType.CRUDE if typed.group(1).lower() == "crude" else VirusPrepType.PURIFIED
        protocol = typed.group(2).strip().lstrip("-").strip()
        return kind.value, protocol or None
    sop = _SOP.search(text)
    return None, sop.group(0) if sop else None


def prep_date(value: str | None) -> str | None:
    """The calendar date of an ISO timestamp such as "2022-02-04T00:00:00Z", as written."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return None


def titer_value(titers: Sequence[Titer]) -> int | None:
    """The preferred titer's result (else the first one with a result), as an integer."""
    ordered = [t for t in titers if t.is_preferred] + [t for t in titers if not t.is_preferred]
    for titer in ordered:
        value = _number(titer.result)
        if value is not None:
            return value
    return None


def _number(value: float | int | str | None) -> int | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if math.isfinite(number) else None


def _unique(values: Iterable[str | None]) -> list[str]:
    """Non-empty values, first occurrence kept (case-insensitive), in order."""
    seen: dict[str, str] = {}
    for value in values:
        text = (value or "").strip()
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())


def plasmid_aliases(molecules: Sequence[Molecule]) -> list[str]:
    """Every alias of every molecule, each molecule's preferred alias first."""
    names: list[str | None] = []
    for molecule in molecules:
        names.append(preferred_alias(molecule.aliases))
        names.extend(alias.name for alias in molecule.aliases)
    return _unique(names)


def map_material(
    lot: PrepLot, virus: Virus | None, molecules: Sequence[Molecule]
) -> dict[str, Any]:
    """One prep lot (with its virus and molecules, when found) as a ViralMaterial document."""
    embedded = lot_virus(lot)
    virus_aliases = [*(embedded.aliases if embedded else []), *(virus.aliases if virus else [])]
    virus_tars_id = preferred_alias(virus_aliases)
    full_names = _unique(molecule.full_name for molecule in molecules)
    name = NAME_SEPARATOR.join(full_names) if full_names else virus_tars_id
    prep_type, protocol = prep_type_and_protocol(
        lot.viral_prep.viral_prep_type.name
        if lot.viral_prep is not None and lot.viral_prep.viral_prep_type is not None
        else None
    )
    aliases = plasmid_aliases(molecules)
    document: dict[str, Any] = {
        "object_type": "Viral material",
        "name": name,
        "tars_identifiers": {
            "object_type": "Tars virus identifiers",
            "virus_tars_id": virus_tars_id,
            "plasmid_tars_alias": aliases or None,
            "prep_lot_number": lot.lot,
            "prep_date": prep_date(lot.date_prepped),
            "prep_type": prep_type,
            "prep_protocol": protocol,
        },
        "addgene_id": _addgene(name, molecules),
        "titer": titer_value(lot.titers),
        "titer_unit": TITER_UNIT,
    }
    try:
        return ViralMaterial.model_validate(document).model_dump(mode="json")
    except ValidationError:
        return document


def _addgene(name: str | None, molecules: Sequence[Molecule]) -> dict[str, Any] | None:
    ids = _unique(
        str(molecule.addgene_id) if molecule.addgene_id is not None else None
        for molecule in molecules
    )
    if not ids:
        return None
    identifier = NAME_SEPARATOR.join(ids)
    pid = PIDName(
        name=name or identifier, registry=Registry.ADDGENE, registry_identifier=identifier
    )
    return pid.model_dump(mode="json")
