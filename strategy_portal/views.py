"""Pages that span the apps: search across the portal's content, signing in (local login,
password reset and change, the lockout page, the single sign-on button), and the health
endpoint for monitoring."""

import logging
from datetime import timedelta
from functools import cached_property

from axes.helpers import get_cool_off, get_failure_limit
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import throttle
from core.emails import enqueue_after_commit
from core.forms import nhsuk_helper
from core.health import report as health_report
from core.search import search_field
from goals.selectors import search_strategy
from improvement.selectors import search_programme
from training.selectors import search_training
from values.selectors import search_values

from .client_address import client_ip
from .password_reset import send_password_reset

logger = logging.getLogger(__name__)

RESULTS_PER_KIND = 25


class SearchForm(forms.Form):
    q = search_field(
        "Search the portal",
        help_text=(
            "Values, behaviours, strategy, and for staff signed in ideas, projects, measures "
            "and QSIR cohorts. For example, listening, discharge or IDEA-00471"
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"role": "search"}
        self.helper.add_input(Submit("", "Search"))

    @property
    def query(self):
        """The query with its spaces tidied; nothing when it is too long to search for."""
        if not self.is_valid():
            return ""
        return " ".join(self.cleaned_data["q"].split())


class SearchResults:
    """What a search finds, looked up when the page renders them: a cached page never does.
    Anyone finds strategy and values content; staff signed in also find the improvement
    programme's ideas, projects and measures and the QSIR cohorts, which only they may read.
    """

    def __init__(self, query, user):
        self.query = query
        self.user = user

    @cached_property
    def by_kind(self):
        if not self.query:
            return {}
        found = search_values(self.query, RESULTS_PER_KIND) | search_strategy(
            self.query, RESULTS_PER_KIND
        )
        if self.user.is_authenticated:
            found |= search_programme(self.query, RESULTS_PER_KIND)
            found |= search_training(self.query, RESULTS_PER_KIND)
        return found

    @cached_property
    def count(self):
        return sum(len(found) for found in self.by_kind.values())


def search(request):
    form = SearchForm(request.GET)
    query = form.query
    return render(
        request,
        "search.html",
        {"form": form, "search_query": query, "results": SearchResults(query, request.user)},
    )


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = nhsuk_helper("Log in")

    def clean_username(self):
        # AuthenticationForm sets max_length after the field is made, so no validator checks
        # it: an over-long name would reach authenticate() and django-axes' failure log.
        username = self.cleaned_data["username"]
        if len(username) > self.username_field.max_length:
            raise forms.ValidationError(
                f"Enter a username of {self.username_field.max_length} characters or fewer"
            )
        return username


# Signing in


class PortalLoginView(auth_views.LoginView):
    """The login page: local accounts, and the single sign-on button when it is configured."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = getattr(settings, "OIDC_ENABLED", False)
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        context["sso_unavailable"] = self.request.GET.get("sso") == "unavailable"
        return context


class PortalPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The email address on your portal account"
        email.error_messages["required"] = "Enter your email address"
        email.error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@nhs.net"
        )
        self.helper = nhsuk_helper("Send reset link")

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Leave the email to the task queue (strategy_portal/password_reset.py), which makes
        the link itself: a mail server that is down costs a retry, not the answer."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        enqueue_after_commit(
            send_password_reset,
            subject=subject,
            template=email_template_name,
            to=[context["email"]],
            user_id=context["user"].pk,
            domain=context["domain"],
            protocol=context["protocol"],
        )


# The kinds of attempt limited (core/throttle.py), and the limits of password resets.
WRONG_CURRENT_PASSWORD = "wrong-current-password"
RESET_FOR_ADDRESS = "password-reset-for-address"
RESET_FROM_CLIENT = "password-reset-from-client"
RESETS_PER_ADDRESS = 3
RESETS_PER_CLIENT = 20
RESET_PERIOD = timedelta(hours=1)

NEW_PASSWORD_HINT = (
    "Use at least 8 characters. Do not use a common password, only numbers, "
    "or something too like your name or username."
)
PASSWORD_MISMATCH = "The passwords do not match. Enter the same new password twice."


def _nhs_new_password_fields(form):
    """NHS wording for the new password and its confirmation."""
    form.error_messages = {**form.error_messages, "password_mismatch": PASSWORD_MISMATCH}
    new, again = form.fields["new_password1"], form.fields["new_password2"]
    new.help_text = NEW_PASSWORD_HINT
    new.error_messages["required"] = "Enter a new password"
    again.label = "Confirm new password"
    again.help_text = ""
    again.error_messages["required"] = "Confirm your new password"


class PortalSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _nhs_new_password_fields(self)
        self.helper = nhsuk_helper("Save new password")


class PortalPasswordChangeForm(PasswordChangeForm):
    """Changing one's password: the current one may be got wrong AXES_FAILURE_LIMIT times in
    AXES_COOLOFF_MINUTES, as at the login, so a session left open cannot be used to guess it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not correct. Enter it again.",
        }
        current = self.fields["old_password"]
        current.label = "Current password"
        current.error_messages["required"] = "Enter your current password"
        _nhs_new_password_fields(self)
        self.helper = nhsuk_helper("Change password")

    def clean_old_password(self):
        if not throttle.allowed(
            WRONG_CURRENT_PASSWORD,
            self.user.pk,
            limit=settings.AXES_FAILURE_LIMIT,
            period=settings.AXES_COOLOFF_TIME,
        ):
            raise forms.ValidationError(
                "Your current password was entered wrongly too many times. Try again in "
                f"{settings.AXES_COOLOFF_MINUTES} minutes.",
                code="too_many_attempts",
            )
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            throttle.record(WRONG_CURRENT_PASSWORD, self.user.pk)
            raise


class PortalPasswordResetView(auth_views.PasswordResetView):
    """Password reset by email, at most RESETS_PER_ADDRESS emails an hour to one address and
    RESETS_PER_CLIENT requests an hour from one client, so nobody can flood a colleague's
    inbox. A request past a limit gets the same answer as any other and sends nothing:
    saying more would tell whether an address has an account."""

    form_class = PortalPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        email, client = form.cleaned_data["email"], client_ip(self.request)
        within_limits = throttle.allowed(
            RESET_FOR_ADDRESS, email, limit=RESETS_PER_ADDRESS, period=RESET_PERIOD
        ) and throttle.allowed(
            RESET_FROM_CLIENT, client, limit=RESETS_PER_CLIENT, period=RESET_PERIOD
        )
        if not within_limits:
            logger.warning("A password reset past its hourly limit was not sent")
            return HttpResponseRedirect(self.get_success_url())
        throttle.record(RESET_FOR_ADDRESS, email)
        throttle.record(RESET_FROM_CLIENT, client)
        return super().form_valid(form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login from a username and IP address it has locked out."""
    cool_off = get_cool_off(request) or timedelta(0)
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@require_GET
@never_cache
@transaction.non_atomic_requests  # it must answer when the database does not
def health(request):
    """For monitoring: whether the database, the cache and the task queue answer, as JSON,
    200 when they all do and 503 when one does not."""
    results, healthy = health_report()
    return JsonResponse(results, status=200 if healthy else 503)
