"""One reference record compared: procedure counts by kind and the fate of each old fact."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fidelity.facts import Fact, Found, Outcome, classify, scalar_facts

#: 1.x ``procedure_type`` -> the kind counted.
OLD_KINDS = {
    "Headframe": "headframe",
    "Craniotomy": "craniotomy",
    "Fiber implant": "fiber implant",
    "Nanoject injection": "injection",
    "Iontophoresis injection": "injection",
    "Brain injection": "injection",
    "Retro-orbital injection": "injection",
    "Intraperitoneal injection": "injection",
    "Perfusion": "perfusion",
}
#: 2.x ``object_type`` -> the kind counted.
NEW_KINDS = {
    "Headframe": "headframe",
    "Craniotomy": "craniotomy",
    "Probe implant": "fiber implant",
    "Brain injection": "injection",
    "Injection": "injection",
    "Perfusion": "perfusion",
    "Generic surgery procedure": "generic",
    "Generic subject procedure": "generic",
}
_CONTAINERS = ("procedures", "injections")


@dataclass(frozen=True, slots=True)
class Miss:
    fact: Fact
    outcome: Outcome
    reason: str


@dataclass
class ItemReport:
    """What one reference record became."""

    name: str
    old_counts: Counter[str] = field(default_factory=Counter)
    new_counts: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    def fewer(self) -> dict[str, tuple[int, int]]:
        """Kinds of which this service returns fewer than 0.24: kind -> (old, new)."""
        return {
            kind: (count, self.new_counts[kind])
            for kind, count in self.old_counts.items()
            if self.new_counts[kind] < count
        }

    def record(self, fact: Fact, found: Found) -> None:
        outcome, reason = classify(fact, found)
        self.outcomes[outcome] += 1
        if outcome is not Outcome.KEPT:
            self.misses.append(Miss(fact, outcome, reason))


def _top(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in _CONTAINERS}


def _steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for key in _CONTAINERS:
        steps.extend(step for step in document.get(key) or [] if isinstance(step, dict))
    return steps


def _old_kind(step: dict[str, Any]) -> str:
    kind = str(step.get("procedure_type"))
    return OLD_KINDS.get(kind, f"other: {kind}")


def _new_kind(step: dict[str, Any]) -> str:
    kind = str(step.get("object_type"))
    return NEW_KINDS.get(kind, f"other: {kind}")


def compare_procedures(
    name: str,
    old_documents: Sequence[dict[str, Any]],
    new_documents: Sequence[dict[str, Any]],
    extras: Iterable[dict[str, Any]] = (),
) -> ItemReport:
    """0.24's surgeries (1.x) against this service's subject procedures (2.x) for one item.

    Old surgery-level facts are looked for in the new documents' own fields and extras; an old
    procedure's facts among the new procedures of the same kind and those surgery-level fields.
    A 2.x document that is itself a procedure (a generic subject procedure) counts as one.
    """
    report = ItemReport(name)
    tops = [_top(document) for document in new_documents] + list(extras)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for document in new_documents:
        steps = _steps(document)
        if not steps and document.get("object_type") in NEW_KINDS:
            steps = [document]
        for step in steps:
            by_kind.setdefault(_new_kind(step), []).append(step)
    for kind, steps in by_kind.items():
        report.new_counts[kind] = len(steps)
    surgery_level = Found.of(*tops)
    for old in old_documents:
        for fact in scalar_facts(_top(old)):
            report.record(fact, surgery_level)
        for step in _steps(old):
            kind = _old_kind(step)
            # A 1.x fiber implant held every probe; 2.x has one implant per fiber.
            probes = step.get("probes") if kind == "fiber implant" else None
            report.old_counts[kind] += len(probes) if isinstance(probes, list) else 1
            found = Found.of(*by_kind.get(kind, []), *tops)
            for fact in scalar_facts(step):
                report.record(fact, found)
    return report
