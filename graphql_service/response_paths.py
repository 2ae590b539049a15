"""Where a validation error's node is in the response: its ``path``, next to its ``loc``.

``loc`` is the node's place in the aind-data-schema document; the response holds the same node
under the field's response path, through the fields the query selected (aliases as written),
or inside a selected ``json`` (every type has one: the whole node as a document). An error
whose node the query did not select gets no ``path``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from resolvers.status import FieldStatus

__all__ = ["with_response_paths"]

Part = str | int


def with_response_paths(
    status: FieldStatus, field: Sequence[Part], selections: list[Selection], value: Any
) -> FieldStatus:
    """``status`` with a ``path`` in each validation error the response shows; ``field`` is
    the response path of the field answering ``value`` (what GraphQL returns for it) and
    ``selections`` what the query selects below it."""
    if not status.validation_errors or value is None:
        return status
    errors = []
    for error in status.validation_errors:
        found = _path(list(error.get("loc", ())), selections, value)
        errors.append(error if found is None else {**error, "path": [*field, *found]})
    return dataclasses.replace(status, validation_errors=tuple(errors))


def _path(loc: list[Any], selections: list[Selection], value: Any) -> list[Part] | None:
    path: list[Part] = []
    for position, part in enumerate(loc):
        if isinstance(value, dict):
            # Inside a JSON value: the document's own keys are the response's.
            return [*path, *loc[position:]]
        if isinstance(part, int):
            if not isinstance(value, list) or not 0 <= part < len(value):
                return None
            value = value[part]
            path.append(part)
            continue
        if isinstance(value, list):
            return None
        chosen = _selected(selections, part, value)
        if chosen is None:
            whole = _selected(selections, "json", value)
            if whole is None:
                return None
            return [*path, whole.alias or whole.name, *loc[position:]]
        path.append(chosen.alias or chosen.name)
        document, value = getattr(value, "json", None), getattr(value, part, None)
        if isinstance(value, list) and not _same_length(value, document, part):
            return None  # items the response leaves out: its indexes are not the document's
        selections = chosen.selections
        if value is None:
            # Nothing there to look into: the deepest node the response shows.
            return path if position == len(loc) - 1 else None
    return path


def _same_length(items: list[Any], document: Any, name: str) -> bool:
    held = document.get(name) if isinstance(document, dict) else None
    return not isinstance(held, list) or len(held) == len(items)


def _selected(selections: list[Selection], name: str, value: Any) -> SelectedField | None:
    """The field ``name`` as the query selects it on ``value``, through fragments that apply."""
    for selection in selections:
        if isinstance(selection, SelectedField) and selection.name == name:
            return selection
        if isinstance(selection, InlineFragment | FragmentSpread) and _applies(
            selection.type_condition, value
        ):
            found = _selected(selection.selections, name, value)
            if found is not None:
                return found
    return None


def _applies(condition: str | None, value: Any) -> bool:
    if condition is None:
        return True
    definition = getattr(type(value), "__strawberry_definition__", None)
    if definition is None:
        return False
    names = {definition.name, *(interface.name for interface in definition.interfaces)}
    return condition in names
