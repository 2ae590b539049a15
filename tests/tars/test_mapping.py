"""Mapping rules on synthetic records: prep types, dates, titers, aliases, Addgene ids."""

from __future__ import annotations

from typing import Any

import pytest
from aind_data_schema.components.injection_procedures import ViralMaterial
from pydantic import ValidationError

from datasources.tars import Molecule, PrepLot, Virus, exact_lots, map_material
from datasources.tars.mapping import prep_date, prep_type_and_protocol, titer_value
from datasources.tars.models import Titer
from tests.servers.tars import alias, molecule, prep_lot, virus


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Purified-SOP#VC003", ("Purified", "SOP#VC003")),
        ("Crude-SOP#VC002", ("Crude", "SOP#VC002")),
        ("CrudePHPeB-SOP#VC004", ("Crude", "PHPeB-SOP#VC004")),
        ("Crude-HGT", ("Crude", "HGT")),
        ("Crude-HGT#1.0", ("Crude", "HGT#1.0")),
        ("Crude-MGT#2.0", ("Crude", "MGT#2.0")),
        ("Purified-MGT#1.0", ("Purified", "MGT#1.0")),
        (" purified-SOP#VC003 ", ("Purified", "SOP#VC003")),
        ("Purified", ("Purified", None)),
        ("Rabies-SOP#VC001", (None, "SOP#VC001")),
        ("PHPeB-SOP-UW", (None, None)),
        ("VTC-AAV1", (None, None)),
        ("Unknown", (None, None)),
        ("Iodixanol gradient purification (large scale preps)", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_prep_type_and_protocol(name: str | None, expected: tuple[str | None, ...]) -> None:
    assert prep_type_and_protocol(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-04T00:00:00Z", "2022-02-04"),
        ("2024-12-31T23:30:00-08:00", "2024-12-31"),
        ("2024-05-06", "2024-05-06"),
        ("2024-05-06T10:11:12.123456Z", "2024-05-06"),
        ("04/05/2024", None),
        ("", None),
        (None, None),
    ],
)
def test_prep_date_is_the_date_as_written(value: str | None, expected: str | None) -> None:
    assert prep_date(value) == expected


def _titers(*items: dict[str, Any]) -> list[Titer]:
    return [Titer.model_validate(item) for item in items]


def test_titer_prefers_the_preferred_result() -> None:
    titers = _titers({"result": 1}, {"result": 2e13, "isPreferred": True})
    assert titer_value(titers) == 20_000_000_000_000
    assert titer_value(_titers({"result": None}, {"result": "3.5e12"})) == 3_500_000_000_000
    assert titer_value(_titers({"result": "n/a"}, {"result": "inf"})) is None
    assert titer_value([]) is None


def test_exact_lots_ignore_case_and_whitespace_but_not_near_matches() -> None:
    of_virus = virus([alias("VIR1", True)])
    lots = [PrepLot.model_validate(prep_lot(n, of_virus)) for n in ("vt1", "VT10", " VT1 ", "T1")]
    assert [lot.lot for lot in exact_lots(lots, "VT1")] == ["vt1", " VT1 "]


def _map(
    lot: dict[str, Any], of_virus: dict[str, Any] | None, molecules: list[Molecule] | None = None
) -> dict[str, Any]:
    parsed = Virus.model_validate(of_virus) if of_virus is not None else None
    if molecules is None:
        molecules = list(parsed.molecules or []) if parsed is not None else []
    return map_material(PrepLot.model_validate(lot), parsed, molecules)


def test_every_plasmid_alias_is_kept_preferred_first_without_repeats() -> None:
    shared = alias("AiP7", True)
    of_virus = virus(
        [alias("VIR7", True)],
        [
            molecule("pAAV-one", [alias("pAAV-one"), alias("AiP7b"), shared], addgene_id="7"),
            molecule("pAAV-two", [alias("aip7"), alias("ExP8", True)], addgene_id="8"),
            molecule("pAAV-one", [alias("AiP7b")], addgene_id="7"),
        ],
    )
    material = _map(prep_lot("VT7", of_virus), of_virus)
    assert material["tars_identifiers"]["plasmid_tars_alias"] == [
        "AiP7",
        "pAAV-one",
        "AiP7b",
        "ExP8",
    ]
    assert material["name"] == "pAAV-one; pAAV-two"
    assert material["addgene_id"] == {
        "name": "pAAV-one; pAAV-two",
        "abbreviation": None,
        "registry": "Addgene (ADDGENE)",
        "registry_identifier": "7; 8",
    }
    ViralMaterial.model_validate(material)


def test_virus_id_is_the_lots_preferred_alias() -> None:
    lot_virus = virus([alias("AiV5"), alias("VIR5_PHPeB", True)])
    record = virus([alias("AiV5", True)], [molecule("pAAV-five", [alias("AiP5", True)])])
    material = _map(prep_lot("VT5", lot_virus), record)
    assert material["tars_identifiers"]["virus_tars_id"] == "VIR5_PHPeB"
    assert material["addgene_id"] is None


def test_a_lot_without_any_virus_name_is_returned_in_shape_but_invalid() -> None:
    lot = prep_lot("VT6", virus([alias("AiV6")]), prep_type="Crude-SOP#VC002", titers=[7])
    lot["datePrepped"] = None
    material = _map(lot, None)
    assert material["object_type"] == "Viral material"
    assert material["name"] is None
    assert material["tars_identifiers"]["prep_lot_number"] == "VT6"
    assert material["tars_identifiers"]["prep_date"] is None
    assert material["titer"] == 7
    with pytest.raises(ValidationError):
        ViralMaterial.model_validate(material)


def test_records_with_nulls_and_unknown_fields_are_read() -> None:
    lot = PrepLot.model_validate(
        {"lot": "VT9", "viralPrep": None, "titers": None, "somethingNew": {"a": 1}}
    )
    of_virus = Virus.model_validate({"aliases": None, "molecules": None, "extra": True})
    assert (lot.titers, of_virus.aliases, of_virus.molecules) == ([], [], None)
    material = map_material(lot, None, [])
    assert material["tars_identifiers"]["prep_type"] is None
    assert material["addgene_id"] is None
