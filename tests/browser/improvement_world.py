"""A small improvement programme for the browser tests, and ways to log in to it.

Built on the seeded content (MSEFT's sites and objectives) through the services, as leads
and staff would build it, so every timeline and score history is a real one.
"""

import datetime
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from core.roles import IMPROVEMENT_LEADS
from goals.models import Objective, Site
from improvement import services
from improvement.models import HealthInequalitiesEffect, Idea, Project
from tests.factories import UserFactory
from tests.improvement.factories import IdeaFactory, IdeaStatusChangeFactory, PDSACycleFactory

LEADS_MIGRATIONS = [
    import_module("improvement.migrations.0002_improvement_leads_group"),
    import_module("improvement.migrations.0006_leads_run_training"),
]

# UserFactory's password for every user it makes.
PASSWORD = "correct horse battery staple"

# An idea already in the programme; the member of staff's new idea is about the same thing.
EXISTING_FALLS_IDEA = "Reduce falls at night on Ward 5"


@dataclass
class World:
    staff: object
    other_staff: object
    lead: object
    falls_idea: Idea  # submitted by other_staff, untouched
    review_idea: Idea  # submitted by staff, under review
    declined_idea: Idea  # submitted by staff, declined with a reason
    project: Project  # supported from an idea, with a PDSA cycle


def mseft_objective(number):
    return Objective.objects.get(strategy__organisation__slug="mseft", year=2023, number=number)


def submitted_idea(*, by, title, problem, site="basildon", ward="Ward 5", objectives=(1,)):
    """An idea submitted the way the form submits it, with its first timeline entry."""
    idea = IdeaFactory(
        title=title,
        problem=problem,
        proposed_change="Try something different for a month.",
        site=Site.objects.get(slug=site),
        ward=ward,
        submitted_by=by,
        health_inequalities=HealthInequalitiesEffect.NOT_KNOWN,
        objectives=[mseft_objective(number) for number in objectives],
    )
    idea.followers.add(by)
    IdeaStatusChangeFactory(idea=idea, from_status="", to_status=idea.status, changed_by=by)
    return idea


def improvement_leads_group():
    """The group a migration makes. Live-server tests flush the database after each test,
    which empties it of what migrations wrote, so it is made again as the migration made it.
    """
    group, _ = Group.objects.get_or_create(name=IMPROVEMENT_LEADS)
    codenames = [name for migration in LEADS_MIGRATIONS for name in migration.PERMISSIONS]
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["improvement", "training"], codename__in=codenames
        )
    )
    return group


def make_lead(username="lead", first_name="Lena", last_name="Lead"):
    user = UserFactory(username=username, first_name=first_name, last_name=last_name)
    user.groups.add(improvement_leads_group())
    return user


def build_world():
    """Needs the seeded content."""
    staff = UserFactory(username="staff", first_name="Sam", last_name="Staff")
    other_staff = UserFactory(username="other.staff", first_name="Olu", last_name="Other")
    lead = make_lead()

    falls_idea = submitted_idea(
        by=other_staff,
        title=EXISTING_FALLS_IDEA,
        problem="Patients fall at night when they get up without help.",
    )

    review_idea = submitted_idea(
        by=staff,
        title="Quicker discharge letters",
        problem="Discharge letters take two days to reach the GP.",
        site="southend",
        ward="Ward 12",
        objectives=(2,),
    )
    services.start_review(idea=review_idea, changed_by=lead, reason="Talking to pharmacy.")

    declined_idea = submitted_idea(
        by=staff,
        title="Paint the car park",
        problem="The car park lines have worn away.",
        site="broomfield",
        ward="Estates",
        objectives=(3,),
    )
    services.start_review(idea=declined_idea, changed_by=lead)
    services.decline_idea(
        idea=declined_idea, changed_by=lead, reason="Estates already plan this in the spring."
    )

    project_idea = submitted_idea(
        by=other_staff,
        title="Safer insulin prescribing",
        problem="Insulin doses are missed on the surgical wards.",
        ward="Surgical wards",
        objectives=(1, 2),
    )
    services.start_review(idea=project_idea, changed_by=lead)
    project = services.support_idea(
        idea=project_idea,
        changed_by=lead,
        aim="No missed insulin doses on the surgical wards by March 2025.",
        lead=lead,
        start_date=datetime.date(2024, 4, 1),
        target_date=datetime.date(2025, 3, 31),
    )
    PDSACycleFactory(project=project, change_idea="Insulin on the drug round checklist")

    refresh = Idea.objects.get
    return World(
        staff=staff,
        other_staff=other_staff,
        lead=lead,
        falls_idea=refresh(pk=falls_idea.pk),
        review_idea=refresh(pk=review_idea.pk),
        declined_idea=refresh(pk=declined_idea.pk),
        project=project,
    )


def log_in_with_form(page, username, password=PASSWORD):
    """Fill in the portal's own login page, where the page now is."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in_with_cookie(page, live_server, user):
    """Give the browser the session cookie of a user logged in by Django's test client."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def forgive_expected_status(request, url, status):
    """Stop the page fixture failing the test for an error response the test asked for.

    Chromium reports it twice: as a response, and as a console error naming the status.
    """
    problems = request.node.browser_problems
    problems.failed_requests = [
        text for text in problems.failed_requests if text != f"GET {url}: HTTP {status}"
    ]
    problems.console_errors = [
        text
        for text in problems.console_errors
        if not (f"status of {status}" in text and url in text)
    ]
