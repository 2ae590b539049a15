"""The result every datasource call returns, and the status codes users know."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Generic, TypeVar

from datasources.records import Unmapped

T = TypeVar("T")


class Code(IntEnum):
    """Status codes, as the REST service used them (docs/architecture.md, Status)."""

    OK = 200
    PARTIAL = 207
    MULTIPLE = 300
    BAD_REQUEST = 400
    NOT_FOUND = 404
    INVALID = 406
    INTERNAL = 500
    UNAVAILABLE = 503


@dataclass(frozen=True, slots=True)
class SourceResult(Generic[T]):
    """What one backend said about one request.

    ``configured`` is False for a backend that has no settings: it answers 503 but, in a merge,
    does not by itself make the answer partial. ``unmapped`` lists what the backend's records
    asked for or described that no record in ``records`` carries.
    """

    name: str
    code: Code
    records: Sequence[T] = field(default_factory=tuple)
    message: str = ""
    ms: float = 0.0
    configured: bool = True
    unmapped: tuple[Unmapped, ...] = ()
    #: For a failure, its kind ("timeout", "connection", "http_status", "bad_response",
    #: "database", "circuit_open", "deadline", or "internal" for a bug of ours).
    error: str | None = None

    @property
    def failed(self) -> bool:
        """True when the backend could not answer (as opposed to answering 'nothing found')."""
        return self.code in (Code.UNAVAILABLE, Code.INTERNAL)

    @classmethod
    def not_configured(cls, name: str) -> SourceResult[T]:
        return cls(name, Code.UNAVAILABLE, message=f"{name} is not configured", configured=False)

    def with_records(
        self,
        records: Sequence[T],
        code: Code | None = None,
        unmapped: Sequence[Unmapped] | None = None,
    ) -> SourceResult[T]:
        """The same answer (name, timing) carrying other records (and unmapped parts)."""
        return SourceResult(
            self.name,
            self.code if code is None else code,
            tuple(records),
            self.message,
            self.ms,
            self.configured,
            self.unmapped if unmapped is None else tuple(unmapped),
            self.error,
        )
