"""The admin, as editors use it: every strategy and values model can be listed, searched,
filtered, added and changed, and a behaviour changed in the admin shows on the public page.
The "Strategy editors" group grants exactly the content permissions and nothing more."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from goals.models import Goal, Objective, Organisation, ProgressUpdate, Section, Site, Strategy
from tests.factories import UserFactory
from tests.html import form_data
from values.models import Behaviour, GuidingPrinciple, ThankYouCard, Value

pytestmark = pytest.mark.django_db

STRATEGY_EDITORS = "Strategy editors"
CONTENT_MODELS = {
    "goals": ["organisation", "strategy", "goal", "objective", "section", "sectionitem"],
    "values": ["value", "behaviour", "guidingprinciple"],
}
ACTIONS = ["add", "change", "delete", "view"]

# Each registered model, a seeded record's lookup, a search term and a text it finds.
ADMIN_MODELS = {
    Organisation: ({"slug": "mseft"}, "Essex", "Mid and South Essex NHS Foundation Trust"),
    Strategy: ({"organisation__slug": "mse-ics"}, "statutory bodies", "Integrated Care System"),
    Goal: ({"title": "Equitable access"}, "digital", "Equitable access"),
    Objective: ({"year": 2023, "number": 5}, "maximising", "2023-24: strategic objective 5"),
    Section: ({"kind": "places"}, "Thurrock", "Our places"),
    Value: ({"slug": "compassionate"}, "listen", "Compassionate"),
    Behaviour: ({"statement": "I take time to listen"}, "listen", "I take time to listen"),
    GuidingPrinciple: ({"title": "Share success"}, "Togetherness", "Collaboration"),
}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_behaviour_through_value_page(client, value, old, new):
    """Open the value's change page, edit one behaviour in the inline, and save."""
    url = admin_url(Value, "change", value.pk)
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, "value_form")
    assert data["behaviours-TOTAL_FORMS"] == ["8"]
    [field] = [name for name, values in data.items() if values == [old]]
    assert field.startswith("behaviours-") and field.endswith("-statement")
    data[field] = [new]
    data["_save"] = ["Save"]
    return client.post(url, data)


@pytest.fixture
def compassionate(seeded):
    return Value.objects.get(organisation__slug="mseft", slug="compassionate")


# Every registered model


def test_the_strategy_and_values_models_are_registered():
    registered = {
        model for model in admin.site._registry if model._meta.app_label in {"goals", "values"}
    }
    # The thank-you cards' admin is tested with the cards, in tests/values; the progress
    # updates', read-only, with the updates in tests/goals/test_update_admin.py; the sites',
    # which are not strategy content, with every other admin in the roles matrix
    # (tests/strategy_portal/test_permission_matrix.py).
    assert registered == set(ADMIN_MODELS) | {Site, ThankYouCard, ProgressUpdate}


@pytest.mark.parametrize("model", list(ADMIN_MODELS), ids=lambda m: m._meta.model_name)
def test_changelist_search_and_filters(seeded, admin_client, model):
    _lookup, term, found = ADMIN_MODELS[model]
    url = admin_url(model, "changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()

    response = admin_client.get(url, {"q": term})
    assert response.status_code == 200
    cl = response.context["cl"]
    assert 0 < cl.result_count < model.objects.count() or model.objects.count() == 1
    assert found in response.content.decode()

    response = admin_client.get(url, {"q": "no-such-text-anywhere"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0

    filters = response.context["cl"].filter_specs
    assert filters or not admin.site._registry[model].list_filter
    for spec in filters:
        choices = [c for c in spec.choices(response.context["cl"]) if not c.get("selected")]
        assert choices, f"{model.__name__}: filter {spec.title} offers nothing to choose"
        for choice in choices:
            filtered = admin_client.get(url + choice["query_string"])
            assert filtered.status_code == 200, (
                f"{model.__name__}: filter {spec.title} {choice['display']} "
                f"answered {filtered.status_code}"
            )


@pytest.mark.parametrize("model", list(ADMIN_MODELS), ids=lambda m: m._meta.model_name)
def test_add_and_change_pages_open(seeded, admin_client, model):
    lookup, _term, _found = ADMIN_MODELS[model]
    assert admin_client.get(admin_url(model, "add")).status_code == 200
    record = model.objects.get(**lookup)
    response = admin_client.get(admin_url(model, "change", record.pk))
    assert response.status_code == 200
    assert str(record) in response.content.decode()


def test_objective_cannot_be_linked_to_another_strategys_goal(seeded, admin_client):
    objective = Objective.objects.get(strategy__organisation__slug="mseft", year=2023, number=5)
    ics_goal = Goal.objects.create(
        strategy=Strategy.objects.get(organisation__slug="mse-ics"),
        title="An ICS goal",
        description="Belongs to the care system.",
    )
    url = admin_url(Objective, "change", objective.pk)
    data = form_data(admin_client.get(url), "objective_form")
    data["goals"] = [*data["goals"], str(ics_goal.pk)]
    data["_save"] = ["Save"]
    admin_client.post(url, data)
    assert not objective.goals.filter(pk=ics_goal.pk).exists()
    page = admin_client.get(objective.get_absolute_url()).content.decode()
    assert "An ICS goal" not in page


def test_strategy_page_offers_only_its_own_goals_to_its_objectives(seeded, admin_client):
    ics = Strategy.objects.get(organisation__slug="mse-ics")
    Goal.objects.create(strategy=ics, title="An ICS goal", description="x")
    strategy = Strategy.objects.get(organisation__slug="mseft")
    response = admin_client.get(admin_url(Strategy, "change", strategy.pk))
    assert response.status_code == 200
    [objective_formset] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Objective
    ]
    offered = set(objective_formset.forms[0].fields["goals"].queryset)
    assert offered == set(strategy.goals.all())


def test_change_page_links_to_the_public_page(seeded, admin_client, compassionate):
    response = admin_client.get(admin_url(Value, "change", compassionate.pk))
    content = response.content.decode()
    assert "View on site" in content
    content_type = ContentType.objects.get_for_model(Value)
    view_on_site = reverse("admin:view_on_site", args=[content_type.pk, compassionate.pk])
    assert f'href="{view_on_site}"' in content
    redirect = admin_client.get(view_on_site)
    assert redirect.status_code == 302
    assert redirect["Location"].endswith("/values/mseft/compassionate/")
    assert admin_client.get("/values/mseft/compassionate/").status_code == 200


# The editor's journey


def test_superuser_changes_a_behaviour_and_sees_it_on_the_site(admin_client, compassionate):
    new = "I take time to listen, and to act on what I hear"
    response = change_behaviour_through_value_page(
        admin_client, compassionate, "I take time to listen", new
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert response["Location"] == admin_url(Value, "changelist")

    page = admin_client.get("/values/mseft/compassionate/").content.decode()
    assert new in page
    assert page.count("I take time to listen") == 1  # only as part of the new statement
    statements = list(compassionate.behaviours.values_list("statement", flat=True))
    assert statements[0] == new
    assert len(statements) == 8


def test_strategy_editors_group_has_exactly_the_content_permissions():
    group = Group.objects.get(name=STRATEGY_EDITORS)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    expected = {
        (app_label, f"{action}_{model}")
        for app_label, models in CONTENT_MODELS.items()
        for model in models
        for action in ACTIONS
    }
    assert len(expected) == 36
    # And they check the thank-you cards for the values' walls.
    expected |= {("values", "moderate_thankyoucard"), ("values", "view_thankyoucard")}
    # And they write and approve objectives' progress updates, and read them in the admin.
    expected |= {
        ("goals", "add_progressupdate"),
        ("goals", "approve_progressupdate"),
        ("goals", "view_progressupdate"),
    }
    assert granted == expected
    assert Permission.objects.filter(group=group).count() == 41


def test_editor_changes_a_behaviour_through_the_value_page(editor_client, compassionate):
    response = change_behaviour_through_value_page(
        editor_client,
        compassionate,
        "I build relationships of trust with colleagues and patients",
        "I build trust with colleagues, patients and carers",
    )
    assert response.status_code == 302
    text = editor_client.get("/values/mseft/compassionate/").content.decode()
    assert "I build trust with colleagues, patients and carers" in text
    assert "I build relationships of trust" not in text


def test_editor_can_open_the_content_admin_but_not_users(seeded, editor_client):
    assert editor_client.get(admin_url(Value, "changelist")).status_code == 200
    assert editor_client.get(admin_url(Strategy, "changelist")).status_code == 200
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_admin_login(seeded, client, compassionate):
    response = client.get(admin_url(Value, "change", compassionate.pk))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_the_group_cannot_change_content(seeded, client, compassionate):
    client.force_login(UserFactory(username="plain-staff", is_staff=True))
    assert client.get(admin_url(Value, "change", compassionate.pk)).status_code == 403


@pytest.mark.parametrize("model", list(ADMIN_MODELS), ids=lambda m: m._meta.model_name)
def test_saving_a_change_page_unchanged_keeps_the_record(seeded, admin_client, model):
    lookup, _term, _found = ADMIN_MODELS[model]
    record = model.objects.get(**lookup)
    url = admin_url(model, "change", record.pk)
    data = form_data(admin_client.get(url), f"{model._meta.model_name}_form")
    data["_save"] = ["Save"]
    counts = {m: m.objects.count() for m in ADMIN_MODELS}
    response = admin_client.post(url, data)
    errors = response.context and response.context.get("errors")
    assert response.status_code == 302, f"{model.__name__} form refused: {errors}"
    assert {m: m.objects.count() for m in ADMIN_MODELS} == counts
    assert str(model.objects.get(pk=record.pk)) == str(record)


def test_editor_renames_a_place_through_its_section(seeded, editor_client):
    section = Section.objects.get(strategy__organisation__slug="mse-partnership", kind="places")
    url = admin_url(Section, "change", section.pk)
    data = form_data(editor_client.get(url), "section_form")
    [field] = [name for name, values in data.items() if values == ["Mid-Essex"]]
    data[field] = ["Mid Essex and Chelmsford"]
    data["_save"] = ["Save"]
    assert editor_client.post(url, data).status_code == 302
    page = editor_client.get("/strategies/mse-partnership/").content.decode()
    assert "Mid Essex and Chelmsford" in page


def test_editor_changes_an_objective_through_the_strategy_page(seeded, editor_client):
    strategy = Strategy.objects.get(organisation__slug="mseft")
    url = admin_url(Strategy, "change", strategy.pk)
    data = form_data(editor_client.get(url), "strategy_form")
    old = Objective.objects.get(strategy=strategy, year=2023, number=5).statement
    [field] = [name for name, values in data.items() if values == [old]]
    data[field] = ["Improving value in all we do, digital first."]
    data["_save"] = ["Save"]
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    page = editor_client.get("/strategies/mseft/objectives/2023-24/5/").content.decode()
    assert "Improving value in all we do, digital first." in page
    # Its links to goals survive the save.
    assert Objective.objects.get(strategy=strategy, number=5).goals.exists()
