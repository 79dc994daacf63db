"""A cache that is down costs speed, never a page (issue 13).

Each test runs the portal against a private redis-server (tests/redis_server.py) through the
real cache settings (django-redis, IGNORE_EXCEPTIONS, short timeouts), then kills it, as a
crash would, or points at a port where nothing listens: every page still answers with its
content, writes are stored and confirmed, and signing in and out works. Sessions live in
the database, so a Redis that comes back (empty, or from an old snapshot) revives nothing.
"""

import datetime
import logging

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from core.roles import IMPROVEMENT_LEADS
from improvement.models import DataPoint, Idea, Project
from tests.conftest import STRATEGY_EDITORS, logged_in
from tests.factories import (
    BehaviourFactory,
    ObjectiveFactory,
    OrganisationFactory,
    SiteFactory,
    StrategyFactory,
    ThankYouCardFactory,
    UserFactory,
    ValueFactory,
)
from tests.html import main, parse
from tests.improvement.factories import IdeaFactory, MeasureFactory, ProjectFactory
from tests.improvement.test_import import csv_file
from tests.redis_server import RedisServer, needs_redis_server, use_redis_at
from tests.training.factories import (
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    WardFactory,
    WaveFactory,
)
from training.models import Enrolment

pytestmark = [pytest.mark.django_db, needs_redis_server]

PASSWORD = "correct horse battery staple"


# The cache -----------------------------------------------------------------------------------


# The world -----------------------------------------------------------------------------------


@pytest.fixture
def world(settings):
    """Records for every page, in the manner of tests/strategy_portal/test_permission_matrix.py."""
    owner = UserFactory(username="owner", first_name="Oona", last_name="Owner")
    lead = UserFactory(username="lead", first_name="Lena", last_name="Lead")
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=STRATEGY_EDITORS))
    staff = UserFactory(username="staff", first_name="Sam", last_name="Staff")

    organisation = OrganisationFactory(slug="trust")
    settings.PORTAL_HOME_ORGANISATION = organisation.slug
    strategy = StrategyFactory(organisation=organisation)
    objective = ObjectiveFactory(strategy=strategy, year=2023, number=1)
    value = ValueFactory(organisation=organisation, slug="kind")
    behaviour = BehaviourFactory(value=value)
    card = ThankYouCardFactory(
        sender=owner, recipient=lead, value=value, behaviour=behaviour, publish_consent=True
    )
    site = SiteFactory(organisation=organisation, short_name="Basildon")
    idea = IdeaFactory(
        submitted_by=owner,
        site=site,
        objectives=[objective],
        title="Quieter wards at night",
        problem="Patients cannot sleep on the wards at night.",
    )
    project = ProjectFactory(lead=lead, site=site, objectives=[objective])
    measure = MeasureFactory(project=project, name="Falls a week")
    start = datetime.date(2024, 1, 1)
    for week in range(12):
        DataPoint.objects.create(
            measure=measure, period=start + datetime.timedelta(weeks=week), value=5 + week % 3
        )
    course = CourseFactory(session_count=2)
    cohort = CohortFactory(
        course=course,
        site=site,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    EnrolmentFactory(cohort=cohort, person=owner, status=Enrolment.Status.CONFIRMED)
    upcoming = CohortFactory(
        course=course, site=site, starts_on=timezone.localdate() + datetime.timedelta(days=30)
    )
    ward = WardFactory(site=site, wave=WaveFactory(number=1))
    return {
        "users": {"owner": owner, "lead": lead, "editor": editor, "staff": staff},
        "organisation": organisation,
        "strategy": strategy,
        "objective": objective,
        "value": value,
        "behaviour": behaviour,
        "card": card,
        "site": site,
        "idea": idea,
        "project": project,
        "measure": measure,
        "course": course,
        "cohort": cohort,
        "upcoming": upcoming,
        "ward": ward,
    }


def pages(w):
    """(who asks, address, text the page must show) for every page the portal reads by GET."""
    org = w["organisation"].slug
    return [
        ("anonymous", reverse("goals:home"), w["objective"].statement),
        ("anonymous", reverse("goals:strategies"), w["organisation"].name),
        (
            "anonymous",
            reverse("goals:objective", kwargs={"slug": org, "year": 2023, "number": 1}),
            w["objective"].statement,
        ),
        ("anonymous", reverse("values:index"), w["value"].name),
        (
            "anonymous",
            reverse("values:value", kwargs={"organisation": org, "slug": w["value"].slug}),
            w["behaviour"].statement,
        ),
        (
            "anonymous",
            reverse(
                "values:behaviour",
                kwargs={"organisation": org, "slug": w["value"].slug, "pk": w["behaviour"].pk},
            ),
            w["behaviour"].statement,
        ),
        ("anonymous", reverse("search") + "?q=right+thing", w["behaviour"].statement),
        ("anonymous", reverse("login"), "Password"),
        ("lead", reverse("improvement:dashboard"), "Projects in progress 1"),
        ("staff", reverse("improvement:ideas"), w["idea"].title),
        ("staff", reverse("improvement:idea", args=[w["idea"].pk]), w["idea"].problem),
        ("owner", reverse("improvement:my_ideas"), w["idea"].title),
        ("staff", reverse("improvement:projects"), w["project"].title),
        ("staff", reverse("improvement:project", args=[w["project"].pk]), w["measure"].name),
        ("staff", reverse("improvement:measure", args=[w["measure"].pk]), w["measure"].name),
        ("staff", reverse("training:training"), w["upcoming"].name),
        ("staff", reverse("training:cohort", args=[w["cohort"].pk]), "1 of 12 confirmed"),
        ("owner", reverse("training:training_record"), w["course"].name),
        ("staff", reverse("training:ward_programme"), w["ward"].name),
        ("staff", reverse("training:ward", args=[w["ward"].pk]), w["ward"].name),
        ("lead", reverse("values:cards_received"), w["card"].story),
        ("owner", reverse("values:cards_sent"), w["card"].story),
        ("editor", reverse("values:card_moderation"), w["card"].story),
    ]


def visible(response):
    found = main(response) if response.status_code == 200 else None
    return " ".join((found.text if found is not None else parse(response).text).split())


def failures(clients, w):
    """What went wrong on each page: its status, or the text it failed to show."""
    wrong = []
    for who, address, expected in pages(w):
        if who not in clients:
            continue
        response = clients[who].get(address)
        if response.status_code != 200:
            wrong.append(f"{who} {address}: {response.status_code}")
        elif " ".join(expected.split()) not in visible(response):
            wrong.append(f"{who} {address}: no {expected!r}")
    return wrong


def clients_for(w):
    return {
        "anonymous": Client(),
        **{name: logged_in(user) for name, user in w["users"].items()},
    }


def redis_outages(caplog):
    return [record for record in caplog.records if record.name == "django_redis.cache"]


# Reading -------------------------------------------------------------------------------------


def test_every_page_answers_with_its_content_before_and_after_redis_is_killed(
    redis_cache, world, caplog
):
    clients = clients_for(world)
    assert failures(clients, world) == []
    # Asked again, pages may come from the cache (fragments and whole pages).
    assert failures(clients, world) == []
    assert redis_cache.keys(), "nothing was cached while Redis was up"

    redis_cache.kill()
    caplog.set_level(logging.ERROR, logger="django_redis.cache")

    assert failures(clients, world) == []
    assert redis_outages(caplog), "the outage was not logged"


def test_the_portal_answers_when_redis_is_unreachable_from_the_start(
    settings, world, redis_never_started
):
    use_redis_at(settings, redis_never_started.url)

    assert failures(clients_for(world), world) == []


# Writing -------------------------------------------------------------------------------------


def submit_idea(client, w, **extra):
    return client.post(
        reverse("improvement:idea_create"),
        {
            "title": "Quieter wards at night, again",
            "problem": "Patients cannot sleep on the wards at night.",
            "proposed_change": "Dim the lights at 10pm.",
            "site": w["site"].pk,
            "ward": "Ward 4",
            "objectives": [w["objective"].pk],
            "involves_patients": "yes",
            "health_inequalities": "no_effect",
            "health_inequalities_notes": "",
            **extra,
        },
        follow=True,
    )


def test_an_idea_submitted_in_two_steps_while_redis_refuses_is_stored_and_confirmed(
    redis_cache, world
):
    staff = logged_in(world["users"]["staff"])
    form = staff.get(reverse("improvement:idea_create"))
    token = parse(form).find("input", name="submission_token").attrs["value"]
    redis_cache.kill()

    # The first step shows the similar idea already submitted; nothing is saved yet.
    checked = submit_idea(staff, world, submission_token=token)
    assert checked.status_code == 200
    assert world["idea"].title in visible(checked)
    assert not Idea.objects.filter(submitted_by=world["users"]["staff"]).exists()

    response = submit_idea(staff, world, submission_token=token, confirm="yes")

    idea = Idea.objects.get(submitted_by=world["users"]["staff"])
    assert response.redirect_chain == [(idea.get_absolute_url(), 302)]
    assert f"Your idea has been submitted as {idea.reference}." in visible(response)
    assert idea.title in visible(staff.get(reverse("improvement:my_ideas")))


def test_a_lead_changes_a_project_while_redis_refuses_and_sees_it_saved(redis_cache, world):
    lead = logged_in(world["users"]["lead"])
    project = world["project"]
    address = reverse("improvement:project", args=[project.pk])
    assert lead.get(address).status_code == 200  # cached while Redis was up
    redis_cache.kill()

    progress = lead.post(
        reverse("improvement:project_progress", args=[project.pk]),
        {"score": "2.0", "note": "Testing."},
        follow=True,
    )
    assert progress.redirect_chain == [(address, 302)]
    assert "IHI progress score saved." in visible(progress)

    status = lead.post(
        reverse("improvement:project_status", args=[project.pk]),
        {"status": "completed", "closing_summary": "Handovers take 20 minutes."},
        follow=True,
    )
    assert status.redirect_chain == [(address, 302)]
    assert "Project status saved." in visible(status)

    project.refresh_from_db()
    assert (str(project.progress_score), project.status) == ("2.0", Project.Status.COMPLETED)


# Signing in and out --------------------------------------------------------------------------


def sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, follow=True)


def signed_in_as(client):
    return client.get(reverse("improvement:my_ideas")).wsgi_request.user.username or None


def test_signing_in_and_out_work_while_redis_is_down(redis_cache, world):
    redis_cache.kill()
    client = Client()

    response = sign_in(client, "staff")
    assert response.redirect_chain == [(reverse("improvement:dashboard"), 302)]
    assert response.status_code == 200
    assert signed_in_as(client) == "staff"

    response = client.post(reverse("logout"), follow=True)
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_a_signed_out_session_stays_signed_out_when_redis_comes_back_from_a_snapshot(
    redis_cache, world, tmp_path
):
    client = Client()
    sign_in(client, "staff")
    old_cookie = client.cookies["sessionid"].value
    assert failures({"staff": client}, world) == []  # and cached for this signed-in visitor
    snapshot = redis_cache.snapshot()
    assert snapshot

    redis_cache.kill()
    client.post(reverse("logout"))
    assert signed_in_as(client) is None
    assert not Session.objects.filter(session_key=old_cookie).exists()

    # Redis comes back with everything it held while the session was signed in.
    (tmp_path / "restored").mkdir()
    restored = RedisServer(tmp_path / "restored", port=redis_cache.port).start()
    try:
        restored.restore(snapshot)
        client.cookies["sessionid"] = old_cookie  # the old cookie, sent again
        response = client.get(reverse("improvement:my_ideas"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert signed_in_as(client) is None
    finally:
        restored.kill()


# Importing ideas -----------------------------------------------------------------------------


def test_an_idea_import_started_while_redis_is_down_is_kept_and_imported(redis_cache, world):
    root = logged_in(UserFactory(username="root", is_staff=True, is_superuser=True))
    redis_cache.kill()
    csv = csv_file({"strategic objectives": "2023-24 objective 1", "submitted by": "owner"})

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = root.post("/admin/improvement/idea/import/", {"spreadsheet": csv})

    assert response.status_code == 302
    progress = root.get(response["Location"])
    assert "The import has finished. 1 idea imported; 0 rows not imported." in visible(progress)
    assert Idea.objects.filter(title="Fewer falls at night").exists()
