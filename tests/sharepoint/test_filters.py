"""OData filters and the Python selection rule that live and snapshot share."""

from __future__ import annotations

import pytest

from datasources.sharepoint.filters import (
    MAX_FILTER_LENGTH,
    batched_filters,
    encoded_length,
    matches,
    matching_subjects,
    odata_string,
    subject_filter,
)
from tests.servers.graph import FilterError, parse_filter


def test_string_literals_double_single_quotes() -> None:
    assert odata_string("700001") == "'700001'"
    assert odata_string("O'Brien") == "'O''Brien'"
    assert odata_string("''") == "''''''"


@pytest.mark.parametrize(
    ("list_name", "expected"),
    [
        ("nsb2019", "fields/LabTracks_x0020_ID eq '700001'"),
        ("nsb2023", "fields/LabTracks_x0020_ID1 eq '700001'"),
        ("nsb_present", "fields/LabTracks_x0020_ID1 eq '700001'"),
        (
            "las2020",
            "fields/Title eq '700001' or fields/nROID1 eq '700001' or "
            "fields/nROID2 eq '700001' or fields/nROID3 eq '700001' or "
            "fields/nROID4 eq '700001' or fields/nROID5 eq '700001'",
        ),
    ],
)
def test_subject_filter_per_list(list_name: str, expected: str) -> None:
    assert subject_filter(list_name, "700001") == expected


def test_a_quote_in_an_id_cannot_end_the_literal() -> None:
    hostile = "1' or fields/Title ne '"
    odata_filter = subject_filter("nsb2019", hostile)
    # Read back by an OData parser, it is still one comparison against the whole input.
    assert parse_filter(odata_filter) == [("LabTracks_x0020_ID", hostile)]


def test_ids_are_batched_with_or_up_to_the_limit() -> None:
    ids = [str(700000 + n) for n in range(300)]
    filters = batched_filters("las2020", ids)
    assert len(filters) > 1
    assert all(encoded_length(f) <= MAX_FILTER_LENGTH for f in filters)
    values = [value for f in filters for _, value in parse_filter(f)]
    # Each id once per column, every id in exactly one batch, in the order given.
    assert list(dict.fromkeys(values)) == ids
    assert len(values) == 6 * len(ids)


def test_few_ids_make_one_filter_and_duplicates_are_dropped() -> None:
    filters = batched_filters("nsb2019", ["700001", "700002", "700001"])
    assert filters == [
        "fields/LabTracks_x0020_ID eq '700001' or fields/LabTracks_x0020_ID eq '700002'"
    ]


def test_an_id_too_long_for_any_batch_still_gets_its_own_filter() -> None:
    long_id = "7" * 400
    filters = batched_filters("las2020", ["700001", long_id, "700002"], max_length=600)
    assert [sorted({v for _, v in parse_filter(f)}) for f in filters] == [
        ["700001"],
        [long_id],
        ["700002"],
    ]


def test_no_ids_no_filters() -> None:
    assert batched_filters("nsb2019", []) == []


@pytest.mark.parametrize("title", ["700001-x", "1700001", "7000010", "700001 ", " 700001", ""])
def test_las_title_must_equal_the_id(title: str) -> None:
    assert not matches("las2020", {"Title": title}, "700001")


def test_las_matches_title_or_any_nroid() -> None:
    assert matches("las2020", {"Title": "700001"}, "700001")
    for slot in range(1, 6):
        fields = {"Title": "700009 700001", f"nROID{slot}": "700001"}
        assert matches("las2020", fields, "700001")
    assert not matches("las2020", {"Title": "700009 700001"}, "700001")


def test_nsb_lists_use_their_own_id_column() -> None:
    assert matches("nsb2019", {"LabTracks_x0020_ID": "700001"}, "700001")
    assert not matches("nsb2019", {"LabTracks_x0020_ID1": "700001"}, "700001")
    assert matches("nsb2023", {"LabTracks_x0020_ID1": "700001"}, "700001")
    assert matches("nsb_present", {"LabTracks_x0020_ID1": "700001"}, "700001")
    assert not matches("nsb2023", {"LabTracks_x0020_ID": "700001", "Title": "700001"}, "700001")


def test_whole_numbers_match_their_digits_but_other_types_do_not() -> None:
    assert matches("nsb2019", {"LabTracks_x0020_ID": 700001}, "700001")
    assert matches("nsb2019", {"LabTracks_x0020_ID": 700001.0}, "700001")
    assert not matches("nsb2019", {"LabTracks_x0020_ID": 700001.5}, "700001")
    assert not matches("nsb2019", {"LabTracks_x0020_ID": True}, "1")
    assert not matches("nsb2019", {"LabTracks_x0020_ID": None}, "None")
    assert not matches("nsb2019", {}, "700001")


def test_one_las_item_can_serve_several_requested_subjects() -> None:
    fields = {"Title": "700002 700005", "nROID1": "700002", "nROID2": "700005"}
    assert matching_subjects("las2020", fields, ["700005", "700003", "700002", "700005"]) == [
        "700005",
        "700002",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "substringof('700001', fields/Title)",
        "startswith(fields/Title, '700001')",
        "fields/Title eq '700001",
        "fields/Title eq '700001' and fields/nROID1 eq '1'",
        "fields/Title ne '700001'",
        "fields/Title eq '7' or",
        "Title eq '700001'",
    ],
)
def test_the_loopback_graph_rejects_filters_outside_its_subset(text: str) -> None:
    with pytest.raises(FilterError):
        parse_filter(text)
