"""The database restarted mid-run: every connection of the portal's ended at once, as a
PostgreSQL restart or failover ends them, while gunicorn (production settings, two workers:
tests/gunicorn_server.py) serves pages and takes writes.

What a colleague sees: after the restart every page answers, because a connection kept from
an earlier request is checked before use and replaced (CONN_HEALTH_CHECKS). Only a request
whose work was under way when the database went away fails, with the portal's own 503 page
(strategy_portal/errors.py) saying that nothing was saved, which is so: each write is one
transaction (the service's, within the view's: AtomicWritesMiddleware). Sending it again saves
it once: an idea's form carries its submission token, and a second card to the same colleague
for the same value on one day is refused. Every write the portal confirmed is still there.
"""

from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest
from django.db import connection
from django.urls import reverse

from improvement.models import Idea
from tests.factories import (
    BehaviourFactory,
    ObjectiveFactory,
    SiteFactory,
    UserFactory,
    ValueFactory,
)
from tests.gunicorn_server import database_url, needs_postgresql, portal_connections, wait_for
from tests.html import field_value, main, parse
from values.models import ThankYouCard

pytestmark = [needs_postgresql, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAGES = [
    reverse("goals:strategies"),
    reverse("values:index"),
    reverse("improvement:dashboard"),
    reverse("improvement:ideas"),
    reverse("improvement:my_ideas"),
    reverse("values:cards_sent"),
    reverse("training:training"),
]
UNAVAILABLE = "Sorry, the service is unavailable"


@pytest.fixture
def world():
    sender = UserFactory(username="sender", first_name="Sana", last_name="Sender")
    value = ValueFactory(name="Kind", slug="kind")
    return {
        "sender": sender,
        "site": SiteFactory(short_name="Basildon"),
        "objective": ObjectiveFactory(),
        "value": value,
        "other_value": ValueFactory(organisation=value.organisation, name="Brave"),
        "behaviour": BehaviourFactory(value=value),
        "recipient": UserFactory(username="recipient", first_name="Rhys"),
    }


class Colleague:
    """The sender's browser on the portal served by gunicorn."""

    def __init__(self, server, world):
        self.server, self.world = server, world
        self.browser = server.browser_of(world["sender"])

    def get(self, path):
        return self.browser.get(self.server.url(path), timeout=60)

    def idea_form(self):
        """What submitting an idea sends, from the form as it was shown."""
        form = self.get(reverse("improvement:idea_create"))
        return {
            "csrfmiddlewaretoken": field_value(form, "csrfmiddlewaretoken"),
            "submission_token": field_value(form, "submission_token"),
            "problem": "Patients cannot sleep.",
            "proposed_change": "Dim the lights at 10pm.",
            "site": self.world["site"].pk,
            "ward": "Ward 4",
            "objectives": [self.world["objective"].pk],
            "involves_patients": "yes",
            "health_inequalities": "no_effect",
            # Sent past the list of similar ideas, as the form's second press sends it.
            "confirm": "yes",
        }

    def submit_idea(self, form, title):
        return self.browser.post(
            self.server.url(reverse("improvement:idea_create")),
            data={**form, "title": title},
            timeout=60,
        )

    def card_url(self):
        return f"{reverse('values:card_send')}?to={self.world['recipient'].pk}"

    def send_card(self, value, story):
        form = self.get(self.card_url())
        return self.browser.post(
            self.server.url(self.card_url()),
            data={
                "csrfmiddlewaretoken": field_value(form, "csrfmiddlewaretoken"),
                "value": value.pk,
                "story": story,
            },
            timeout=60,
        )

    def read_every_page(self, times=2):
        """Every page, `times` over, four at a time so both workers serve them."""
        with ThreadPoolExecutor(4) as pool:
            return list(pool.map(self.get, PAGES * times))


def idea_confirmed(response):
    return response.history and "Your idea has been submitted as" in main(response).text


def card_confirmed(response):
    return response.history and "Your thank-you card to Rhys" in main(response).text


def assert_answered(responses):
    assert [(answer.url, answer.status_code) for answer in responses] == [
        (answer.url, 200) for answer in responses
    ]


def assert_the_portals_503_page(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert parse(response).find("h1").text == UNAVAILABLE
    assert "Nothing you sent has been saved." in main(response).text
    assert "Traceback" not in response.text


def restart_the_database(last=None):
    """Ends every connection to the database but the test's own, as a restart does, each
    ended before the next; the connection `last` (a pid) after all the others."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)",
            [last or 0],
        )
        if last:
            cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [last])


def test_a_database_restart_costs_no_page_and_loses_no_confirmed_write(gunicorn, world):
    server = gunicorn()
    colleague = Colleague(server, world)
    confirmed_ideas = ["Quieter wards at night"]
    assert idea_confirmed(colleague.submit_idea(colleague.idea_form(), confirmed_ideas[0]))
    assert card_confirmed(colleague.send_card(world["value"], "You listened."))

    # Restarted while the workers wait for requests, each keeping its connection.
    assert_answered(colleague.read_every_page())
    assert len(portal_connections()) == 2

    restart_the_database()

    assert_answered(colleague.read_every_page())
    confirmed_ideas.append("Hourly rounding")
    assert idea_confirmed(colleague.submit_idea(colleague.idea_form(), confirmed_ideas[1]))

    # Restarted while an idea and a card are being saved. Another connection holds the
    # table of the generations every write moves on, so each request waits there, its idea
    # or card written but not committed, when the database goes.
    idea_form = colleague.idea_form()
    holder = psycopg2.connect(database_url())
    with holder.cursor() as cursor:
        cursor.execute("LOCK TABLE core_topicchange IN SHARE ROW EXCLUSIVE MODE")
    with ThreadPoolExecutor(3) as pool:
        idea = pool.submit(colleague.submit_idea, idea_form, "Fewer falls")
        card = pool.submit(colleague.send_card, world["other_value"], "You spoke up.")
        wait_for(lambda: [row[4] for row in portal_connections()].count("Lock") == 2)
        # Queued behind them: served after the restart.
        queued = pool.submit(colleague.get, reverse("improvement:ideas"))

        restart_the_database(last=holder.get_backend_pid())

        assert_the_portals_503_page(idea.result())
        assert_the_portals_503_page(card.result())
        assert_answered([queued.result()])
    holder.close()
    assert not Idea.objects.filter(title="Fewer falls").exists()
    assert not ThankYouCard.objects.filter(story="You spoke up.").exists()
    assert_answered(colleague.read_every_page())

    # Sent again, twice, as a colleague would from the 503 page: saved once.
    assert idea_confirmed(colleague.submit_idea(idea_form, "Fewer falls"))
    assert colleague.submit_idea(idea_form, "Fewer falls").status_code == 200
    confirmed_ideas.append("Fewer falls")
    assert card_confirmed(colleague.send_card(world["other_value"], "You spoke up."))
    again = colleague.send_card(world["other_value"], "You spoke up.")
    assert "You have already thanked this colleague for this value today" in main(again).text

    assert sorted(Idea.objects.values_list("title", flat=True)) == sorted(confirmed_ideas)
    assert sorted(ThankYouCard.objects.values_list("story", flat=True)) == [
        "You listened.",
        "You spoke up.",
    ]
