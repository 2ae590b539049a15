"""Where an injection material's values came from, when its sources disagree.

A surgery request names a viral material (its name, prep lot, titer...) and TARS knows the prep
lot; the enrichment (``resolvers.enrichment``) keeps TARS' record but the request's titer. When
the two give different values for a field, both are kept here, each with its source and
whether the document holds it, so a reader can tell the titer injected from the prep's without
the document changing shape. Values that agree (text ignoring case and surrounding space,
numbers by value) or that one side does not give are not listed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["TARS", "Path", "ValueOrigin", "at_path", "disagreements", "paths_of"]

TARS = "tars"

#: Keys and list indexes from the root of a document to one of its nodes.
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ValueOrigin:
    """One source's value for a field of a material (``field`` dotted for nested fields, e.g.
    ``tars_identifiers.prep_lot_number``) and whether the document holds that value."""

    field: str
    value: Any
    source: str
    kept: bool


def disagreements(
    requested: Mapping[str, Any], tars: Mapping[str, Any], kept: Mapping[str, Any], source: str
) -> tuple[ValueOrigin, ...]:
    """The fields on which ``requested`` (as ``source`` wrote the material) and ``tars`` (TARS'
    record of its lot) disagree, each with both values; ``kept`` is the material as the
    document now holds it."""
    origins: list[ValueOrigin] = []
    for name, mine in _leaves(requested):
        theirs = _leaf(tars, name)
        if mine is None or theirs is None or _same(mine, theirs):
            continue
        held = _leaf(kept, name)
        origins.append(ValueOrigin(name, mine, source, _same(held, mine)))
        origins.append(ValueOrigin(name, theirs, TARS, _same(held, theirs)))
    return tuple(origins)


def paths_of(document: Any, nodes: Sequence[Mapping[str, Any]]) -> dict[int, Path]:
    """Where each of ``nodes`` (dicts held by ``document`` itself, not copies) sits in it, by
    ``id``; nodes ``document`` does not hold are left out."""
    wanted = {id(node) for node in nodes}
    return {id(node): path for path, node in _nodes(document, ()) if id(node) in wanted}


def at_path(document: Any, path: Path) -> Any:
    """The node at ``path`` in ``document``, or None when the document has no such node."""
    node = document
    for step in path:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            node = node[step]
        elif isinstance(step, str) and isinstance(node, dict):
            node = node.get(step)
        else:
            return None
    return node


def _nodes(value: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, (*path, index))


def _leaves(material: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted field, value) of every value that is not itself an object."""
    for key, value in material.items():
        if key == "object_type":
            continue
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _leaves(value, f"{name}.")
        else:
            yield name, value


def _leaf(material: Mapping[str, Any], name: str) -> Any:
    node: Any = material
    for key in name.split("."):
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left.strip().casefold() == right.strip().casefold()
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return bool(left == right)
