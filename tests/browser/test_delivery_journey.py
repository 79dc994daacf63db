"""Strategy delivery in a real browser, with axe on every new page: an objective's owner
writes a progress update (at risk, so recovery actions are asked for), an editor approves
it or returns it saying why, the board report prints on A4, and an editor copies the
objectives to the next year in the admin, owners found by name and the work carried."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from goals.models import Objective
from goals.services import write_update
from tests.conftest import STRATEGY_EDITORS
from tests.factories import UserFactory, staff_with_job_title
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


def test_an_editor_returns_an_update_and_its_owner_writes_it_again(world, page, live_server):
    write_update(
        objective=world.objective,
        written_by=world.owner,
        **update_fields(period=QUARTERS[1], narrative="Falls fell, we think."),
    )
    log_in_with_cookie(page, live_server, world.editor)
    page.goto("/delivery/approvals/")
    page.get_by_role("link", name=re.compile("^Return it to its writer")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Return the update")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Return it to its writer").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter why the update is returned")
    assert_no_axe_violations(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Why are you returning it?")).to_be_focused()
    page.get_by_label("Why are you returning it?").fill("Give the number of falls.")
    page.get_by_role("button", name="Return it to its writer").click()
    expect(page.get_by_text("was returned to its writer.")).to_be_visible()

    log_in_with_cookie(page, live_server, world.owner)
    page.goto(world.objective.get_absolute_url())
    expect(page.get_by_role("heading", name="Q2 2023-24: returned to its writer")).to_be_visible()
    expect(page.get_by_text("Give the number of falls.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Write the update for Q2 2023-24 again").click()
    expect(page.get_by_label("Q2 2023-24")).to_be_checked()
    page.get_by_label("Progress this period").fill("Falls fell from 30 to 24.")
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("heading", name="Q2 2023-24: awaiting approval")).to_be_visible()


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
    expect(page.get_by_role("heading", level=1)).to_have_text("Board reports")
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


def test_an_editor_copies_the_objectives_to_the_next_year_carrying_the_work(
    world, page, live_server
):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    nurse = staff_with_job_title("Director of nursing", first_name="Noor", last_name="Nurse")
    log_in_with_cookie(page, live_server, admin)

    page.goto("/admin/goals/objective/")
    page.get_by_role("checkbox", name=re.compile("Select this object")).first.check()
    page.get_by_label("Action:").select_option("copy_to_next_year")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Copy objectives to the next year")
    assert_no_axe_violations(page)
    page.get_by_label("Carry its work into 2024-25: 1 project going on").check()
    page.get_by_role("button", name="Copy to the next year").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "1 objective copied to the next year with 1 link to the projects and ideas carried"
    )

    page.goto("/admin/goals/objective/?year__exact=2024")
    page.get_by_role("link", name="2024-25: strategic objective 1").click()
    owner = page.locator("#id_executive_owner").locator("xpath=following-sibling::span[1]")
    owner.click()
    search = page.locator(".select2-dropdown .select2-search__field")
    search.fill("nobody holds this title")
    expect(page.get_by_role("status")).to_have_text("No results found")
    expect(page.get_by_role("option", name="No results found")).to_be_disabled()
    assert_no_axe_violations(page)
    search.fill("director of nursing")
    expect(page.get_by_role("option", name="Noor Nurse (Director of nursing)")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("option", name="Noor Nurse (Director of nursing)").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Objective.objects.get(year=2024, number=1).executive_owner == nurse

    page.goto("/strategies/trust/objectives/2024-25/1/")
    expect(page.get_by_text("Safer wards")).to_be_visible()
    expect(page.get_by_text("Noor Nurse")).to_be_visible()
