"""The demo's sign-ins: one account a role, so that whoever tries the portal can sign in as
a member of staff, an improvement lead, a strategy editor and an administrator.

The demo's other people cannot sign in. These four can, with the password in
DJANGO_DEMO_PASSWORD or one made afresh by each `seed --demo` with debug on, which prints it
only then: a server in production never shows a password on its console, and without
DJANGO_DEMO_PASSWORD its demo accounts have no password anyone knows.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from core.history import made_by
from core.roles import IMPROVEMENT_LEADS, STRATEGY_EDITORS
from goals.models import Site

from .models import StaffProfile


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    first_name: str
    last_name: str
    job_title: str
    groups: tuple = ()
    is_staff: bool = False
    is_superuser: bool = False


ACCOUNTS = [
    DemoAccount("Member of staff", "demo-staff", "Sam", "Okoro (demo)", "Staff nurse"),
    DemoAccount(
        "Improvement lead",
        "demo-lead",
        "Lee",
        "Harper (demo)",
        "Quality improvement lead",
        groups=(IMPROVEMENT_LEADS,),
    ),
    DemoAccount(
        "Strategy editor",
        "demo-editor",
        "Eve",
        "Marsh (demo)",
        "Communications officer",
        groups=(STRATEGY_EDITORS,),
        is_staff=True,
    ),
    # An administrator's account: no staff profile, so nobody sends it a thank-you card.
    DemoAccount(
        "Administrator", "demo-admin", "Ada", "Price (demo)", "", is_staff=True, is_superuser=True
    ),
]

USERNAMES = [account.username for account in ACCOUNTS]


def load_demo(*, scale, log):
    """Make the demo's sign-ins (their records once) and, with debug on or
    DJANGO_DEMO_PASSWORD set, give them their password, one for all four (hashed once: a
    hash takes a second); print it only with debug on. Return True if an account was made."""
    show = settings.DEBUG
    password = settings.DEMO_PASSWORD or (secrets.token_urlsafe(12) if show else "")
    with transaction.atomic():
        made = [make_account(account) for account in ACCOUNTS]
        if password:
            accounts = get_user_model().objects.filter(username__in=USERNAMES)
            accounts.update(password=make_password(password))
    if show:
        log(
            "Demo sign-ins (shown because debug is on; each `seed --demo` sets the password again):"
        )
        for account in ACCOUNTS:
            log(f"  {account.role:<17} {account.username:<12} {password}")
    else:
        log(
            f"Demo sign-ins: {', '.join(USERNAMES)}. Their password is printed only with debug on"
            + ("; DJANGO_DEMO_PASSWORD is theirs." if settings.DEMO_PASSWORD else ".")
        )
    return any(made)


def make_account(account):
    """The account and, for the colleagues, their staff profile; False if it was there."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=account.username,
        defaults={
            "first_name": account.first_name,
            "last_name": account.last_name,
            "email": f"{account.username}@example.nhs.uk",
            "is_staff": account.is_staff,
            "is_superuser": account.is_superuser,
        },
    )
    if not created:
        return False
    user.set_unusable_password()
    user.save(update_fields=["password"])
    # The groups are made by migrations (with their permissions), never here.
    user.groups.add(*Group.objects.filter(name__in=account.groups))
    if not account.is_superuser:
        profile = StaffProfile(user=user, site=Site.objects.first(), job_title=account.job_title)
        made_by(user, profile)
        profile.save()
    return True
