"""Alleles by name, straight from MGI."""

from __future__ import annotations

from typing import Any

from datasources.result import Code
from resolvers.inputs import InvalidArgumentError, check_text
from resolvers.loaders import Loaders
from resolvers.status import FieldStatus, Resolved, SourceStatus, bad_request


class AlleleResolver:
    def __init__(self, loaders: Loaders) -> None:
        self._loaders = loaders

    async def allele(self, allele_name: str) -> Resolved[list[dict[str, Any]]]:
        """Every four-star synonym match (300 when there are several)."""
        try:
            name = check_text(allele_name, "allele_name")
        except InvalidArgumentError as error:
            return bad_request(str(error))
        result = await self._loaders.alleles.load(name)
        message = result.message
        if result.code == Code.NOT_FOUND:
            message = f"MGI has no four-star synonym match for allele {name!r}."
        value = list(result.records) if result.code in (Code.OK, Code.MULTIPLE) else None
        return Resolved(value, FieldStatus(result.code, message, (SourceStatus.of(result),)))
