"""The order of organisations, goals, sections and their items: one number per record in its
list, shown on every page at once after a change in the admin; a number given twice is
refused on the field, and two rows of the strategy's admin page may swap numbers."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from goals.models import Organisation, Section, Site, Strategy
from tests.factories import (
    GoalFactory,
    OrganisationFactory,
    SectionFactory,
    SectionItemFactory,
    SiteFactory,
)
from tests.html import form_data, main, parse

pytestmark = pytest.mark.django_db

MSEFT_GOALS = ["High quality local services", "Equitable access", "Opportunities for our staff"]


def admin_url(model, pk):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


def row_prefix(data, inline, title):
    [name] = [
        name
        for name, values in data.items()
        if name.startswith(f"{inline}-") and name.endswith("-title") and values == [title]
    ]
    return name.removesuffix("-title")


def goal_titles(page):
    return [node.text for node in main(page).find_all("h3") if node.text in MSEFT_GOALS]


def test_swapping_two_goals_on_the_strategy_page_shows_on_the_public_pages(seeded, editor_client):
    for url in ["/", "/strategies/mseft/"]:
        assert goal_titles(editor_client.get(url)) == MSEFT_GOALS  # cached as it stands now
    strategy = Strategy.objects.get(organisation__slug="mseft")
    url = admin_url(Strategy, strategy.pk)
    data = form_data(editor_client.get(url), "strategy_form")
    first = f"{row_prefix(data, 'goals', MSEFT_GOALS[0])}-order"
    last = f"{row_prefix(data, 'goals', MSEFT_GOALS[2])}-order"
    data[first], data[last] = data[last], data[first]
    data["_save"] = ["Save"]

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    for url in ["/", "/strategies/mseft/"]:
        assert goal_titles(editor_client.get(url)) == MSEFT_GOALS[::-1], url


def test_swapping_two_places_on_their_sections_page(seeded, editor_client):
    section = Section.objects.get(strategy__organisation__slug="mse-partnership", kind="places")
    before = list(section.items.values_list("title", flat=True))
    url = admin_url(Section, section.pk)
    data = form_data(editor_client.get(url), "section_form")
    first = f"{row_prefix(data, 'items', before[0])}-order"
    second = f"{row_prefix(data, 'items', before[1])}-order"
    data[first], data[second] = data[second], data[first]
    data["_save"] = ["Save"]

    assert editor_client.post(url, data).status_code == 302
    page = main(editor_client.get("/strategies/mse-partnership/")).text
    assert page.index(before[1]) < page.index(before[0])


def test_an_organisations_page_refuses_a_number_another_organisation_has(seeded, editor_client):
    esmsk = Organisation.objects.get(slug="esmsk")
    url = admin_url(Organisation, esmsk.pk)
    data = form_data(editor_client.get(url), "organisation_form")
    data["order"] = ["1"]
    data["_save"] = ["Save"]

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert parse(response).find(id="id_order_error").text == (
        "“Mid and South Essex NHS Foundation Trust” already has number 1. Give each "
        "organisation a number of its own: to swap two, first give one of them a number no "
        "other has."
    )
    esmsk.refresh_from_db()
    assert esmsk.order == 4


def test_two_goals_given_one_number_on_the_strategy_page_are_refused(seeded, editor_client):
    strategy = Strategy.objects.get(organisation__slug="mseft")
    url = admin_url(Strategy, strategy.pk)
    data = form_data(editor_client.get(url), "strategy_form")
    data[f"{row_prefix(data, 'goals', MSEFT_GOALS[2])}-order"] = ["1"]
    data["_save"] = ["Save"]

    response = editor_client.post(url, data)

    assert response.status_code == 200
    error = parse(response).find(id=f"id_{row_prefix(data, 'goals', MSEFT_GOALS[2])}-order_error")
    assert error.text == (
        f"“{MSEFT_GOALS[0]}” has number 1 too. Give each goal of this strategy a number of its own."
    )
    assert list(strategy.goals.values_list("title", flat=True)) == MSEFT_GOALS


@pytest.mark.parametrize(
    "factory, parent",
    [(GoalFactory, "strategy"), (SectionFactory, "strategy"), (SectionItemFactory, "section")],
    ids=["goal", "section", "section item"],
)
def test_the_database_refuses_one_number_twice_in_a_list(factory, parent):
    record = factory(order=1)
    extra = {"kind": Section.Kind.PLACES} if factory is SectionFactory else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**{parent: getattr(record, parent)}, order=1, **extra)
    factory(order=1)  # another list may use it


def test_the_database_refuses_one_number_for_two_organisations():
    OrganisationFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(order=1)


def test_the_database_refuses_one_number_for_two_sites_of_an_organisation():
    site = SiteFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteFactory(organisation=site.organisation, order=1)
    SiteFactory(order=1)  # another organisation's sites may use it


def test_a_sites_page_refuses_a_number_another_site_of_its_trust_has(seeded, admin_client):
    basildon, southend = Site.objects.filter(organisation__slug="mseft")[:2]
    url = admin_url(Site, southend.pk)
    data = form_data(admin_client.get(url), "site_form")
    data["order"] = [str(basildon.order)]
    data["_save"] = ["Save"]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert parse(response).find(id="id_order_error").text == (
        f"“{basildon}” already has number {basildon.order}. Give each site of this "
        "organisation a number of its own: to swap two, first give one of them a number no "
        "other has."
    )
    southend.refresh_from_db()
    assert southend.order == basildon.order + 1
