"""pydantic's validation errors turned into ones a person can read without knowing pydantic.

pydantic reports every branch of a union it tried, and names them (and its validator wrappers,
and tagged-union tags) inside ``loc``. A reader wants the one kind of node the document itself
says it is (its ``object_type``), a ``loc`` made of the document's own keys and list indexes,
and a message saying what was wrong, with the value when showing it cannot leak anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

__all__ = ["readable_errors"]

MISSING = "missing"

#: Messages pydantic builds from the input value itself (and, for tagged unions, a list of every
#: allowed tag: 142 organizations for a funder), replaced by what they mean.
_FIXED_MESSAGES = {
    "union_tag_invalid": "Value is not one of the kinds this field accepts.",
    "union_tag_not_found": "Value does not say which kind it is.",
    "extra_forbidden": "Not a field of this kind of node.",
}

#: How pydantic introduces the text of a model's own check ("Assertion failed, FluorescentStain
#: or ProbeReagent required ..."): the check's text is the message.
_CHECK_PREFIXES = ("Assertion failed, ", "Value error, ")

#: Checks against a closed set of values: the value given may be shown (when it looks like one).
_CHOICE_CHECKS = frozenset({"enum", "literal_error"})

#: A string that may be shown back: short and shaped like a code or a name from a list, so it
#: cannot be a sentence of free text (notes, names of people) or a secret-sized token.
_SHOWABLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/+-]{0,23}")

#: The class a union member's loc entry names: pydantic writes it last, inside any validator
#: wrappers ("function-after[unit_validator(), FiberProbe]").
_MEMBER_CLASS = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\]*$")

Part = str | int


@dataclass(frozen=True, slots=True)
class _Branch:
    """One union member pydantic tried at one place of the document."""

    at: tuple[Any, ...]  # pydantic's loc up to the member (identifies the union)
    clean: tuple[Part, ...]  # the document path of that place
    member: str  # pydantic's name for the member
    node: Any  # the document's value there


@dataclass(frozen=True, slots=True)
class _Walked:
    """One pydantic error read against the document."""

    clean: tuple[Part, ...]
    branches: tuple[_Branch, ...]
    present: bool  # whether the document holds a value at ``clean``


def readable_errors(document: Any, details: Iterable[ErrorDetails]) -> tuple[dict[str, Any], ...]:
    """``{"loc", "msg"}`` for each of pydantic's ``details`` (``errors()`` *with* inputs) that
    belongs to the branch the document names, each once; inputs appear only when safe."""
    walked = [(detail, _walk(document, detail)) for detail in details]
    tried: dict[tuple[Any, ...], list[_Branch]] = {}
    for _, one in walked:
        for branch in one.branches:
            tried.setdefault(branch.at, []).append(branch)
    readable: dict[tuple[tuple[Part, ...], str], None] = {}
    for detail, one in walked:
        error = _in_named_branch(detail, one, tried)
        if error is not None:
            readable.setdefault(error, None)
    return tuple({"loc": list(loc), "msg": msg} for loc, msg in readable)


def _walk(document: Any, detail: ErrorDetails) -> _Walked:
    """Follow ``loc`` through the document: its keys and indexes are the path; anything else
    pydantic put there (wrappers, tags, union members) is not, and marks a union branch."""
    loc: Sequence[Any] = detail["loc"]
    node, present = document, True
    clean: list[Part] = []
    branches: list[_Branch] = []
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if _holds(node, part):
            node = node[part]
            clean.append(part)
        elif last and detail["type"] == "missing" and isinstance(part, str):
            node, present = None, False
            clean.append(part)
        elif isinstance(part, str):
            branches.append(_Branch(tuple(loc[:position]), tuple(clean), part, node))
        else:
            # An index into something that is not a list here: still the document's index.
            clean.append(part)
    return _Walked(tuple(clean), tuple(branches), present)


def _holds(node: Any, part: Any) -> bool:
    """Whether ``part`` is one of the document's own keys or indexes at ``node``."""
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _in_named_branch(
    detail: ErrorDetails, walked: _Walked, tried: dict[tuple[Any, ...], list[_Branch]]
) -> tuple[tuple[Part, ...], str] | None:
    """This error as (loc, msg); None when it comes from a branch the document does not name;
    the union's own one-line error when the document names none of the branches tried."""
    for branch in walked.branches:
        members = {b.member for b in tried[branch.at]}
        if len(members) < 2:
            continue  # one branch (a tagged union's, or a wrapper): nothing to choose
        named = [m for m in members if _names(branch.node, m)]
        if named and branch.member not in named:
            return None
        if not named:
            summary = _no_branch_named(branch.node, sorted(members))
            if summary is not None:
                return branch.clean, summary
            # A plain value that is none of several plain types: each type says why.
    return walked.clean, _message(detail, walked)


def _names(node: Any, member: str) -> bool:
    """Whether the document's node says it is the union ``member``."""
    if not isinstance(node, dict):
        return False
    kind = node.get("object_type")
    if not isinstance(kind, str):
        return False
    if member == kind:
        return True
    found = _MEMBER_CLASS.search(member)
    return found is not None and kind in _object_types().get(found.group(1), ())


def _no_branch_named(node: Any, members: list[str]) -> str | None:
    """One error for a union none of whose members the node names (None: keep each one's)."""
    if node is None:
        return MISSING
    kinds = sorted({kind for member in members for kind in _kinds(member)})
    if not kinds:
        return _FIXED_MESSAGES["union_tag_invalid"] if isinstance(node, dict) else None
    accepted = ", ".join(f"'{kind}'" for kind in kinds)
    return f"Value is not one of the kinds this field accepts ({accepted})."


def _kinds(member: str) -> tuple[str, ...]:
    found = _MEMBER_CLASS.search(member)
    return _object_types().get(found.group(1), ()) if found else ()


@cache
def _object_types() -> dict[str, tuple[str, ...]]:
    """Model class name → the ``object_type`` values its classes declare ("Fiber probe")."""
    found: dict[str, set[str]] = {}
    pending: list[type[BaseModel]] = [BaseModel]
    seen: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        pending.extend(model.__subclasses__())
        field = getattr(model, "model_fields", {}).get("object_type")
        if field is not None and isinstance(field.default, str):
            found.setdefault(model.__name__, set()).add(field.default)
    return {name: tuple(sorted(kinds)) for name, kinds in found.items()}


def _message(detail: ErrorDetails, walked: _Walked) -> str:
    kind = detail["type"]
    if kind in _FIXED_MESSAGES:
        return _FIXED_MESSAGES[kind]
    value = detail.get("input")
    if kind == "missing" or not walked.present or value is None:
        return MISSING
    if kind == "too_short" and value in ([], {}):
        least = (detail.get("ctx") or {}).get("min_length", 1)
        return f"{MISSING} (empty; at least {least} required)"
    message = str(detail["msg"])
    for prefix in _CHECK_PREFIXES:
        message = message.removeprefix(prefix)
    shown = _shown(value, kind in _CHOICE_CHECKS)
    return f"{message} (was {shown})" if shown is not None else message


def _shown(value: Any, choice: bool) -> str | None:
    """The value as it may be quoted back, or None when it may not."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if choice and isinstance(value, str) and _SHOWABLE.fullmatch(value):
        return repr(value)
    return None
