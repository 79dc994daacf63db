"""The layout's rules are checked, not only written down: `make lint` runs import-linter's
contracts (pyproject.toml) and scripts/check_views.py. These tests show each check failing
on a breach, so a check that silently passed everything would be noticed."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = [
    "core",
    "goals",
    "people",
    "notifications",
    "values",
    "training",
    "improvement",
    "strategy_portal",
]


def run(command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_a_query_in_a_view_is_reported(tmp_path):
    views = tmp_path / "views.py"
    views.write_text(
        "from .models import Idea\n\n\ndef idea_list(request):\n"
        "    return Idea.objects.filter(status='new')\n"
    )

    result = run([sys.executable, "scripts/check_views.py", str(views)], ROOT)

    assert result.returncode == 1
    assert f"{views}:5: Idea.objects in a view" in result.stdout


def test_the_apps_views_run_no_queries_of_their_own():
    result = run([sys.executable, "scripts/check_views.py"], ROOT)

    assert result.returncode == 0, result.stdout


@pytest.fixture
def copy_of_the_code(tmp_path):
    """The apps' Python files and the import contracts, to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.html", "*.yaml", "migrations"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "importer, imported",
    [("goals.selectors", "improvement.tallies"), ("training.selectors", "improvement.selectors")],
)
def test_the_import_contracts_hold_and_fail_on_a_forbidden_import(
    copy_of_the_code, importer, imported
):
    kept = run([str(LINT_IMPORTS)], copy_of_the_code)
    assert kept.returncode == 0, kept.stdout

    module_path = copy_of_the_code.joinpath(*importer.split(".")).with_suffix(".py")
    package, name = imported.rsplit(".", 1)
    with open(module_path, "a", encoding="utf-8") as module:
        module.write(f"\nfrom {package} import {name}  # noqa\n")
    broken = run([str(LINT_IMPORTS)], copy_of_the_code)

    assert broken.returncode == 1
    assert f"{importer.split('.')[0]} is not allowed to import improvement" in broken.stdout
    assert f"{importer} -> {imported}" in broken.stdout
