"""A subject's SLIMS ecephys sessions, as aind-data-schema 2.x ``Acquisition`` documents.

Sessions go through the request's ``sessions`` DataLoader, so ``Query.sessions`` and every
``Subject.sessions`` in one request ask SLIMS once per distinct subject. The filters (session
name, days) apply here, to what SLIMS answered. Each document is validated as ``Acquisition``:
SLIMS records no acquisition, stream or epoch times, so in practice a session is 406 with the
missing values listed, its document still returned as mapped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aind_data_schema.core.acquisition import Acquisition
from strawberry.dataloader import DataLoader

from datasources.result import Code, SourceResult
from datasources.slims.sessions import SessionRecord
from resolvers.status import FieldStatus, Resolved, SourceStatus
from resolvers.validation import validate

Sessions = DataLoader[str, SourceResult[SessionRecord]]


def _kept(record: SessionRecord, name: str | None, start: date | None, end: date | None) -> bool:
    if name is not None and (record.name or "").casefold() != name.casefold():
        return False
    if start is None and end is None:
        return True
    if record.day is None:
        return False
    return (start is None or record.day >= start) and (end is None or record.day <= end)


def session_answer(
    result: SourceResult[SessionRecord],
    subject_id: str,
    name: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Resolved[list[dict[str, Any]]]:
    """SLIMS' answer for one subject as a field answer: filtered, each validated."""
    source = SourceStatus.of(result)
    if result.failed:
        return Resolved(None, FieldStatus(result.code, result.message, (source,)))
    documents = [r.document for r in result.records if _kept(r, name, start, end)]
    if not documents:
        return Resolved(
            [], FieldStatus(Code.NOT_FOUND, f"No sessions for subject {subject_id}.", (source,))
        )
    checked = [validate(Acquisition, document) for document in documents]
    errors = tuple(
        {**error, "loc": [index, *error["loc"]]}
        for index, one in enumerate(checked)
        for error in one.errors
    )
    code = Code.OK if not errors else Code.INVALID
    status = FieldStatus(code, "", (SourceStatus(source.name, Code.OK, source.ms),), errors)
    return Resolved([one.document for one in checked], status)


async def load_sessions(
    loader: Sessions,
    subject_id: str,
    name: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Resolved[list[dict[str, Any]]]:
    """``subject_id`` (already checked) through the request's loader."""
    return session_answer(await loader.load(subject_id), subject_id, name, start, end)
