"""The criteria evaluator, on the bodies ``slims.criteria`` really produces."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from slims import criteria as c

from datasources.slims.replay import OPERATORS, CriteriaError, column_value, matches, select
from tests.servers.slims import column, entity

MARCH = 1_740_992_400_000  # 2025-03-03T09:00:00Z


def rec(pk: int = 1, **values: Any) -> dict[str, Any]:
    return entity("Content", pk, **values)


def hit(criterion: c.Criterion, record: dict[str, Any]) -> bool:
    return matches(criterion.to_dict(), record)


MOUSE = entity(
    "Content",
    7,
    column("cntn_barCode", "BRN00000042"),
    column("cntn_cf_mass", 12.5),
    column("cntn_count", 3),
    column("cntn_createdOn", MARCH, "DATE"),
    column("cntn_cf_fk_reagent", [138, 139], "MULTIPLE_FOREIGN_KEY"),
    column("cntn_cf_notes", None),
)


def test_column_value_reads_values_and_treats_missing_columns_as_null() -> None:
    assert column_value(MOUSE, "cntn_barCode") == "BRN00000042"
    assert column_value(MOUSE, "cntn_cf_notes") is None
    assert column_value(MOUSE, "no_such_column") is None


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        (c.equals("cntn_barCode", "BRN00000042"), True),
        (c.equals("cntn_barCode", "brn00000042"), False),  # equals is case-sensitive
        (c.equals_ignore_case("cntn_barCode", "brn00000042"), True),
        (c.equals_ignore_case("cntn_barCode", "BRN0000004"), False),
        (c.not_equals("cntn_barCode", "brn00000042"), False),  # iNotEqual ignores case
        (c.not_equals("cntn_barCode", "BRN00000043"), True),
        (c.starts_with("cntn_barCode", "brn"), True),
        (c.starts_with("cntn_barCode", "42"), False),
        (c.ends_with("cntn_barCode", "0042"), True),
        (c.ends_with("cntn_barCode", "BRN"), False),
        (c.contains("cntn_barCode", "n0000"), True),
        (c.contains("cntn_barCode", "x"), False),
        (c.contains("cntn_count", "3"), True),  # numbers are searched as text
        (c.is_one_of("cntn_barCode", ["A", "BRN00000042"]), True),
        (c.is_one_of("cntn_barCode", ["A", "brn00000042"]), False),
        (c.is_not_one_of("cntn_barCode", ["A", "B"]), True),
        (c.is_not_one_of("cntn_barCode", ["BRN00000042"]), False),
        (c.is_null("cntn_cf_notes"), True),
        (c.is_null("missing_column"), True),
        (c.is_null("cntn_barCode"), False),
        (c.is_not_null("cntn_barCode"), True),
        (c.is_not_null("cntn_cf_notes"), False),
        (c.greater_than("cntn_cf_mass", 12), True),
        (c.greater_than("cntn_cf_mass", 12.5), False),
        (c.greater_than_or_equal("cntn_cf_mass", 12.5), True),
        (c.less_than("cntn_cf_mass", 12.5), False),
        (c.less_than("cntn_cf_mass", "13"), True),  # numeric text, as in the library's docs
        (c.less_than_or_equal("cntn_cf_mass", 12.5), True),
        (c.between_inclusive("cntn_count", 3, 5), True),
        (c.between_inclusive("cntn_count", 1, 3), True),
        (c.between_inclusive("cntn_count", 4, 5), False),
        (c.greater_than("cntn_barCode", "BRN00000041"), True),  # strings order as text
        (c.greater_than("cntn_barCode", 5), False),  # text against a number: no match
        (c.equals("cntn_cf_fk_reagent", 139), True),  # a multi-valued column holds 139
        (c.equals("cntn_cf_fk_reagent", 140), False),
        (c.is_one_of("cntn_cf_fk_reagent", [1, 138]), True),
    ],
)
def test_every_field_operator(criterion: c.Criterion, expected: bool) -> None:
    assert hit(criterion, MOUSE) is expected


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        (c.greater_than("cntn_createdOn", datetime(2025, 3, 3, 8, 59, tzinfo=UTC)), True),
        (c.greater_than("cntn_createdOn", datetime(2025, 3, 3, 9, 0, tzinfo=UTC)), False),
        (c.less_than("cntn_createdOn", datetime(2025, 3, 3, 9, 1)), True),  # naive is UTC
        (c.equals("cntn_createdOn", datetime(2025, 3, 3, 9, 0, tzinfo=UTC)), True),
        (c.greater_than("cntn_createdOn", MARCH - 1), True),  # epoch ms as SLIMS sends them
        (
            c.between_inclusive(
                "cntn_createdOn", datetime(2025, 3, 3, tzinfo=UTC), datetime(2025, 3, 4)
            ),
            True,
        ),
        (c.between_inclusive("cntn_createdOn", MARCH + 1, MARCH + 2), False),
    ],
)
def test_dates_compare_as_epoch_milliseconds(criterion: c.Criterion, expected: bool) -> None:
    # A datetime arrives as an ISO string (Expression.to_dict); stored dates are epoch ms.
    assert hit(criterion, MOUSE) is expected


def test_a_null_value_matches_only_is_null_three_valued_logic() -> None:
    notes = "cntn_cf_notes"
    for criterion in [
        c.equals(notes, "x"),
        c.not_equals(notes, "x"),
        c.is_not_one_of(notes, ["x"]),
        c.contains(notes, "x"),
        c.greater_than(notes, 1),
        c.is_not(c.equals(notes, "x")),
        c.is_not(c.not_equals(notes, "x")),
    ]:
        assert not hit(criterion, MOUSE), criterion.to_dict()
    # unknown OR true is true; unknown AND false is false, so NOT of it is true
    assert hit(c.disjunction().add(c.equals(notes, "x")).add(c.is_null(notes)), MOUSE)
    unknown_and_false = c.conjunction().add(c.equals(notes, "x")).add(c.is_null("cntn_barCode"))
    assert hit(c.is_not(unknown_and_false), MOUSE)


def test_falsy_values_arrive_without_a_value_and_match_nothing() -> None:
    # slims.criteria._criterion drops falsy values: equals(f, 0) is {"fieldName", "operator"}.
    record = rec(cntn_count=0, cntn_flag=False)
    assert "value" not in c.equals("cntn_count", 0).to_dict()
    assert not hit(c.equals("cntn_count", 0), record)
    assert not hit(c.equals("cntn_flag", False), record)
    assert hit(c.equals("cntn_count", 0), record) is hit(c.equals("cntn_count", None), record)
    # is_one_of(f, []) too: no value, so neither it nor its negation matches
    assert "value" not in c.is_one_of("cntn_count", []).to_dict()
    assert not hit(c.is_one_of("cntn_count", []), record)
    assert not hit(c.is_not_one_of("cntn_count", []), record)


def test_junctions() -> None:
    yes, no = c.equals("cntn_count", 3), c.equals("cntn_count", 4)
    assert hit(c.conjunction().add(yes).add(c.starts_with("cntn_barCode", "BRN")), MOUSE)
    assert not hit(c.conjunction().add(yes).add(no), MOUSE)
    assert hit(c.disjunction().add(no).add(yes), MOUSE)
    assert not hit(c.disjunction().add(no).add(no), MOUSE)
    assert hit(c.is_not(no), MOUSE)
    assert not hit(c.is_not(yes), MOUSE)
    nested = c.conjunction().add(c.disjunction().add(no).add(c.is_not(no))).add(yes)
    assert hit(nested, MOUSE)
    # SlimsClient.fetch always sends an "and", often empty: it restricts nothing.
    assert hit(c.conjunction(), MOUSE)
    assert hit(c.disjunction(), MOUSE)
    assert matches(None, MOUSE)


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"fieldName": "cntn_id", "operator": "soundsLike", "value": "x"}, "soundsLike"),
        ({"fieldName": "cntn_id", "operator": "notEquals", "value": "x"}, "notEquals"),
        ({"operator": "xor", "criteria": []}, "xor"),
        ({"operator": "and"}, "junction"),
        ({"operator": "not", "criteria": []}, "negate"),
        ({"fieldName": "cntn_id"}, "operator"),
        ({"fieldName": "cntn_id", "operator": "inSet", "value": "x"}, "list"),
        ({"fieldName": "cntn_count", "operator": "betweenInclusive", "start": 1}, "start and end"),
        (c.is_na("cntn_cf_notes").to_dict(), "is_na"),
    ],
)
def test_what_cannot_be_replayed_raises_instead_of_matching(
    criteria: dict[str, Any], message: str
) -> None:
    with pytest.raises(CriteriaError, match=message):
        matches(criteria, MOUSE)


def test_an_unknown_operator_raises_even_on_a_null_field() -> None:
    with pytest.raises(CriteriaError, match="bogus"):
        matches({"fieldName": "cntn_cf_notes", "operator": "bogus", "value": 1}, MOUSE)
    with pytest.raises(CriteriaError):
        matches({"operator": "and", "criteria": ["not a criterion"]}, MOUSE)


def test_every_operator_the_library_produces_is_known() -> None:
    produced = {
        c.equals("f", 1).to_dict()["operator"],
        c.equals_ignore_case("f", 1).to_dict()["operator"],
        c.not_equals("f", 1).to_dict()["operator"],
        c.is_null("f").to_dict()["operator"],
        c.is_not_null("f").to_dict()["operator"],
        c.starts_with("f", 1).to_dict()["operator"],
        c.ends_with("f", 1).to_dict()["operator"],
        c.contains("f", 1).to_dict()["operator"],
        c.between_inclusive("f", 1, 2).to_dict()["operator"],
        c.is_one_of("f", [1]).to_dict()["operator"],
        c.is_not_one_of("f", [1]).to_dict()["operator"],
        c.less_than("f", 1).to_dict()["operator"],
        c.greater_than("f", 1).to_dict()["operator"],
        c.less_than_or_equal("f", 1).to_dict()["operator"],
        c.greater_than_or_equal("f", 1).to_dict()["operator"],
        c.conjunction().to_dict()["operator"],
        c.disjunction().to_dict()["operator"],
        c.is_not(c.equals("f", 1)).to_dict()["operator"],
    }
    assert produced == OPERATORS


ROWS = [
    rec(1, name="b", rank=2, made=MARCH + 3),
    rec(2, name="a", rank=None, made=MARCH + 1),
    rec(3, name="c", rank=1, made=MARCH + 2),
    rec(4, name="a", rank=3, made=MARCH),
]


def pks(records: list[dict[str, Any]]) -> list[int]:
    return [record["pk"] for record in records]


def body(criterion: c.Criterion | None = None, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"sortBy": [], "startRow": None, "endRow": None}
    if criterion is not None:
        base["criteria"] = criterion.to_dict()
    return {**base, **extra}


def test_select_keeps_the_recorded_order_without_sort_by() -> None:
    assert pks(select(ROWS, body())) == [1, 2, 3, 4]
    assert pks(select(ROWS, None)) == [1, 2, 3, 4]
    assert pks(select(ROWS, body(c.equals("name", "a")))) == [2, 4]


def test_select_sorts_ascending_descending_on_several_keys_nulls_last() -> None:
    assert pks(select(ROWS, body(sortBy=["made"]))) == [4, 2, 3, 1]
    assert pks(select(ROWS, body(sortBy=["-made"]))) == [1, 3, 2, 4]
    assert pks(select(ROWS, body(sortBy=["name", "-made"]))) == [2, 4, 1, 3]
    assert pks(select(ROWS, body(sortBy=["rank"]))) == [3, 1, 4, 2]
    assert pks(select(ROWS, body(sortBy=["-rank"]))) == [2, 4, 1, 3]


def test_paging_is_zero_based_with_an_exclusive_end() -> None:
    # fetch_model asks for startRow 0, endRow 1 and takes the first: the newest record.
    newest = select(ROWS, body(sortBy=["-made"], startRow=0, endRow=1))
    assert pks(newest) == [1]
    assert pks(select(ROWS, body(sortBy=["made"], startRow=1, endRow=3))) == [2, 3]
    assert pks(select(ROWS, body(startRow=2))) == [3, 4]
    assert pks(select(ROWS, body(endRow=2))) == [1, 2]
    assert select(ROWS, body(startRow=9, endRow=12)) == []
    # filter, then sort, then page
    ranked = body(c.is_not_null("rank"), sortBy=["rank"], startRow=1, endRow=2)
    assert pks(select(ROWS, ranked)) == [1]


@pytest.mark.parametrize(
    "bad",
    [
        {"startRow": -1, "endRow": 1},
        {"startRow": "0"},
        {"endRow": True},
        {"sortBy": "name"},
        {"sortBy": ["-"]},
        {"sortBy": [3]},
    ],
)
def test_malformed_sorting_and_paging_raise(bad: dict[str, Any]) -> None:
    with pytest.raises(CriteriaError):
        select(ROWS, body(**bad))


def test_sorting_mixed_types_raises() -> None:
    with pytest.raises(CriteriaError, match="mixed"):
        select([rec(1, v="a"), rec(2, v=1)], body(sortBy=["v"]))
