"""Table tests of the free-text parsers (values taken from the shapes seen in the lists)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from datasources.sharepoint import parsers as p

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", D("1.5")),
        (" 2 mm", D(2)),
        ("-2,3", D(-2)),
        ("+1.8", D("1.8")),
        (".98", D("0.98")),
        (7, D(7)),
        ("no digits", None),
        (None, None),
        ("Select...", None),
    ],
)
def test_parse_number(text: object, expected: Decimal | None) -> None:
    assert p.parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-1.5 mm", D("-1.5")),
        ("1500 um", D("1.5")),
        ("300 microns", D("0.3")),
        ("1.5", D("1.5")),
        ("-3.8mm", D("-3.8")),
        ("- 0.58", D("-0.58")),
        ("0.5 cm", D(5)),
        ("3.7-3.8", None),
        ("+/-3.6", None),
        ("5.137 (2.5mm from bregma)", None),
        ("5min", None),
        ("", None),
    ],
)
def test_parse_length_mm(text: object, expected: Decimal | None) -> None:
    assert p.parse_length_mm(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50 nL", D(50)),
        ("0.05 uL", D(50)),
        ("50", D(50)),
        ("1uL (1000nl)", D(1000)),
        ("2ul", D(2000)),
        ("500nl each side", D(500)),
        ("200nl/depth", D(200)),
        ("50n6nl", None),
        ("250 nL per site x 2 sites, 100 nL /min", None),
        ("3min10sec", None),
        ("N/A", None),
    ],
)
def test_parse_volume_nl(text: object, expected: Decimal | None) -> None:
    assert p.parse_volume_nl(text) == expected


def test_parse_volume_ul_defaults_to_microlitres() -> None:
    assert p.parse_volume_ul("90") == D(90)
    assert p.parse_volume_ul("90 uL") == D(90)
    assert p.parse_volume_ul("0.5 mL") == D(500)
    assert p.parse_volume_ul("500 nL") == D("0.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 uA", D(5)),
        ("5", D(5)),
        ("3uAmp", D(3)),
        ("-5 uA", D(-5)),
        ("5ua", D(5)),
        ("5min", None),
        ("-5uA and 5uA", None),
        ("one", None),
    ],
)
def test_parse_current_ua(text: object, expected: Decimal | None) -> None:
    assert p.parse_current_ua(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1:30", D("1.5")),
        ("5 min", D(5)),
        ("30 s", D("0.5")),
        ("90", D(90)),
        ("3min10sec/depth", D("3.1667")),
        ("1 h 30 min", D(90)),
        ("8 min and 8 min", D(8)),
        ("10-20mins", None),
        ("5uA", None),
        ("slow", None),
        ("min", None),
    ],
)
def test_parse_duration_minutes(text: object, expected: Decimal | None) -> None:
    assert p.parse_duration_minutes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", D(60)),
        (".75", D(45)),
        ("1:45", D(105)),
        ("2.40", D(144)),
        ("2.5 hour ", D(150)),
        ("45", D(45)),
        ("10:00", D(10)),
        ("Na", None),
    ],
)
def test_parse_anaesthesia_minutes(text: object, expected: Decimal | None) -> None:
    assert p.parse_anaesthesia_minutes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", D(0)),
        ("-10 ", D(-10)),
        ("0 degree", D(0)),
        ("10 degree lateral", D(10)),
        ("15\u00b0", D(15)),
        ("0 and 30", None),
        ("normal", None),
    ],
)
def test_parse_angle_degrees(text: object, expected: Decimal | None) -> None:
    assert p.parse_angle_degrees(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20.5g", D("20.5")),
        ("30.", D(30)),
        ("29.7/NA", D("29.7")),
        ("27.4/29", None),
        ("2209", None),
        ("-", None),
    ],
)
def test_parse_weight_g(text: object, expected: Decimal | None) -> None:
    assert p.parse_weight_g(text) == expected


def test_parse_percent() -> None:
    assert p.parse_percent("1.5%") == D("1.5")
    assert p.parse_percent("3.00+") == D(3)
    assert p.parse_percent("Select...") is None


def test_parse_datetime() -> None:
    assert p.parse_datetime("2023-01-05T08:00:00Z") == datetime(2023, 1, 5, 8, tzinfo=UTC)
    assert p.parse_datetime("2023-01-05") == datetime(2023, 1, 5, tzinfo=UTC)
    assert p.parse_datetime("last tuesday") is None
    assert p.parse_datetime(None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7/7", "7s on/7s off"),
        ("7", "7s on/7s off"),
        ("7 seconds", "7s on/7s off"),
        ("7s on/7s off", "7s on/7s off"),
        ("5/10", "5s on/10s off"),
        ("5min", None),
        ("0.3, 0.6", None),
        ("standard", None),
    ],
)
def test_parse_alternating(text: object, expected: str | None) -> None:
    assert p.parse_alternating(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5, 2.0 mm", [D("1.5"), D("2.0")]),
        ("1.5/2.0", [D("1.5"), D("2.0")]),
        ("0.3mm and 0.6mm", [D("0.3"), D("0.6")]),
        ("[0.3,0.6]", [D("0.3"), D("0.6")]),
        ("-4.05;- 4.0", [D("-4.05"), D("-4.0")]),
        ("400um, 800", [D("0.4"), D("0.8")]),
        ("+2.6, +2.8, +3.0", [D("2.6"), D("2.8"), D("3.0")]),
        ("4.4mm", [D("4.4")]),
        ("Anywhere", []),
        ("2.2-2.6", []),
        (None, []),
    ],
)
def test_split_depths(text: object, expected: list[Decimal]) -> None:
    assert p.split_depths(text) == expected


@pytest.mark.parametrize(
    ("text", "axis", "expected"),
    [
        ("3.8mm P", "AP", D("-3.8")),
        ("-3.5mm (Posterior)", "AP", D("-3.5")),
        ("1.5 A", "AP", D("1.5")),
        ("3.08 Anterior!", "AP", D("3.08")),
        ("-2.7mm (Left)", "AP", None),
        ("1.25L", "ML", D("-1.25")),
        ("3.05mm R", "ML", D("3.05")),
        ("-3.85 (left)", "ML", D("-3.85")),
        ("+2.6L", "ML", None),
        ("0 (midline)", "ML", D(0)),
        ("ISI", "AP", None),
        ("3x3 grid", "AP", None),
        ("0.5V", "DV", D("0.5")),
        ("calamus -0.44", "AP", D("-0.44")),
    ],
)
def test_parse_coordinate_mm(text: str, axis: str, expected: Decimal | None) -> None:
    assert p.parse_coordinate_mm(text, axis) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-0.8 (from lamda)", "Lambda"),
        ("-4.72, rostral to lambda", "Lambda"),
        ("calamus -0.44", "Calamus"),
        ("0.2 (calamus)", "Calamus"),
        ("2.4(TS)", "TS"),
        ("-1.6", None),
        ("posterior half of the craniotomy", None),
    ],
)
def test_coordinate_reference(text: str, expected: str | None) -> None:
    assert p.coordinate_reference(text) == expected


def test_count_sites() -> None:
    assert p.count_sites("3x3 grid with 600 micron spacing") == 9
    assert p.count_sites("9 injections around center in a grid pattern") == 9
    assert p.count_sites("3 spots around the craniotomy") == 3
    assert p.count_sites("-1.6") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7E11", 700_000_000_000),
        ("1.5e13 GC/ml", 15_000_000_000_000),
        ("2 x 10^12 gc/mL", 2_000_000_000_000),
        ("50 gc/mL", 50),
        ("unknown", None),
    ],
)
def test_parse_titer(text: str, expected: int | None) -> None:
    assert p.parse_titer(text) == expected


def test_rich_text() -> None:
    assert p.clean_text("<div>AAV &amp; more</div>") == "AAV & more"
    assert p.text_lines("<div>a</div><div>b<br/>c</div>") == ["a", "b", "c"]
    assert p.text_lines(None) == []
