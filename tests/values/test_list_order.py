"""The order of values, behaviours and principles: one number per record in its list, set in
the admin and shown on every page at once. Swapping two numbers on the value's admin page
works in one save; giving a number twice is refused on the field, never a server error."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from goals.models import Organisation
from tests.factories import BehaviourFactory, GuidingPrincipleFactory, ValueFactory
from tests.html import form_data, main, parse
from values.models import Behaviour, GuidingPrinciple, Value

pytestmark = pytest.mark.django_db

LISTEN = "I take time to listen"
KINDNESS = "I act with kindness towards myself and others"


@pytest.fixture
def compassionate(seeded):
    return Value.objects.get(organisation__slug="mseft", slug="compassionate")


def admin_url(model, *args):
    view = "change" if args else "changelist"
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def inline_rows(data, prefix):
    """{statement or title: form prefix} of the inline's rows in the admin form data."""
    rows = {}
    for name, values in data.items():
        if name.startswith(f"{prefix}-") and name.endswith(("-statement", "-title")):
            rows[values[0]] = name.rsplit("-", 1)[0]
    return rows


def save_value_page(client, value, change):
    """Open the value's admin page, change its behaviours' form data and save."""
    url = admin_url(Value, value.pk)
    data = form_data(client.get(url), "value_form")
    change(data, inline_rows(data, "behaviours"))
    data["_save"] = ["Save"]
    return client.post(url, data)


def field_errors(page, field_id):
    """The errors the admin shows on one field."""
    errors = parse(page).find(id=f"{field_id}_error")
    return errors.text if errors is not None else ""


def position(page, statement):
    content = page.content.decode()
    assert content.count(statement) == 1, f"{statement!r} is not on the page once"
    return content.index(statement)


def test_swapping_two_behaviours_on_the_value_page_shows_on_every_page(
    editor_client, compassionate
):
    value_page = compassionate.get_absolute_url()
    for url in ["/values/", value_page]:
        page = editor_client.get(url)  # cached as it stands now
        assert position(page, LISTEN) < position(page, KINDNESS), url

    def swap(data, rows):
        first, second = f"{rows[LISTEN]}-order", f"{rows[KINDNESS]}-order"
        data[first], data[second] = data[second], data[first]

    response = save_value_page(editor_client, compassionate, swap)

    assert response.status_code == 302, response.context and response.context["errors"]
    for url in ["/values/", value_page]:
        page = editor_client.get(url)
        assert position(page, KINDNESS) < position(page, LISTEN), url
    assert [b.order for b in compassionate.behaviours.all()[:2]] == [1, 2]
    assert list(compassionate.behaviours.values_list("statement", flat=True)[:2]) == [
        KINDNESS,
        LISTEN,
    ]


def test_reordering_every_behaviour_in_one_save_works(editor_client, compassionate):
    before = list(compassionate.behaviours.values_list("statement", flat=True))

    def reverse_them(data, rows):
        for number, statement in enumerate(reversed(before), start=1):
            data[f"{rows[statement]}-order"] = [str(number)]

    assert save_value_page(editor_client, compassionate, reverse_them).status_code == 302
    assert list(compassionate.behaviours.values_list("statement", flat=True)) == before[::-1]


def test_a_deleted_behaviours_number_can_go_to_another_in_the_same_save(
    editor_client, compassionate
):
    def delete_and_take(data, rows):
        data[f"{rows[LISTEN]}-DELETE"] = ["on"]
        data[f"{rows[KINDNESS]}-order"] = data[f"{rows[LISTEN]}-order"]

    assert save_value_page(editor_client, compassionate, delete_and_take).status_code == 302
    assert compassionate.behaviours.first().statement == KINDNESS
    assert not compassionate.behaviours.filter(statement=LISTEN).exists()


def test_one_number_given_to_two_behaviours_is_refused_on_both(editor_client, compassionate):
    orders = dict(compassionate.behaviours.values_list("statement", "order"))

    def duplicate(data, rows):
        data[f"{rows[KINDNESS]}-order"] = data[f"{rows[LISTEN]}-order"]

    response = save_value_page(editor_client, compassionate, duplicate)

    assert response.status_code == 200
    rows = inline_rows(form_data(response, "value_form"), "behaviours")
    assert field_errors(response, f"id_{rows[KINDNESS]}-order") == (
        f"“{LISTEN}” has number 1 too. Give each behaviour of this value a number of its own."
    )
    assert field_errors(response, f"id_{rows[LISTEN]}-order").startswith(
        f"“{KINDNESS}” has number 1 too."
    )
    assert dict(compassionate.behaviours.values_list("statement", "order")) == orders


def test_a_new_behaviour_with_a_taken_number_is_refused(editor_client, compassionate):
    def add(data, rows):
        data["behaviours-TOTAL_FORMS"] = ["9"]
        data["behaviours-8-statement"] = ["I say thank you"]
        data["behaviours-8-order"] = ["3"]

    response = save_value_page(editor_client, compassionate, add)

    assert response.status_code == 200
    assert "has number 3 too" in field_errors(response, "id_behaviours-8-order")
    assert compassionate.behaviours.count() == 8


def test_a_new_behaviour_with_a_free_number_is_added_in_its_place(editor_client, compassionate):
    def add(data, rows):
        data["behaviours-TOTAL_FORMS"] = ["9"]
        data["behaviours-8-statement"] = ["I say thank you"]
        data["behaviours-8-order"] = ["0"]

    assert save_value_page(editor_client, compassionate, add).status_code == 302
    assert compassionate.behaviours.first().statement == "I say thank you"
    page = editor_client.get(compassionate.get_absolute_url())
    assert position(page, "I say thank you") < position(page, LISTEN)


def test_a_behaviours_own_page_refuses_a_number_another_behaviour_has(editor_client, compassionate):
    behaviour = compassionate.behaviours.get(statement=KINDNESS)
    url = admin_url(Behaviour, behaviour.pk)
    data = form_data(editor_client.get(url), "behaviour_form")
    data["order"] = ["1"]
    data["_save"] = ["Save"]

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert field_errors(response, "id_order") == (
        f"“{LISTEN}” already has number 1. Give each behaviour of this value a number of its "
        "own: to swap two, first give one of them a number no other has."
    )
    behaviour.refresh_from_db()
    assert behaviour.order == 2


def test_a_values_page_refuses_the_number_of_another_value_of_its_organisation(
    editor_client, compassionate
):
    url = admin_url(Value, compassionate.pk)
    data = form_data(editor_client.get(url), "value_form")
    data["order"] = ["1"]
    data["_save"] = ["Save"]

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert field_errors(response, "id_order").startswith(
        "“Excellent (MSEFT)” already has number 1. Give each value of this organisation"
    )


def test_reordering_organisations_reorders_the_values_page_at_once(editor_client, seeded):
    editor_client.get("/values/")  # cached with MSEFT first
    mseft = Organisation.objects.get(slug="mseft")
    esmsk = Organisation.objects.get(slug="esmsk")
    first, last = mseft.order, esmsk.order
    for organisation, number in [(mseft, 99), (esmsk, first), (mseft, last)]:
        url = admin_url(Organisation, organisation.pk)
        data = form_data(editor_client.get(url), "organisation_form")
        data["order"] = [str(number)]
        data["_save"] = ["Save"]
        assert editor_client.post(url, data).status_code == 302

    headings = [node.text for node in main(editor_client.get("/values/")).find_all("h2")]
    assert headings.index(esmsk.name) < headings.index(mseft.name)


@pytest.mark.parametrize(
    "factory, parent",
    [(ValueFactory, "organisation"), (BehaviourFactory, "value")],
    ids=["value", "behaviour"],
)
def test_the_database_refuses_one_number_twice_in_a_list(factory, parent):
    record = factory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**{parent: getattr(record, parent)}, order=1)
    factory(order=1)  # another list may use it


def test_the_database_refuses_one_principle_number_twice_for_an_organisation():
    principle = GuidingPrincipleFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidingPrincipleFactory(organisation=principle.organisation, order=1)
    assert GuidingPrinciple.objects.count() == 1
