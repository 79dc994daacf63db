"""Writes for thank-you cards: sending one, and moderating it. Each checks its own rules,
whatever page the request came from."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.emails import email_after_commit, html_email
from core.history import made_by
from core.presenters import person_name
from core.roles import require
from notifications.models import Kind
from notifications.services import notify

from .models import ThankYouCard
from .roles import MODERATE_CARDS
from .selectors import line_manager_of, may_be_thanked

# Enough for anyone thanking their team after a hard week; too few to flood anyone.
CARDS_PER_HOUR = 5
CARDS_PER_DAY = 15


def check_rate_limits(*, sender, recipient, value, now):
    sent = ThankYouCard.objects.filter(sender=sender)
    if sent.filter(sent_at__gt=now - datetime.timedelta(hours=1)).count() >= CARDS_PER_HOUR:
        raise ValidationError(
            f"You can send up to {CARDS_PER_HOUR} thank-you cards an hour. "
            "Try again later: your colleagues will still be glad to hear from you."
        )
    today = sent.filter(sent_at__gt=now - datetime.timedelta(days=1))
    if today.count() >= CARDS_PER_DAY:
        raise ValidationError(
            f"You can send up to {CARDS_PER_DAY} thank-you cards a day. Try again tomorrow."
        )
    if today.filter(recipient=recipient, value=value).exists():
        raise ValidationError(
            {"value": "You have already thanked this colleague for this value today"}
        )


@transaction.atomic
def send_card(
    *,
    sender,
    recipient,
    value,
    behaviour=None,
    story,
    publish_consent,
    copy_line_manager,
    site_url="",
):
    """Send a thank-you card from `sender`, always the logged-in user, and email it to the
    recipient (and their line manager, if the sender asked and they have one) once the card
    is committed: the task queue sends the emails, so a mail server that is down delays them
    and never the card."""
    if not sender.is_authenticated or not sender.is_active:
        raise PermissionDenied("Log in to send a thank-you card.")
    # One sender's cards are checked and written one at a time, so that two requests at
    # once cannot both pass the rate limits.
    get_user_model().objects.select_for_update().filter(pk=sender.pk).first()
    if recipient.pk == sender.pk:
        raise ValidationError({"recipient": "Choose a colleague: you cannot thank yourself"})
    if not recipient.is_active:
        raise ValidationError({"recipient": "Choose a colleague who can still log in"})
    if not may_be_thanked(recipient, by=sender):
        raise ValidationError({"recipient": "Choose a member of staff to thank"})
    if behaviour is not None and behaviour.value_id != value.pk:
        raise ValidationError({"behaviour": f"Choose a behaviour of the value {value.name}"})
    manager = line_manager_of(recipient) if copy_line_manager else None
    if copy_line_manager and manager is None:
        raise ValidationError(
            {"copy_line_manager": "This colleague has no line manager recorded to copy"}
        )
    now = timezone.now()
    check_rate_limits(sender=sender, recipient=recipient, value=value, now=now)
    card = ThankYouCard(
        sender=sender,
        recipient=recipient,
        value=value,
        behaviour=behaviour,
        story=story.strip(),
        publish_consent=publish_consent,
        copy_line_manager=copy_line_manager,
        sent_at=now,
    )
    made_by(sender, card)
    card.full_clean()
    card.save()
    received_url = site_url + reverse("values:cards_received")
    # In the recipient's list; the email below already tells them.
    notify(
        [recipient],
        kind=Kind.CARD,
        title=f"{person_name(sender)} sent you a thank-you card",
        url=reverse("values:cards_received"),
        email=False,
    )
    if recipient.email:
        _email(
            "Someone has sent you a thank-you card",
            "values/email/card_received.txt",
            {"card": card, "sender": person_name(sender), "url": received_url},
            [recipient.email],
        )
    if manager is not None:
        # In the manager's list too; the copy below tells them by email.
        notify(
            [manager],
            kind=Kind.CARD,
            title=(
                f"{person_name(sender)} sent {person_name(recipient)} a thank-you card for "
                f"living our value {card.value.name}"
            ),
            body=card.story,
            url=card.value.get_absolute_url(),
            email=False,
        )
        _email(
            f"A thank-you card for {person_name(recipient)}",
            "values/email/card_copy.txt",
            {
                "card": card,
                "sender": person_name(sender),
                "recipient": person_name(recipient),
                "manager": person_name(manager),
            },
            [manager.email],
        )
    return card


@transaction.atomic
def approve_card(*, card, approved_by):
    """Let a card the sender agreed to publish show on its value's wall."""
    require(MODERATE_CARDS, approved_by)
    card = ThankYouCard.objects.select_for_update().get(pk=card.pk)
    if card.hidden_at is not None:
        raise ValidationError("This card has been hidden: it cannot go on the wall.")
    if not card.publish_consent:
        raise ValidationError("The sender did not agree to publish this card.")
    if card.approved_at is None:
        card.approved_at = timezone.now()
        card.approved_by = approved_by
        made_by(approved_by, card)
        card.save(update_fields=["approved_at", "approved_by", "updated_at"])
        notify(
            [card.recipient],
            kind=Kind.CARD,
            title="A thank-you card for you is on its value's wall",
            url=card.value.get_absolute_url(),
        )
    return card


@transaction.atomic
def hide_card(*, card, hidden_by, reason, site_url=""):
    """Hide a card everywhere, even from its recipient, and tell the sender why."""
    require(MODERATE_CARDS, hidden_by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason the card is hidden"})
    card = (
        ThankYouCard.objects.select_for_update()
        .select_related("sender", "recipient")
        .get(pk=card.pk)
    )
    if card.hidden_at is not None:
        raise ValidationError("This card is already hidden.")
    card.hidden_at = timezone.now()
    card.hidden_by = hidden_by
    card.hidden_reason = reason
    made_by(hidden_by, card)
    card.full_clean()
    card.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    if card.sender.email:
        _email(
            "Your thank-you card has been hidden",
            "values/email/card_hidden.txt",
            {
                "card": card,
                "recipient": person_name(card.recipient),
                "url": site_url + reverse("values:cards_sent"),
            },
            [card.sender.email],
        )
    return card


def _email(subject, template, context, recipients):
    body = render_to_string(template, context).strip()
    email_after_commit(
        subject=subject, body=body, html=html_email(heading=subject, body=body), to=recipients
    )
