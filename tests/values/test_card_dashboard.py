"""The improvement dashboard counts thank-you cards by month, value, behaviour and site."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.models import StaffProfile
from tests.dates import date_query
from tests.factories import (
    BehaviourFactory,
    ObjectiveFactory,
    SiteFactory,
    ThankYouCardFactory,
    UserFactory,
)
from tests.html import figure, parse, table, text
from values.models import ThankYouCard

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_cards_not_hidden_by_value_behaviour_and_site(cards_world):
    site = SiteFactory(short_name="Basildon")
    StaffProfile.objects.update_or_create(user=cards_world.recipient, defaults={"site": site})
    month_ago = timezone.now() - datetime.timedelta(days=40)
    ThankYouCardFactory(
        recipient=cards_world.recipient, value=cards_world.value, behaviour=cards_world.listen
    )
    ThankYouCardFactory(
        recipient=cards_world.recipient,
        value=cards_world.value,
        behaviour=cards_world.listen,
        sent_at=month_ago,
    )
    ThankYouCardFactory(value=cards_world.other_value)
    ThankYouCardFactory(
        value=cards_world.value,
        behaviour=cards_world.listen,
        hidden_at=timezone.now(),
        hidden_by=cards_world.editor,
        hidden_reason="Spam.",
    )
    response = cards_world.clients["staff"].get(reverse("improvement:dashboard"))
    assert figure(response, "thank-you-cards") == 3
    section = parse(response).find("section", aria_labelledby="thank-you-cards")
    assert "Thank-you cards by value" in section.text
    row_headers = list(section.find_all("th", scope="row"))
    # A row's header starts with its column's name, shown on small screens only.
    assert any(header.text.endswith("Kind (TRUST)") for header in row_headers)
    assert "I take time to listen" in [link.text for th in row_headers for link in th.find_all("a")]
    assert any(header.text.endswith("Basildon") for header in row_headers)
    assert any(header.text.endswith("Site not recorded") for header in row_headers)
    # The text alternative: cards per month.
    assert "3 thank-you cards from" in section.text


@pytest.mark.parametrize("filtered", [False, True], ids=["every card", "site and dates"])
def test_the_card_counts_read_the_database_a_fixed_number_of_times(cards_world, filtered):
    client = cards_world.clients["staff"]
    site = SiteFactory()
    query = {"site": site.pk, **date_query(date_from="1/1/2000")} if filtered else {}
    url = reverse("improvement:dashboard")

    def queries():
        client.get(url, query)
        cache.clear()  # count the rendering, not the cached page
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    # One of everything the section looks up, so that every query it can make is made.
    StaffProfile.objects.update_or_create(user=cards_world.recipient, defaults={"site": site})
    ThankYouCardFactory(
        recipient=cards_world.recipient, value=cards_world.value, behaviour=cards_world.listen
    )
    small = queries()
    for number in range(15):
        recipient = UserFactory()
        StaffProfile.objects.create(user=recipient, site=site if number % 2 else SiteFactory())
        ThankYouCardFactory(
            recipient=recipient,
            value=cards_world.value,
            behaviour=BehaviourFactory(value=cards_world.value),
            sent_at=timezone.now() - datetime.timedelta(days=31 * number),
        )
    assert queries() == small


# The dashboard's filters and the cards ------------------------------------------------------
#
#     card  to someone at   value  behaviour              sent
#     c1    North           Kind   I take time to listen  10 Jan 2024
#     c2    North           Brave  I speak up             20 Mar 2024
#     c3    South           Kind   I take time to listen   5 Mar 2024
#     c4    (not recorded)  Brave  none                   15 Feb 2024
#     c5    North           Kind   hidden by an editor     1 Mar 2024


def sent_on(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def cards_at_sites(cards_world):
    north = SiteFactory(name="North Hospital", short_name="North", order=1)
    south = SiteFactory(name="South Hospital", short_name="South", order=2)
    at_north, at_south, nowhere = UserFactory(), UserFactory(), UserFactory()
    StaffProfile.objects.create(user=at_north, site=north)
    StaffProfile.objects.create(user=at_south, site=south)
    world = cards_world
    for recipient, value, behaviour, day in [
        (at_north, world.value, world.listen, datetime.date(2024, 1, 10)),
        (at_north, world.other_value, world.speak_up, datetime.date(2024, 3, 20)),
        (at_south, world.value, world.listen, datetime.date(2024, 3, 5)),
        (nowhere, world.other_value, None, datetime.date(2024, 2, 15)),
    ]:
        ThankYouCardFactory(
            recipient=recipient, value=value, behaviour=behaviour, sent_at=sent_on(day)
        )
    ThankYouCardFactory(
        recipient=at_north,
        value=world.value,
        behaviour=world.listen,
        sent_at=sent_on(datetime.date(2024, 3, 1)),
        hidden_at=timezone.now(),
        hidden_by=world.editor,
        hidden_reason="Spam.",
    )
    world.north, world.south = north, south
    return world


def dashboard(world, **query):
    response = world.clients["staff"].get(reverse("improvement:dashboard"), query)
    assert response.status_code == 200
    return response


def card_totals(response, heading):
    """{row's label: cards in all months} of the card table by value, behaviour or site."""
    section = parse(response).find("section", aria_labelledby="thank-you-cards")
    for node in section.find_all("table"):
        if node.find("caption").text.startswith(f"Thank-you cards by {heading},"):
            column = heading.capitalize()
            return {
                row.find("th").text.removeprefix(f"{column} "): int(
                    list(row.find_all("td"))[-1].text.split()[-1]
                )
                for row in node.find("tbody").find_all("tr")
            }
    raise AssertionError(f"no table of cards by {heading}")


def cards_per_month(response):
    return {month: int(count) for month, count in table(response, "Thank-you cards sent per month")}


def test_unfiltered_the_cards_count_every_card_not_hidden(cards_at_sites):
    response = dashboard(cards_at_sites)
    assert figure(response, "thank-you-cards") == 4
    assert card_totals(response, "site") == {"North": 2, "South": 1, "Site not recorded": 1}


def test_the_site_filter_counts_the_cards_to_colleagues_working_there(cards_at_sites):
    world = cards_at_sites
    response = dashboard(world, site=world.north.pk)

    assert figure(response, "thank-you-cards") == 2
    assert card_totals(response, "site") == {"North": 2}
    assert card_totals(response, "value") == {"Kind (TRUST)": 1, "Brave (TRUST)": 1}
    assert card_totals(response, "behaviour") == {"I take time to listen": 1, "I speak up": 1}
    assert cards_per_month(response) == {"January 2024": 1, "February 2024": 0, "March 2024": 1}
    # The figures are the records': the cards not hidden to someone working at North.
    assert figure(response, "thank-you-cards") == (
        ThankYouCard.objects.not_hidden().filter(recipient__staff_profile__site=world.north).count()
    )

    response = dashboard(world, site=world.south.pk)
    assert figure(response, "thank-you-cards") == 1
    assert card_totals(response, "behaviour") == {"I take time to listen": 1}


def test_the_date_filters_count_the_cards_sent_on_and_between_the_days(cards_at_sites):
    response = dashboard(cards_at_sites, **date_query(date_from="15/2/2024", date_to="5/3/2024"))

    assert figure(response, "thank-you-cards") == 2
    assert card_totals(response, "site") == {"South": 1, "Site not recorded": 1}
    assert card_totals(response, "value") == {"Kind (TRUST)": 1, "Brave (TRUST)": 1}
    assert cards_per_month(response) == {"February 2024": 1, "March 2024": 1}
    assert "Filtered to: from 15 February 2024; to 5 March 2024." in text(response)

    response = dashboard(cards_at_sites, **date_query(date_from="1/3/2024"))
    assert figure(response, "thank-you-cards") == 2
    response = dashboard(cards_at_sites, **date_query(date_to="10/1/2024"))
    assert figure(response, "thank-you-cards") == 1


def test_the_site_and_date_filters_combine_for_the_cards(cards_at_sites):
    world = cards_at_sites
    response = dashboard(world, site=world.north.pk, **date_query(date_from="1/3/2024"))

    assert figure(response, "thank-you-cards") == 1
    assert card_totals(response, "behaviour") == {"I speak up": 1}
    assert "Filtered to: North Hospital; from 1 March 2024." in text(response)


def test_the_objective_and_status_filters_leave_the_cards_and_say_so(cards_at_sites):
    objective = ObjectiveFactory()
    response = dashboard(
        cards_at_sites,
        objective=objective.pk,
        idea_status="submitted",
        project_status="in_progress",
    )

    assert figure(response, "thank-you-cards") == 4
    assert "the objective and status filters are about ideas and projects, not cards" in text(
        response
    )


def test_a_card_sent_is_counted_by_the_filtered_dashboard_too(cards_at_sites):
    world = cards_at_sites
    assert figure(dashboard(world, site=world.south.pk), "thank-you-cards") == 1
    at_south = StaffProfile.objects.get(site=world.south).user
    ThankYouCardFactory(recipient=at_south, value=world.value)

    assert figure(dashboard(world, site=world.south.pk), "thank-you-cards") == 2
    assert figure(dashboard(world), "thank-you-cards") == 5


def test_a_card_sent_is_counted_at_once_by_the_dashboard_with_no_filter(cards_at_sites):
    world = cards_at_sites
    assert figure(dashboard(world), "thank-you-cards") == 4
    at_south = StaffProfile.objects.get(site=world.south).user
    ThankYouCardFactory(recipient=at_south, value=world.value)

    response = dashboard(world)
    assert figure(response, "thank-you-cards") == 5
    assert card_totals(response, "site") == {"North": 2, "South": 2, "Site not recorded": 1}
