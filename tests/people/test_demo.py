"""The demo's sign-ins (people/demo.py): one account a role, whose passwords are printed
only with debug on."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from improvement.roles import MANAGE_PROJECTS, TRIAGE_IDEAS
from people.demo import USERNAMES, load_demo
from training.roles import MANAGE_TRAINING
from values.roles import MODERATE_CARDS

pytestmark = pytest.mark.django_db

User = get_user_model()
SIGN_IN_LINE = re.compile(r"^ +(?P<role>.+?) +(?P<username>demo-\w+) +(?P<password>\S+)$")


def demo_sign_ins():
    lines = []
    load_demo(scale=1, log=lines.append)
    return lines


def printed_passwords(lines):
    found = (SIGN_IN_LINE.match(line) for line in lines)
    return {match["username"]: match["password"] for match in found if match}


def signs_in(username, password):
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password})
    return client.get(reverse("improvement:dashboard")).status_code == 200


def test_with_debug_on_each_role_has_a_sign_in_printed_on_the_console(seeded, settings):
    settings.DEBUG = True

    lines = demo_sign_ins()

    passwords = printed_passwords(lines)
    assert sorted(passwords) == sorted(USERNAMES)
    assert len(set(passwords.values())) == 1
    assert len(next(iter(passwords.values()))) >= 12
    roles = {match["username"]: match["role"] for match in map(SIGN_IN_LINE.match, lines) if match}
    assert roles == {
        "demo-staff": "Member of staff",
        "demo-lead": "Improvement lead",
        "demo-editor": "Strategy editor",
        "demo-admin": "Administrator",
    }
    for username, password in passwords.items():
        assert signs_in(username, password), username
    assert not signs_in("demo-staff", "a wrong password")


def test_each_demo_account_can_do_what_its_role_may_and_no_more(seeded, settings):
    settings.DEBUG = True
    demo_sign_ins()
    staff, lead, editor, admin = (User.objects.get(username=name) for name in USERNAMES)
    rules = [TRIAGE_IDEAS, MANAGE_PROJECTS, MANAGE_TRAINING, MODERATE_CARDS]

    assert [rule.allows(staff) for rule in rules] == [False, False, False, False]
    assert [rule.allows(lead) for rule in rules] == [True, True, True, False]
    assert [rule.allows(editor) for rule in rules] == [False, False, False, True]
    assert [rule.allows(admin) for rule in rules] == [True, True, True, True]
    assert (staff.is_staff, lead.is_staff, editor.is_staff, admin.is_staff) == (
        False,
        False,
        True,
        True,
    )
    assert editor.has_perm("goals.change_strategy")
    assert not lead.has_perm("goals.change_strategy")
    # The colleagues have a staff profile (so they can be thanked); the admin has none.
    assert staff.staff_profile.site is not None
    assert not hasattr(User.objects.get(username="demo-admin"), "staff_profile")


def test_with_debug_off_no_password_is_printed_and_nobody_can_sign_in(seeded, settings):
    settings.DEBUG = False

    lines = demo_sign_ins()

    assert printed_passwords(lines) == {}
    assert "Their password is printed only with debug on" in "\n".join(lines)
    accounts = User.objects.filter(username__in=USERNAMES)
    assert accounts.count() == 4
    assert not any(user.has_usable_password() for user in accounts)


def test_with_debug_off_the_password_given_in_the_environment_signs_in_unprinted(seeded, settings):
    settings.DEBUG = False
    settings.DEMO_PASSWORD = "a-password-the-operator-chose"

    lines = demo_sign_ins()

    assert "a-password-the-operator-chose" not in "\n".join(lines)
    assert printed_passwords(lines) == {}
    assert signs_in("demo-lead", "a-password-the-operator-chose")


def test_a_second_demo_gives_new_passwords_to_the_same_accounts(seeded, settings):
    settings.DEBUG = True
    first = printed_passwords(demo_sign_ins())

    second = printed_passwords(demo_sign_ins())

    assert User.objects.filter(username__in=USERNAMES).count() == 4
    assert all(second[name] != first[name] for name in USERNAMES)
    assert not signs_in("demo-staff", first["demo-staff"])
    assert signs_in("demo-staff", second["demo-staff"])


@pytest.mark.slow
def test_seed_demo_ends_with_the_sign_ins(seeded, settings):
    settings.DEBUG = True
    output = io.StringIO()

    call_command("seed", "--demo", stdout=output)

    lines = output.getvalue().splitlines()
    assert sorted(printed_passwords(lines[-6:])) == sorted(USERNAMES)
