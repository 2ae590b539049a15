"""LabTracks rows -> aind-data-schema Subject documents: row models, CLASS_VALUES, mapping."""

from __future__ import annotations

import warnings
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from aind_data_schema.core.subject import Subject
from pydantic import ValidationError

from datasources.labtracks.class_values import genotype, parse_class_values
from datasources.labtracks.mapping import map_sex, map_species, map_strain, map_subject
from datasources.labtracks.models import SubjectRow

NAMESPACES = (
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
)


def class_values(full_genotype: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-16"?>'
        f"<MouseCustomClass {NAMESPACES}><Reserved_by>Someone</Reserved_by>"
        '<Reserved_Date xsi:nil="true" />'
        f"<Full_Genotype>{full_genotype}</Full_Genotype></MouseCustomClass>"
    )


def good_row(**changes: Any) -> SubjectRow:
    values: dict[str, Any] = {
        "ID": 700001,
        "CLASS_VALUES": class_values("Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt"),
        "SEX": "F",
        "BIRTH_DATE": datetime(2024, 4, 2, 0, 0),
        "MATERNAL_INDEX": 700002,
        "MATERNAL_ID": 700002,
        "MATERNAL_CLASS_VALUES": class_values("Pvalb-IRES-Cre/Pvalb-IRES-Cre"),
        "PATERNAL_INDEX": 700003,
        "PATERNAL_ID": 700003,
        "PATERNAL_CLASS_VALUES": class_values("Ai14(RCL-tdT)/Ai14(RCL-tdT)"),
        "SPECIES_NAME": "mouse",
        "GROUP_NAME": "Pvalb;Ai14 cross",
        "GROUP_DESCRIPTION": "on C57BL/6J",
        "MATERNAL_GROUP_NAME": "Pvalb;Ai14 cross",
        "CAGE_ID": 80001,
        "ROOM_ID": 12,
    }
    values.update(changes)
    return SubjectRow.model_validate(values)


def details(row: SubjectRow) -> dict[str, Any]:
    return map_subject(row).document["subject_details"]


def validation_errors(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    try:
        Subject.model_validate(document)
    except ValidationError as error:
        return [tuple(item["loc"]) for item in error.errors()]
    return []


# --- the whole document -----------------------------------------------------------------


def test_good_row_validates_with_aind_data_schema() -> None:
    mapped = map_subject(good_row())

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a deprecated field set by the mapping
        subject = Subject.model_validate(mapped.document)

    assert subject.subject_id == "700001"
    assert mapped.subject_id == "700001"
    assert mapped.genotype == "Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt"
    assert mapped.breeding_group == "Pvalb;Ai14 cross"
    dumped = subject.model_dump(mode="json")["subject_details"]
    assert dumped["sex"] == "Female"
    assert dumped["date_of_birth"] == "2024-04-02"
    assert dumped["species"]["name"] == "Mus musculus"
    assert dumped["strain"]["name"] == "C57BL/6J"
    assert dumped["source"]["abbreviation"] == "AI"
    assert dumped["breeding_info"]["maternal_genotype"] == "Pvalb-IRES-Cre/Pvalb-IRES-Cre"
    assert dumped["breeding_info"]["paternal_id"] == "700003"
    assert dumped["breeding_info"]["breeding_group"] is None
    assert dumped["housing"]["room_id"] == "12"
    assert dumped["housing"]["cage_id"] == "80001"


def test_breeding_group_is_the_mothers_group_not_the_subjects() -> None:
    # 0.24 read GROUP_NAME from the mother's row's group; the subject's own group names the
    # strain only.
    mapped = map_subject(good_row(GROUP_NAME="C57BL/6J stock", MATERNAL_GROUP_NAME="Dam line"))
    assert mapped.breeding_group == "Dam line"
    assert mapped.document["subject_details"]["strain"]["name"] == "C57BL/6J"

    orphan = map_subject(good_row(MATERNAL_INDEX=None, MATERNAL_ID=None, MATERNAL_GROUP_NAME=None))
    assert orphan.breeding_group is None


def test_document_leaves_breeding_group_out() -> None:
    breeding_info = details(good_row())["breeding_info"]
    assert "breeding_group" not in breeding_info


def test_invalid_data_is_mapped_not_refused() -> None:
    mapped = map_subject(good_row(SEX=None, GROUP_NAME="x", GROUP_DESCRIPTION="outbred"))

    assert mapped.document["subject_details"]["sex"] is None
    assert mapped.document["subject_details"]["strain"] is None
    assert set(validation_errors(mapped.document)) == {
        ("subject_details", "Mouse subject", "sex"),
        ("subject_details", "Mouse subject", "strain"),
    }


# --- single fields ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("F", "Female"),
        ("f", "Female"),
        ("Female", "Female"),
        (" FEMALE ", "Female"),
        ("M", "Male"),
        ("male", "Male"),
        ("U", None),
        ("", None),
        (None, None),
    ],
)
def test_sex(value: str | None, expected: str | None) -> None:
    assert map_sex(value) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("C57BL/6J",), "C57BL/6J"),
        (("C57BL6J",), "C57BL/6J"),
        (("c57bl/6j background",), "C57BL/6J"),
        (("B6J",), "C57BL/6J"),
        (("Pvalb-IRES-Cre;Ai14 (B6J)",), "C57BL/6J"),
        (("B6J;Ai14",), "C57BL/6J"),
        ((None, "Sst x C57BL/6J"), "C57BL/6J"),
        (("BALB/c",), "BALB/c"),
        (("BALB/cJ colony",), "BALB/c"),
        (("C57BL/6N",), None),  # a different substrain, not to be rounded to 6J
        (("C57BL/6",), None),
        (("AB6JX",), None),
        (("C57BL/6J x BALB/c F1",), None),  # contradictory: reported, not guessed
        (("outbred", None), None),
        ((None, None), None),
    ],
)
def test_strain(texts: tuple[str | None, ...], expected: str | None) -> None:
    strain = map_strain(*texts)
    assert (strain["name"] if strain else None) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("mouse", "Mus musculus"), ("MOUSE", "Mus musculus"), ("Mus musculus", "Mus musculus")],
)
def test_species_mouse(name: str, expected: str) -> None:
    species = map_species(name)
    assert species is not None
    assert species["name"] == expected
    assert species["registry_identifier"] == "NCBI:txid10090"


@pytest.mark.parametrize("name", ["rat", "Rattus norvegicus", "", None])
def test_species_other(name: str | None) -> None:
    assert map_species(name) is None


@pytest.mark.parametrize(
    ("room", "cage", "expected"),
    [
        (12, 80001, {"object_type": "Housing", "room_id": "12", "cage_id": "80001"}),
        (-1, 80001, {"object_type": "Housing", "room_id": None, "cage_id": "80001"}),
        (12, None, {"object_type": "Housing", "room_id": "12", "cage_id": None}),
        (-1, -1, None),
        (None, None, None),
        (Decimal("-5"), None, None),
    ],
)
def test_housing(room: Any, cage: Any, expected: dict[str, Any] | None) -> None:
    assert details(good_row(ROOM_ID=room, CAGE_ID=cage))["housing"] == expected


def test_breeding_info_without_parents_is_none() -> None:
    row = good_row(
        MATERNAL_INDEX=None,
        MATERNAL_ID=None,
        MATERNAL_CLASS_VALUES=None,
        PATERNAL_INDEX=None,
        PATERNAL_ID=None,
        PATERNAL_CLASS_VALUES=None,
    )
    assert details(row)["breeding_info"] is None


def test_breeding_info_negative_parent_index_is_no_parent() -> None:
    row = good_row(
        MATERNAL_INDEX=-1,
        MATERNAL_ID=None,
        MATERNAL_CLASS_VALUES=None,
        PATERNAL_INDEX=-1,
        PATERNAL_ID=None,
        PATERNAL_CLASS_VALUES=None,
    )
    assert details(row)["breeding_info"] is None


def test_breeding_info_with_an_unknown_parent_keeps_what_is_known() -> None:
    # The dam's index points at no row: her id is known, her genotype is not.
    row = good_row(MATERNAL_ID=None, MATERNAL_CLASS_VALUES=None)
    mapped = map_subject(row)

    assert mapped.document["subject_details"]["breeding_info"] == {
        "object_type": "Breeding info",
        "maternal_id": "700002",
        "maternal_genotype": None,
        "paternal_id": "700003",
        "paternal_genotype": "Ai14(RCL-tdT)/Ai14(RCL-tdT)",
    }
    assert validation_errors(mapped.document) == [
        ("subject_details", "Mouse subject", "breeding_info", "maternal_genotype")
    ]


# --- row models -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (650101, "650101"),
        (Decimal("650101"), "650101"),
        (650101.0, "650101"),
        ("650101", "650101"),
        (" 650101.0 ", "650101"),
        ("A-17", "A-17"),
    ],
)
def test_ids_are_canonical_strings(value: Any, expected: str) -> None:
    row = good_row(ID=value, CAGE_ID=value)
    assert row.subject_id == expected
    assert row.cage_id == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 3, 5, 13, 45), date(2024, 3, 5)),
        (date(2024, 3, 5), date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-03-05 00:00:00", date(2024, 3, 5)),
        ("2024-03-05T00:00:00.0000000", date(2024, 3, 5)),
        ("05/03/2024", None),
        ("", None),
        (None, None),
    ],
)
def test_birth_date_is_read_tolerantly(value: Any, expected: date | None) -> None:
    assert good_row(BIRTH_DATE=value).birth_date == expected


def test_class_values_as_utf16_bytes_are_decoded() -> None:
    raw = class_values("wt/wt").encode("utf-16")  # with a byte-order mark
    assert map_subject(good_row(CLASS_VALUES=raw)).genotype == "wt/wt"


def test_a_row_key_is_required() -> None:
    with pytest.raises(ValidationError):
        good_row(ID=None)


# --- CLASS_VALUES -----------------------------------------------------------------------


def test_class_values_with_utf16_declaration_in_a_str() -> None:
    values = parse_class_values(class_values("Sst-IRES-Cre/wt"))
    assert values == {
        "Reserved_by": "Someone",
        "Reserved_Date": "",
        "Full_Genotype": "Sst-IRES-Cre/wt",
    }


@pytest.mark.parametrize(
    "document",
    [
        '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Full_Genotype>wt/wt',
        "<MouseCustomClass><Full_Genotype>wt/wt</MouseCustomClass>",
        "not xml at all",
        '<!DOCTYPE r [<!ENTITY g "wt/wt">]><r><Full_Genotype>&g;</Full_Genotype></r>',
        '<!DOCTYPE r SYSTEM "file:///etc/passwd"><r><Full_Genotype>x</Full_Genotype></r>',
        (
            '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            "<r><Full_Genotype>&b;</Full_Genotype></r>"
        ),
        "",
        None,
    ],
)
def test_bad_class_values_give_none(document: str | None) -> None:
    assert parse_class_values(document) is None
    assert genotype(document) is None


def test_genotype_field_name_is_case_insensitive_and_empty_is_none() -> None:
    assert genotype("<M><full_genotype> wt/wt </full_genotype></M>") == "wt/wt"
    assert genotype("<M><Full_Genotype /></M>") is None
    assert genotype("<M><Reserved_by>x</Reserved_by></M>") is None
