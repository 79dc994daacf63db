"""Strategy delivery in a real browser, with axe on every new page: an objective's owner
writes a progress update (at risk, so recovery actions are asked for), an editor approves
it, and the board report prints on A4."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from goals.services import write_update
from tests.conftest import STRATEGY_EDITORS
from tests.factories import UserFactory
from tests.goals.delivery_world import QUARTERS, delivery_world, update_fields

from .axe import assert_no_axe_violations
from .improvement_world import log_in_with_cookie

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def world(live_server):
    world = delivery_world(updates_need_approval=True)
    world.editor = UserFactory(username="edie", first_name="Edie", last_name="Editor")
    # Live-server tests flush what migrations wrote: the group is made again with the
    # permissions its migration gives.
    editors, _ = Group.objects.get_or_create(name=STRATEGY_EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(codename__in=["add_progressupdate", "approve_progressupdate"])
    )
    world.editor.groups.add(editors)
    return world


def test_an_owner_writes_an_update_and_an_editor_approves_it(world, page, live_server):
    log_in_with_cookie(page, live_server, world.owner)
    page.goto(world.objective.get_absolute_url())
    expect(page.get_by_text("No progress update has been published yet.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Write a progress update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a progress update")
    assert_no_axe_violations(page)
    page.get_by_label("Q2 2023-24").check()
    page.get_by_label("At risk").check()
    page.get_by_label("Progress this period").fill("Falls rose on two wards.")
    page.get_by_label("Plans for next period").fill("Night checks on every ward.")
    page.get_by_label("Falls a week (Safer wards)").check()
    page.get_by_role("button", name="Save update").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(
        "Enter the recovery actions for an objective at risk or off track"
    )
    expect(page.get_by_label("Progress this period")).to_have_value("Falls rose on two wards.")
    assert_no_axe_violations(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Recovery actions")).to_be_focused()
    page.get_by_label("Recovery actions").fill("Two more nurses at night from August.")
    page.get_by_role("button", name="Save update").click()

    expect(page).to_have_url(re.compile(re.escape(world.objective.get_absolute_url()) + "$"))
    expect(
        page.get_by_text("Your update for Q2 2023-24 was sent to an editor for approval.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Q2 2023-24: awaiting approval")).to_be_visible()
    assert_no_axe_violations(page)

    log_in_with_cookie(page, live_server, world.editor)
    page.goto("/delivery/approvals/")
    expect(page.get_by_text("Falls rose on two wards.")).to_be_visible()
    expect(page.get_by_text("Special cause improvement (low)")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=re.compile("^Approve and publish")).click()
    expect(page.get_by_text("No progress updates are waiting for approval.")).to_be_visible()

    page.goto("/delivery/overdue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress updates overdue")
    assert_no_axe_violations(page)

    page.goto(world.objective.get_absolute_url())
    latest = page.locator(
        ".nhsuk-card", has=page.get_by_role("heading", name="Latest update: Q2 2023-24")
    )
    expect(latest).to_contain_text("At risk")
    expect(latest).to_contain_text("Two more nurses at night from August.")
    expect(latest).to_contain_text("approved by Edie Editor")
    assert_no_axe_violations(page)


def test_the_board_report_prints_on_a4(world, page, live_server):
    write_update(
        objective=world.objective,
        written_by=world.editor,
        measure_ids=[world.falls.pk],
        **update_fields(period=QUARTERS[1], narrative="Falls fell by a fifth."),
    )
    log_in_with_cookie(page, live_server, world.owner)
    page.goto("/strategies/trust/")
    page.get_by_role("link", name="Board reports on the strategy's progress").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Board report for Q2 2023-24").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Board report: strategy delivery, Q2 2023-24"
    )
    assert_no_axe_violations(page)

    page.emulate_media(media="print")
    for hidden in [".nhsuk-header__navigation", ".nhsuk-footer", ".nhsuk-breadcrumb"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.get_by_role("link", name="Download this report as CSV")).to_be_hidden()
    section = page.locator(".portal-report__objective").first
    expect(section).to_be_visible()
    expect(section).to_contain_text("Falls fell by a fifth.")
    # Chromium reads avoid-page as avoid: an objective is not split across pages.
    assert section.evaluate("node => getComputedStyle(node).breakInside") == "avoid"
    tag = section.locator(".nhsuk-tag").first
    assert tag.evaluate("node => getComputedStyle(node).printColorAdjust") == "exact"

    # Printed with the page size the stylesheet asks for: A4 is 595 by 842 points.
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert sizes, "the PDF has no pages"
    assert {(round(float(width)), round(float(height))) for width, height in sizes} == {(595, 842)}
