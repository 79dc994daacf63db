"""`manage.py seed --demo`: the synthetic programme behind the published figures."""

import datetime
import io
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from core.roles import IMPROVEMENT_LEADS
from goals.models import Site
from improvement import selectors
from improvement.dashboard import SIGNALS_SHOWN
from improvement.models import (
    DataPoint,
    Idea,
    IdeaStatusChange,
    Measure,
    PDSACycle,
    ProgressScoreChange,
    Project,
    Rebase,
)
from tests.html import figure, parse
from training.models import Cohort, Enrolment, Ward
from values.models import ThankYouCard

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
def test_every_demo_person_has_a_site_job_title_and_department_telling_namesakes_apart(demo):
    """The demo has about ten colleagues of each name: the people pickers tell them apart
    by what their profiles hold."""
    people = User.objects.filter(username__startswith="demo.")
    assert not people.filter(staff_profile__isnull=True).exists()
    assert not people.filter(staff_profile__site__isnull=True).exists()
    assert not people.filter(staff_profile__job_title="").exists()
    assert not people.filter(staff_profile__department="").exists()
    assert people.values("staff_profile__department").distinct().count() >= 15
    assert people.values("staff_profile__job_title").distinct().count() >= 30
    namesakes = people.filter(first_name="Alex", last_name="Morris (demo)").select_related(
        "staff_profile__site"
    )
    assert namesakes.count() >= 5
    told_apart = {
        (p.staff_profile.job_title, p.staff_profile.department, p.staff_profile.site_id)
        for p in namesakes
    }
    assert len(told_apart) == namesakes.count()


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


# Dates up to today ------------------------------------------------------------------------


def fingerprint():
    """What a reader of the demo sees of its dates and verdicts."""
    return {
        "ideas": list(Idea.objects.order_by("pk").values_list("created_at", "status")),
        "steps": list(IdeaStatusChange.objects.order_by("pk").values_list("created_at")),
        "projects": list(
            Project.objects.order_by("pk").values_list(
                "start_date", "status", "phase", "progress_score"
            )
        ),
        "measures": list(
            Measure.objects.order_by("pk").values_list(
                "target", "variation", "assurance", "updated_at"
            )
        ),
        "values": list(DataPoint.objects.order_by("pk").values_list("period", "value")),
        "cohorts": list(Cohort.objects.order_by("pk").values_list("starts_on")),
        "wards": list(Ward.objects.order_by("pk").values_list("joined_on", "stage")),
    }


@pytest.mark.slow
def test_the_demos_dates_run_up_to_today_and_agree_with_each_other(demo):
    now, today = timezone.now(), timezone.localdate()
    recently = today - datetime.timedelta(days=45)

    # Ideas, projects, measures' values, training and cards all run up to the last weeks.
    assert timezone.localtime(Idea.objects.latest("created_at").created_at).date() >= recently
    assert Project.objects.latest("start_date").start_date >= recently
    assert DataPoint.objects.latest("period").period >= today - datetime.timedelta(days=21)
    past = Enrolment.objects.exclude(completed_on=None)
    assert past.latest("completed_on").completed_on >= recently
    assert ThankYouCard.objects.latest("sent_at").sent_at.date() >= recently
    # Ideas began three and a half years ago, not in a fixed year.
    first = timezone.localtime(Idea.objects.earliest("created_at").created_at).date()
    assert today - datetime.timedelta(days=1300) <= first <= today - datetime.timedelta(days=1200)

    # Nothing that happened is dated after today.
    assert not Idea.objects.filter(Q(created_at__gt=now) | Q(updated_at__gt=now)).exists()
    assert not IdeaStatusChange.objects.filter(created_at__gt=now).exists()
    assert not Project.objects.filter(start_date__gt=today).exists()
    assert not ProgressScoreChange.objects.filter(created_at__gt=now).exists()
    assert not PDSACycle.objects.filter(Q(start_date__gt=today) | Q(end_date__gt=today)).exists()
    # A week's value is entered once the week is over.
    assert not DataPoint.objects.filter(period__gt=today - datetime.timedelta(days=7)).exists()
    assert not Measure.objects.filter(updated_at__gt=now).exists()
    assert not Ward.objects.filter(joined_on__gt=today).exists()
    assert not past.filter(completed_on__gt=today).exists()
    assert not Cohort.objects.filter(starts_on__gt=today, enrolments__completed_on__isnull=False)

    # Each idea's steps follow its submission, in order; each project starts after its idea
    # was supported, and its score was recorded while it ran, not on the day of the demo.
    for idea in Idea.objects.prefetch_related("status_changes")[:200]:
        moments = [change.created_at for change in idea.status_changes.all()]
        assert moments[0] == idea.created_at
        assert moments == sorted(moments)
    supported_on = dict(
        IdeaStatusChange.objects.filter(to_status=Idea.Status.SUPPORTED).values_list(
            "idea__project", "created_at"
        )
    )
    for project in Project.objects.prefetch_related("score_changes"):
        assert project.start_date >= timezone.localtime(supported_on[project.pk]).date()
        [score] = project.score_changes.all()
        assert timezone.localtime(score.created_at).date() >= project.start_date
        if project.status == Project.Status.COMPLETED:
            assert (today - project.start_date).days >= 180
            assert score.created_at < now - datetime.timedelta(days=1)
    finished = Project.objects.exclude(status=Project.Status.IN_PROGRESS)
    assert not ProgressScoreChange.objects.filter(
        project__in=finished, created_at__date=today
    ).exists()
    # The measures of a project in progress have values up to the last few weeks.
    running = Measure.objects.filter(
        project__status=Project.Status.IN_PROGRESS,
        project__start_date__lt=today - datetime.timedelta(days=120),
        kind=Measure.Kind.OUTCOME,
    ).annotate(last=Max("data_points__period"))
    assert all(measure.last >= today - datetime.timedelta(days=28) for measure in running)


@pytest.mark.slow
def test_the_demos_measures_meet_and_miss_their_targets_and_signal_variously(demo):
    assurance = Counter(Measure.objects.exclude(assurance="").values_list("assurance", flat=True))
    assert set(assurance) == {"pass", "fail", "inconsistent"}
    assert min(assurance.values()) >= 20
    variation = set(Measure.objects.values_list("variation", flat=True))
    assert {"common_cause", "improvement_low", "improvement_high"} <= variation
    assert variation & {"concern_low", "concern_high"}
    # A completed project's change was rebased once it held.
    assert Rebase.objects.filter(measure__project__status=Project.Status.COMPLETED).exists()

    # The dashboard's latest signals are of several kinds of measure, from several projects.
    signals = selectors.recent_signals(Project.objects.all(), limit=SIGNALS_SHOWN)
    assert len(signals) == SIGNALS_SHOWN
    assert len({measure.name for measure in signals}) >= 2
    assert len({measure.project for measure in signals}) >= 4
    changed = Measure.objects.filter(pk__in=[measure.pk for measure in signals])
    assert len(set(changed.values_list("updated_at", flat=True))) == SIGNALS_SHOWN


@pytest.mark.slow
def test_the_same_day_gives_the_same_demo(seeded):
    prints = []
    for _ in range(2):
        with pytest.raises(Rollback), transaction.atomic():
            seed(demo=True)
            prints.append(fingerprint())
            raise Rollback

    assert prints[0] == prints[1]
    assert prints[0]["ideas"]


class Rollback(Exception):
    """Undo a demo inside the test."""
