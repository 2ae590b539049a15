"""The resolvers one request uses, sharing that request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass

from datasources.resilience import start_request
from resolvers.alleles import AlleleResolver
from resolvers.backends import Backends
from resolvers.loaders import Loaders
from resolvers.procedures import ProceduresResolver
from resolvers.reference import ReferenceResolver
from resolvers.search import SubjectSearch
from resolvers.slims import SlimsResolver
from resolvers.subject import SubjectResolver


@dataclass(frozen=True, slots=True)
class Limits:
    max_list_length: int = 500
    #: Seconds a request may wait on backends in all; None for no deadline.
    deadline_seconds: float | None = None


def begin_request(request_id: str, limits: Limits) -> None:
    """Start the request's deadline, and name it in backend log lines, for every backend call
    made on its behalf (they run in tasks that inherit the caller's context)."""
    start_request(request_id, limits.deadline_seconds)


@dataclass(frozen=True, slots=True)
class RequestResolvers:
    subjects: SubjectResolver
    alleles: AlleleResolver
    procedures: ProceduresResolver
    reference: ReferenceResolver
    slims: SlimsResolver
    search: SubjectSearch

    @classmethod
    def for_request(cls, backends: Backends, limits: Limits) -> RequestResolvers:
        loaders = Loaders(backends)
        procedures = ProceduresResolver(loaders)
        return cls(
            subjects=SubjectResolver(loaders, limits.max_list_length),
            alleles=AlleleResolver(loaders),
            procedures=procedures,
            reference=ReferenceResolver(loaders, backends, procedures),
            slims=SlimsResolver(backends, loaders),
            search=SubjectSearch(backends),
        )
