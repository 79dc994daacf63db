"""The password reset email, sent by the task queue once the request that asked for it has
committed (core/emails.py). The worker makes the link when it sends the email, so neither
the queue nor its stored results ever hold a link that would sign someone in."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.emails import send_or_retry


@task
def send_password_reset(*, subject, template, to, user_id, domain, protocol, attempt=1):
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    context = {
        "user": user,
        "domain": domain,
        "protocol": protocol,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    send_or_retry(
        send_password_reset,
        EmailMessage(subject, render_to_string(template, context), to=to),
        attempt=attempt,
        subject=subject,
        template=template,
        to=to,
        user_id=user_id,
        domain=domain,
        protocol=protocol,
    )
