"""SLIMS lookups: histology (specimen procedures), water restriction, ecephys sessions
(``resolvers.sessions``), SmartSPIM imaging, viral injections, and instruments by id.

Each answers a list: the subject's records, ``[]`` with 404 when SLIMS holds none, 406 (the
records still returned) when one fails aind-data-schema validation, 503 when SLIMS cannot be
asked. Dates filter on a record's start: ``start_date_gte`` and ``end_date_lte`` bound the
days it started and ended.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aind_data_schema.components.specimen_procedures import SpecimenProcedure
from aind_data_schema.components.subject_procedures import WaterRestriction
from aind_data_schema.core.instrument import Instrument
from pydantic import BaseModel

from datasources.result import Code, SourceResult
from datasources.slims.imaging import SmartSpimImaging
from datasources.slims.source import SlimsSource
from datasources.slims.viral_injections import ViralInjection, ViralMaterial
from resolvers.backends import Backends
from resolvers.inputs import InvalidArgumentError, check_text, parse_subject_id
from resolvers.loaders import Loaders
from resolvers.sessions import load_sessions
from resolvers.status import FieldStatus, Resolved, SourceStatus, bad_request
from resolvers.validation import validate

#: The service-local record models, for the GraphQL types (which may not import datasources).
__all__ = ["SlimsResolver", "SmartSpimImaging", "ViralInjection", "ViralMaterial", "answer"]


def check_dates(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise InvalidArgumentError(
            "Argument 'start_date_gte' must not be later than 'end_date_lte'."
        )


def _within(document: dict[str, Any], start: date | None, end: date | None) -> bool:
    began, ended = document.get("start_date"), document.get("end_date")
    if start is not None and (began is None or str(began) < start.isoformat()):
        return False
    last = ended or began
    return end is None or (last is not None and str(last) <= end.isoformat())


def answer(
    result: SourceResult[dict[str, Any]],
    model: type[BaseModel],
    what: str,
    start: date | None = None,
    end: date | None = None,
) -> Resolved[list[dict[str, Any]]]:
    """A SLIMS lookup as a field answer, each document validated against ``model``."""
    source = SourceStatus.of(result)
    if result.failed:
        return Resolved(None, FieldStatus(result.code, result.message, (source,)))
    documents = [d for d in result.records if _within(d, start, end)]
    if not documents:
        return Resolved([], FieldStatus(Code.NOT_FOUND, f"No {what}.", (source,)))
    checked = [validate(model, document) for document in documents]
    errors = tuple(
        {**error, "loc": [index, *error["loc"]]}
        for index, one in enumerate(checked)
        for error in one.errors
    )
    code = Code.OK if not errors else Code.INVALID
    status = FieldStatus(code, "", (SourceStatus(source.name, Code.OK, source.ms),), errors)
    return Resolved([one.document for one in checked], status)


class SlimsResolver:
    def __init__(self, backends: Backends, loaders: Loaders | None = None) -> None:
        self._backends = backends
        # The request's loaders; without them, this resolver's own (it lives for one request).
        self._loaders = loaders

    async def histology(
        self, subject_id: str, start: date | None = None, end: date | None = None
    ) -> Resolved[list[dict[str, Any]]]:
        # SLIMS cannot filter histology by date: the subject's runs are filtered here.
        return await self._by_subject(
            subject_id,
            start,
            end,
            "histology",
            SpecimenProcedure,
            lambda slims, key: slims.histology(key),
            filter_dates=True,
        )

    async def water_restriction(
        self, subject_id: str, start: date | None = None, end: date | None = None
    ) -> Resolved[list[dict[str, Any]]]:
        return await self._by_subject(
            subject_id,
            start,
            end,
            "water restriction",
            WaterRestriction,
            lambda slims, key: slims.water_restriction(key, start, end),
        )

    async def sessions(
        self,
        subject_id: str,
        session_name: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> Resolved[list[dict[str, Any]]]:
        """The subject's ecephys sessions (see ``resolvers.sessions``)."""
        try:
            key = str(parse_subject_id(subject_id))
            check_dates(start, end)
            name = None if session_name is None else check_text(session_name, "session_name")
        except InvalidArgumentError as error:
            return bad_request(str(error))
        if self._loaders is None:
            self._loaders = Loaders(self._backends)
        return await load_sessions(self._loaders.sessions, key, name, start, end)

    async def smartspim_imaging(
        self, subject_id: str, start: date | None = None, end: date | None = None
    ) -> Resolved[list[dict[str, Any]]]:
        return await self._by_subject(
            subject_id,
            start,
            end,
            "SmartSPIM imaging",
            SmartSpimImaging,
            lambda slims, key: slims.smartspim_imaging(key, start, end),
        )

    async def viral_injections(
        self, subject_id: str, start: date | None = None, end: date | None = None
    ) -> Resolved[list[dict[str, Any]]]:
        return await self._by_subject(
            subject_id,
            start,
            end,
            "viral injections",
            ViralInjection,
            lambda slims, key: slims.viral_injections(key, start, end),
        )

    async def instrument(
        self, instrument_id: str, partial_match: bool = False
    ) -> Resolved[list[dict[str, Any]]]:
        """Stored instrument documents, each validated as a 2.x ``Instrument`` but returned
        as stored (many predate 2.x): 200 when all validate, 406 otherwise."""
        try:
            key = check_text(instrument_id, "instrument_id")
        except InvalidArgumentError as error:
            return bad_request(str(error))
        slims = self._backends.slims
        if slims is None:
            return _not_configured()
        result = await slims.instrument(key, partial_match)
        source = SourceStatus.of(result)
        if result.failed:
            return Resolved(None, FieldStatus(result.code, result.message, (source,)))
        documents = list(result.records)
        if not documents:
            message = f"No instrument {'matching' if partial_match else 'named'} {key!r}."
            return Resolved([], FieldStatus(Code.NOT_FOUND, message, (source,)))
        errors = tuple(
            {**error, "loc": [index, *error["loc"]]}
            for index, document in enumerate(documents)
            for error in _instrument_errors(document)
        )
        code = Code.OK if not errors else Code.INVALID
        status = FieldStatus(code, "", (SourceStatus(source.name, Code.OK, source.ms),), errors)
        return Resolved(documents, status)

    async def _by_subject(
        self,
        subject_id: str,
        start: date | None,
        end: date | None,
        what: str,
        model: type[BaseModel],
        ask: Callable[[SlimsSource, str], Awaitable[SourceResult[dict[str, Any]]]],
        *,
        filter_dates: bool = False,
    ) -> Resolved[list[dict[str, Any]]]:
        """A SLIMS lookup by subject (and dates, which ``ask`` passes on to SLIMS, or which
        are applied here when ``filter_dates``), each record validated against ``model``."""
        try:
            key = str(parse_subject_id(subject_id))
            check_dates(start, end)
        except InvalidArgumentError as error:
            return bad_request(str(error))
        slims = self._backends.slims
        if slims is None:
            return _not_configured()
        result = await ask(slims, key)
        what = f"{what} for subject {key}"
        if filter_dates:
            return answer(result, model, what, start, end)
        return answer(result, model, what)


def _not_configured() -> Resolved[list[dict[str, Any]]]:
    result: SourceResult[Any] = SourceResult.not_configured("slims")
    status = FieldStatus(Code.UNAVAILABLE, result.message, (SourceStatus.of(result),))
    return Resolved(None, status)


def _instrument_errors(document: Any) -> tuple[dict[str, Any], ...]:
    """Why a stored document is not a 2.x ``Instrument``, read like every other 406."""
    if isinstance(document, dict):
        return validate(Instrument, document).errors
    return ({"loc": [], "msg": "The document is not a JSON object."},)
