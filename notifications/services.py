"""Telling people what happened: each notification is kept in the recipient's list and, unless
they chose otherwise, emailed to them through the task queue once the change commits."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.emails import email_after_commit, html_email

from .models import EmailChoice, Kind, Notification


def notify(recipients, *, kind, title, url, body="", email=True, leave_out=()):
    """Tell each of the recipients (once each; never those in `leave_out`, such as the person
    who made the change); `email=False` when another email already tells them."""
    left_out = {person.pk for person in leave_out}
    people = {person.pk: person for person in recipients if person.is_active}
    people = {pk: person for pk, person in people.items() if pk not in left_out}
    if not people:
        return []
    notifications = Notification.objects.bulk_create(
        Notification(recipient=person, kind=kind, title=title, body=body, url=url)
        for person in people.values()
    )
    if email:
        not_emailed = dict(
            EmailChoice.objects.filter(person__in=people).values_list("person", "not_emailed")
        )
        site = settings.PORTAL_SITE_URL.rstrip("/")
        link = site + url
        footer = (
            f"You get this email because it concerns you in Strategy Portal. Choose which "
            f"emails you get: {site}{reverse('notifications:email_choices')}"
        )
        parts = [title, body, f"See it in Strategy Portal: {link}", footer]
        text = "\n\n".join(part for part in parts if part) + "\n"
        html = html_email(
            heading=title, body=body, url=link, action="See it in Strategy Portal", footer=footer
        )
        for pk, person in people.items():
            if person.email and kind not in not_emailed.get(pk, []):
                email_after_commit(subject=title, body=text, html=html, to=[person.email])
    return notifications


@transaction.atomic
def mark_read(*, notification, reader):
    """The reader opened one of their own notifications."""
    Notification.objects.filter(pk=notification.pk, recipient=reader, read_at=None).update(
        read_at=timezone.now()
    )


@transaction.atomic
def mark_all_read(*, reader):
    return Notification.objects.filter(recipient=reader, read_at=None).update(
        read_at=timezone.now()
    )


@transaction.atomic
def choose_emails(*, person, emailed):
    """Keep the kinds the person wants by email; every other kind stays in their list only."""
    not_emailed = sorted(set(Kind.values) - set(emailed))
    EmailChoice.objects.update_or_create(person=person, defaults={"not_emailed": not_emailed})
