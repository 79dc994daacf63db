"""Each notification reaches the right people once, in their list, and by email unless they
chose otherwise, with a link back to what it is about."""

import pytest
from django.core import mail

from notifications import services
from notifications.models import Kind, Notification
from tests.factories import UserFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def tell(recipients, **kwargs):
    return services.notify(
        recipients, kind=Kind.PLACE, title="Your place is confirmed", url="/training/", **kwargs
    )


def test_each_recipient_is_told_once_in_their_list_and_by_email(
    django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_SITE_URL = "https://portal.example.nhs.uk"
    anna, ben = UserFactory(email="anna@example.nhs.uk"), UserFactory(email="ben@example.nhs.uk")

    with django_capture_on_commit_callbacks(execute=True):
        tell([anna, ben, anna])

    assert sorted(n.recipient_id for n in Notification.objects.all()) == sorted([anna.pk, ben.pk])
    assert sorted(message.to[0] for message in mail.outbox) == [anna.email, ben.email]
    assert "https://portal.example.nhs.uk/training/" in mail.outbox[0].body


def test_the_email_is_plain_text_and_nhs_styled_html_with_the_same_words_and_link(
    django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_SITE_URL = "https://portal.example.nhs.uk"
    anna = UserFactory(email="anna@example.nhs.uk")

    with django_capture_on_commit_callbacks(execute=True):
        tell([anna], body="Bring <b>a pen</b>.\nSee you there.")

    [message] = mail.outbox
    assert message.body == (
        "Your place is confirmed\n\nBring <b>a pen</b>.\nSee you there.\n\n"
        "See it in Strategy Portal: https://portal.example.nhs.uk/training/\n\n"
        "You get this email because it concerns you in Strategy Portal. Choose which emails "
        "you get: https://portal.example.nhs.uk/notifications/emails/\n"
    )
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    page = parse(html)
    assert page.find("h1").text == "Your place is confirmed"
    # What a person wrote is shown as text, never as markup.
    assert "Bring &lt;b&gt;a pen&lt;/b&gt;.<br>See you there." in html
    button = page.find("a", href="https://portal.example.nhs.uk/training/")
    assert button.text == "See it in Strategy Portal"
    assert "background-color:#005eb8" in html  # the NHS blue header
    assert page.find("a", href="https://portal.example.nhs.uk/notifications/emails/") is not None


def test_nobody_left_out_or_inactive_is_told(django_capture_on_commit_callbacks):
    actor, gone = UserFactory(), UserFactory(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        tell([actor, gone], leave_out=[actor])

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_person_who_chose_no_email_still_finds_it_in_their_list(
    django_capture_on_commit_callbacks,
):
    anna = UserFactory(email="anna@example.nhs.uk")
    services.choose_emails(person=anna, emailed=[Kind.CARD])

    with django_capture_on_commit_callbacks(execute=True):
        tell([anna])

    assert Notification.objects.get().recipient == anna
    assert mail.outbox == []


def test_marking_all_read_touches_only_the_readers_own():
    anna, ben = UserFactory(), UserFactory()
    tell([anna, ben])

    services.mark_all_read(reader=anna)

    unread = Notification.objects.filter(read_at=None)
    assert [n.recipient for n in unread] == [ben]
