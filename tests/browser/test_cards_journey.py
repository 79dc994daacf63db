"""Thank-you cards as a new user tries them, in a real browser, with axe on every new page:
a member of staff thanks a colleague for "I take time to listen", the colleague reads it, an
editor puts it on the Compassionate wall and the dashboard counts it."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from people.models import StaffProfile
from tests.conftest import STRATEGY_EDITORS
from tests.factories import UserFactory

from .axe import assert_no_axe_violations
from .improvement_world import log_in_with_cookie

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
STORY = "You sat with Mrs B's daughter for an hour\nand she went home calmer."


@pytest.fixture
def people(seeded, live_server):
    sender = UserFactory(username="sam", first_name="Sam", last_name="Sender")
    colleague = UserFactory(username="cora", first_name="Cora", last_name="Colleague")
    manager = UserFactory(username="mo", first_name="Mo", last_name="Manager")
    StaffProfile.objects.create(user=colleague, line_manager=manager)
    editor = UserFactory(username="edie", first_name="Edie", last_name="Editor", is_staff=True)
    # Live-server tests flush what migrations wrote: the group is made again with the
    # permission its migration gives.
    editors, _ = Group.objects.get_or_create(name=STRATEGY_EDITORS)
    editors.permissions.add(Permission.objects.get(codename="moderate_thankyoucard"))
    editor.groups.add(editors)
    return sender, colleague, editor


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def cards_counted(page):
    page.goto("/improvement/")
    return int(page.locator("[data-figure=thank-you-cards]").inner_text())


@pytest.mark.slow
def test_a_colleague_is_thanked_for_listening_and_it_reaches_the_compassionate_wall(
    people, page, live_server
):
    sender, colleague, editor = people
    log_in(page, "sam")
    assert cards_counted(page) == 0

    page.goto("/values/mseft/compassionate/")
    expect(page.get_by_text("No thank-you cards are on this wall yet.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Send a thank-you card").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a thank-you card")
    assert_no_axe_violations(page)
    page.get_by_role("combobox", name="Who do you want to thank?").fill("cora")
    page.locator("#id_to__listbox").get_by_role("option", name="Cora Colleague").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank Cora Colleague")
    expect(page.get_by_label("Compassionate (MSEFT)")).to_be_checked()
    assert_no_axe_violations(page)

    # A card with no story is refused, keeping what was chosen and typed.
    page.get_by_label("Which behaviour, if one fits? (optional)").select_option(
        label="I take time to listen"
    )
    page.get_by_label("Show my card on the value's wall").check()
    page.get_by_role("button", name="Send thank-you card").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Write a few words about what your colleague did")
    expect(page.get_by_label("Compassionate (MSEFT)")).to_be_checked()
    expect(page.get_by_label("Show my card on the value's wall")).to_be_checked()
    assert_no_axe_violations(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("What did they do?")).to_be_focused()

    page.get_by_label("What did they do?").fill(STORY)
    page.get_by_label("Send a copy to Cora Colleague's line manager").check()
    page.get_by_role("button", name="Send thank-you card").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Your thank-you card to Cora Colleague has been sent."
    )
    expect(page.get_by_text("Waiting for a check")).to_be_visible()
    assert_no_axe_violations(page)
    assert cards_counted(page) == 1

    log_in(page, "cora")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Thank-you cards").click()
    expect(page.get_by_role("heading", name="From Sam Sender")).to_be_visible()
    expect(page.get_by_text("and she went home calmer.")).to_be_visible()
    assert_no_axe_violations(page)

    log_in_with_cookie(page, live_server, editor)
    page.goto("/values/cards/moderation/")
    expect(page.get_by_text("You sat with Mrs B's daughter")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("^Hide")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hide a thank-you card")
    assert_no_axe_violations(page)
    page.goto("/values/cards/moderation/")
    page.get_by_role("button", name=re.compile("^Put on the wall")).click()
    expect(page.get_by_text("The card is on the Compassionate wall.")).to_be_visible()

    page.goto("/values/mseft/compassionate/")
    wall = page.locator("#wall-heading").locator("..")
    expect(wall.get_by_role("heading", name="Sam Sender thanked Cora Colleague")).to_be_visible()
    expect(page.get_by_role("link", name="Recognised 1 time")).to_be_visible()
    page.get_by_role("link", name="Recognised 1 time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("I take time to listen")
    expect(page.locator("[data-figure=recognised]")).to_contain_text("1 time")
    assert_no_axe_violations(page)

    page.goto("/improvement/")
    expect(page.locator("#thank-you-cards").locator("..")).to_contain_text("I take time to listen")
    assert_no_axe_violations(page)
    assert cards_counted(page) == 1
