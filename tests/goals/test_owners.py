"""Who delivers each goal and objective: an executive owner and delivery leads, chosen by
editors in the admin, by typing a name, and shown, with their job titles, on the strategy's
pages."""

import pytest
from django.urls import reverse

from goals.models import Objective
from tests.factories import (
    GoalFactory,
    ObjectiveFactory,
    SiteFactory,
    StaffProfileFactory,
    UserFactory,
    staff_with_job_title,
)
from tests.html import parse, summary_value, text

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
            "delivery_leads": [lead.pk for lead in leads],
            # The objective's progress updates, listed read-only below it.
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
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
            "delivery_leads": [],
        },
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.executive_owner == owner


# Finding the person by name among many: the admin's type-ahead -----------------------------

AUTOCOMPLETE = reverse("admin:autocomplete")


def search(client, term, *, model_name="objective", field_name="executive_owner"):
    return client.get(
        AUTOCOMPLETE,
        {"term": term, "app_label": "goals", "model_name": model_name, "field_name": field_name},
    )


@pytest.fixture
def two_nias(db):
    basildon = SiteFactory(short_name="Basildon")
    southend = SiteFactory(short_name="Southend")
    nurse = StaffProfileFactory(
        user=UserFactory(first_name="Nia", last_name="Owen"),
        job_title="Chief nurse",
        site=basildon,
    ).user
    porter = StaffProfileFactory(
        user=UserFactory(first_name="Nia", last_name="Owen"), job_title="Porter", site=southend
    ).user
    UserFactory(first_name="Nia", last_name="Gone", is_active=False)
    return nurse, porter


@pytest.mark.parametrize(
    ("model_name", "field_name"),
    [
        ("objective", "executive_owner"),
        ("objective", "delivery_leads"),
        ("goal", "executive_owner"),
        ("goal", "delivery_leads"),
    ],
)
def test_an_editor_finds_owners_by_name_told_apart_by_job_title_and_site(
    editor_client, two_nias, model_name, field_name
):
    nurse, porter = two_nias

    found = search(editor_client, "nia", model_name=model_name, field_name=field_name)

    assert found.status_code == 200
    assert sorted(found.json()["results"], key=lambda result: result["text"]) == [
        {"id": str(nurse.pk), "text": "Nia Owen (Chief nurse, Basildon)"},
        {"id": str(porter.pk), "text": "Nia Owen (Porter, Southend)"},
    ]
    by_title = search(editor_client, "chief nurse", model_name=model_name, field_name=field_name)
    assert [result["id"] for result in by_title.json()["results"]] == [str(nurse.pk)]


def test_the_objectives_admin_page_shows_its_owner_by_name_in_the_type_ahead(
    editor_client, objective, two_nias
):
    nurse, _ = two_nias
    objective.executive_owner = nurse
    objective.save()

    page = parse(editor_client.get(reverse("admin:goals_objective_change", args=[objective.pk])))

    owner = page.find("select", name="executive_owner")
    assert owner.attrs["data-ajax--url"] == AUTOCOMPLETE
    [chosen] = [option for option in owner.find_all("option") if "selected" in option.attrs]
    assert chosen.text == "Nia Owen (Chief nurse, Basildon)"
    assert page.find("select", name="delivery_leads").attrs["data-ajax--url"] == AUTOCOMPLETE


def test_only_those_who_may_change_the_record_search_staff_and_only_for_its_people(
    client, editor_client, two_nias
):
    # A user field not chosen by type-ahead stays behind Django's rule: viewing accounts.
    assert (
        editor_client.get(
            AUTOCOMPLETE,
            {
                "term": "nia",
                "app_label": "people",
                "model_name": "staffprofile",
                "field_name": "user",
            },
        ).status_code
        == 403
    )
    admin_without_strategy = UserFactory(is_staff=True)
    client.force_login(admin_without_strategy)
    assert search(client, "nia").status_code == 403
    client.force_login(UserFactory())
    assert search(client, "nia").status_code == 302
