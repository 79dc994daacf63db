"""The rules of thank-you cards, kept by the services whatever page calls them."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from people.models import StaffProfile
from tests.factories import ThankYouCardFactory, UserFactory
from values import services
from values.models import ThankYouCard

pytestmark = pytest.mark.django_db


def send(world, **overrides):
    arguments = {
        "sender": world.sender,
        "recipient": world.recipient,
        "value": world.value,
        "behaviour": world.listen,
        "story": "You sat with a frightened relative for an hour.",
        "publish_consent": True,
        "copy_line_manager": False,
        **overrides,
    }
    # The emails leave once the card is committed, which the test's transaction never is.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.send_card(**arguments)


def test_a_card_is_sent_from_the_sender_and_emailed_to_the_recipient(cards_world):
    card = send(cards_world)
    assert card.sender == cards_world.sender
    assert card.recipient == cards_world.recipient
    assert card.approved_at is None and card.hidden_at is None
    assert [message.to for message in mail.outbox] == [[cards_world.recipient.email]]
    assert "Sana Sender" in mail.outbox[0].body
    assert "I take time to listen" in mail.outbox[0].body


def test_the_line_manager_is_copied_when_the_sender_asks(cards_world):
    send(cards_world, copy_line_manager=True)
    assert [message.to for message in mail.outbox] == [
        [cards_world.recipient.email],
        [cards_world.manager.email],
    ]
    assert "Rhys Recipient" in mail.outbox[1].subject
    assert "You sat with a frightened relative" in mail.outbox[1].body


def test_no_copy_can_be_asked_for_a_colleague_without_a_line_manager(cards_world):
    with pytest.raises(ValidationError) as error:
        send(cards_world, recipient=cards_world.lead, copy_line_manager=True)
    assert "copy_line_manager" in error.value.message_dict
    assert not ThankYouCard.objects.exists()


def test_nobody_thanks_themself(cards_world):
    with pytest.raises(ValidationError):
        send(cards_world, recipient=cards_world.sender)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThankYouCard.objects.create(
            sender=cards_world.sender, recipient=cards_world.sender, value=cards_world.value
        )


def test_the_behaviour_must_belong_to_the_value(cards_world):
    with pytest.raises(ValidationError) as error:
        send(cards_world, behaviour=cards_world.speak_up)
    assert "behaviour" in error.value.message_dict


def test_an_inactive_colleague_cannot_be_thanked(cards_world):
    cards_world.recipient.is_active = False
    cards_world.recipient.save()
    with pytest.raises(ValidationError):
        send(cards_world)


@pytest.mark.parametrize("account", ["admin", "editor"])
def test_an_admin_account_without_a_staff_profile_cannot_be_thanked(cards_world, account):
    with pytest.raises(ValidationError) as error:
        send(cards_world, recipient=getattr(cards_world, account))
    assert error.value.message_dict == {"recipient": ["Choose a member of staff to thank"]}
    assert not ThankYouCard.objects.exists()
    assert mail.outbox == []


def test_an_admin_account_with_a_staff_profile_can_be_thanked(cards_world):
    StaffProfile.objects.create(user=cards_world.admin)
    card = send(cards_world, recipient=cards_world.admin)
    assert card.recipient == cards_world.admin
    assert [message.to for message in mail.outbox] == [[cards_world.admin.email]]


def test_the_story_has_a_length_limit(cards_world):
    with pytest.raises(ValidationError):
        send(cards_world, story="x" * (ThankYouCard.STORY_MAX_LENGTH + 1))


def test_one_card_a_day_to_the_same_colleague_for_the_same_value(cards_world):
    send(cards_world)
    with pytest.raises(ValidationError) as error:
        send(cards_world, behaviour=None)
    assert "already thanked" in error.value.messages[0]
    send(cards_world, value=cards_world.other_value, behaviour=None)
    ThankYouCard.objects.update(sent_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    send(cards_world)


def test_rate_limits_stop_floods(cards_world):
    colleagues = [UserFactory() for _ in range(services.CARDS_PER_DAY + 1)]
    for colleague in colleagues[: services.CARDS_PER_HOUR]:
        send(cards_world, recipient=colleague)
    with pytest.raises(ValidationError) as error:
        send(cards_world, recipient=colleagues[services.CARDS_PER_HOUR])
    assert "an hour" in error.value.messages[0]
    ThankYouCard.objects.update(sent_at=timezone.now() - datetime.timedelta(hours=2))
    for colleague in colleagues[services.CARDS_PER_HOUR : services.CARDS_PER_DAY]:
        ThankYouCard.objects.update(sent_at=timezone.now() - datetime.timedelta(hours=2))
        send(cards_world, recipient=colleague)
    ThankYouCard.objects.update(sent_at=timezone.now() - datetime.timedelta(hours=2))
    with pytest.raises(ValidationError) as error:
        send(cards_world, recipient=colleagues[-1])
    assert "a day" in error.value.messages[0]
    assert ThankYouCard.objects.count() == services.CARDS_PER_DAY


def test_an_editor_approves_a_consented_card(cards_world):
    card = send(cards_world)
    services.approve_card(card=card, approved_by=cards_world.editor)
    card.refresh_from_db()
    assert card.approved_by == cards_world.editor
    assert ThankYouCard.objects.on_wall().get() == card


def test_a_private_card_cannot_go_on_the_wall(cards_world):
    card = send(cards_world, publish_consent=False)
    with pytest.raises(ValidationError):
        services.approve_card(card=card, approved_by=cards_world.editor)
    assert not ThankYouCard.objects.awaiting_moderation().exists()


@pytest.mark.parametrize("role", ["sender", "recipient", "lead"])
def test_only_editors_moderate(cards_world, role):
    card = send(cards_world)
    user = getattr(cards_world, role)
    with pytest.raises(PermissionDenied):
        services.approve_card(card=card, approved_by=user)
    with pytest.raises(PermissionDenied):
        services.hide_card(card=card, hidden_by=user, reason="No.")
    card.refresh_from_db()
    assert card.approved_at is None and card.hidden_at is None


def test_hiding_needs_a_reason_and_tells_the_sender(
    cards_world, django_capture_on_commit_callbacks
):
    card = send(cards_world)
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.hide_card(card=card, hidden_by=cards_world.editor, reason="   ")
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_card(card=card, hidden_by=cards_world.editor, reason="Names a patient.")
    card.refresh_from_db()
    assert card.hidden_by == cards_world.editor and card.hidden_reason == "Names a patient."
    assert [message.to for message in mail.outbox] == [[cards_world.sender.email]]
    assert "Names a patient." in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.approve_card(card=card, approved_by=cards_world.editor)


def test_a_hidden_card_leaves_the_wall_and_the_recipients_cards(cards_world):
    card = ThankYouCardFactory(
        sender=cards_world.sender, recipient=cards_world.recipient, approved=True
    )
    services.hide_card(card=card, hidden_by=cards_world.admin, reason="Asked to by the sender.")
    assert not ThankYouCard.objects.on_wall().exists()
    assert not ThankYouCard.objects.received_by(cards_world.recipient).exists()
    assert ThankYouCard.objects.sent_by(cards_world.sender).get() == card


def test_a_hidden_card_must_say_who_hid_it_and_why(cards_world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ThankYouCardFactory(hidden_at=timezone.now())


def test_moderating_a_card_is_recorded_with_the_moderator(cards_world):
    world = cards_world
    card = services.send_card(
        sender=world.sender,
        recipient=world.recipient,
        value=world.value,
        story="Thank you for staying late.",
        publish_consent=True,
        copy_line_manager=False,
    )

    services.hide_card(card=card, hidden_by=world.editor, reason="It names a patient.")

    entries = card.history.order_by("history_id")
    assert [(entry.history_type, entry.history_user) for entry in entries] == [
        ("+", world.sender),
        ("~", world.editor),
    ]
    assert entries.last().hidden_reason == "It names a patient."
