"""Every portal form driven through its view with hostile text (hypothesis).

Random text, right-to-left scripts, emoji, control characters (never NUL, which no form
field accepts), 10,000-character strings and HTML/script payloads go into each field. The
portal must never answer 500; a payload never comes back unescaped, on the form or on the
page a saved record is shown on; and a form shown again with errors keeps what was typed.
Each example runs in a savepoint rolled back afterwards, so examples do not build up.
"""

import contextlib
import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.roles import IMPROVEMENT_LEADS
from improvement.models import DataPoint, Idea
from tests.factories import (
    BehaviourFactory,
    ObjectiveFactory,
    SiteFactory,
    ThankYouCardFactory,
    UserFactory,
)
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

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)//<b>x</b>",
]
# The parts of the payloads that must never reach a page as they were typed.
RAW_MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<b>x</b>",
]

characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
short_text = st.text(characters, max_size=12)
TEXT = st.one_of(
    st.text(characters, max_size=60),
    st.sampled_from(
        [
            "مرحبا، هذا اقتراح لتحسين الجناح",  # Arabic, right to left
            "שלום \u202eevil.exe\u202c עולם",  # Hebrew with a right-to-left override
            "👩🏽‍⚕️🏥💉 ward 🇬🇧",
            "Zürich – naïve “quotes” ‘and’ ß",
            "\x01\x02\x07\x1b[31mred\x7f\x1f",
            "line one\r\nline two\rline three\n",
            "  ",
            "'; DROP TABLE improvement_idea; --",
            '=HYPERLINK("http://evil.example")',
            "{{ 7*7 }} {% debug %}",
        ]
    ),
    st.builds(lambda a, p, b: a + p + b, short_text, st.sampled_from(PAYLOADS), short_text),
    st.sampled_from(["a", "é", "<", "😀", "&"]).map(lambda c: c * 10_000),
)
# Text for a field with a few choices, a number or a date: sometimes right, mostly not.
CHOICE = st.one_of(TEXT, st.sampled_from(["", "1", "0", "-1", "99999999999999999999", "1e309"]))


@contextlib.contextmanager
def rolled_back():
    savepoint = transaction.savepoint_create()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def body(response):
    return response.content.decode("utf-8")


def check(client, response, kept=()):
    """No server error, no raw markup; a form shown again keeps `kept`; a saved record's
    page shows no raw markup either."""
    assert response.status_code < 500
    page = body(response)
    for markup in RAW_MARKUP:
        assert markup not in page, f"unescaped {markup!r} on the page"
    if response.status_code == 200:
        # An answer of nothing but a carriage return comes back blank (it does not survive
        # the form's encoding); a person cannot type one on its own, so only answers with
        # something in them must be kept.
        for value in (value for value in kept if value.strip()):
            assert escape(value) in page, f"the form lost what was typed: {value[:80]!r}"
    elif response.status_code == 302:
        shown = client.get(response["Location"])
        assert shown.status_code < 500
        shown_page = body(shown)
        for markup in RAW_MARKUP:
            assert markup not in shown_page, f"unescaped {markup!r} on {response['Location']}"


def date_parts(name, day, month, year):
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


DATE = st.tuples(CHOICE, CHOICE, CHOICE)


@pytest.fixture
def world(db):
    lead = UserFactory(username="lead", first_name="Lena", last_name="Lead")
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    staff = UserFactory(username="staff")
    owner = UserFactory(username="owner")
    site = SiteFactory(short_name="Basildon")
    objective = ObjectiveFactory(year=2023, number=1)
    submitted = IdeaFactory(submitted_by=owner, site=site, objectives=[objective])
    reviewing = IdeaFactory(
        submitted_by=owner, site=site, objectives=[objective], status=Idea.Status.UNDER_REVIEW
    )
    IdeaStatusChangeFactory(idea=reviewing, changed_by=lead)
    target = IdeaFactory(submitted_by=owner, site=site, objectives=[objective])
    project = ProjectFactory(lead=lead, site=site, objectives=[objective])
    cycle = PDSACycleFactory(project=project)
    measure = MeasureFactory(project=project, name="Falls")
    for week in range(8):
        DataPoint.objects.create(
            measure=measure,
            period=datetime.date(2024, 1, 1) + datetime.timedelta(weeks=week),
            value=week % 3,
        )
    course = CourseFactory(session_count=2)
    finished = CohortFactory(
        course=course, site=site, starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    attending = EnrolmentFactory(cohort=finished, person=owner, status=Enrolment.Status.CONFIRMED)
    ward = WardFactory(site=site, wave=WaveFactory(number=1))
    clients = {"anonymous": Client()}
    for name, user in [("lead", lead), ("staff", staff)]:
        clients[name] = Client()
        clients[name].force_login(user)
    return SimpleNamespace(
        lead=lead,
        staff=staff,
        owner=owner,
        site=site,
        objective=objective,
        submitted=submitted,
        reviewing=reviewing,
        target=target,
        project=project,
        cycle=cycle,
        measure=measure,
        course=course,
        finished=finished,
        attending=attending,
        ward=ward,
        clients=clients,
    )


# Public forms --------------------------------------------------------------------------------


@FUZZ
@given(q=TEXT)
def test_search(world, q):
    client = world.clients["anonymous"]
    with rolled_back():
        response = client.get(reverse("search"), {"q": q})
        check(client, response, kept=[q])


@FUZZ
@given(username=TEXT, password=TEXT)
def test_login(world, username, password):
    client = world.clients["anonymous"]
    with rolled_back():
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 200
        check(client, response, kept=[username])


# Staff forms ---------------------------------------------------------------------------------


@FUZZ
@given(
    title=TEXT,
    problem=TEXT,
    change=TEXT,
    ward=TEXT,
    notes=TEXT,
    site=st.one_of(st.none(), CHOICE),
    involves=CHOICE,
    effect=st.one_of(st.just("reduces"), CHOICE),
    confirm=st.booleans(),
)
def test_idea_form(world, title, problem, change, ward, notes, site, involves, effect, confirm):
    client = world.clients["staff"]
    data = {
        "title": title,
        "problem": problem,
        "proposed_change": change,
        "site": world.site.pk if site is None else site,
        "ward": ward,
        "objectives": [world.objective.pk],
        "involves_patients": involves,
        "health_inequalities": effect,
        "health_inequalities_notes": notes,
        "submission_token": "6f1c1f0e-8d8a-4a8e-9a51-2b8f0f5d8b10",
    }
    if confirm:
        data["confirm"] = "yes"
    with rolled_back():
        response = client.post(reverse("improvement:idea_create"), data)
        check(client, response, kept=[title, problem, change, ward, notes])


# Triage ---------------------------------------------------------------------------------------


@FUZZ
@given(action=st.sampled_from(["idea_review", "idea_decline"]), reason=TEXT)
def test_review_and_decline(world, action, reason):
    client = world.clients["lead"]
    idea = world.submitted if action == "idea_review" else world.reviewing
    with rolled_back():
        response = client.post(reverse(f"improvement:{action}", args=[idea.pk]), {"reason": reason})
        check(client, response, kept=[reason])


@FUZZ
@given(into=st.one_of(st.none(), CHOICE), reason=TEXT)
def test_merge(world, into, reason):
    client = world.clients["lead"]
    data = {"into": world.target.pk if into is None else into, "reason": reason}
    with rolled_back():
        response = client.post(reverse("improvement:idea_merge", args=[world.reviewing.pk]), data)
        check(client, response, kept=[reason])


@FUZZ
@given(aim=TEXT, lead=st.one_of(st.none(), CHOICE), start=DATE, reason=TEXT)
def test_support(world, aim, lead, start, reason):
    client = world.clients["lead"]
    data = {
        "aim": aim,
        "lead": world.lead.pk if lead is None else lead,
        **date_parts("start_date", *start),
        **date_parts("target_date", "1", "3", "2030"),
        "reason": reason,
    }
    with rolled_back():
        response = client.post(reverse("improvement:idea_support", args=[world.reviewing.pk]), data)
        check(client, response, kept=[aim, reason])


# Projects ---------------------------------------------------------------------------------------


@FUZZ
@given(title=TEXT, problem=TEXT, aim=TEXT, ward=TEXT, measures=TEXT, notes=TEXT, end=DATE)
def test_charter(world, title, problem, aim, ward, measures, notes, end):
    client = world.clients["lead"]
    data = {
        "title": title,
        "problem_statement": problem,
        "aim": aim,
        "lead": world.lead.pk,
        "sponsor": "",
        "site": world.site.pk,
        "ward": ward,
        "objectives": [world.objective.pk],
        **date_parts("start_date", "1", "4", "2024"),
        **date_parts("target_date", *end),
        "health_inequalities": "reduces",
        "health_inequalities_notes": notes,
        "measures": measures,
    }
    with rolled_back():
        response = client.post(
            reverse("improvement:project_charter", args=[world.project.pk]), data
        )
        check(client, response, kept=[title, problem, aim, ward, measures, notes])


@FUZZ
@given(score=st.one_of(st.just("2.0"), CHOICE), note=TEXT)
def test_progress(world, score, note):
    client = world.clients["lead"]
    url = reverse("improvement:project_progress", args=[world.project.pk])
    with rolled_back():
        check(client, client.post(url, {"score": score, "note": note}), kept=[note])


@FUZZ
@given(phase=CHOICE)
def test_phase(world, phase):
    client = world.clients["lead"]
    url = reverse("improvement:project_phase", args=[world.project.pk])
    with rolled_back():
        check(client, client.post(url, {"phase": phase}))


@FUZZ
@given(status=st.one_of(st.just("completed"), CHOICE), summary=TEXT)
def test_status(world, status, summary):
    client = world.clients["lead"]
    url = reverse("improvement:project_status", args=[world.project.pk])
    with rolled_back():
        response = client.post(url, {"status": status, "closing_summary": summary})
        check(client, response, kept=[summary])


@FUZZ
@given(
    edit=st.booleans(),
    change_idea=TEXT,
    plan=TEXT,
    prediction=TEXT,
    do=TEXT,
    study=TEXT,
    act=st.one_of(st.just(""), CHOICE),
    start=st.one_of(st.just(("1", "5", "2024")), DATE),
)
def test_pdsa(world, edit, change_idea, plan, prediction, do, study, act, start):
    client = world.clients["lead"]
    args = [world.project.pk, world.cycle.pk] if edit else [world.project.pk]
    url = reverse("improvement:pdsa_edit" if edit else "improvement:pdsa_create", args=args)
    data = {
        "change_idea": change_idea,
        "plan": plan,
        "prediction": prediction,
        "do": do,
        "study": study,
        "act": act,
        **date_parts("start_date", *start),
        **date_parts("end_date", "", "", ""),
    }
    with rolled_back():
        check(client, client.post(url, data), kept=[change_idea, plan, prediction, do, study])


@FUZZ
@given(
    edit=st.booleans(),
    name=TEXT,
    kind=st.one_of(st.just("outcome"), CHOICE),
    unit=TEXT,
    target=CHOICE,
    definition=TEXT,
)
def test_measure_form(world, edit, name, kind, unit, target, definition):
    client = world.clients["lead"]
    if edit:
        url = reverse("improvement:measure_edit", args=[world.project.pk, world.measure.pk])
    else:
        url = reverse("improvement:measure_create", args=[world.project.pk])
    data = {
        "name": name,
        "kind": kind,
        "unit": unit,
        "direction": "decrease",
        "target": target,
        "frequency": "weekly",
        "chart_type": "i",
        "definition": definition,
    }
    with rolled_back():
        check(client, client.post(url, data), kept=[name, unit, definition])


@FUZZ
@given(period=st.one_of(st.just(("4", "3", "2024")), DATE), value=CHOICE, note=TEXT)
def test_data_point(world, period, value, note):
    client = world.clients["lead"]
    url = reverse("improvement:measure_add_value", args=[world.measure.pk])
    data = {**date_parts("period", *period), "value": value, "note": note}
    with rolled_back():
        check(client, client.post(url, data), kept=[value, note])


@FUZZ
@given(
    rows=st.one_of(
        TEXT,
        st.lists(st.tuples(CHOICE, CHOICE, TEXT), max_size=5).map(
            lambda rows: "\n".join(",".join(row) for row in rows)
        ),
    ),
    replace=st.booleans(),
)
def test_paste_data(world, rows, replace):
    client = world.clients["lead"]
    url = reverse("improvement:measure_upload", args=[world.measure.pk])
    data = {"rows": rows, **({"replace": "on"} if replace else {})}
    with rolled_back():
        check(client, client.post(url, data), kept=[rows])


@FUZZ
@given(period=st.one_of(st.just(("5", "2", "2024")), DATE), reason=TEXT)
def test_rebase(world, period, reason):
    client = world.clients["lead"]
    url = reverse("improvement:measure_rebase", args=[world.measure.pk])
    data = {**date_parts("period", *period), "reason": reason}
    with rolled_back():
        check(client, client.post(url, data), kept=[reason])


# Training and wards -----------------------------------------------------------------------------


@FUZZ
@given(
    name=TEXT,
    capacity=st.one_of(st.just("12"), CHOICE),
    starts=st.one_of(st.just(("1", "1", "2031")), DATE),
    course=st.one_of(st.none(), CHOICE),
)
def test_cohort_form(world, name, capacity, starts, course):
    client = world.clients["lead"]
    data = {
        "course": world.course.pk if course is None else course,
        "name": name,
        "site": world.site.pk,
        "capacity": capacity,
        **date_parts("starts_on", *starts),
        "facilitators": [world.lead.pk],
    }
    with rolled_back():
        check(client, client.post(reverse("training:cohort_create"), data), kept=[name])


@FUZZ
@given(present=st.lists(st.one_of(st.none(), CHOICE), max_size=3))
def test_attendance(world, present):
    client = world.clients["lead"]
    url = reverse("training:session_attendance", args=[world.finished.pk, 1])
    values = [world.attending.pk if value is None else value for value in present]
    with rolled_back():
        check(client, client.post(url, {"present": values}))


@FUZZ
@given(stage=st.one_of(st.just("testing"), CHOICE), joined=DATE)
def test_ward_form(world, stage, joined):
    client = world.clients["lead"]
    url = reverse("training:ward", args=[world.ward.pk])
    with rolled_back():
        check(client, client.post(url, {"stage": stage, **date_parts("joined_on", *joined)}))


# Filters (GET) ---------------------------------------------------------------------------------


@FUZZ
@given(
    site=CHOICE,
    objective=CHOICE,
    idea_status=CHOICE,
    project_status=CHOICE,
    date_from=DATE,
    date_to=DATE,
)
def test_dashboard_filters(world, site, objective, idea_status, project_status, date_from, date_to):
    client = world.clients["staff"]
    params = {
        "site": site,
        "objective": objective,
        "idea_status": idea_status,
        "project_status": project_status,
        **date_parts("date_from", *date_from),
        **date_parts("date_to", *date_to),
    }
    with rolled_back():
        check(client, client.get(reverse("improvement:dashboard"), params))


LISTS = ["ideas", "projects", "ideas_csv", "projects_csv", "my_ideas"]


@FUZZ
@given(
    page=st.sampled_from(LISTS),
    q=TEXT,
    status=CHOICE,
    phase=CHOICE,
    site=CHOICE,
    objective=CHOICE,
    date_from=DATE,
    date_to=DATE,
    sort=CHOICE,
    number=CHOICE,
)
def test_list_filters(
    world, page, q, status, phase, site, objective, date_from, date_to, sort, number
):
    client = world.clients["staff"]
    params = {
        "q": q,
        "status": status,
        "phase": phase,
        "site": site,
        "objective": objective,
        **date_parts("date_from", *date_from),
        **date_parts("date_to", *date_to),
        "sort": sort,
        "page": number,
    }
    with rolled_back():
        response = client.get(reverse(f"improvement:{page}"), params)
        if page.endswith("_csv"):
            assert response.status_code == 200
            b"".join(response.streaming_content).decode("utf-8")
        else:
            kept = [q] if page in {"ideas", "projects"} else []
            check(client, response, kept=kept)


# Thank-you cards ----------------------------------------------------------------------------


@FUZZ
@given(
    q=TEXT,
    story=TEXT,
    value=st.one_of(st.none(), CHOICE),
    behaviour=st.one_of(st.none(), CHOICE),
    to=st.one_of(st.none(), CHOICE),
)
def test_thank_you_card(world, q, story, value, behaviour, to):
    card_value = BehaviourFactory().value
    client = world.clients["staff"]
    url = reverse("values:card_send")
    with rolled_back():
        check(client, client.get(url, {"to-name": q}), kept=[q])
        data = {
            "value": card_value.pk if value is None else value,
            "behaviour": "" if behaviour is None else behaviour,
            "story": story,
            "publish_consent": "on",
        }
        # A colleague who cannot be found sends the writer back to the search.
        recipient = world.owner.pk if to is None else to
        kept = [story] if to is None else []
        check(client, client.post(f"{url}?to={recipient}", data), kept=kept)


@FUZZ
@given(reason=TEXT)
def test_hide_card(world, reason):
    card = ThankYouCardFactory(publish_consent=True)
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    with rolled_back():
        response = client.post(reverse("values:card_hide", args=[card.pk]), {"reason": reason})
        check(client, response, kept=[reason])
