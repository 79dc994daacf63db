"""The admin in a real browser: an editor's change reaches the public page, and every admin
page of the portal's own models, and of users and groups, passes axe (WCAG 2.2 AA).

Users and groups choose their groups and permissions from checkbox lists (people/admin.py):
Django's two-box picker puts an aria-label on a bare span, which axe reports
(aria-prohibited-attr).
"""

import io
import re

import pytest
import tablib
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from playwright.sync_api import expect

from core.admin import ReadOnlyHistoryAdmin
from improvement.idea_imports import CheckedUpload, start_import
from improvement.models import Idea, IdeaImport
from values.models import ThankYouCard, Value

from .axe import assert_no_axe_violations, axe_violations, format_violations
from .improvement_world import improvement_leads_group

pytestmark = pytest.mark.browser

PASSWORD = "a long browser test password"
NEW_STATEMENT = "I take time to listen, and I act on what I hear"


@pytest.mark.slow
def test_superuser_changes_a_behaviour_in_admin_and_public_page_shows_it(seeded, page):
    get_user_model().objects.create_superuser("browser-admin", "admin@nhs.example", PASSWORD)

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
    assert_no_axe_violations(page)
    page.get_by_label("Username").fill("browser-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Strategy and values content")).to_be_visible()
    assert_no_axe_violations(page)

    page.locator("#values-value").get_by_role("link", name="Values", exact=True).click()
    page.get_by_role("link", name="Compassionate", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Change value")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Compassionate (MSEFT)")).to_be_visible()

    first_statement = page.locator("textarea[name='behaviours-0-statement']")
    expect(first_statement).to_have_value("I take time to listen")
    first_statement.fill(NEW_STATEMENT)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # The value's history names who changed it, within the Content Security Policy (a
    # blocked inline style would fail the test as a console error) and axe.
    compassionate = Value.objects.get(organisation__slug="mseft", slug="compassionate")
    page.goto(reverse("admin:values_value_history", args=[compassionate.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change history")
    expect(page.locator("#change-history")).to_contain_text("browser-admin")
    assert_no_axe_violations(page)

    page.goto("/values/mseft/compassionate/")
    behaviours = page.locator(".portal-behaviours li")
    # The statement, then how often it was recognised.
    expect(behaviours.first).to_contain_text(NEW_STATEMENT)
    expect(page.get_by_text("I take time to listen", exact=True)).to_have_count(0)


PORTAL_APPS = {"goals", "people", "values", "training", "improvement"}


def portal_admin_pages():
    """The changelist, add page and a record's change page of each of the portal's models."""
    pages = []
    for model in admin.site._registry:
        options = model._meta
        if options.app_label not in PORTAL_APPS:
            continue
        prefix = f"admin:{options.app_label}_{options.model_name}"
        pages.append(reverse(f"{prefix}_changelist"))
        # Cards, imports, rebases and attendance are never added in the admin: no add page.
        if model not in (ThankYouCard, IdeaImport) and not isinstance(
            admin.site._registry[model], ReadOnlyHistoryAdmin
        ):
            pages.append(reverse(f"{prefix}_add"))
        record = model.objects.order_by("pk").first()
        assert record is not None, f"the demo data has no {options.verbose_name}"
        pages.append(reverse(f"{prefix}_change", args=[record.pk]))
    return [*pages, reverse("admin:improvement_idea_import")]


@pytest.mark.slow
def test_every_admin_page_of_the_portals_models_passes_axe(seeded, page):
    improvement_leads_group()  # the demo puts its leads in it
    call_command("seed", "--demo", stdout=io.StringIO())
    admin_user = get_user_model().objects.create_superuser(
        "browser-admin", "admin@nhs.example", PASSWORD
    )
    # An import with a row it could not import, for its progress page.
    with transaction.atomic():
        idea = Idea.objects.first()
        start_import(
            uploaded_by=admin_user,
            upload=CheckedUpload(
                "old ideas log.csv",
                "csv",
                ["title", "site"],
                tablib.Dataset([idea.title, "Nowhere"], headers=["title", "site"])
                .export("csv")
                .encode(),
            ),
        )
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("browser-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    failures = {}
    for path in portal_admin_pages():
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        violations = axe_violations(page)
        if violations:
            failures[path] = format_violations(violations)
    assert not failures, "\n\n".join(f"{path}\n{text}" for path, text in failures.items())


def auth_admin_pages(user, group):
    """django.contrib.auth's pages for users and groups, with their permission and group
    pickers."""
    return [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[user.pk]),
        reverse("admin:auth_user_password_change", args=[user.pk]),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_group_add"),
        reverse("admin:auth_group_change", args=[group.pk]),
    ]


@pytest.mark.slow
def test_the_admin_pages_for_users_and_groups_pass_axe(seeded, page):
    group = improvement_leads_group()
    superuser = get_user_model().objects.create_superuser(
        "browser-admin", "admin@nhs.example", PASSWORD
    )
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("browser-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    failures = {}
    for path in auth_admin_pages(superuser, group):
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        violations = axe_violations(page)
        if violations:
            failures[path] = format_violations(violations)
    assert not failures, "\n\n".join(f"{path}\n{text}" for path, text in failures.items())


@pytest.mark.slow
def test_an_administrator_ticks_a_colleagues_group_and_a_groups_permission(seeded, page):
    group = improvement_leads_group()
    colleague = get_user_model().objects.create_user("colleague", "colleague@nhs.example")
    get_user_model().objects.create_superuser("browser-admin", "admin@nhs.example", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("browser-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(reverse("admin:auth_user_change", args=[colleague.pk]))
    groups = page.get_by_role("group", name="Groups")
    groups.get_by_label("Improvement leads").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert list(colleague.groups.all()) == [group]

    page.goto(reverse("admin:auth_group_change", args=[group.pk]))
    permissions = page.get_by_role("group", name="Permissions")
    permission = "Values | thank you card | Can view thank you card"
    expect(permissions.get_by_label(permission)).not_to_be_checked()
    permissions.get_by_label(permission).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert group.permissions.filter(codename="view_thankyoucard").exists()
