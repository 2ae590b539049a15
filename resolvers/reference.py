"""Reference data looked up by name: injection materials (TARS), funding and protocols (the
Smartsheet funding and protocols sheets)."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from aind_data_schema.core.data_description import Funding

from datasources.result import Code, SourceResult
from datasources.smartsheet import funding, protocols
from datasources.smartsheet.funding import FundingRow
from datasources.smartsheet.protocols import ProtocolInformation
from resolvers.backends import Backends
from resolvers.inputs import InvalidArgumentError, check_text
from resolvers.loaders import Loaders
from resolvers.procedures import ProceduresResolver
from resolvers.status import FieldStatus, Resolved, SourceStatus, bad_request, partial_failures
from resolvers.validation import validate

#: A cost code such as "121-01-012-10", which surgery requests write beside the project name.
_COST_CODE = re.compile(r"\b\d{3}-\d{2}-\d{3}-\d{2}\b")

T = TypeVar("T")

__all__ = ["PROJECT_RULE", "ProtocolInformation", "ReferenceResolver", "project_from_request"]

PROJECT_RULE = (
    "A surgery request names its project as free text, often with a cost code "
    '("121-01-012-10 Learning mFISH"). The cost code is removed and the rest is looked up in '
    'the funding sheet like `funding(project_name)`: "Project" finds every subproject\'s rows, '
    '"Project - Subproject" that one, ignoring case and runs of spaces. A request naming a '
    "project the sheet spells differently, or only by cost code, finds nothing."
)


#: At most this many names are suggested after a lookup that found nothing.
MAX_SUGGESTIONS = 3
#: How alike (difflib's ratio, 0 to 1) a name must be to the one asked for to be suggested.
SUGGESTION_CUTOFF = 0.6


def project_from_request(text: str) -> str:
    return " ".join(_COST_CODE.sub(" ", text).split())


def closest_names(name: str, names: Sequence[str]) -> list[str]:
    """The names most like ``name``, best first, ignoring case and runs of white space."""
    by_key: dict[str, str] = {}
    for candidate in names:
        by_key.setdefault(" ".join(candidate.split()).casefold(), candidate)
    key = " ".join(name.split()).casefold()
    scored: list[tuple[float, str]] = []
    for candidate_key in by_key:
        score = difflib.SequenceMatcher(None, key, candidate_key).ratio()
        if score >= SUGGESTION_CUTOFF:
            scored.append((-score, candidate_key))
    # Equally close names in alphabetical order.
    return [by_key[candidate_key] for _, candidate_key in sorted(scored)[:MAX_SUGGESTIONS]]


def did_you_mean(names: Sequence[str]) -> str:
    """The sentence added to a 404's message, e.g. " Did you mean 'A', 'B' or 'C'?"; "" for
    no names."""
    if not names:
        return ""
    quoted = [repr(name) for name in names]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f" Did you mean {listed}?"


def _answer(result: SourceResult[Any], what: str) -> Resolved[list[Any]]:
    """A lookup's result as a field answer: its records, or a status saying why there are none."""
    message = result.message
    if result.code == Code.NOT_FOUND:
        message = f"No {what}."
    value = list(result.records) if result.code in (Code.OK, Code.MULTIPLE) else None
    return Resolved(value, FieldStatus(result.code, message, (SourceStatus.of(result),)))


class ReferenceResolver:
    def __init__(
        self, loaders: Loaders, backends: Backends, procedures: ProceduresResolver
    ) -> None:
        self._loaders = loaders
        self._backends = backends
        self._procedures = procedures

    async def injection_materials(self, prep_lot_number: str) -> Resolved[list[dict[str, Any]]]:
        """TARS viral materials of a prep lot: 300 when several lots carry the number."""
        try:
            lot = check_text(prep_lot_number, "prep_lot_number")
        except InvalidArgumentError as error:
            return bad_request(str(error))
        return _answer(await self._loaders.materials.load(lot), f"TARS prep lot {lot!r}")

    async def funding(self, project_name: str) -> Resolved[list[FundingRow]]:
        try:
            name = check_text(project_name, "project_name")
        except InvalidArgumentError as error:
            return bad_request(str(error))
        resolved = _validated(await self._loaders.funding.load(name), f"funding for {name!r}")
        return await self._suggest_projects(resolved, name)

    async def funding_of_projects(self, projects: Sequence[str]) -> Resolved[list[FundingRow]]:
        """Funding of the projects surgery requests name (see :data:`PROJECT_RULE`)."""
        names = list(dict.fromkeys(filter(None, map(project_from_request, projects))))
        if not names:
            return Resolved(
                None, FieldStatus(Code.NOT_FOUND, "No surgery request names a project.")
            )
        results = await self._loaders.funding.load_many(names)
        # "Project" and "Project - Subproject" both find the subproject's rows: keep each once.
        found_rows = (
            row for result in results if result.code == Code.OK for row in result.records
        )
        rows = list({(row.row_id, row.row_number): row for row in found_rows}.values())
        failed = [result for result in results if result.failed]
        if failed and not rows:
            return _answer(failed[0], "")
        found = SourceResult(funding.SOURCE, Code.OK if rows else Code.NOT_FOUND, rows)
        resolved = _validated(found, f"funding for {', '.join(map(repr, names))}")
        if not failed:
            return resolved
        status = dataclasses.replace(resolved.status, code=Code.PARTIAL, message=failed[0].message)
        return Resolved(resolved.value, status)

    async def funding_of_subject(self, subject_id: str) -> Resolved[list[FundingRow]]:
        """Funding of the projects named by the subject's surgery requests."""
        procedures = await self._procedures.procedures(subject_id)
        if procedures.value is None:
            return Resolved(None, procedures.status)  # the procedures' status says why
        resolved = await self.funding_of_projects(procedures.value.projects)
        # Projects come only from the surgery requests: a list that could not be read may
        # have named one, so "none found" is not an answer then.
        unread = [
            source
            for source in partial_failures(procedures.status.sources)
            if source.name.startswith("sharepoint.")
        ]
        if not unread:
            return resolved
        names = ", ".join(source.name for source in unread)
        if resolved.value is None and resolved.status.code == Code.NOT_FOUND:
            message = f"The surgery requests that name projects could not be read ({names})."
            return Resolved(None, FieldStatus(Code.UNAVAILABLE, message, tuple(unread)))
        message = f"Partial: surgery requests in {names} could not be read."
        sources = (*resolved.status.sources, *unread)
        status = dataclasses.replace(
            resolved.status, code=Code.PARTIAL, message=message, sources=sources
        )
        return Resolved(resolved.value, status)

    async def investigators(self, project_name: str) -> Resolved[list[dict[str, Any]]]:
        try:
            name = check_text(project_name, "project_name")
        except InvalidArgumentError as error:
            return bad_request(str(error))
        if self._backends.smartsheet is None:
            return _answer(SourceResult.not_configured(funding.SOURCE), "")
        resolved = _answer(
            await self._backends.smartsheet.investigators(name), f"investigators of {name!r}"
        )
        return await self._suggest_projects(resolved, name)

    async def project_names(self) -> Resolved[list[str]]:
        if self._backends.smartsheet is None:
            return _answer(SourceResult.not_configured(funding.SOURCE), "")
        return _answer(await self._backends.smartsheet.project_names(), "project names")

    async def protocols(self, protocol_name: str) -> Resolved[list[ProtocolInformation]]:
        try:
            name = check_text(protocol_name, "protocol_name")
        except InvalidArgumentError as error:
            return bad_request(str(error))
        if self._backends.smartsheet is None:
            return _answer(SourceResult.not_configured(protocols.SOURCE), "")
        smartsheet = self._backends.smartsheet
        resolved = _answer(await smartsheet.protocols(name), f"protocol named {name!r}")
        if resolved.status.code != Code.NOT_FOUND:
            return resolved
        return _with_suggestions(resolved, name, await smartsheet.protocol_names())

    async def protocol_names(self) -> Resolved[list[str]]:
        if self._backends.smartsheet is None:
            return _answer(SourceResult.not_configured(protocols.SOURCE), "")
        return _answer(await self._backends.smartsheet.protocol_names(), "protocol names")

    async def _suggest_projects(self, resolved: Resolved[T], name: str) -> Resolved[T]:
        """A 404 for a project name, with the closest names the funding sheet answers to."""
        smartsheet = self._backends.smartsheet
        if resolved.status.code != Code.NOT_FOUND or smartsheet is None:
            return resolved
        return _with_suggestions(resolved, name, await smartsheet.project_names())


def _with_suggestions(resolved: Resolved[T], name: str, names: SourceResult[str]) -> Resolved[T]:
    """The 404's message followed by the closest ``names``. The names come from the sheet the
    lookup just read (cached), so this asks Smartsheet nothing more; when they cannot be had,
    the 404 stays as it is."""
    if names.code != Code.OK:
        return resolved
    suggestion = did_you_mean(closest_names(name, names.records))
    if not suggestion:
        return resolved
    message = resolved.status.message + suggestion
    return Resolved(resolved.value, dataclasses.replace(resolved.status, message=message))


def _validated(result: SourceResult[FundingRow], what: str) -> Resolved[list[FundingRow]]:
    """Funding rows with their documents validated: 406 (rows still returned) if one fails."""
    answer = _answer(result, what)
    if answer.value is None:
        return answer
    errors: list[dict[str, Any]] = []
    rows: list[FundingRow] = []
    for index, row in enumerate(answer.value):
        validated = validate(Funding, row.document)
        errors.extend({**e, "loc": [index, *e["loc"]]} for e in validated.errors)
        rows.append(row if not validated.valid else _with_document(row, validated.document))
    code = Code.INVALID if errors else answer.status.code
    status = FieldStatus(code, answer.status.message, answer.status.sources, tuple(errors))
    return Resolved(rows, status)


def _with_document(row: FundingRow, document: dict[str, Any]) -> FundingRow:
    return dataclasses.replace(row, document=document)
