"""SLIMS REST's record selection, replayed: criteria, ``sortBy`` and row paging.

The body that ``slims.slims.Slims.fetch`` sends to ``GET rest/{table}/advanced`` is
``{"sortBy": [...], "startRow": n|null, "endRow": n|null, "criteria": {...}}``, where criteria
are ``slims.criteria``'s ``to_dict()`` shapes: junctions ``{"operator": "and"|"or"|"not",
"criteria": [...]}`` and expressions ``{"fieldName", "operator", "value"}`` (or ``"start"`` and
``"end"`` for ``betweenInclusive``). :func:`select` answers such a body from recorded records, so
the snapshot replay and the loopback test server filter exactly alike.

Choices where SLIMS's behaviour is not written down (each one is exercised by the tests):

* Values are compared as SLIMS stores them: a column's ``value``; a field the record has no
  column for is null. Dates are epoch milliseconds; a criterion value given as a ``datetime``
  arrives as an ISO string (``Expression.to_dict``) and is turned into epoch milliseconds, a
  naive one read as UTC.
* SQL's three-valued logic: comparing a null is *unknown*, so ``not_equals``, ``is_not_one_of``
  and ``is_not(...)`` never match a null (only ``is_null`` does), as in the database below SLIMS.
* ``equals``/``is_one_of`` are case-sensitive; ``equals_ignore_case``, ``not_equals``,
  ``starts_with``, ``ends_with`` and ``contains`` are not (their operators are SLIMS's
  ``iEquals``, ``iNotEqual``, ``iStartsWith``, ``iEndsWith``, ``iContains``).
* ``slims.criteria`` drops a falsy value (``equals(f, 0)``, ``equals(f, None)``,
  ``equals(f, False)`` all arrive without ``"value"``): a missing value is null, so such an
  ``equals`` (or an empty ``is_one_of``/``is_not_one_of``) is unknown and matches nothing.
* A multi-valued column (``MULTIPLE_FOREIGN_KEY``, a list) equals a scalar that it contains;
  an empty one is null.
* An empty ``and``/``or`` restricts nothing (``SlimsClient.fetch`` always sends an ``and``,
  often empty); ``not`` negates the conjunction of its members.
* ``startRow`` is 0-based and ``endRow`` exclusive: ``aind_slims_api``'s ``fetch_model`` asks
  for ``0..1`` and wants one row. Either bound alone pages from/to that row.
* Sorting is stable and nulls sort last ascending, first descending; without ``sortBy`` the
  records keep their recorded order.

Anything else — an operator ``slims.criteria`` cannot produce, ``is_na`` (snapshots do not
record SLIMS's not-applicable flags), a malformed expression — raises :class:`CriteriaError`,
never a silent match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

Record = Mapping[str, Any]
R = TypeVar("R", bound=Mapping[str, Any])

# The field name slims.criteria.is_na() uses; the value names the custom field.
_NA_FILTER = "isNaFilter"


class CriteriaError(ValueError):
    """A criterion, sort or paging request that cannot be evaluated faithfully."""


def column_value(record: Record, field: str) -> Any:
    """The ``value`` of ``record``'s column ``field``; None when the record has no such column."""
    for column in record.get("columns") or ():
        if isinstance(column, Mapping) and column.get("name") == field:
            return column.get("value")
    return None


def _epoch_ms(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() * 1000


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _coerce(stored: Any, wanted: Any) -> Any:
    """``wanted`` in ``stored``'s terms: ISO dates and numeric text against numbers."""
    if _is_number(stored) and isinstance(wanted, str):
        millis = _epoch_ms(wanted)
        if millis is not None:
            return millis
        try:
            return float(wanted)
        except ValueError:
            return wanted
    if isinstance(wanted, datetime):
        # Only reachable when a caller hands us criteria objects' raw values.
        moment = wanted if wanted.tzinfo else wanted.replace(tzinfo=UTC)
        return moment.timestamp() * 1000 if _is_number(stored) else wanted.isoformat()
    return wanted


def _equal(stored: Any, wanted: Any, *, fold: bool = False) -> bool:
    if isinstance(stored, list) and not isinstance(wanted, list):
        return any(_equal(item, wanted, fold=fold) for item in stored)
    wanted = _coerce(stored, wanted)
    if fold and isinstance(stored, str) and isinstance(wanted, str):
        return stored.casefold() == wanted.casefold()
    return bool(stored == wanted)


def _text(value: Any) -> str:
    return str(value).casefold()


def _order(stored: Any, wanted: Any, test: Callable[[Any, Any], bool]) -> bool | None:
    wanted = _coerce(stored, wanted)
    try:
        return test(stored, wanted)
    except TypeError:
        # A string against a number compares in no database without a cast: no match.
        return False


def _values(expression: Mapping[str, Any], key: str) -> list[Any]:
    values = expression.get(key)
    if not isinstance(values, list):
        raise CriteriaError(f"{expression.get('operator')} needs a list {key!r}: {expression}")
    return values


def _expression(expression: Mapping[str, Any], record: Record) -> bool | None:
    field = expression.get("fieldName")
    operator = expression.get("operator")
    if not isinstance(field, str) or not isinstance(operator, str):
        raise CriteriaError(f"an expression needs a fieldName and an operator: {expression}")
    if field == _NA_FILTER:
        raise CriteriaError("is_na() cannot be replayed: snapshots hold no not-applicable flags")
    _check_shape(expression)
    stored = column_value(record, field)
    if operator == "isNull":
        return stored is None or stored == []
    if operator == "notNull":
        return not (stored is None or stored == [])
    if operator not in _COMPARISONS:
        raise CriteriaError(f"unknown SLIMS criteria operator {operator!r} on {field!r}")
    if stored is None:
        return None
    return _COMPARISONS[operator](stored, expression)


def _check_shape(expression: Mapping[str, Any]) -> None:
    """Malformed expressions fail whatever the record holds, nulls included."""
    operator = expression.get("operator")
    if operator in ("inSet", "notInSet") and expression.get("value") is not None:
        _values(expression, "value")
    if operator == "betweenInclusive" and ("start" not in expression or "end" not in expression):
        raise CriteriaError(f"betweenInclusive needs start and end: {expression}")


def _in_set(stored: Any, expression: Mapping[str, Any]) -> bool | None:
    # is_one_of(f, []) arrives without a value (the library drops falsy ones): null, unknown.
    if expression.get("value") is None:
        return None
    return any(_equal(stored, value) for value in _values(expression, "value"))


def _not_in_set(stored: Any, expression: Mapping[str, Any]) -> bool | None:
    found = _in_set(stored, expression)
    return None if found is None else not found


def _between(stored: Any, expression: Mapping[str, Any]) -> bool | None:
    low = _order(stored, expression["start"], lambda a, b: a >= b)
    high = _order(stored, expression["end"], lambda a, b: a <= b)
    return bool(low and high)


def _compare(test: Callable[[Any, Any], bool]) -> Callable[[Any, Mapping[str, Any]], Any]:
    def compare(stored: Any, expression: Mapping[str, Any]) -> bool | None:
        wanted = expression.get("value")
        return None if wanted is None else _order(stored, wanted, test)

    return compare


def _with_value(
    test: Callable[[Any, Any], bool | None],
) -> Callable[[Any, Mapping[str, Any]], bool | None]:
    def check(stored: Any, expression: Mapping[str, Any]) -> bool | None:
        wanted = expression.get("value")
        return None if wanted is None else test(stored, wanted)

    return check


_COMPARISONS: dict[str, Callable[[Any, Mapping[str, Any]], bool | None]] = {
    "equals": _with_value(_equal),
    "iEquals": _with_value(lambda s, w: _equal(s, w, fold=True)),
    "iNotEqual": _with_value(lambda s, w: not _equal(s, w, fold=True)),
    "iStartsWith": _with_value(lambda s, w: _text(s).startswith(_text(w))),
    "iEndsWith": _with_value(lambda s, w: _text(s).endswith(_text(w))),
    "iContains": _with_value(lambda s, w: _text(w) in _text(s)),
    "inSet": _in_set,
    "notInSet": _not_in_set,
    "betweenInclusive": _between,
    "lessThan": _compare(lambda a, b: a < b),
    "greaterThan": _compare(lambda a, b: a > b),
    "lessOrEqual": _compare(lambda a, b: a <= b),
    "greaterOrEqual": _compare(lambda a, b: a >= b),
}

OPERATORS = frozenset({"and", "or", "not", "isNull", "notNull", *_COMPARISONS})
"""Every operator :func:`matches` understands (those ``slims.criteria`` produces, bar is_na)."""


def _evaluate(criteria: Mapping[str, Any], record: Record) -> bool | None:
    """True, False or None (SQL's unknown)."""
    if not isinstance(criteria, Mapping):
        raise CriteriaError(f"a criterion must be an object, not {type(criteria).__name__}")
    if "fieldName" in criteria:
        return _expression(criteria, record)
    operator = criteria.get("operator")
    members = criteria.get("criteria")
    if operator not in ("and", "or", "not") or not isinstance(members, list):
        raise CriteriaError(f"unknown SLIMS criteria junction {operator!r}: {criteria}")
    results = [_evaluate(member, record) for member in members]
    if operator == "or":
        if not results or any(result is True for result in results):
            return True
        return None if None in results else False
    conjunction = (
        False
        if any(result is False for result in results)
        else (None if None in results else True)
    )
    if operator == "and":
        return conjunction
    if not members:
        raise CriteriaError("a 'not' junction needs a criterion to negate")
    return None if conjunction is None else not conjunction


def matches(criteria: Mapping[str, Any] | None, record: Record) -> bool:
    """Whether SLIMS would return ``record`` for ``criteria`` (None: no restriction)."""
    if criteria is None:
        return True
    return _evaluate(criteria, record) is True


def _sorted(records: list[R], sort_by: Sequence[Any]) -> list[R]:
    ordered = list(records)
    # Stable sorts from the last key to the first give a multi-key order.
    for key in reversed(sort_by):
        if not isinstance(key, str) or not key.lstrip("-"):
            raise CriteriaError(f"a sortBy entry must be a field name: {key!r}")
        descending = key.startswith("-")
        field = key[1:] if descending else key
        present = [r for r in ordered if column_value(r, field) is not None]
        absent = [r for r in ordered if column_value(r, field) is None]
        try:
            present.sort(key=lambda r: column_value(r, field), reverse=descending)
        except TypeError as error:
            raise CriteriaError(f"cannot sort on {field!r}: mixed value types") from error
        ordered = absent + present if descending else present + absent
    return ordered


def _row(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CriteriaError(f"{key} must be a row number >= 0, not {value!r}")
    return value


def select(records: Iterable[R], body: Mapping[str, Any] | None) -> list[R]:
    """The records SLIMS answers for an ``advanced`` fetch ``body``, in its order and page."""
    body = body or {}
    criteria = body.get("criteria")
    sort_by = body.get("sortBy") or []
    if not isinstance(sort_by, list):
        raise CriteriaError(f"sortBy must be a list of field names, not {sort_by!r}")
    start, end = _row(body, "startRow"), _row(body, "endRow")
    found = [record for record in records if matches(criteria, record)]
    found = _sorted(found, sort_by)
    return found[start or 0 : end]
