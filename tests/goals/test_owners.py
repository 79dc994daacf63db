"""Who delivers each goal and objective: an executive owner and delivery leads, chosen by
editors in the admin and shown, with their job titles, on the strategy's pages."""

import pytest
from django.urls import reverse

from goals.models import Objective
from tests.factories import GoalFactory, ObjectiveFactory, UserFactory, staff_with_job_title
from tests.html import summary_value, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def objective():
    return ObjectiveFactory(
        strategy__organisation__slug="trust", year=2023, number=1, statement="Fewer falls."
    )


def test_an_objective_page_names_its_owner_and_delivery_leads_with_job_titles(client, objective):
    objective.executive_owner = staff_with_job_title(
        "Chief nurse", first_name="Nia", last_name="Owen"
    )
    objective.save()
    objective.delivery_leads.add(
        staff_with_job_title("Matron", first_name="Abi", last_name="Able"),
        UserFactory(first_name="Ben", last_name="Bold"),
    )

    page = client.get(objective.get_absolute_url()).content.decode()

    assert summary_value(page, "Executive owner") == "Nia Owen, Chief nurse"
    assert summary_value(page, "Delivery leads") == "Abi Able, Matron Ben Bold"


def test_an_objective_without_owners_says_so(client, objective):
    page = client.get(objective.get_absolute_url()).content.decode()

    assert summary_value(page, "Executive owner") == "Not named yet"
    assert summary_value(page, "Delivery leads") == "None named"


def test_the_strategy_page_names_each_goals_owner_and_leads(client, objective):
    goal = GoalFactory(
        strategy=objective.strategy,
        title="Safe care",
        executive_owner=staff_with_job_title("Medical director", first_name="Mo", last_name="Ode"),
    )
    goal.delivery_leads.add(staff_with_job_title("Matron", first_name="Abi", last_name="Able"))

    page = text(client.get(reverse("goals:strategy", args=["trust"])).content.decode())

    assert "Executive owner: Mo Ode, Medical director" in page
    assert "Delivery lead: Abi Able, Matron" in page


def test_a_changed_owner_shows_at_once_on_the_cached_page(client, objective):
    owner = staff_with_job_title("Chief nurse", first_name="Nia", last_name="Owen")
    url = objective.get_absolute_url()
    client.get(url)
    objective.executive_owner = owner
    objective.save()
    assert summary_value(client.get(url).content.decode(), "Executive owner") == (
        "Nia Owen, Chief nurse"
    )

    owner.staff_profile.job_title = "Chief executive"
    owner.staff_profile.save()

    assert summary_value(client.get(url).content.decode(), "Executive owner") == (
        "Nia Owen, Chief executive"
    )


def test_an_editor_names_the_owner_and_leads_in_the_admin(editor_client, objective):
    owner = staff_with_job_title("Chief nurse", first_name="Nia", last_name="Owen")
    leads = [UserFactory(), UserFactory()]
    url = reverse("admin:goals_objective_change", args=[objective.pk])
    assert editor_client.get(url).status_code == 200

    response = editor_client.post(
        url,
        {
            "strategy": objective.strategy.pk,
            "year": 2023,
            "number": 1,
            "statement": "Fewer falls.",
            "executive_owner": owner.pk,
            "delivery_leads": ",".join(str(lead.pk) for lead in leads),
        },
    )

    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.executive_owner == owner
    assert set(objective.delivery_leads.all()) == set(leads)
    latest = Objective.history.filter(id=objective.pk).latest("history_date")
    assert latest.executive_owner_id == owner.pk
    assert {link.user_id for link in latest.delivery_leads.all()} == {lead.pk for lead in leads}


def test_an_editor_names_a_goals_owner_in_the_admin(editor_client, objective):
    goal = GoalFactory(strategy=objective.strategy, title="Safe care")
    owner = staff_with_job_title("Medical director")
    url = reverse("admin:goals_goal_change", args=[goal.pk])

    response = editor_client.post(
        url,
        {
            "strategy": goal.strategy.pk,
            "title": "Safe care",
            "description": "Safe.",
            "order": goal.order,
            "executive_owner": owner.pk,
            "delivery_leads": "",
        },
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.executive_owner == owner
