"""Every free-text value recorded in the reference ``*_string_entries.json`` files.

Each file maps a column to ``{"unique_entries": {text: value the 1.x service read}}``. Every
text must parse without an exception; where 1.x read a number, the parser for that column must
read the same number (the parsers read more than 1.x did, never something else).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from datasources.sharepoint import parsers as p

from .helpers import REFERENCE

ENTRY_FILES = [
    Path("sharepoint/nsb2019/nsb2019_string_entries.json"),
    Path("sharepoint-v2/nsb2019/nsb2019_string_entries.json"),
    Path("sharepoint/nsb2023/nsb2023_string_entries.json"),
]


def _single_depth(text: str) -> Decimal | None:
    depths = p.split_depths(text)
    return depths[0] if len(depths) == 1 else None


def _alternating_seconds(text: str) -> Decimal | None:
    # 1.x read "7/7" as the on-time alone.
    parsed = p.parse_alternating(text)
    return None if parsed is None else Decimal(parsed.split("s on/")[0])


def _axis(axis: str) -> Callable[[str], Decimal | None]:
    return lambda text: p.parse_coordinate_mm(text, axis)


def _parser(column: str) -> Callable[[str], object] | None:
    lowered = column.lower()
    rules: list[tuple[tuple[str, ...], Callable[[str], object]]] = [
        (("weight",), p.parse_weight_g),
        (("isoduration",), p.parse_anaesthesia_minutes),
        (("alternating",), _alternating_seconds),
        (("current",), p.parse_current_ua),
        (("angle",), p.parse_angle_degrees),
        (("lenghtoftime", "iontotime"), p.parse_duration_minutes),
        (("vol",), p.parse_volume_nl),
        (("a_x002f_p", "ap2nd"), _axis("AP")),
        (("m_x002f_l", "ml2nd"), _axis("ML")),
        (("d_x002f_v", "dv2nd", "d_x00", "fiberimplant1dv", "fiberimplant2dv"), _single_depth),
    ]
    for needles, parser in rules:
        if any(needle in lowered for needle in needles):
            return parser
    return None


def _entries() -> Iterator[tuple[str, str, str, object]]:
    for relative in ENTRY_FILES:
        path = REFERENCE / relative
        if not path.is_file():
            continue
        for column, block in json.loads(path.read_text()).items():
            for text, old in block["unique_entries"].items():
                yield relative.parts[1], column, text, old


ENTRIES = list(_entries())
ALL_PARSERS: list[Callable[[str], object]] = [
    p.parse_number, p.parse_length_mm, p.parse_volume_nl, p.parse_volume_ul,
    p.parse_current_ua, p.parse_duration_minutes, p.parse_anaesthesia_minutes,
    p.parse_angle_degrees, p.parse_weight_g, p.parse_percent, p.parse_datetime,
    p.parse_alternating, p.split_depths, p.parse_titer, p.count_sites,
    p.coordinate_reference, _axis("AP"), _axis("ML"), _axis("DV"),
]  # fmt: skip


@pytest.mark.skipif(not ENTRIES, reason=f"no string_entries files under {REFERENCE}")
@pytest.mark.parametrize(("family", "column", "text", "old"), ENTRIES)
def test_string_entry(family: str, column: str, text: str, old: object) -> None:
    for parser in ALL_PARSERS:
        parser(text)  # must not raise, whatever the column
    column_parser = _parser(column)
    if column_parser is None or old is None:
        return
    parsed = column_parser(text)
    assert parsed is not None, f"{family} {column}: {text!r} was read as {old} by 1.x"
    assert Decimal(str(parsed)) == Decimal(str(old)), f"{family} {column}: {text!r}"


def test_entries_cover_every_parsed_column() -> None:
    if not ENTRIES:
        pytest.skip(f"no string_entries files under {REFERENCE}")
    unparsed = {
        column
        for _, column, _, old in ENTRIES
        if _parser(column) is None and old is not None and "age" not in column.lower()
    }
    assert not unparsed
