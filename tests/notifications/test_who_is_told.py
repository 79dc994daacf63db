"""Who is told what, and no one else: the improvement leads of an idea's site when it is
submitted, its submitter and followers when it moves on (the reason it was declined to the
submitter only), the people a training place concerns, and a card's recipient; and their
emails, through each of the task queue's real backends, reach those people only."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from core.roles import IMPROVEMENT_LEADS
from improvement import services as improvement_services
from improvement.models import HealthInequalitiesEffect
from notifications.models import Kind, Notification
from people.models import StaffProfile
from tests.browser.improvement_world import improvement_leads_group
from tests.conftest import STRATEGY_EDITORS
from tests.factories import ObjectiveFactory, SiteFactory, UserFactory, ValueFactory
from tests.task_queues import run_worker_until
from tests.training.factories import CohortFactory, EnrolmentFactory
from training import services as training_services
from training.models import Enrolment
from values import services as values_services

pytestmark = pytest.mark.django_db


def lead_at(site, username):
    lead = UserFactory(username=username)
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    StaffProfile.objects.create(user=lead, site=site)
    return lead


def told(kind):
    """{username: [(title, body)]} of the notifications of the kind."""
    found = {}
    notifications = Notification.objects.filter(kind=kind).order_by("created_at", "pk")
    for notification in notifications.select_related("recipient"):
        found.setdefault(notification.recipient.username, []).append(
            (notification.title, notification.body)
        )
    return found


def submit(person, site):
    idea, _ = improvement_services.submit_idea(
        submitted_by=person,
        submission_token=uuid.uuid4(),
        title="Quieter wards at night",
        problem="Patients cannot sleep.",
        proposed_change="Dim the lights at 10pm.",
        site=site,
        ward="Ward 4",
        objectives=[ObjectiveFactory()],
        involves_patients=False,
        health_inequalities=HealthInequalitiesEffect.NOT_KNOWN,
    )
    return idea


def test_a_new_idea_is_told_to_the_leads_of_its_site_only():
    basildon, southend = SiteFactory(short_name="Basildon"), SiteFactory(short_name="Southend")
    lead_at(basildon, "basildon.lead")
    lead_at(southend, "southend.lead")

    submit(UserFactory(username="nurse"), basildon)

    assert told(Kind.IDEA_SUBMITTED) == {
        "basildon.lead": [("A new idea at Basildon: Quieter wards at night", "")]
    }


def test_a_declined_idea_tells_its_submitter_why_and_its_followers_only_that_it_was():
    site = SiteFactory()
    lead = lead_at(site, "lead")
    nurse, follower = UserFactory(username="nurse"), UserFactory(username="follower")
    idea = submit(nurse, site)
    idea.followers.add(follower)

    improvement_services.start_review(idea=idea, changed_by=lead)
    improvement_services.decline_idea(idea=idea, changed_by=lead, reason="Done already.")

    reference = idea.reference
    assert told(Kind.IDEA_DECIDED) == {
        "nurse": [
            (f"{reference} is being reviewed by an improvement lead: {idea.title}", ""),
            (f"{reference} has been declined: {idea.title}", "Done already."),
        ],
        "follower": [
            (f"{reference} is being reviewed by an improvement lead: {idea.title}", ""),
            (f"{reference} has been declined: {idea.title}", ""),
        ],
    }


def test_a_place_asked_for_is_told_to_the_cohorts_facilitators_and_its_answer_to_the_asker():
    lead = lead_at(SiteFactory(), "facilitator")
    UserFactory(username="other.lead").groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    cohort = CohortFactory(capacity=1, starts_on=timezone.localdate() + datetime.timedelta(30))
    cohort.facilitators.add(lead)
    asker, second = UserFactory(username="asker"), UserFactory(username="second")

    first_place = training_services.ask_for_place(cohort=cohort, person=asker)
    second_place = training_services.ask_for_place(cohort=cohort, person=second)
    training_services.confirm_place(enrolment=first_place, decided_by=lead)
    training_services.confirm_place(enrolment=second_place, decided_by=lead)

    assert set(told(Kind.PLACE_ASKED)) == {"facilitator"}
    assert told(Kind.PLACE) == {
        "asker": [(f"Your place on {cohort} is confirmed", "")],
        "second": [(f"{cohort} is full: you are on its waiting list", "")],
    }

    training_services.withdraw(enrolment=first_place, withdrawn_by=asker)

    assert told(Kind.PLACE)["second"][-1] == (f"A place came free on {cohort}: it is yours", "")
    assert Enrolment.objects.get(pk=second_place.pk).status == Enrolment.Status.CONFIRMED


def test_nobody_is_told_of_what_they_did_themselves():
    lead = lead_at(SiteFactory(), "lead")
    cohort = CohortFactory(starts_on=timezone.localdate() + datetime.timedelta(30))
    cohort.facilitators.add(lead)

    place = EnrolmentFactory(cohort=cohort, person=lead)
    training_services.withdraw(enrolment=place, withdrawn_by=lead)
    training_services.ask_for_place(cohort=cohort, person=lead)

    assert told(Kind.PLACE_ASKED) == {}


def test_a_cards_recipient_finds_it_in_their_list_and_hears_when_it_goes_on_the_wall(
    django_capture_on_commit_callbacks,
):
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=STRATEGY_EDITORS))
    sender = UserFactory(username="sender", first_name="Sana", last_name="Sender")
    recipient = UserFactory(username="recipient", email="rhys@example.nhs.uk")

    with django_capture_on_commit_callbacks(execute=True):
        card = values_services.send_card(
            sender=sender,
            recipient=recipient,
            value=ValueFactory(),
            story="You listened.",
            publish_consent=True,
            copy_line_manager=False,
        )
    # The card's own email tells them; the notification adds no second one.
    assert [message.subject for message in mail.outbox] == ["Someone has sent you a thank-you card"]

    values_services.approve_card(card=card, approved_by=editor)

    assert told(Kind.CARD) == {
        "recipient": [
            ("Sana Sender sent you a thank-you card", ""),
            ("A thank-you card for you is on its value's wall", ""),
        ]
    }


def test_a_card_copied_to_the_recipients_line_manager_is_in_their_list_and_email_once(
    django_capture_on_commit_callbacks,
):
    manager = UserFactory(username="manager", email="mo@example.nhs.uk")
    recipient = UserFactory(username="recipient", first_name="Rhys", last_name="Recipient")
    StaffProfile.objects.create(user=recipient, line_manager=manager)
    sender = UserFactory(username="sender", first_name="Sana", last_name="Sender")
    value = ValueFactory(name="Kind")

    with django_capture_on_commit_callbacks(execute=True):
        values_services.send_card(
            sender=sender,
            recipient=recipient,
            value=value,
            story="You listened.",
            publish_consent=False,
            copy_line_manager=True,
        )

    assert told(Kind.CARD)["manager"] == [
        (
            "Sana Sender sent Rhys Recipient a thank-you card for living our value Kind",
            "You listened.",
        )
    ]
    assert [message.to for message in mail.outbox if message.to == [manager.email]] == [
        [manager.email]
    ]
    assert "sender" not in told(Kind.CARD)


@pytest.mark.django_db(transaction=True)
def test_through_each_real_queue_the_emails_reach_those_told_and_no_one_else(queue):
    leads = improvement_leads_group()
    basildon, southend = SiteFactory(short_name="Basildon"), SiteFactory(short_name="Southend")
    for site, username in [(basildon, "basildon.lead"), (southend, "southend.lead")]:
        lead = UserFactory(username=username, email=f"{username}@example.nhs.uk")
        lead.groups.add(leads)
        StaffProfile.objects.create(user=lead, site=site)
    lead = leads.user_set.get(username="basildon.lead")
    nurse = UserFactory(username="nurse", email="nurse@example.nhs.uk")
    follower = UserFactory(username="follower", email="follower@example.nhs.uk")
    manager = UserFactory(username="manager", email="manager@example.nhs.uk")
    recipient = UserFactory(
        username="recipient", first_name="Rhys", last_name="Recipient", email="rhys@example.nhs.uk"
    )
    StaffProfile.objects.create(user=recipient, line_manager=manager)
    sender = UserFactory(username="sender", first_name="Sana", last_name="Sender")

    idea = submit(nurse, basildon)
    idea.followers.add(follower)
    improvement_services.start_review(idea=idea, changed_by=lead)
    improvement_services.decline_idea(idea=idea, changed_by=lead, reason="Done already.")
    values_services.send_card(
        sender=sender,
        recipient=recipient,
        value=ValueFactory(name="Kind"),
        story="You listened.",
        publish_consent=False,
        copy_line_manager=True,
    )
    assert mail.outbox == [], "an email was sent before the worker ran"

    expected = {
        ("basildon.lead@example.nhs.uk", "A new idea at Basildon: Quieter wards at night"),
        *[
            (f"{person}@example.nhs.uk", f"{idea.reference} {news}: {idea.title}")
            for person in ["nurse", "follower"]
            for news in ["is being reviewed by an improvement lead", "has been declined"]
        ],
        ("rhys@example.nhs.uk", "Someone has sent you a thank-you card"),
        ("manager@example.nhs.uk", "A thank-you card for Rhys Recipient"),
    }
    run_worker_until(lambda: len(mail.outbox) >= len(expected))

    assert {(address, message.subject) for message in mail.outbox for address in message.to} == (
        expected
    )
    assert len(mail.outbox) == len(expected)
