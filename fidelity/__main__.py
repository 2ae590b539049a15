"""``python -m fidelity REFERENCE_DIR``: print the fidelity tables; exit 1 on any loss."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fidelity.report import check, render, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fidelity",
        description=(
            "Map every reference raw record with this service's mappings and compare with the "
            "old service's (0.24) mapped output: procedure counts by kind and scalar-fact "
            "recall. Exits 1 when a fact is lost or a count is lower without a stated reason."
        ),
    )
    parser.add_argument(
        "reference",
        type=Path,
        help="folder of reference records (sharepoint/<list>/raw|mapped, tars/, smartsheet/)",
    )
    parser.add_argument("--misses", action="store_true", help="list every fact not kept as is")
    args = parser.parse_args(argv)
    if not (args.reference / "sharepoint").is_dir():
        parser.error(f"{args.reference} holds no sharepoint/ folder of reference records")
    results = run(args.reference)
    print(render(results, misses=args.misses))
    problems = check(results)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
