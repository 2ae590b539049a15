"""Rich-text cells and tolerant column types for the raw list-item models."""

from __future__ import annotations

import html
import re
from typing import Annotated

from pydantic import BeforeValidator

from datasources.sharepoint.parsers.quantities import parse_number

_TAG = re.compile(r"<[^>]*>")
_LINE_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li)>|\r?\n", re.IGNORECASE)


def clean_text(value: object) -> str | None:
    """Plain text of a rich-text cell: tags dropped, entities decoded, whitespace collapsed."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = " ".join(html.unescape(_TAG.sub(" ", str(value))).split())
    return text or None


def text_lines(value: object) -> list[str]:
    """The non-empty lines of a rich-text cell."""
    if value is None or isinstance(value, bool | dict | list):
        return []
    lines = (clean_text(line) for line in _LINE_BREAK.split(str(value)))
    return [line for line in lines if line]


_PLACEHOLDERS = frozenset({"", "select...", "select if applicable...", "null"})


def _tolerant_text(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return None if text.lower() in _PLACEHOLDERS else text


def _tolerant_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    number = parse_number(value) if isinstance(value, str | float) else None
    return int(number) if number is not None and number == number.to_integral_value() else None


def _tolerant_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _tolerant_text(value)
    if text is None:
        return None
    return {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}.get(
        text.lower()
    )


#: A text column: numbers become text, SharePoint's "Select..." placeholders become None.
TolerantText = Annotated[str | None, BeforeValidator(_tolerant_text)]
#: A whole-number column (lookup ids): anything else becomes None.
TolerantInt = Annotated[int | None, BeforeValidator(_tolerant_int)]
#: A yes/no column: booleans, "Yes"/"No"; anything else becomes None.
TolerantBool = Annotated[bool | None, BeforeValidator(_tolerant_bool)]
