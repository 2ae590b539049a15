"""Checks of caller-supplied arguments, done before any backend is asked."""

from __future__ import annotations

import re

_SUBJECT_ID = re.compile(r"[0-9]{1,18}")


class InvalidArgumentError(ValueError):
    """An argument is malformed; the message names the argument and says what is expected."""


def parse_subject_id(value: str, argument: str = "subject_id") -> int:
    """LabTracks subject ids are non-negative integers (at most 18 digits, to fit BIGINT).

    ``argument`` names the value in the message: ``subject_ids[3]`` for a list's fourth item.
    """
    if not _SUBJECT_ID.fullmatch(value):
        raise InvalidArgumentError(
            f"Argument '{argument}' must be a non-negative integer of at most 18 digits."
        )
    return int(value)


def check_list_length(values: list[str], argument: str, maximum: int) -> None:
    if len(values) > maximum:
        raise InvalidArgumentError(
            f"Argument '{argument}' has {len(values)} items; at most {maximum} are allowed."
        )


def check_text(value: str, argument: str, maximum: int = 200) -> str:
    """A free-text key (e.g. an allele name): non-blank, bounded, no control characters."""
    stripped = value.strip()
    if not stripped or len(stripped) > maximum or any(ord(char) < 32 for char in stripped):
        raise InvalidArgumentError(
            f"Argument '{argument}' must be 1 to {maximum} printable characters."
        )
    return stripped
