"""Imports run one way: graphql_service -> resolvers -> datasources (docs/architecture.md,
Layers)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Top-level modules each layer must not import.
FORBIDDEN = {
    "datasources": {"graphql_service", "resolvers", "strawberry", "graphql", "starlette"},
    # strawberry.dataloader is a plain asyncio batching utility; nothing else of GraphQL.
    "resolvers": {"graphql_service", "graphql", "starlette"},
    "graphql_service": {"datasources"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_run_one_way(layer: str) -> None:
    offences = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in FORBIDDEN[layer] or (
                layer == "resolvers" and top == "strawberry" and module != "strawberry.dataloader"
            ):
                offences.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offences, "\n".join(offences)
