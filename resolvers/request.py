"""The resolvers one request uses, sharing that request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass

from resolvers.alleles import AlleleResolver
from resolvers.backends import Backends
from resolvers.loaders import Loaders
from resolvers.procedures import ProceduresResolver
from resolvers.reference import ReferenceResolver
from resolvers.subject import SubjectResolver


@dataclass(frozen=True, slots=True)
class Limits:
    max_list_length: int = 500


@dataclass(frozen=True, slots=True)
class RequestResolvers:
    subjects: SubjectResolver
    alleles: AlleleResolver
    procedures: ProceduresResolver
    reference: ReferenceResolver

    @classmethod
    def for_request(cls, backends: Backends, limits: Limits) -> RequestResolvers:
        loaders = Loaders(backends)
        procedures = ProceduresResolver(loaders)
        return cls(
            subjects=SubjectResolver(loaders, limits.max_list_length),
            alleles=AlleleResolver(loaders),
            procedures=procedures,
            reference=ReferenceResolver(loaders, backends, procedures),
        )
