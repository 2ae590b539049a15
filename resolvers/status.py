"""Field status: what a resolver tells the caller about the trustworthiness of one answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from datasources.result import Code, SourceResult

T = TypeVar("T")

__all__ = ["Code", "FieldStatus", "Resolved", "SourceStatus"]

#: Codes whose field is ``null`` and which add an entry to GraphQL ``errors[]``.
ERROR_CODES = frozenset({Code.BAD_REQUEST, Code.INTERNAL, Code.UNAVAILABLE})

MESSAGES: dict[Code, str] = {
    Code.OK: "Valid Model.",
    Code.PARTIAL: "Partial data: some backends failed.",
    Code.MULTIPLE: "Multiple records found.",
    Code.NOT_FOUND: "No data found.",
    Code.INVALID: "Data found, but it fails model validation.",
    Code.UNAVAILABLE: "A needed backend is unavailable.",
}


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """One backend's part in an answer, as the caller sees it."""

    name: str
    code: Code
    ms: float = 0.0
    message: str = ""
    configured: bool = True
    #: What this backend's records asked for that no returned record carries, one sentence each.
    unmapped: tuple[str, ...] = ()
    #: For a failure, its kind ("timeout", "connection", "circuit_open", ..., "internal").
    error: str | None = None

    @classmethod
    def of(cls, result: SourceResult[Any]) -> SourceStatus:
        return cls(
            result.name,
            result.code,
            result.ms,
            result.message,
            result.configured,
            tuple(part.describe() for part in result.unmapped),
            result.error,
        )

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": self.name, "code": int(self.code), "ms": self.ms}
        if self.message:
            entry["message"] = self.message
        if not self.configured:
            entry["configured"] = False
        if self.unmapped:
            entry["unmapped"] = list(self.unmapped)
        if self.error:
            entry["error"] = self.error
        return entry


@dataclass(frozen=True, slots=True)
class FieldStatus:
    """The status of one response field (docs/architecture.md, Status)."""

    code: Code
    message: str = ""
    sources: tuple[SourceStatus, ...] = ()
    validation_errors: tuple[dict[str, Any], ...] = ()

    @property
    def is_error(self) -> bool:
        return self.code in ERROR_CODES

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "code": int(self.code),
            "message": self.message or MESSAGES.get(self.code, ""),
            "sources": [source.as_json() for source in self.sources],
        }
        if self.validation_errors:
            entry["validation_errors"] = list(self.validation_errors)
        return entry


@dataclass(frozen=True, slots=True)
class Resolved(Generic[T]):
    """A resolver's answer: the value (None when there is none) and its status."""

    value: T | None
    status: FieldStatus


def bad_request(message: str) -> Resolved[Any]:
    return Resolved(None, FieldStatus(Code.BAD_REQUEST, message))


def merge_sources(name: str, results: Iterable[SourceResult[Any]]) -> SourceStatus | None:
    """Fold many calls to one backend (e.g. one per allele) into one source entry.

    The calls ran concurrently, so the elapsed time is the longest one, not the sum.
    """
    results = list(results)
    if not results:
        return None
    failed = [result for result in results if result.failed]
    if failed and not failed[0].configured:
        # Never asked: one "not configured" says it all.
        return SourceStatus(name, failed[0].code, 0.0, failed[0].message, configured=False)
    if failed:
        worst = failed[0]
        return SourceStatus(
            name,
            worst.code,
            max(result.ms for result in results),
            f"{len(failed)} of {len(results)} calls failed: {worst.message}",
            worst.configured,
            error=worst.error,
        )
    found = any(result.code in (Code.OK, Code.MULTIPLE) for result in results)
    return SourceStatus(
        name, Code.OK if found else Code.NOT_FOUND, max(result.ms for result in results)
    )


def unmapped_message(sources: Sequence[SourceStatus]) -> str:
    """One sentence naming everything the sources could not map ("" when nothing)."""
    parts = [part for source in sources for part in source.unmapped]
    if not parts:
        return ""
    return f"{len(parts)} requested procedure(s) could not be mapped: " + "; ".join(parts)


def partial_failures(sources: Sequence[SourceStatus]) -> list[SourceStatus]:
    """Configured backends that failed: these, and only these, make an answer partial."""
    return [s for s in sources if s.configured and s.code in (Code.UNAVAILABLE, Code.INTERNAL)]
