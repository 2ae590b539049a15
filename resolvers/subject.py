"""Subjects: LabTracks for the animal, MGI for the alleles named in its genotype."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aind_data_schema.core.subject import Subject

from datasources.labtracks import MappedSubject
from datasources.mgi import allele_names
from datasources.result import Code, SourceResult
from resolvers.inputs import InvalidArgumentError, check_list_length, parse_subject_id
from resolvers.loaders import Loaders
from resolvers.status import (
    FieldStatus,
    Resolved,
    SourceStatus,
    bad_request,
    enrichment_warnings,
    list_status,
    merge_sources,
    partial_failures,
)
from resolvers.validation import validate


@dataclass(frozen=True, slots=True)
class SubjectRecord:
    """A subject document (aind-data-schema ``Subject`` JSON) and what the schema cannot hold.

    ``breeding_group`` is the name of the mother's LabTracks group: aind-data-schema 2.9
    deprecates ``BreedingInfo.breeding_group`` and clears it on validation, but users still
    ask for it.
    """

    document: dict[str, Any]
    breeding_group: str | None = None


class SubjectResolver:
    def __init__(self, loaders: Loaders, max_list_length: int) -> None:
        self._loaders = loaders
        self._max_list_length = max_list_length

    async def subject(
        self, subject_id: str, with_alleles: bool = True, argument: str = "subject_id"
    ) -> Resolved[SubjectRecord]:
        """``with_alleles=False`` skips MGI for callers that do not read alleles; ``argument``
        is what a malformed id's message calls it."""
        try:
            key = parse_subject_id(subject_id, argument)
        except InvalidArgumentError as error:
            return bad_request(str(error))
        return await self._resolve(key, with_alleles)

    async def subjects(
        self, subject_ids: Sequence[str], with_alleles: bool = True
    ) -> Resolved[list[Resolved[SubjectRecord]]]:
        """One status for the list argument, one per item; one LabTracks round trip in all."""
        try:
            check_list_length(list(subject_ids), "subject_ids", self._max_list_length)
        except InvalidArgumentError as error:
            return bad_request(str(error))
        items = await asyncio.gather(
            *(
                self.subject(value, with_alleles, f"subject_ids[{index}]")
                for index, value in enumerate(subject_ids)
            )
        )
        return Resolved(list(items), list_status("subject", [item.status for item in items]))

    async def _resolve(self, subject_id: int, with_alleles: bool) -> Resolved[SubjectRecord]:
        labtracks = await self._loaders.subjects.load(subject_id)
        if labtracks.code not in (Code.OK, Code.MULTIPLE):
            return Resolved(None, _without_record(subject_id, labtracks))
        mapped = labtracks.records[0]
        lookups = await self._lookup_alleles(mapped) if with_alleles else []
        document = _with_alleles(mapped.document, lookups)
        validated = validate(Subject, document)
        sources = [SourceStatus.of(labtracks)]
        mgi = merge_sources("mgi", lookups)
        if mgi is not None:
            sources.append(mgi)
        failed = partial_failures(sources)
        if failed:
            code = Code.PARTIAL
            message = "; ".join(f"{s.name}: {s.message}" for s in failed)
        elif labtracks.code == Code.MULTIPLE:
            code = Code.MULTIPLE
            message = (
                f"{len(labtracks.records)} LabTracks records for subject {subject_id}; "
                "the first is returned."
            )
        elif not validated.valid:
            code, message = Code.INVALID, ""
        else:
            code, message = Code.OK, ""
        warnings = enrichment_warnings(sources)
        status = FieldStatus(code, message, tuple(sources), validated.errors, warnings)
        return Resolved(SubjectRecord(validated.document, mapped.breeding_group), status)

    async def _lookup_alleles(self, mapped: MappedSubject) -> list[SourceResult[dict[str, Any]]]:
        names = allele_names(mapped.genotype)
        if not names:
            return []
        return list(await self._loaders.alleles.load_many(names))


def _without_record(subject_id: int, labtracks: SourceResult[MappedSubject]) -> FieldStatus:
    if labtracks.code == Code.NOT_FOUND:
        message = f"No LabTracks record for subject {subject_id}."
    else:
        message = labtracks.message
    return FieldStatus(labtracks.code, message, (SourceStatus.of(labtracks),))


def _with_alleles(
    document: dict[str, Any], lookups: list[SourceResult[dict[str, Any]]]
) -> dict[str, Any]:
    """The mapped document with the MGI alleles found, each once, in genotype order."""
    alleles: dict[str, dict[str, Any]] = {}
    for lookup in lookups:
        if lookup.code in (Code.OK, Code.MULTIPLE):
            for allele in lookup.records:
                alleles.setdefault(str(allele.get("registry_identifier")), allele)
    # Only the path to the alleles is new: the mapped document (which the LabTracks loader may
    # hand to other requests) is left as it is, and nothing else needs copying.
    details = document.get("subject_details")
    if not isinstance(details, dict):
        return dict(document)
    return {**document, "subject_details": {**details, "alleles": list(alleles.values())}}
