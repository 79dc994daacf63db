"""The roles matrix, walked over every URL the portal answers.

Roles (README, "Roles in the improvement hub"): anyone, member of staff, improvement lead,
strategy editor and superuser. Every URL pattern is found by walking the URL resolver, so
a new one fails `test_every_url_is_classified` until it is given a row here. Each URL is
then requested by GET and by POST as each role, with its arguments filled from a small
world of records that belong to someone else, as if the user had typed the URL by hand:
refused requests must change nothing in the database.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.roles import IMPROVEMENT_LEADS
from goals.models import ProgressUpdate, Site
from goals.periods import periods_of_year
from improvement.models import DataPoint, Idea, Rebase
from tests.conftest import STRATEGY_EDITORS
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
from tests.html import login_url
from tests.improvement.factories import (
    IdeaFactory,
    IdeaStatusChangeFactory,
    MeasureFactory,
    PDSACycleFactory,
    ProjectFactory,
)
from tests.training.factories import (
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    WardFactory,
    WaveFactory,
)
from training.models import Enrolment
from values.models import ThankYouCard

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "editor", "lead", "superuser"]
LEADS = {"lead", "superuser"}
EDITORS = {"editor", "superuser"}


def days(count):
    return timezone.localdate() + datetime.timedelta(days=count)


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


# The URL resolver --------------------------------------------------------------------------


def walk(patterns, prefix="", namespace=None):
    """(full name, route, pattern) of every URL pattern under the resolver."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = pattern.name
            if name is not None and namespace:
                name = f"{namespace}:{name}"
            yield name, prefix + str(pattern.pattern), pattern


ALL_PATTERNS = list(walk(get_resolver().url_patterns))
PORTAL_PATTERNS = [
    (name, route) for name, route, _ in ALL_PATTERNS if route.split("/")[0] != "admin"
]
ADMIN_PATTERNS = [
    (name, route) for name, route, _ in ALL_PATTERNS if route.split("/")[0] == "admin"
]


# The world ---------------------------------------------------------------------------------


@pytest.fixture
def world(settings):
    owner = UserFactory(username="owner", first_name="Oona", last_name="Owner")
    lead = UserFactory(username="lead", first_name="Lena", last_name="Lead")
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=STRATEGY_EDITORS))
    users = {
        "staff": UserFactory(username="staff"),
        "editor": editor,
        "lead": lead,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }

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

    submitted = IdeaFactory(submitted_by=owner, site=site, objectives=[objective])
    reviewing = IdeaFactory(
        submitted_by=owner, site=site, objectives=[objective], status=Idea.Status.UNDER_REVIEW
    )
    IdeaStatusChangeFactory(idea=reviewing, changed_by=lead)
    target = IdeaFactory(submitted_by=owner, site=site, objectives=[objective])
    other_lead = UserFactory(username="other.lead")
    project = ProjectFactory(lead=other_lead, site=site, objectives=[objective])
    cycle = PDSACycleFactory(project=project)
    measure = MeasureFactory(project=project, name="Falls")
    start = datetime.date(2024, 1, 1)
    for week in range(12):
        DataPoint.objects.create(
            measure=measure, period=start + datetime.timedelta(weeks=week), value=5 + week % 3
        )
    rebase = Rebase.objects.create(
        measure=measure, period=start + datetime.timedelta(weeks=6), reason="New rota."
    )

    course = CourseFactory(session_count=2)
    upcoming = CohortFactory(course=course, site=site, starts_on=days(30), facilitators=[lead])
    finished = CohortFactory(course=course, site=site, starts_on=days(-30))
    asked = EnrolmentFactory(cohort=upcoming, person=owner)
    attending = EnrolmentFactory(cohort=finished, person=owner, status=Enrolment.Status.CONFIRMED)
    ward = WardFactory(site=site, wave=WaveFactory(number=1))
    first_quarter = periods_of_year(2023, 3)[0]
    awaiting = ProgressUpdate.objects.create(
        objective=objective,
        period_start=first_quarter.start,
        period_end=first_quarter.end,
        status="on_track",
        narrative="Going well.",
        next_period="More of the same.",
        written_by=owner,
        state=ProgressUpdate.State.AWAITING_APPROVAL,
    )

    return SimpleNamespace(
        users=users,
        owner=owner,
        organisation=organisation,
        objective=objective,
        value=value,
        behaviour=behaviour,
        card=card,
        site=site,
        submitted=submitted,
        reviewing=reviewing,
        target=target,
        project=project,
        cycle=cycle,
        measure=measure,
        rebase=rebase,
        course=course,
        upcoming=upcoming,
        finished=finished,
        asked=asked,
        attending=attending,
        ward=ward,
        awaiting=awaiting,
    )


def client_for(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


# Everything a request could change: every row of every model of the portal's apps and of
# auth (users without their last login time, which logging in sets).
STATE_APPS = {"goals", "people", "values", "training", "improvement", "auth"}


def state():
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        # Historical records change only with the records they follow.
        if model._meta.app_label not in STATE_APPS or model.__name__.startswith("Historical"):
            continue
        rows = list(model._base_manager.order_by("pk").values())
        for row in rows:
            row.pop("last_login", None)
        snapshot[model._meta.label] = rows
    return snapshot


def changed_models(before, after):
    return sorted(label for label in before if before[label] != after[label])


# What each URL is and what it is given ----------------------------------------------------

PUBLIC = "public"  # anyone reads it
LOGIN = "login"  # the login page: anyone, logged-in users are sent on
LOGOUT = "logout"  # posted by anyone
SSO = "sso"  # single sign-on: not found while it is not configured (the tests' settings)
STAFF = "staff"  # any logged-in user reads it
STAFF_ACTION = "staff action"  # any logged-in user posts it
STAFF_READ_LEAD_WRITE = "staff read, lead write"
LEAD = "lead"  # improvement leads (and superusers) only
LEAD_ACTION = "lead action"  # posted by leads only
EDITOR = "editor"  # strategy editors (and superusers) only
EDITOR_ACTION = "editor action"  # posted by strategy editors only
# Only the record's owner: none of the roles below owns the world's records.
OWNER = "owner"


@dataclass
class Route:
    kind: str
    kwargs: Callable = lambda w: {}
    # What a lead posts to use it; None for a page that only reads.
    data: Callable | None = None
    # A lead's GET: the status expected (the measure forms live on the measure's page).
    lead_get: int = 200
    # For PUBLIC and STAFF pages, the status of an allowed GET and POST when not 200; for a
    # LEAD page that only reads, the status of a lead's POST when not lead_get.
    get: int = 200
    post: int | None = None


def measure_rows(w):
    return {"rows": "2025-01-06,5\n2025-01-13,6", "replace": ""}


ROUTES = {
    "goals:home": Route(PUBLIC),
    "goals:strategies": Route(PUBLIC),
    "goals:strategy": Route(PUBLIC, lambda w: {"slug": w.organisation.slug}),
    # Sends the reader on to the current year's objectives.
    "goals:objectives_current": Route(PUBLIC, lambda w: {"slug": w.organisation.slug}, get=302),
    "goals:objectives": Route(PUBLIC, lambda w: {"slug": w.organisation.slug, "year": 2023}),
    "goals:objective": Route(
        PUBLIC, lambda w: {"slug": w.organisation.slug, "year": 2023, "number": 1}
    ),
    # Only the objective's owner and delivery leads (none of the roles here: see
    # test_an_objectives_owner_and_delivery_lead_write_its_update_by_the_same_url) and
    # strategy editors.
    "goals:update_write": Route(
        EDITOR,
        lambda w: {"slug": w.organisation.slug, "year": 2023, "number": 1},
        lambda w: {
            "period": "2023-07-01",
            "status": "at_risk",
            "narrative": "Slower than planned.",
            "next_period": "Catch up.",
            "recovery_actions": "Two more nurses.",
        },
    ),
    "goals:approvals": Route(EDITOR),
    "goals:overdue": Route(EDITOR),
    "goals:reports": Route(STAFF, lambda w: {"slug": w.organisation.slug}),
    "goals:report": Route(STAFF, lambda w: {"slug": w.organisation.slug, "period": "2023-04-01"}),
    "goals:report_csv": Route(
        STAFF, lambda w: {"slug": w.organisation.slug, "period": "2023-04-01"}
    ),
    "goals:update_approve": Route(EDITOR_ACTION, lambda w: {"pk": w.awaiting.pk}, lambda w: {}),
    "goals:update_return": Route(
        EDITOR, lambda w: {"pk": w.awaiting.pk}, lambda w: {"reason": "Say which wards it means."}
    ),
    "values:index": Route(PUBLIC),
    "values:value": Route(
        PUBLIC, lambda w: {"organisation": w.organisation.slug, "slug": w.value.slug}
    ),
    "values:behaviour": Route(
        PUBLIC,
        lambda w: {"organisation": w.organisation.slug, "slug": w.value.slug, "pk": w.behaviour.pk},
    ),
    # Without a colleague chosen, a POST shows the search again and sends nothing.
    "values:card_send": Route(STAFF),
    # A person's own notifications and email choices: nothing anyone else could reach.
    "notifications:list": Route(STAFF),
    "notifications:mark_all_read": Route(STAFF, get=405, post=302),
    "notifications:email_choices": Route(STAFF, post=302),
    "values:cards_received": Route(STAFF),
    "values:cards_sent": Route(STAFF),
    "values:card_moderation": Route(EDITOR),
    "values:card_approve": Route(EDITOR_ACTION, lambda w: {"pk": w.card.pk}, lambda w: {}),
    "values:card_hide": Route(
        EDITOR, lambda w: {"pk": w.card.pk}, lambda w: {"reason": "It names a patient."}
    ),
    "search": Route(PUBLIC),
    "people:staff_search": Route(STAFF, post=405),
    "health": Route(PUBLIC, post=405),
    # The training pages' old addresses, redirected to their new ones for anyone.
    "training_moved": Route(PUBLIC, lambda w: {"rest": "record/"}, get=301, post=301),
    "wards_moved": Route(PUBLIC, lambda w: {"rest": f"{w.ward.pk}/"}, get=301, post=301),
    "login": Route(LOGIN),
    "logout": Route(LOGOUT),
    "password_reset": Route(PUBLIC),
    "password_reset_done": Route(PUBLIC, post=405),
    "password_reset_confirm": Route(PUBLIC, lambda w: {"uidb64": "MQ", "token": "not-a-token"}),
    "password_reset_complete": Route(PUBLIC, post=405),
    "password_change": Route(STAFF),
    "password_change_done": Route(STAFF, post=405),
    "oidc_authentication_init": Route(SSO),
    "oidc_authentication_callback": Route(SSO),
    "improvement:dashboard": Route(STAFF),
    "improvement:ideas": Route(STAFF),
    "improvement:my_ideas": Route(STAFF),
    "improvement:idea_create": Route(STAFF),
    "improvement:ideas_csv": Route(STAFF),
    "improvement:idea": Route(STAFF, lambda w: {"pk": w.reviewing.pk}),
    "improvement:idea_follow": Route(STAFF_ACTION, lambda w: {"pk": w.reviewing.pk}),
    # Someone else's idea: only its submitter changes or withdraws it.
    "improvement:idea_edit": Route(OWNER, lambda w: {"pk": w.submitted.pk}),
    # Its submitter and followers too, none of whom is a role here.
    "improvement:idea_message": Route(
        LEAD_ACTION, lambda w: {"pk": w.reviewing.pk}, lambda w: {"text": "When does it start?"}
    ),
    "improvement:idea_withdraw": Route(OWNER, lambda w: {"pk": w.submitted.pk}),
    "improvement:idea_review": Route(
        LEAD, lambda w: {"pk": w.submitted.pk}, lambda w: {"reason": "Worth a look."}
    ),
    "improvement:idea_decline": Route(
        LEAD, lambda w: {"pk": w.reviewing.pk}, lambda w: {"reason": "Covered elsewhere."}
    ),
    "improvement:idea_merge": Route(
        LEAD, lambda w: {"pk": w.reviewing.pk}, lambda w: {"into": w.target.pk, "reason": ""}
    ),
    "improvement:idea_support": Route(
        LEAD,
        lambda w: {"pk": w.reviewing.pk},
        lambda w: {
            "aim": "Halve falls by March.",
            "lead": w.users["lead"].pk,
            **date_fields("start_date", datetime.date(2025, 4, 1)),
            **date_fields("target_date", datetime.date(2026, 3, 31)),
            "reason": "",
        },
    ),
    # The charter's cohort picker's search: for those who may edit the charter only.
    "improvement:charter_cohorts": Route(LEAD, lambda w: {"pk": w.project.pk}, post=405),
    # The options of the charter's ward select, as its site changes: as the cohorts' search.
    "improvement:charter_wards": Route(LEAD, lambda w: {"pk": w.project.pk}, post=405),
    "improvement:projects": Route(STAFF),
    "improvement:projects_csv": Route(STAFF),
    "improvement:project": Route(STAFF, lambda w: {"pk": w.project.pk}),
    "improvement:project_charter": Route(
        LEAD,
        lambda w: {"pk": w.project.pk},
        lambda w: {
            "title": "Safer handovers",
            "problem_statement": "Handovers overrun.",
            "aim": "Handovers in 20 minutes by March.",
            "lead": w.users["lead"].pk,
            "sponsor": "",
            "site": w.site.pk,
            "ward": "Ward 9",
            "objectives": [w.objective.pk],
            **date_fields("start_date", datetime.date(2024, 4, 1)),
            **date_fields("target_date", datetime.date(2025, 3, 31)),
            "health_inequalities": "reduces",
            "health_inequalities_notes": "",
            "measures": "outcome: Falls",
        },
    ),
    "improvement:project_progress": Route(
        LEAD, lambda w: {"pk": w.project.pk}, lambda w: {"score": "2.0", "note": "Testing."}
    ),
    "improvement:project_phase": Route(
        LEAD, lambda w: {"pk": w.project.pk}, lambda w: {"phase": "design_and_plan"}
    ),
    "improvement:project_status": Route(
        LEAD,
        lambda w: {"pk": w.project.pk},
        lambda w: {"status": "completed", "closing_summary": "Handovers take 20 minutes."},
    ),
    "improvement:pdsa_create": Route(
        LEAD,
        lambda w: {"pk": w.project.pk},
        lambda w: {
            "change_idea": "Red aprons",
            "plan": "Two weeks.",
            "prediction": "Fewer interruptions.",
            "do": "",
            "study": "",
            "act": "",
            **date_fields("start_date", datetime.date(2024, 6, 1)),
        },
    ),
    "improvement:pdsa_edit": Route(
        LEAD,
        lambda w: {"pk": w.project.pk, "cycle_pk": w.cycle.pk},
        lambda w: {
            "change_idea": "SBAR sheet, version 2",
            "plan": "Every handover.",
            "prediction": "Shorter handovers.",
            "do": "Done.",
            "study": "22 minutes.",
            "act": "adopt",
            **date_fields("start_date", datetime.date(2024, 5, 1)),
            **date_fields("end_date", datetime.date(2024, 5, 15)),
        },
    ),
    "improvement:measure_create": Route(
        LEAD,
        lambda w: {"pk": w.project.pk},
        lambda w: {
            "name": "Complaints",
            "kind": "outcome",
            "unit": "",
            "direction": "decrease",
            "target": "",
            "frequency": "weekly",
            "chart_type": "i",
            "definition": "",
        },
    ),
    "improvement:measure_edit": Route(
        LEAD,
        lambda w: {"pk": w.project.pk, "measure_pk": w.measure.pk},
        lambda w: {
            "name": "Falls a week",
            "kind": "outcome",
            "unit": "falls",
            "direction": "decrease",
            "target": "3",
            "frequency": "weekly",
            "chart_type": "i",
            "definition": "Datix reports.",
        },
    ),
    # The summary table of measures, as everyone logged in reads the measures themselves.
    "improvement:measure_summary": Route(STAFF),
    "improvement:measure_summary_csv": Route(STAFF),
    "improvement:project_measure_summary": Route(STAFF, lambda w: {"pk": w.project.pk}),
    "improvement:project_measure_summary_csv": Route(STAFF, lambda w: {"pk": w.project.pk}),
    "improvement:objective_measure_summary": Route(STAFF, lambda w: {"pk": w.objective.pk}),
    "improvement:objective_measure_summary_csv": Route(STAFF, lambda w: {"pk": w.objective.pk}),
    "improvement:site_measure_summary": Route(STAFF, lambda w: {"pk": w.site.pk}),
    "improvement:site_measure_summary_csv": Route(STAFF, lambda w: {"pk": w.site.pk}),
    "improvement:measure": Route(STAFF, lambda w: {"pk": w.measure.pk}),
    "improvement:measure_csv": Route(STAFF, lambda w: {"pk": w.measure.pk}),
    "improvement:measure_svg": Route(STAFF, lambda w: {"pk": w.measure.pk}),
    "improvement:measure_png": Route(STAFF, lambda w: {"pk": w.measure.pk}),
    "improvement:measure_add_value": Route(
        LEAD,
        lambda w: {"pk": w.measure.pk},
        lambda w: {**date_fields("period", datetime.date(2025, 1, 6)), "value": "4", "note": ""},
        lead_get=302,
    ),
    "improvement:measure_upload": Route(
        LEAD, lambda w: {"pk": w.measure.pk}, measure_rows, lead_get=302
    ),
    "improvement:measure_delete_value": Route(
        LEAD,
        lambda w: {"pk": w.measure.pk},
        lambda w: {
            **date_fields("deletion-period", datetime.date(2024, 1, 8)),
            "deletion-reason": "Typed in the wrong week.",
        },
        lead_get=302,
    ),
    "improvement:measure_rebase": Route(
        LEAD,
        lambda w: {"pk": w.measure.pk},
        lambda w: {**date_fields("period", datetime.date(2024, 3, 4)), "reason": "Adopted."},
        lead_get=302,
    ),
    "improvement:rebase_remove": Route(
        LEAD_ACTION,
        lambda w: {"pk": w.measure.pk, "rebase_pk": w.rebase.pk},
        lambda w: {"removal-reason": "Rebased too early."},
    ),
    "training:training": Route(STAFF),
    "training:cohort_create": Route(
        LEAD,
        data=lambda w: {
            "course": w.course.pk,
            "name": "Summer",
            "site": w.site.pk,
            "capacity": "12",
            **date_fields("starts_on", days(90)),
            "facilitators": [w.users["lead"].pk],
        },
    ),
    "training:cohort": Route(STAFF, lambda w: {"pk": w.upcoming.pk}),
    "training:cohort_ask": Route(STAFF_ACTION, lambda w: {"pk": w.upcoming.pk}),
    "training:session_attendance": Route(
        LEAD,
        lambda w: {"pk": w.finished.pk, "number": 1},
        lambda w: {"present": [w.attending.pk]},
    ),
    "training:session_change": Route(
        LEAD,
        lambda w: {"pk": w.upcoming.pk, "number": 1},
        lambda w: {"cancel": "", "cancel-reason": "The trainer is ill."},
    ),
    "training:enrolment_confirm": Route(LEAD_ACTION, lambda w: {"pk": w.asked.pk}, lambda w: {}),
    # Someone else's place: only a lead may take it back.
    "training:enrolment_withdraw": Route(LEAD_ACTION, lambda w: {"pk": w.asked.pk}, lambda w: {}),
    "training:training_record": Route(STAFF),
    # Someone else's record.
    "training:person_training_record": Route(LEAD, lambda w: {"user_pk": w.owner.pk}),
    "training:ward_programme": Route(STAFF),
    "training:ward": Route(
        STAFF_READ_LEAD_WRITE,
        lambda w: {"pk": w.ward.pk},
        lambda w: {"stage": "testing", **date_fields("joined_on", datetime.date(2022, 2, 1))},
    ),
}


def test_every_url_is_classified():
    names = [name for name, _ in PORTAL_PATTERNS]
    assert None not in names, "a portal URL pattern has no name"
    assert len(names) == len(set(names)), "two portal URL patterns share a name"
    unclassified = sorted(set(names) - set(ROUTES))
    assert not unclassified, f"URL patterns missing from ROUTES: {unclassified}"
    assert sorted(set(ROUTES) - set(names)) == [], "ROUTES names URLs that no longer exist"


# Site-wide admin pages, and the pattern of every registered model's admin pages.
ADMIN_SITE_NAMES = {
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
}
ADMIN_MODEL_PAGES = (
    "changelist|add|change|delete|history|simple_history|import|export|errors|resume"
    "|password_change"
)


def registered_model_prefixes():
    return {f"{model._meta.app_label}_{model._meta.model_name}" for model in admin.site._registry}


def test_every_admin_url_is_classified():
    prefixes = registered_model_prefixes()
    pattern = re.compile(rf"^admin:(?P<model>\w+?)_(?:{ADMIN_MODEL_PAGES})$")
    unclassified = []
    for name, route in ADMIN_PATTERNS:
        if name is None:
            # Django's redirect from <object id>/ to its change page, and its catch-all.
            assert route.endswith("<path:object_id>/") or route.endswith("(?P<url>.*)$"), route
            continue
        if name in ADMIN_SITE_NAMES:
            continue
        match = pattern.match(name)
        if not match or match["model"] not in prefixes:
            unclassified.append(name)
    assert not unclassified, f"admin URLs not classified: {unclassified}"


# The portal, role by role ------------------------------------------------------------------


def expected(route, role, method):
    """(status, whether the request may change the database) for the role and method."""
    kind = route.kind
    anonymous = role == "anonymous"
    lead = role in LEADS
    allowed_read = route.get if method == "get" else (route.post or route.get)
    if kind == PUBLIC:
        return allowed_read, False
    if kind == LOGIN:
        return (200 if anonymous else 302), False
    if kind == LOGOUT:
        return (405 if method == "get" else 302), False
    if kind == SSO:
        return 404, False
    if anonymous:
        return "login", False
    if kind == OWNER:
        return 403, False
    if kind == STAFF:
        return allowed_read, False
    if kind == STAFF_ACTION:
        return (405, False) if method == "get" else (302, True)
    if kind == STAFF_READ_LEAD_WRITE:
        if method == "get":
            return 200, False
        return (302, True) if lead else (403, False)
    if kind == LEAD_ACTION:
        if method == "get":
            return 405, False
        return (302, True) if lead else (403, False)
    if kind in (EDITOR, EDITOR_ACTION):
        editor = role in EDITORS
        if method == "get":
            return (405 if kind == EDITOR_ACTION else 200 if editor else 403), False
        if not editor:
            return 403, False
        return (200, False) if route.data is None else (302, True)
    assert kind == LEAD
    if not lead:
        return 403, False
    if method == "get" or route.data is None:
        return (route.post if method == "post" and route.post else route.lead_get), False
    return 302, True


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_the_roles_matrix(world, name, method):
    """Each role in turn, each request rolled back afterwards so all start from one world."""
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world))
    data = route.data(world) if (route.data and method == "post") else {}
    clients = {role: client_for(world, role) for role in ROLES}
    before = state()
    failures = []
    for role in ROLES:
        status, may_change = expected(route, role, method)
        savepoint = transaction.savepoint_create()
        try:
            response = getattr(clients[role], method)(url, data)
            changes = changed_models(before, state())
        finally:
            transaction.savepoint_rollback(savepoint)
        where = f"{role} {method.upper()} {url}"
        if status == "login":
            if (response.status_code, response.get("Location")) != (302, login_url(url)):
                failures.append(f"{where}: {response.status_code}, expected the login page")
        elif response.status_code != status:
            failures.append(f"{where}: {response.status_code}, expected {status}")
        if may_change and not changes:
            failures.append(f"{where} was allowed but changed nothing")
        if not may_change and changes:
            failures.append(f"{where} changed {changes}")
    assert failures == []


# Hand-typed URLs for records that are not the user's own ----------------------------------


@pytest.mark.parametrize("role", ["staff", "editor"])
def test_a_colleague_cannot_withdraw_someone_elses_training_place(world, role):
    client = client_for(world, role)
    url = reverse("training:enrolment_withdraw", args=[world.asked.pk])

    response = client.post(url)

    assert response.status_code == 403
    world.asked.refresh_from_db()
    assert world.asked.status == Enrolment.Status.REQUESTED


def test_a_colleague_withdraws_their_own_place_by_the_same_url(world):
    mine = EnrolmentFactory(cohort=world.upcoming, person=world.users["staff"])
    client = client_for(world, "staff")

    response = client.post(reverse("training:enrolment_withdraw", args=[mine.pk]))

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Enrolment.Status.WITHDRAWN


@pytest.mark.parametrize("role", ["staff", "editor"])
def test_a_colleague_cannot_read_someone_elses_training_record(world, role):
    client = client_for(world, role)
    own = world.users[role]

    refused = client.get(reverse("training:person_training_record", args=[world.owner.pk]))
    allowed = client.get(reverse("training:person_training_record", args=[own.pk]))

    assert refused.status_code == 403
    assert world.owner.get_full_name() not in refused.content.decode()
    assert allowed.status_code == 200


def test_an_unknown_persons_record_is_refused_before_it_is_looked_up(world):
    """A member of staff cannot tell which user ids exist: every other id is 403."""
    client = client_for(world, "staff")
    missing = max(user.pk for user in world.users.values()) + 1000

    assert client.get(f"/training/record/{missing}/").status_code == 403


def test_an_objectives_owner_and_delivery_lead_write_its_update_by_the_same_url(world):
    lead = UserFactory(username="delivery.lead")
    world.objective.executive_owner = world.owner
    world.objective.save()
    world.objective.delivery_leads.add(lead)
    url = reverse("goals:update_write", args=[world.organisation.slug, 2023, 1])
    data = ROUTES["goals:update_write"].data(world)

    for person in [world.owner, lead]:
        client = Client()
        client.force_login(person)
        assert client.get(url).status_code == 200
        assert client.post(url, data).status_code == 302

    update = ProgressUpdate.objects.get(objective=world.objective, period_start="2023-07-01")
    assert update.written_by == lead


# The admin, role by role -------------------------------------------------------------------

EDITOR_APPS = {"goals", "values"}
# Hospital sites are set by administrators (as are staff profiles, in people). Cards are
# read, never added, in the admin: see
# test_an_editor_reads_cards_in_the_admin_but_never_adds_or_changes_one.
NOT_EDITOR_CONTENT = {Site}


def admin_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("role", ["anonymous", "staff", "lead"])
def test_only_staff_status_opens_the_admin(world, role):
    client = client_for(world, role)
    for model in [None, *admin_models()]:
        url = (
            reverse("admin:index")
            if model is None
            else reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        )
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


# Read, never added or changed, in the admin: see
# test_an_editor_reads_cards_in_the_admin_but_never_adds_or_changes_one and
# tests/goals/test_update_admin.py.
READ_ONLY_FOR_EDITORS = {ThankYouCard, ProgressUpdate}


@pytest.mark.parametrize(
    "model",
    [model for model in admin_models() if model not in READ_ONLY_FOR_EDITORS],
    ids=lambda model: model._meta.label,
)
def test_an_editor_changes_only_strategy_and_values_in_the_admin(world, model):
    client = client_for(world, "editor")
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    allowed = model._meta.app_label in EDITOR_APPS and model not in NOT_EDITOR_CONTENT
    before = state()

    changelist = client.get(reverse(f"{prefix}_changelist"))
    add_page = client.get(reverse(f"{prefix}_add"))
    posted = client.post(reverse(f"{prefix}_add"), {})

    if allowed:
        assert changelist.status_code == 200
        assert add_page.status_code == 200
        # An empty form is shown again with its errors.
        assert posted.status_code == 200
    else:
        assert (changelist.status_code, add_page.status_code, posted.status_code) == (
            403,
            403,
            403,
        )
    assert changed_models(before, state()) == []


def test_an_editor_reads_cards_in_the_admin_but_never_adds_or_changes_one(world):
    client = client_for(world, "editor")
    before = state()

    assert client.get(reverse("admin:values_thankyoucard_changelist")).status_code == 200
    assert client.get(reverse("admin:values_thankyoucard_add")).status_code == 403
    change = reverse("admin:values_thankyoucard_change", args=[world.card.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"story": "Changed."})
    assert client.get(reverse("admin:people_staffprofile_changelist")).status_code == 403

    assert changed_models(before, state()) == []


@pytest.mark.parametrize("record", ["reviewing", "project", "measure", "upcoming", "ward", "owner"])
def test_an_editor_cannot_open_or_change_improvement_records_by_typing_their_admin_url(
    world, record
):
    client = client_for(world, "editor")
    obj = getattr(world, record)
    prefix = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    before = state()

    for page in ["change", "delete", "history"]:
        url = reverse(f"{prefix}_{page}", args=[obj.pk])
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"post": "yes"}).status_code == 403, url

    assert changed_models(before, state()) == []
    assert type(obj)._base_manager.filter(pk=obj.pk).exists()


def test_an_editor_edits_strategy_content_in_the_admin(world):
    client = client_for(world, "editor")
    url = reverse("admin:values_value_change", args=[world.value.pk])

    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:improvement_idea_changelist")).status_code == 403
    assert client.get(reverse("admin:improvement_project_changelist")).status_code == 403


@pytest.mark.parametrize("model", admin_models(), ids=lambda model: model._meta.label)
def test_a_superuser_opens_every_admin_list(world, model):
    client = client_for(world, "superuser")
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
