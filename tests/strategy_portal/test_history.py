"""Audit history: every change to strategy content, values and behaviours, ideas, projects,
measures and data points is kept with the person who made it; the admin lists each
object's changes and can put an old version back."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import IMPROVEMENT_LEADS
from goals.models import Goal, Objective
from improvement import measure_services, services
from improvement.models import DataPoint, PDSACycle, Project
from people.models import StaffProfile
from tests.factories import UserFactory
from tests.html import form_data, parse
from tests.improvement.factories import IdeaFactory, MeasureFactory, ProjectFactory
from tests.strategy_portal.test_content_admin import admin_url, change_behaviour_through_value_page
from values.models import Behaviour, Value

pytestmark = pytest.mark.django_db

LISTEN = "I take time to listen"
LISTEN_BETTER = "I take time to listen, and to act on what I hear"
LISTEN_LESS = "I listen when I can"


@pytest.fixture
def compassionate(seeded):
    return Value.objects.get(organisation__slug="mseft", slug="compassionate")


@pytest.fixture
def lead(db):
    user = UserFactory(username="history.lead", first_name="Hana", last_name="Lead")
    user.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return user


def history_rows(response):
    """Each row of the admin's history table: {column heading: cell text}."""
    table = parse(response).find("table", id="change-history")
    assert table is not None, "no history table on the page"
    headings = [cell.text for cell in table.find("thead").find_all("th")]
    return [
        dict(zip(headings, [cell.text for cell in row.find_all("td")], strict=True))
        for row in table.find("tbody").find_all("tr")
    ]


# Saving through the services and the admin writes history with the user ------------------


def test_a_lead_saving_a_charter_is_recorded_with_the_lead(lead):
    project = ProjectFactory(title="Better handovers", lead=lead)

    services.update_charter(project=project, changed_by=lead, aim="Handovers in 20 minutes.")

    latest = project.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == lead
    assert latest.aim == "Handovers in 20 minutes."
    assert latest.prev_record.aim == "Halve it by March."


def test_triage_is_recorded_with_the_lead(lead):
    idea = IdeaFactory(title="Quieter wards at night")

    services.start_review(idea=idea, changed_by=lead)

    latest = idea.history.latest()
    assert (latest.status, latest.history_user) == ("under_review", lead)


def test_data_points_and_the_measure_verdict_are_recorded_with_the_lead(lead):
    measure = MeasureFactory(project=ProjectFactory(lead=lead))
    rows = [(datetime.date(2024, 4, day), float(day), "") for day in range(1, 4)]

    measure_services.add_data_points(measure=measure, rows=rows, changed_by=lead)
    measure_services.add_data_points(
        measure=measure,
        rows=[(datetime.date(2024, 4, 1), 9.0, "Recounted")],
        changed_by=lead,
        replace=True,
    )

    records = DataPoint.history.filter(measure=measure)
    assert [(r.history_type, r.value, r.history_user) for r in records.order_by("history_id")] == [
        ("+", 1.0, lead),
        ("+", 2.0, lead),
        ("+", 3.0, lead),
        ("-", 1.0, lead),
        ("+", 9.0, lead),
    ]
    assert measure.history.latest().history_user == lead


def test_an_editor_changing_a_behaviour_in_the_admin_is_recorded(editor_client, compassionate):
    for old, new in [(LISTEN, LISTEN_BETTER), (LISTEN_BETTER, LISTEN_LESS)]:
        response = change_behaviour_through_value_page(editor_client, compassionate, old, new)
        assert response.status_code == 302

    behaviour = Behaviour.objects.get(statement=LISTEN_LESS)
    latest = behaviour.history.latest()
    assert (latest.history_type, latest.history_user.username) == ("~", "editor")
    assert latest.prev_record.statement == LISTEN_BETTER


def test_a_project_changed_in_the_admin_is_recorded_with_the_user(admin_client, admin_user):
    project = ProjectFactory(title="Better handovers")
    url = admin_url(Project, "change", project.pk)
    data = form_data(admin_client.get(url), "project_form")
    data["title"] = ["Safer handovers"]
    data["_save"] = ["Save"]

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    latest = project.history.latest()
    assert (latest.title, latest.history_user) == ("Safer handovers", admin_user)


def test_a_staff_profile_changed_in_the_admin_is_recorded_with_the_user(admin_client, admin_user):
    profile = StaffProfile.objects.create(user=UserFactory(), job_title="Staff nurse")
    url = admin_url(StaffProfile, "change", profile.pk)
    data = form_data(admin_client.get(url), "staffprofile_form")
    data["job_title"] = ["Ward sister"]
    data["_save"] = ["Save"]

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert [(entry.job_title, entry.history_user) for entry in profile.history.all()] == [
        ("Ward sister", admin_user),
        ("Staff nurse", None),
    ]


# The admin's history pages -----------------------------------------------------------------


def test_a_behaviours_history_lists_who_changed_what(editor_client, compassionate):
    change_behaviour_through_value_page(editor_client, compassionate, LISTEN, LISTEN_BETTER)
    change_behaviour_through_value_page(editor_client, compassionate, LISTEN_BETTER, LISTEN_LESS)
    behaviour = Behaviour.objects.get(statement=LISTEN_LESS)

    response = editor_client.get(admin_url(Behaviour, "history", behaviour.pk))

    assert response.status_code == 200
    newest = history_rows(response)[0]
    assert newest["Changed by"] == "editor"
    assert newest["Comment"] == "Changed"
    assert newest["Changes"] == f"Statement: {LISTEN_BETTER} → {LISTEN_LESS}"


def test_a_values_history_lists_its_changes(editor_client, compassionate):
    url = admin_url(Value, "change", compassionate.pk)
    data = form_data(editor_client.get(url), "value_form")
    data["summary"] = ["We care for each other."]
    data["_save"] = ["Save"]
    assert editor_client.post(url, data).status_code == 302

    response = editor_client.get(admin_url(Value, "history", compassionate.pk))

    assert response.status_code == 200
    rows = history_rows(response)
    assert rows[0]["Changed by"] == "editor"
    assert rows[0]["Changes"].startswith("Summary: We act with care")
    assert "→ We care for each other." in rows[0]["Changes"]
    # The seeded version is the oldest row, created by the seed, not by a person.
    assert rows[-1]["Comment"] == "Created"


def test_a_projects_history_lists_the_leads_changes(admin_client, lead):
    project = ProjectFactory(title="Better handovers", lead=lead)
    services.update_charter(project=project, changed_by=lead, title="Safer handovers")
    services.set_phase(project=project, phase=Project.Phase.DEFINE_AND_SCOPE, changed_by=lead)

    response = admin_client.get(admin_url(Project, "history", project.pk))

    assert response.status_code == 200
    rows = history_rows(response)
    assert [row["Changed by"] for row in rows[:2]] == ["history.lead", "history.lead"]
    assert "Phase: start_out → define_and_scope" in rows[0]["Changes"]
    assert "Title: Better handovers → Safer handovers" in rows[1]["Changes"]


def test_reverting_a_behaviour_restores_its_seeded_statement_on_the_public_page(
    editor_client, compassionate
):
    # Seeding writes each behaviour's first history entry, so even the first change an
    # editor makes can be undone.
    change_behaviour_through_value_page(editor_client, compassionate, LISTEN, LISTEN_LESS)
    behaviour = Behaviour.objects.get(statement=LISTEN_LESS)
    public = "/values/mseft/compassionate/"
    assert LISTEN_LESS in editor_client.get(public).content.decode()

    # The editor opens the history and follows the link to the seeded version...
    history = parse(editor_client.get(admin_url(Behaviour, "history", behaviour.pk)))
    links = [
        a.attrs["href"]
        for a in history.find("table", id="change-history").find_all("a")
        if re.search(r"/history/\d+/$", a.attrs["href"])
    ]
    assert len(links) == 2
    seeded_version_url = links[1]  # newest first
    page = editor_client.get(seeded_version_url)
    assert page.status_code == 200
    assert "Revert" in page.content.decode()
    data = form_data(page, "historicalbehaviour_form")
    assert data["statement"] == [LISTEN]

    # ...and saves it.
    data["_save"] = ["Save"]
    response = editor_client.post(seeded_version_url, data)

    assert response.status_code == 302
    behaviour.refresh_from_db()
    assert behaviour.statement == LISTEN
    page = editor_client.get(public).content.decode()
    assert LISTEN in page
    assert LISTEN_LESS not in page
    assert behaviour.history.latest().history_user.username == "editor"
    assert behaviour.history.count() == 3


def test_reading_the_admin_history_needs_the_models_permission(seeded, client, compassionate):
    client.force_login(UserFactory(username="plain-staff", is_staff=True))
    behaviour = compassionate.behaviours.first()
    response = client.get(admin_url(Behaviour, "history", behaviour.pk))
    assert response.status_code == 403


def test_the_history_revert_page_is_a_named_admin_url(seeded, admin_client, compassionate):
    behaviour = compassionate.behaviours.first()
    behaviour.save()
    version = behaviour.history.earliest()
    url = reverse("admin:values_behaviour_simple_history", args=[behaviour.pk, version.pk])
    assert admin_client.get(url).status_code == 200


# Links, and the records of training, rebases, PDSA cycles and cards -----------------------


def objective_goals(objective):
    return set(objective.goals.values_list("title", flat=True))


def version_urls(client, model, pk):
    """The links to each old version on a record's history page, newest first."""
    history = parse(client.get(admin_url(model, "history", pk)))
    return [
        a.attrs["href"]
        for a in history.find("table", id="change-history").find_all("a")
        if re.search(r"/history/\d+/$", a.attrs["href"])
    ]


def test_an_objective_changed_in_the_admin_is_one_entry_with_its_goals(seeded, editor_client):
    objective = Objective.objects.get(strategy__organisation__slug="mseft", year=2023, number=1)
    goal = Goal.objects.filter(strategy=objective.strategy).exclude(objectives=objective).first()
    entries = objective.history.count()
    url = admin_url(Objective, "change", objective.pk)
    data = form_data(editor_client.get(url), "objective_form")
    data["goals"] = [str(goal.pk)]
    data["_save"] = ["Save"]

    assert editor_client.post(url, data).status_code == 302

    assert objective.history.count() == entries + 1
    latest = objective.history.latest()
    assert latest.history_user.username == "editor"
    assert [link.goal_id for link in latest.goals.all()] == [goal.pk]
    newest = history_rows(editor_client.get(admin_url(Objective, "history", objective.pk)))[0]
    assert newest["Changed by"] == "editor"
    assert newest["Changes"].startswith("Goals:")


def test_reverting_an_objective_in_the_admin_brings_its_goals_back(seeded, editor_client):
    objective = Objective.objects.get(strategy__organisation__slug="mseft", year=2023, number=1)
    seeded_goals = objective_goals(objective)
    other = Goal.objects.filter(strategy=objective.strategy).exclude(objectives=objective).first()
    url = admin_url(Objective, "change", objective.pk)
    data = form_data(editor_client.get(url), "objective_form")
    data["goals"] = [str(other.pk)]
    data["statement"] = ["A statement to undo."]
    data["_save"] = ["Save"]
    assert editor_client.post(url, data).status_code == 302
    assert objective_goals(objective) == {other.title}

    # The seeded version offers its own goals, not today's...
    seeded_version_url = version_urls(editor_client, Objective, objective.pk)[-1]
    data = form_data(editor_client.get(seeded_version_url), "historicalobjective_form")
    assert set(data["goals"]) == {
        str(pk) for pk in Goal.objects.filter(title__in=seeded_goals).values_list("pk", flat=True)
    }
    data["_save"] = ["Save"]

    # ...and saving it puts them back with the text.
    assert editor_client.post(seeded_version_url, data).status_code == 302
    objective.refresh_from_db()
    assert objective_goals(objective) == seeded_goals
    assert objective.statement != "A statement to undo."
    page = editor_client.get(objective.get_absolute_url()).content.decode()
    assert all(title in page for title in seeded_goals)
    assert other.title not in page


def test_a_projects_team_and_objectives_are_in_one_entry_with_the_charter(lead):
    project = ProjectFactory(title="Better handovers", lead=lead)
    member = UserFactory(username="team.member")
    entries = project.history.count()

    services.update_charter(
        project=project, changed_by=lead, aim="Handovers in 20 minutes.", team=[member]
    )

    latest = project.history.latest()
    assert latest.history_user == lead
    assert latest.aim == "Handovers in 20 minutes."
    assert [link.user_id for link in latest.team.all()] == [member.pk]
    assert latest.prev_record.team.count() == 0
    assert project.history.count() == entries + 1


def test_a_pdsa_cycle_is_recorded_with_the_lead(lead):
    project = ProjectFactory(lead=lead)

    cycle = services.save_pdsa_cycle(
        project=project,
        changed_by=lead,
        change_idea="A handover sheet",
        plan="Try it for a week.",
        prediction="Shorter handovers.",
        start_date=datetime.date(2024, 4, 1),
    )
    services.save_pdsa_cycle(project=project, changed_by=lead, cycle=cycle, act=PDSACycle.Act.ADOPT)

    assert [
        (r.history_type, r.act, r.history_user) for r in cycle.history.order_by("history_id")
    ] == [
        ("+", "", lead),
        ("~", "adopt", lead),
    ]
