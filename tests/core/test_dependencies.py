"""The dependency rules of docs/decisions/0005-app-layout.md, read from the apps' imports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "goals", "values", "improvement"]
# Each app and the packages of this project it must never import.
FORBIDDEN = {
    "core": {"goals", "values", "improvement", "strategy_portal"},
    "goals": {"improvement", "strategy_portal"},
    "values": {"improvement", "strategy_portal"},
    "improvement": {"strategy_portal"},
}


def imported_packages(path):
    """The top-level packages a module imports, wherever in it the import is."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_what_it_builds_on(app):
    found = sorted(
        f"{path.relative_to(ROOT)} imports {package}"
        for path in (ROOT / app).rglob("*.py")
        for package in imported_packages(path)
        if package in FORBIDDEN[app]
    )
    assert found == []
