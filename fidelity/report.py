"""Running every comparison, the printed tables, and what counts as a failure."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from fidelity.compare import ItemReport
from fidelity.facts import Outcome
from fidelity.raw_recall import compare_sheets, compare_tars
from fidelity.sharepoint import MAPPINGS, compare_list

Results = dict[str, list[ItemReport]]

#: (list, item, kind) where this service deliberately returns fewer procedures than 0.24,
#: and why. Empty today: every item keeps at least as many of every kind.
EXPECTED_FEWER: dict[tuple[str, str, str], str] = {}


def run(reference: Path) -> Results:
    """Every comparison the reference folder allows, per list."""
    results = {family: list(compare_list(reference, family)) for family in MAPPINGS}
    results["smartsheet"] = list(compare_sheets(reference))
    results["tars"] = list(compare_tars(reference))
    return results


def check(results: Results) -> list[str]:
    """Lost facts and unexplained lower counts, one sentence each (empty when faithful)."""
    problems = []
    for family, reports in results.items():
        for report in reports:
            for kind, (old, new) in report.fewer().items():
                if (family, report.name, kind) not in EXPECTED_FEWER:
                    problems.append(f"{family} {report.name}: {new} {kind}(s), 0.24 had {old}")
            problems.extend(
                f"{family} {report.name}: lost {miss.fact}"
                for miss in report.misses
                if miss.outcome is Outcome.LOST
            )
    return problems


def _recall(outcomes: Counter[Outcome]) -> str:
    counted = sum(outcomes.values()) - outcomes[Outcome.REMOVED]
    kept = outcomes[Outcome.KEPT] + outcomes[Outcome.NORMALISED]
    return "n/a" if counted == 0 else f"{100 * kept / counted:.1f} %"


_HEADER = (
    f"{'list':<10} {'items':>5} {'0.24 proc.':>10} {'ours':>5} {'facts':>6} {'kept':>5} "
    f"{'normal.':>7} {'removed':>7} {'lost':>5} {'recall':>8}"
)


def _row(label: str, reports: list[ItemReport]) -> str:
    outcomes: Counter[Outcome] = Counter()
    old = new = 0
    for report in reports:
        outcomes.update(report.outcomes)
        old += sum(report.old_counts.values())
        new += sum(report.new_counts.values())
    return (
        f"{label:<10} {len(reports):>5} {old:>10} {new:>5} {sum(outcomes.values()):>6} "
        f"{outcomes[Outcome.KEPT]:>5} {outcomes[Outcome.NORMALISED]:>7} "
        f"{outcomes[Outcome.REMOVED]:>7} {outcomes[Outcome.LOST]:>5} {_recall(outcomes):>8}"
    )


def render(results: Results, misses: bool = False) -> str:
    """The tables: one row per list and a total; counts by kind; rules and reasons used."""
    lines = [_HEADER, "-" * len(_HEADER)]
    everything: list[ItemReport] = []
    for family, reports in results.items():
        lines.append(_row(family, reports))
        everything.extend(reports)
    lines += [
        "-" * len(_HEADER),
        _row("total", everything),
        "",
        "procedures by kind (0.24 / ours):",
    ]
    old_kinds: Counter[str] = Counter()
    new_kinds: Counter[str] = Counter()
    for report in everything:
        old_kinds.update(report.old_counts)
        new_kinds.update(report.new_counts)
    for kind in sorted(set(old_kinds) | set(new_kinds)):
        lines.append(f"  {kind:<16} {old_kinds[kind]:>4} / {new_kinds[kind]:<4}")
    reasons: Counter[tuple[Outcome, str]] = Counter(
        (miss.outcome, miss.reason) for report in everything for miss in report.misses
    )
    if reasons:
        lines += ["", "facts not kept as written, by rule or reason:"]
        for (outcome, reason), count in sorted(reasons.items()):
            lines.append(f"  {count:>4}  {outcome}: {reason or '-'}")
    if misses:
        lines += ["", "every such fact:"]
        for family, reports in results.items():
            for report in reports:
                for miss in report.misses:
                    lines.append(f"  {family} {report.name}: {miss.fact} -> {miss.outcome}")
    return "\n".join(lines)
