"""Email goes through the task queue, after the transaction that asked for it commits.

A request never talks to the mail server: a server that is down, slow or hanging costs the
email a retry, never the request its answer or the record its write. The worker tries each
email again after each wait in EMAIL_RETRY_SECONDS; after the last it logs an error and
records a FailedEmail, listed in the admin.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from .models import FailedEmail

logger = logging.getLogger(__name__)


def email_after_commit(*, subject, body, to, html=""):
    """Send an email from DEFAULT_FROM_EMAIL once the current transaction commits, as plain
    text and, given `html`, as HTML too (mail programs show the one they can); nothing is
    sent if the transaction rolls back."""
    enqueue_after_commit(send_email, subject=subject, body=body, html=html, to=list(to))


def html_email(*, heading, body="", url="", action="", footer=""):
    """The HTML part of an email in the NHS style (templates/email/message.html): the same
    words as its plain text, with its link as a button."""
    return render_to_string(
        "email/message.html",
        {"heading": heading, "body": body, "url": url, "action": action, "footer": footer},
    )


def enqueue_after_commit(email_task, *, subject, to, **kwargs):
    """Enqueue a task that sends an email, once the current transaction commits."""
    transaction.on_commit(partial(_enqueue, email_task, subject=subject, to=to, **kwargs))


def _enqueue(email_task, *, subject, to, **kwargs):
    try:
        email_task.enqueue(subject=subject, to=to, **kwargs)
    except Exception as error:
        # The write the email tells of is committed: a queue that cannot be reached (Redis
        # down) must not turn it into an error page. The admins see the email was not sent.
        logger.exception("Email %r to %s could not be queued", subject, ", ".join(to))
        FailedEmail.objects.create(
            subject=subject, to=", ".join(to), attempts=0, error=f"Not queued: {error}"
        )


@task
def send_email(*, subject, body, to, html="", attempt=1):
    message = EmailMultiAlternatives(subject, body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    send_or_retry(
        send_email, message, attempt=attempt, subject=subject, body=body, html=html, to=to
    )


def send_or_retry(email_task, message, *, attempt, **kwargs):
    """Send `message`. If the mail server fails, enqueue `email_task` with `kwargs` again
    after the next wait, or after the last record the failure; either way the attempt fails,
    so the queue's own results show it too."""
    try:
        message.send()
    except OSError as error:  # refused, timed out, or an SMTP error (smtplib.SMTPException)
        delays = settings.EMAIL_RETRY_SECONDS
        to = ", ".join(message.to)
        if attempt <= len(delays):
            logger.warning(
                "Email %r to %s failed (attempt %d), trying again in %d s: %s",
                message.subject,
                to,
                attempt,
                delays[attempt - 1],
                error,
            )
            run_after = timezone.now() + datetime.timedelta(seconds=delays[attempt - 1])
            email_task.using(run_after=run_after).enqueue(attempt=attempt + 1, **kwargs)
        else:
            logger.error(
                "Email %r to %s not sent after %d attempts: %s",
                message.subject,
                to,
                attempt,
                error,
            )
            FailedEmail.objects.create(
                subject=message.subject, to=to, attempts=attempt, error=str(error)
            )
        raise
