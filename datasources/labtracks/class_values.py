"""CLASS_VALUES: LabTracks' per-animal custom fields, kept as one XML document per animal.

The document looks like ``<?xml version="1.0" encoding="utf-16"?><MouseCustomClass ...>
<Reserved_by>...</Reserved_by><Full_Genotype>...</Full_Genotype>...</MouseCustomClass>``.
SQL Server stores it as UTF-16, but the driver hands over a decoded ``str`` whose declaration
still says utf-16; the declaration is dropped before parsing so no parser tries to honour it.

The text comes from a database that people type into: DTDs and entity declarations are
refused (defusedxml), and a document that does not parse yields ``None`` for that animal only.
"""

from __future__ import annotations

import functools
import re
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeElementTree

_DECLARATION = re.compile(r"^\s*\ufeff?\s*<\?xml\b[^>]*\?>", re.IGNORECASE)


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse(document: str) -> Element | None:
    text = _DECLARATION.sub("", document, count=1)
    try:
        root: Element = SafeElementTree.fromstring(
            text, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (SyntaxError, ValueError):  # ParseError is a SyntaxError; defusedxml's are ValueErrors
        return None
    return root


def parse_class_values(document: str | None) -> dict[str, str] | None:
    """The root's child elements as ``{name: text}`` (empty text for empty or nil elements).

    ``None`` when there is no document or it is not well-formed, safe XML.
    """
    if not document:
        return None
    children = _children(document)
    return None if children is None else dict(children)


# A subject's document is read for it and again as a parent's, request after request: parsed
# once while it stays among the most recent (the text is the key; the answer is immutable).
@functools.lru_cache(maxsize=4096)
def _children(document: str) -> tuple[tuple[str, str], ...] | None:
    root = _parse(document)
    if root is None:
        return None
    return tuple((_local_name(child.tag), (child.text or "").strip()) for child in root)


def field(values: dict[str, str] | None, name: str) -> str | None:
    """One custom field, matched case-insensitively; ``None`` when absent or empty."""
    if not values:
        return None
    wanted = name.lower()
    for key, value in values.items():
        if key.lower() == wanted:
            return value or None
    return None


def genotype(document: str | None) -> str | None:
    """The animal's full genotype, e.g. ``Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt``."""
    return field(parse_class_values(document), "Full_Genotype")
