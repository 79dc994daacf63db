"""A person's notifications page, the unread count in the header and their email choices."""

import pytest
from django.urls import reverse

from notifications import services
from notifications.models import EmailChoice, Kind
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.html import checked_values, links, text, visible_text

pytestmark = pytest.mark.django_db


def test_the_header_counts_unread_notifications_and_the_page_lists_only_ones_own():
    anna, ben = UserFactory(), UserFactory()
    services.notify([anna], kind=Kind.CARD, title="Ben thanked you", url="/values/cards/received/")
    services.notify([ben], kind=Kind.CARD, title="Somebody else's news", url="/")
    client = logged_in(anna)

    page = client.get(reverse("notifications:list"))

    assert "Notifications (1 unread)" in visible_text(page)
    assert ("/values/cards/received/", "Ben thanked you") in links(page)
    assert "Somebody else's news" not in text(page)

    read = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert "unread" not in visible_text(read)
    assert "New" not in text(read)


def test_a_person_chooses_which_notifications_come_by_email():
    anna = UserFactory()
    client = logged_in(anna)

    response = client.post(
        reverse("notifications:email_choices"), {"emailed": [Kind.CARD, Kind.PLACE]}, follow=True
    )

    assert "Your email choices are saved." in text(response)
    assert set(EmailChoice.objects.get(person=anna).not_emailed) == {
        Kind.IDEA_SUBMITTED,
        Kind.IDEA_DECIDED,
        Kind.IDEA_MESSAGE,
        Kind.PLACE_ASKED,
        Kind.DIGEST,
        Kind.IMPORT,
        Kind.PROGRESS_DUE,
        Kind.PROGRESS_OVERDUE,
        Kind.PROGRESS_APPROVAL,
        Kind.PROGRESS_DECIDED,
    }
    form = client.get(reverse("notifications:email_choices"))
    assert checked_values(form, "emailed") == {Kind.CARD, Kind.PLACE}
