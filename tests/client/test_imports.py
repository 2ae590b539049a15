"""The client package installs without the server: it imports the standard library and httpx
only, never the service's own packages."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import aind_metadata_graphql_client
from tests.test_layers import imported_modules

PACKAGE = Path(aind_metadata_graphql_client.__file__).resolve().parent
ALLOWED = {"httpx", "aind_metadata_graphql_client"}


def test_imports_only_the_standard_library_and_httpx() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 4
    offences = []
    for path in files:
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top not in ALLOWED and top not in sys.stdlib_module_names:
                offences.append(f"{path.name} imports {module}")
        tree = ast.parse(path.read_text(), filename=str(path))
        relative = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
        assert not relative, f"{path.name}: use absolute imports so this check sees them"
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name | ast.Attribute)
            and getattr(n.func, "id", getattr(n.func, "attr", ""))
            in {"__import__", "import_module"}
        ]
        assert not calls, f"{path.name} imports dynamically"
    assert not offences, "\n".join(offences)


def test_the_check_catches_a_server_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import strawberry\nfrom resolvers.backends import Backends\n")
    assert imported_modules(bad) == {"strawberry", "resolvers.backends"}
