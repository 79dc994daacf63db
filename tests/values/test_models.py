"""Values models: one slug and one name per value in an organisation, one title per
principle, behaviours in their stated order, and URLs that open the page holding them."""

from urllib.parse import urlsplit

import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    BehaviourFactory,
    GuidingPrincipleFactory,
    OrganisationFactory,
    ValueFactory,
)
from values.models import Behaviour, GuidingPrinciple, Value

pytestmark = pytest.mark.django_db


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_value_slug_is_unique_per_organisation():
    value = ValueFactory(name="Compassionate", slug="compassionate")
    assert_refused(
        lambda: Value.objects.create(
            organisation=value.organisation, name="Caring", slug="compassionate", summary="x"
        )
    )


def test_value_name_is_unique_per_organisation():
    value = ValueFactory(name="Compassionate", slug="compassionate")
    assert_refused(
        lambda: Value.objects.create(
            organisation=value.organisation, name="Compassionate", slug="caring", summary="x"
        )
    )


def test_another_organisation_may_share_a_values_name_and_slug():
    ValueFactory(name="Compassionate", slug="compassionate")
    other = Value.objects.create(
        organisation=OrganisationFactory(), name="Compassionate", slug="compassionate", summary="x"
    )
    assert Value.objects.filter(slug="compassionate").count() == 2
    assert other.pk


def test_guiding_principle_title_is_unique_per_organisation():
    principle = GuidingPrincipleFactory(title="Collaboration")
    assert_refused(
        lambda: GuidingPrinciple.objects.create(
            organisation=principle.organisation, title="Collaboration", description="x"
        )
    )
    GuidingPrinciple.objects.create(
        organisation=OrganisationFactory(), title="Collaboration", description="x"
    )


def test_values_sort_by_organisation_then_their_order():
    first = OrganisationFactory(order=1)
    second = OrganisationFactory(order=2)
    ValueFactory(organisation=second, name="Person Focused", order=1)
    ValueFactory(organisation=first, name="Respectful", order=3)
    ValueFactory(organisation=first, name="Excellent", order=1)
    ValueFactory(organisation=first, name="Compassionate", order=2)
    assert [v.name for v in Value.objects.all()] == [
        "Excellent",
        "Compassionate",
        "Respectful",
        "Person Focused",
    ]


def test_behaviours_and_principles_sort_by_order():
    value = ValueFactory()
    for order, statement in [(3, "I third"), (1, "I first"), (2, "I second")]:
        BehaviourFactory(value=value, statement=statement, order=order)
    assert [b.statement for b in value.behaviours.all()] == ["I first", "I second", "I third"]

    organisation = OrganisationFactory()
    for order, title in [(2, "Equity"), (1, "Collaboration")]:
        GuidingPrincipleFactory(organisation=organisation, title=title, order=order)
    assert [p.title for p in organisation.guiding_principles.all()] == ["Collaboration", "Equity"]


def test_str_of_each_model():
    organisation = OrganisationFactory(short_name="MSEFT")
    value = ValueFactory(organisation=organisation, name="Compassionate")
    behaviour = BehaviourFactory(value=value, statement="I take time to listen")
    principle = GuidingPrincipleFactory(title="Share success")
    assert str(value) == "Compassionate (MSEFT)"
    assert str(behaviour) == "I take time to listen"
    assert str(principle) == "Share success"


def test_deleting_a_value_deletes_its_behaviours():
    behaviour = BehaviourFactory()
    behaviour.value.delete()
    assert not Behaviour.objects.filter(pk=behaviour.pk).exists()


def test_each_records_url_opens_a_page_showing_it(client):
    organisation = OrganisationFactory(slug="trust")
    value = ValueFactory(organisation=organisation, name="Compassionate", slug="compassionate")
    behaviour = BehaviourFactory(value=value, statement="I take time to listen")
    principle = GuidingPrincipleFactory(organisation=organisation, title="Share success")

    assert value.get_absolute_url() == "/values/trust/compassionate/"
    assert behaviour.get_absolute_url() == f"/values/trust/compassionate/#behaviour-{behaviour.pk}"
    assert principle.get_absolute_url() == f"/values/#principle-{principle.pk}"

    for record, text in [
        (value, "Compassionate"),
        (behaviour, "I take time to listen"),
        (principle, "Share success"),
    ]:
        url = urlsplit(record.get_absolute_url())
        response = client.get(url.path)
        assert response.status_code == 200
        content = response.content.decode()
        assert text in content
        if url.fragment:
            assert f'id="{url.fragment}"' in content
