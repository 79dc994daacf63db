"""Views parse the request, call one selector or service and render: they run no queries of
their own. Lists each `<Model>.objects` in the apps' view modules and exits non-zero if it
finds any (`make lint` and CI run it).

    python scripts/check_views.py [path ...]
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "core",
    "goals",
    "people",
    "notifications",
    "values",
    "training",
    "improvement",
    "strategy_portal",
]


def view_modules(root):
    for app in APPS:
        folder = root / app
        yield from sorted(folder.glob("views.py"))
        yield from sorted(folder.glob("*_views.py"))
        yield from sorted(folder.glob("views/*.py"))


def queries_in(path):
    """(line, text) of each `.objects` the module reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return sorted(
        (node.lineno, ast.unparse(node))
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    )


def main(paths):
    found = 0
    for path in paths:
        for line, text in queries_in(path):
            found += 1
            print(f"{path}:{line}: {text} in a view: ask a selector or a service instead")
    return 1 if found else 0


if __name__ == "__main__":
    given = [Path(argument) for argument in sys.argv[1:]]
    sys.exit(main(given or list(view_modules(ROOT))))
