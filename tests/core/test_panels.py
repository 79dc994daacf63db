"""goals, values and training show later apps' parts only through core's panels: their
templates load no tag library of improvement's, so the rule that they never depend on
improvement holds in templates as it does in Python."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.backends.django import get_installed_libraries

from core import panels
from tests.improvement.factories import ProjectFactory
from tests.training.factories import CohortFactory, WardFactory

LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
# The tag libraries each app's templates may load: their own and lower apps', core's,
# Django's and the form pack's.
SHARED = ("core.", "django.", "crispy_forms.")
ALLOWED = {
    "goals": ("goals.", *SHARED),
    "values": ("goals.", "values.", *SHARED),
    "training": ("goals.", "values.", "training.", *SHARED),
}


def loaded_libraries(app):
    for path in sorted(Path(settings.BASE_DIR, "templates", app).rglob("*.html")):
        for match in LOAD.finditer(path.read_text(encoding="utf-8")):
            words = match.group(1).split()
            # "{% load tag from library %}" names one library, after "from".
            names = words[words.index("from") + 1 :] if "from" in words else words
            for name in names:
                yield path.name, name


@pytest.mark.parametrize("app", ALLOWED)
def test_the_templates_load_only_their_own_cores_and_djangos_tags(app):
    libraries = get_installed_libraries()
    loaded = list(loaded_libraries(app))
    assert loaded, f"no {{% load %}} found in templates/{app}: is the path right?"
    for template_name, name in loaded:
        assert libraries[name].startswith(ALLOWED[app]), (
            f"templates/{app}/…/{template_name} loads {name} from {libraries[name]}"
        )


def test_improvement_shows_its_figures_on_the_home_and_objective_pages():
    assert panels.topics("home") == ["ideas", "projects"]
    assert panels.topics("objective") == ["ideas", "people", "projects"]


def test_improvement_lists_the_projects_of_a_cohort_and_of_a_ward(rf, db):
    cohort, ward = CohortFactory(), WardFactory()
    ProjectFactory(title="Safer discharge", cohort=cohort)
    ProjectFactory(title="Fewer falls", programme_ward=ward)
    request = rf.get("/")

    on_cohort = panels.render("cohort", request, cohort=cohort)
    on_ward = panels.render("ward", request, ward=ward)

    assert "Safer discharge" in on_cohort and "Fewer falls" not in on_cohort
    assert "Fewer falls" in on_ward and "Safer discharge" not in on_ward


def test_a_place_nobody_fills_shows_nothing(rf):
    assert panels.render("nowhere", rf.get("/")) == ""
    assert panels.topics("nowhere") == []
