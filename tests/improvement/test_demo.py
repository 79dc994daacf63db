"""`manage.py seed --demo`: the synthetic programme behind the published figures."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count

from core.roles import IMPROVEMENT_LEADS
from goals.models import Site
from improvement.models import Idea, IdeaStatusChange, Project
from tests.html import figure, parse

pytestmark = pytest.mark.django_db

User = get_user_model()


def seed(**options):
    call_command("seed", stdout=io.StringIO(), **options)


def programme():
    return {
        "ideas": Idea.objects.count(),
        "completed": Project.objects.filter(status=Project.Status.COMPLETED).count(),
        "in progress": Project.objects.filter(status=Project.Status.IN_PROGRESS).count(),
        "projects": Project.objects.count(),
        "history": IdeaStatusChange.objects.count(),
        "users": User.objects.count(),
    }


@pytest.fixture
def demo(seeded):
    seed(demo=True)


@pytest.mark.slow
def test_the_demo_reproduces_the_published_figures(demo, staff_client, anonymous_client):
    counts = programme()
    assert (counts["ideas"], counts["completed"], counts["in progress"]) == (469, 45, 99)
    sites = {site.short_name for site in Site.objects.all()}
    assert sites == {"Basildon", "Southend", "Broomfield"}
    assert set(Idea.objects.values_list("site__short_name", flat=True)) == sites
    assert set(Project.objects.values_list("site__short_name", flat=True)) == sites

    response = staff_client.get("/improvement/")

    assert figure(response, "ideas-received") == 469
    assert figure(response, "projects-completed") == 45
    assert figure(response, "projects-in-progress") == 99

    response = anonymous_client.get("/")

    section = parse(response).find("section", aria_labelledby="programme-figures")
    assert [card.text for card in section.find_all(css_class="nhsuk-card__content")] == [
        "469 project ideas received",
        "45 projects supported to completion",
        "99 projects in progress",
    ]


@pytest.mark.slow
def test_the_demo_follows_the_programmes_rules_and_is_labelled(demo):
    # Every supported idea has its project; every project came from a supported idea.
    assert Idea.objects.filter(status=Idea.Status.SUPPORTED).count() == Project.objects.count()
    assert not Project.objects.filter(idea__isnull=True).exists()
    assert not Project.objects.exclude(idea__status=Idea.Status.SUPPORTED).exists()
    # Every idea's history starts with its submission and ends at its status.
    assert not Idea.objects.annotate(steps=Count("status_changes")).filter(steps=0).exists()
    for idea in Idea.objects.prefetch_related("status_changes")[:60]:
        changes = list(idea.status_changes.all())
        assert changes[0].from_status == ""
        assert changes[-1].to_status == idea.status
    # Ideas are merged into ideas that are not themselves merged.
    assert not Idea.objects.filter(merged_into__status=Idea.Status.MERGED).exists()

    # Everything is labelled as a demo, and its people cannot log in.
    assert not Idea.objects.exclude(title__startswith="Demo:").exists()
    assert not Project.objects.exclude(title__startswith="Demo:").exists()
    demo_people = User.objects.filter(username__startswith="demo.")
    assert demo_people.exists()
    assert not any(person.has_usable_password() for person in demo_people)
    # The demo's leads, besides the sign-in of its improvement lead (people/demo.py).
    leads = Group.objects.get(name=IMPROVEMENT_LEADS).user_set.exclude(username="demo-lead")
    assert leads.count() == 6
    assert not leads.exclude(username__startswith="demo.").exists()

    # Every record has its first history entry, as the admin's history page shows it.
    for model in apps.get_models():
        if hasattr(model._meta, "simple_history_manager_attribute"):
            first = model.history.filter(history_type="+").values(model._meta.pk.attname)
            assert not model.objects.exclude(pk__in=first).exists(), model.__name__
    project = Project.objects.first()
    [entry] = project.history.all()
    assert {link.objective_id for link in entry.objectives.all()} == set(
        project.objectives.values_list("pk", flat=True)
    )
    assert entry.team.count() == 3


@pytest.mark.slow
def test_a_second_demo_or_a_reseed_adds_nothing(demo):
    before = programme()

    seed(demo=True)

    assert programme() == before

    # Loading the seed files again over editors' changes keeps the demo and its sites.
    seed(reset=True)

    assert programme() == before
    assert Site.objects.count() == 3


def test_seeding_without_demo_adds_no_ideas(seeded):
    seed()
    seed(reset=True)

    assert programme()["ideas"] == 0
    assert programme()["projects"] == 0


@pytest.mark.slow
def test_the_scale_multiplies_the_demo(seeded):
    seed(demo=True, scale=2)

    counts = programme()
    assert (counts["ideas"], counts["completed"], counts["in progress"]) == (938, 90, 198)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"demo": True, "scale": 0}, "--scale must be a whole number of at least 1."),
        ({"scale": 2}, "--scale only applies with --demo."),
    ],
)
def test_a_wrong_scale_is_refused(seeded, options, message):
    with pytest.raises(CommandError, match=message):
        seed(**options)
    assert programme()["ideas"] == 0
