"""Searching subjects by what they are: checked arguments, opaque cursors, one LabTracks page.

A page holds subject ids only; each subject is then resolved like ``subject(subject_id)``
through the request's loaders, so the subjects of a page (and what is asked below them:
procedures, funding, ...) are fetched in batches, not one by one.

Cursors are ``v1:<animal id>`` in URL-safe base64 without padding: opaque to callers, stable
(the same animal always has the same cursor, whatever was added or removed since) and valid
with any filter, since a page only continues after that id.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from dataclasses import dataclass
from typing import Any

from datasources.labtracks.search import SEX_CODES, SubjectFilter
from datasources.result import Code, SourceResult
from resolvers.backends import Backends
from resolvers.inputs import InvalidArgumentError, check_text
from resolvers.status import FieldStatus, Resolved, SourceStatus, bad_request

__all__ = [
    "DEFAULT_FIRST",
    "MAX_FIRST",
    "FilterArguments",
    "SubjectFilter",
    "SubjectPage",
    "SubjectSearch",
]

DEFAULT_FIRST = 50
MAX_FIRST = 200
# Room ids are LabTracks integers; negative ones mean "no room" and find nothing useful.
_ROOM_ID = re.compile(r"[0-9]{1,9}")
_CURSOR_VERSION = "v1:"
_CURSOR_ID = re.compile(r"[0-9]{1,18}")


@dataclass(frozen=True, slots=True)
class FilterArguments:
    """The filter as the caller gave it, before any check."""

    born_on_or_after: datetime.date | None = None
    born_on_or_before: datetime.date | None = None
    sex: str | None = None
    genotype_contains: str | None = None
    group_name: str | None = None
    room_id: str | None = None


@dataclass(frozen=True, slots=True)
class SubjectPage:
    """One page of matches: their ids in order, whether more follow, and the filter (for a
    count asked for later)."""

    subject_ids: tuple[str, ...]
    has_next_page: bool
    subject_filter: SubjectFilter

    @property
    def cursors(self) -> tuple[str, ...]:
        return tuple(map(encode_cursor, self.subject_ids))

    @property
    def end_cursor(self) -> str | None:
        return encode_cursor(self.subject_ids[-1]) if self.subject_ids else None


def encode_cursor(subject_id: str) -> str:
    raw = f"{_CURSOR_VERSION}{subject_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, argument: str = "after") -> int:
    """The animal id a cursor of :func:`encode_cursor` stands for."""
    problem = InvalidArgumentError(
        f"Argument '{argument}' must be a cursor from this field's page_info.end_cursor or "
        "an edge's cursor."
    )
    text = cursor.strip()
    if not text or len(text) > 64:
        raise problem
    try:
        decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise problem from None
    subject_id = decoded.removeprefix(_CURSOR_VERSION)
    if subject_id == decoded or not _CURSOR_ID.fullmatch(subject_id):
        raise problem
    return int(subject_id)


def check_first(first: int) -> int:
    if not 1 <= first <= MAX_FIRST:
        raise InvalidArgumentError(
            f"Argument 'first' must be between 1 and {MAX_FIRST}; got {first}."
        )
    return first


def check_filter(arguments: FilterArguments) -> SubjectFilter:
    """The filter the datasource runs, or :class:`InvalidArgumentError` naming the argument."""
    after, before = arguments.born_on_or_after, arguments.born_on_or_before
    if after is not None and before is not None and after > before:
        raise InvalidArgumentError(
            "Argument 'filter.born_on_or_after' must not be later than 'filter.born_on_or_before'."
        )
    if arguments.sex is not None and arguments.sex not in SEX_CODES:
        raise InvalidArgumentError(f"Argument 'filter.sex' must be one of {', '.join(SEX_CODES)}.")
    genotype = None
    if arguments.genotype_contains is not None:
        genotype = check_text(arguments.genotype_contains, "filter.genotype_contains", 100)
    group = None
    if arguments.group_name is not None:
        group = check_text(arguments.group_name, "filter.group_name", 100)
    room = None
    if arguments.room_id is not None:
        if not _ROOM_ID.fullmatch(arguments.room_id.strip()):
            raise InvalidArgumentError(
                "Argument 'filter.room_id' must be a non-negative integer of at most 9 digits."
            )
        room = int(arguments.room_id)
    return SubjectFilter(after, before, arguments.sex, genotype, group, room)


class SubjectSearch:
    def __init__(self, backends: Backends) -> None:
        self._backends = backends

    async def subjects(
        self, arguments: FilterArguments, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Resolved[SubjectPage]:
        """One page of subjects matching the filter, in LabTracks id order.

        200 with the page; 404 (with an empty page, not null) when nothing matches after the
        cursor; 400 naming a bad argument; 503 when LabTracks cannot answer.
        """
        try:
            rows = check_first(first)
            start = None if after is None else decode_cursor(after)
            subject_filter = check_filter(arguments)
        except InvalidArgumentError as error:
            return bad_request(str(error))
        labtracks = self._backends.labtracks
        if labtracks is None:
            return _failed(SourceResult.not_configured("labtracks"))
        # One row more than the page: its presence says that another page follows.
        found = await labtracks.find_subjects(subject_filter, start, rows + 1)
        if found.failed:
            return _failed(found)
        ids = tuple(str(subject_id) for subject_id in found.records)
        page = SubjectPage(ids[:rows], len(ids) > rows, subject_filter)
        if page.subject_ids:
            code = Code.OK
            message = (
                f"{len(page.subject_ids)} subjects on this page; each node has its own status."
            )
        else:
            code, message = Code.NOT_FOUND, "No subject matches the filter after this cursor."
        source = SourceStatus.of(found.with_records((), code=code))
        return Resolved(page, FieldStatus(code, message, (source,)))

    async def count(self, subject_filter: SubjectFilter) -> Resolved[int]:
        """How many subjects match the filter (every page together): one LabTracks count."""
        labtracks = self._backends.labtracks
        if labtracks is None:
            return _failed(SourceResult.not_configured("labtracks"))
        counted = await labtracks.count_subjects(subject_filter)
        if counted.failed:
            return _failed(counted)
        total = counted.records[0]
        status = FieldStatus(
            Code.OK, f"{total} subjects match the filter.", (SourceStatus.of(counted),)
        )
        return Resolved(total, status)


def _failed(result: SourceResult[Any]) -> Resolved[Any]:
    return Resolved(None, FieldStatus(result.code, result.message, (SourceStatus.of(result),)))
