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
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import FailedEmail

logger = logging.getLogger(__name__)


def email_after_commit(*, subject, body, to):
    """Send a plain-text email from DEFAULT_FROM_EMAIL once the current transaction commits;
    nothing is sent if it rolls back."""
    enqueue_after_commit(send_email, subject=subject, body=body, to=list(to))


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
def send_email(*, subject, body, to, attempt=1):
    send_or_retry(
        send_email,
        EmailMessage(subject, body, to=to),
        attempt=attempt,
        subject=subject,
        body=body,
        to=to,
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
