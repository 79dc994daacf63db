"""Emails go through the task queue: a mail server that is down, refusing or hanging costs an
email a retry, never the request its answer or the card its write.

Each test runs on both of the queue's backends, with their real workers (`manage.py worker
--burst`, run after the jobs were enqueued): jobs in the database (django-tasks-db) and jobs
in a private redis-server (django-tasks-rq). The mail server is real SMTP on a port of the
test's own: nothing listens on it at first, then an aiosmtpd server starts there.
"""

import socket
import time
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.emails import email_after_commit
from core.models import FailedEmail
from notifications.models import Kind
from notifications.services import notify
from strategy_portal.settings import tasks_from_url
from tests.factories import BehaviourFactory, UserFactory, ValueFactory
from tests.html import text
from tests.redis_server import PortReservation
from tests.task_queues import run_worker_until
from values.models import ThankYouCard

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    """An aiosmtpd handler keeping what it is sent."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


class MailServer:
    """SMTP on a port reserved for the test, down until started."""

    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self._controller = None

    def start(self):
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()


@pytest.fixture
def mail_server(settings):
    reservation = PortReservation()
    server = MailServer(reservation.port)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 2},
        }
    }
    settings.EMAIL_RETRY_SECONDS = [0.5, 0.5]
    yield server
    server.stop()
    reservation.release()


def send_a_card():
    sender = UserFactory(username="sender", first_name="Sana", last_name="Sender")
    recipient = UserFactory(username="recipient", first_name="Rhys", last_name="Recipient")
    value = ValueFactory(name="Kind")
    behaviour = BehaviourFactory(value=value, statement="I take time to listen")
    client = Client()
    client.force_login(sender)
    url = f"{reverse('values:card_send')}?to={recipient.pk}"
    story = "You sat with a frightened relative for an hour."
    response = client.post(
        url, {"value": value.pk, "behaviour": behaviour.pk, "story": story}, follow=True
    )
    return response, story


def test_a_card_sent_while_the_mail_server_is_down_is_kept_and_its_email_follows(
    queue, mail_server
):
    response, story = send_a_card()

    assert response.status_code == 200
    assert "Your thank-you card to Rhys Recipient has been sent." in text(response)
    assert ThankYouCard.objects.get().story == story

    # The first try finds no mail server and is put back for later.
    call_command("worker", "--burst", verbosity=0)
    assert mail_server.inbox.messages == []
    assert not FailedEmail.objects.exists()

    mail_server.start()
    run_worker_until(lambda: mail_server.inbox.messages)

    [message] = mail_server.inbox.messages
    assert message["To"] == "recipient@nhs.example"
    assert message["Subject"] == "Someone has sent you a thank-you card"
    assert story in message.get_body(preferencelist=("plain",)).get_content()
    assert not FailedEmail.objects.exists()


def test_an_email_the_server_never_takes_is_tried_again_then_listed_for_the_admins(
    queue, mail_server, caplog
):
    with transaction.atomic():
        email_after_commit(subject="Your card", body="Thank you.", to=["rhys@nhs.example"])

    run_worker_until(FailedEmail.objects.exists)

    failed = FailedEmail.objects.get()
    assert (failed.subject, failed.to, failed.attempts) == ("Your card", "rhys@nhs.example", 3)
    assert "Email 'Your card' to rhys@nhs.example not sent after 3 attempts" in caplog.text
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("admin:core_failedemail_changelist"))
    assert "Your card" in text(page) and "rhys@nhs.example" in text(page)


def test_a_mail_server_that_hangs_holds_the_worker_only_for_its_timeout(queue, mail_server):
    # Accepts connections and never answers them.
    with socket.create_server(("127.0.0.1", mail_server.port)):
        with transaction.atomic():
            email_after_commit(subject="Your card", body="Thank you.", to=["rhys@nhs.example"])
        started = time.monotonic()
        call_command("worker", "--burst", verbosity=0)
        assert time.monotonic() - started < 10

    mail_server.start()
    run_worker_until(lambda: mail_server.inbox.messages)
    assert mail_server.inbox.messages[0]["Subject"] == "Your card"


def test_nothing_is_sent_for_a_transaction_rolled_back(queue, mail_server):
    mail_server.start()
    with pytest.raises(RuntimeError), transaction.atomic():
        email_after_commit(subject="Your card", body="Thank you.", to=["rhys@nhs.example"])
        raise RuntimeError("the card could not be saved")

    call_command("worker", "--burst", verbosity=0)

    assert mail_server.inbox.messages == []


def test_a_notification_is_emailed_by_the_worker_as_plain_text_and_nhs_styled_html(
    queue, mail_server, settings
):
    settings.PORTAL_SITE_URL = "https://portal.example.nhs.uk"
    mail_server.start()
    nurse = UserFactory(email="nia@nhs.example")
    with transaction.atomic():
        notify(
            [nurse],
            kind=Kind.PLACE,
            title="Your place on QSIR Spring is confirmed",
            url="/training/cohorts/7/",
        )

    run_worker_until(lambda: mail_server.inbox.messages)

    [message] = mail_server.inbox.messages
    assert message["Subject"] == "Your place on QSIR Spring is confirmed"
    link = "https://portal.example.nhs.uk/training/cohorts/7/"
    assert link in message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<h1" in html and "Your place on QSIR Spring is confirmed</h1>" in html
    assert f'href="{link}"' in html


def test_a_password_reset_email_is_sent_by_the_worker_with_a_working_link(queue, mail_server):
    UserFactory(username="staff")
    mail_server.start()
    client = Client()

    response = client.post(reverse("password_reset"), {"email": "staff@nhs.example"})
    assert response["Location"] == reverse("password_reset_done")
    run_worker_until(lambda: mail_server.inbox.messages)

    [message] = mail_server.inbox.messages
    assert message["Subject"] == "Reset your Strategy Portal password"
    link = next(word for word in message.get_content().split() if "/password-reset/" in word)
    page = client.get(link.partition("://testserver")[2], follow=True)
    assert "Choose a new password" in text(page)


def test_a_card_is_kept_when_the_queue_cannot_be_reached(settings, redis_never_started, caplog):
    settings.TASKS, settings.RQ_QUEUES = tasks_from_url(redis_never_started.url)

    response, story = send_a_card()

    assert "Your thank-you card to Rhys Recipient has been sent." in text(response)
    assert ThankYouCard.objects.get().story == story
    failed = FailedEmail.objects.get()
    assert failed.attempts == 0 and failed.error.startswith("Not queued")
    assert "could not be queued" in caplog.text
