"""Field status: what a resolver tells the caller about the trustworthiness of one answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from datasources.result import Code, SourceResult

T = TypeVar("T")

__all__ = ["Code", "FieldStatus", "Resolved", "SourceStatus"]

#: How a list field's message counts its items, by code: "21 valid, 7 not found".
ITEM_WORDS: dict[Code, str] = {
    Code.OK: "valid",
    Code.PARTIAL: "partial",
    Code.MULTIPLE: "with several records",
    Code.BAD_REQUEST: "malformed",
    Code.NOT_FOUND: "not found",
    Code.INVALID: "invalid",
    Code.INTERNAL: "failed inside the service",
    Code.UNAVAILABLE: "unavailable",
}

#: What an answer lacks when a backend that completes it could not be asked or failed.
CONSEQUENCES: dict[str, str] = {
    "tars": "injection materials are as the request wrote them",
    "smartsheet.protocols": "protocols are only those the requests named",
    "mgi": "the subject's alleles are left out",
}

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
    #: What the answer lacks because a completing backend was not configured or failed.
    warnings: tuple[str, ...] = ()
    #: A list field's items counted by their codes.
    items: tuple[tuple[Code, int], ...] = ()

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
        if self.warnings:
            entry["warnings"] = list(self.warnings)
        if self.items:
            entry["items"] = {str(int(code)): count for code, count in self.items}
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


def enrichment_warnings(sources: Sequence[SourceStatus]) -> tuple[str, ...]:
    """One sentence per completing backend (see ``CONSEQUENCES``) that could not add its part."""
    warnings = []
    for source in sources:
        consequence = CONSEQUENCES.get(source.name)
        if consequence is None or source.code not in (Code.UNAVAILABLE, Code.INTERNAL):
            continue
        why = "not configured" if not source.configured else f"failed ({source.error or 'error'})"
        warnings.append(f"{source.name} {why}: {consequence}")
    return tuple(warnings)


def list_status(noun: str, items: Sequence[FieldStatus]) -> FieldStatus:
    """The status of a list field from its items': 200 when every item is 200, else 207
    (the list is partial), with the items counted by code and the counts in words."""
    counts = Counter(item.code for item in items)
    ordered = tuple(sorted(counts.items()))
    words = ", ".join(f"{count} {ITEM_WORDS.get(code, str(int(code)))}" for code, count in ordered)
    plural = noun if len(items) == 1 else f"{noun}s"
    message = f"{len(items)} {plural}: {words}." if words else f"0 {plural}."
    code = Code.OK if set(counts) <= {Code.OK} else Code.PARTIAL
    return FieldStatus(code, message, items=ordered)
