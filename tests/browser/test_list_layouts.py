"""The lists on a phone (375 px) and a desktop (1280 px), as issue 19's slips found them: the
filters fold away on a phone so the results come first; dates are typed in the NHS date
input's boxes, in the lists' filters as in the dashboard's; an idea's reference never
breaks at its hyphen; card moderation's two buttons line up. axe checks every page."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from people.models import StaffProfile
from tests.conftest import STRATEGY_EDITORS
from tests.factories import ObjectiveFactory, SiteFactory, ThankYouCardFactory, UserFactory
from tests.improvement.factories import IdeaFactory, ProjectFactory

from .axe import assert_no_axe_violations
from .improvement_world import log_in_with_cookie

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def lists(db, live_server):
    site, objective = SiteFactory(name="Basildon University Hospital"), ObjectiveFactory()
    ideas = IdeaFactory.create_batch(12, site=site, objectives=[objective])
    ProjectFactory.create_batch(12, site=site, objectives=[objective])
    return UserFactory(username="sam"), ideas


def fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def top(locator):
    return locator.bounding_box()["y"]


@pytest.mark.parametrize(
    ("path", "found"),
    [("/improvement/ideas/", "12 ideas found."), ("/improvement/projects/", "12 projects found.")],
)
def test_on_a_phone_the_results_come_before_the_folded_filters(
    lists, page, live_server, path, found
):
    staff, _ = lists
    page.set_viewport_size(PHONE)
    log_in_with_cookie(page, live_server, staff)
    page.goto(path)

    status = page.get_by_role("status")
    expect(status).to_have_text(found)
    # The count and the first results show on the first screen, under the folded filters,
    # which take a few lines (they took 1,000 px before).
    assert page.locator(".portal-filters").bounding_box()["height"] < 150
    assert top(status) < PHONE["height"]
    expect(page.get_by_role("table").locator("tbody tr").first).to_be_in_viewport()
    site = page.get_by_label("Site")
    expect(site).to_be_hidden()
    fits(page)
    assert_no_axe_violations(page)

    page.get_by_text("Show the filters").click()
    expect(site).to_be_visible()
    fits(page)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/improvement/ideas/", "/improvement/projects/"])
def test_on_a_desktop_the_filters_stand_beside_the_results_unfolded(lists, page, live_server, path):
    staff, _ = lists
    page.set_viewport_size(DESKTOP)
    log_in_with_cookie(page, live_server, staff)
    page.goto(path)

    expect(page.get_by_label("Site")).to_be_visible()
    expect(page.get_by_text("Show the filters")).to_be_hidden()
    filters = page.locator(".portal-filters").bounding_box()
    results = page.get_by_role("status").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"], "the filters are not beside the results"
    assert_no_axe_violations(page)


def test_a_lists_dates_are_typed_in_the_nhs_date_input_and_a_reversed_range_is_refused(
    lists, page, live_server
):
    staff, ideas = lists
    page.set_viewport_size(PHONE)
    log_in_with_cookie(page, live_server, staff)
    page.goto("/improvement/ideas/")
    page.get_by_text("Show the filters").click()

    submitted_from = page.get_by_role("group", name="Submitted from")
    expect(submitted_from.get_by_label("Day")).to_be_visible()
    submitted_from.get_by_label("Day").fill("2")
    submitted_from.get_by_label("Month").fill("1")
    submitted_from.get_by_label("Year").fill("2030")
    submitted_to = page.get_by_role("group", name="Submitted to")
    submitted_to.get_by_label("Day").fill("1")
    submitted_to.get_by_label("Month").fill("1")
    submitted_to.get_by_label("Year").fill("2030")
    page.get_by_role("button", name="Apply filters").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The 'to' date must be on or after the 'from' date")
    # The filters stay open with what was typed, and still fit the phone.
    expect(submitted_from.get_by_label("Year")).to_have_value("2030")
    expect(submitted_from.get_by_label("Day")).to_be_visible()
    fits(page)
    assert_no_axe_violations(page)

    submitted_from.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("12 ideas found.")
    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)


def test_the_dashboards_dates_are_the_nhs_date_input_on_a_phone(lists, page, live_server):
    staff, _ = lists
    page.set_viewport_size(PHONE)
    log_in_with_cookie(page, live_server, staff)
    page.goto("/improvement/")
    page.get_by_text("Filter the figures").click()

    date_from = page.get_by_role("group", name="From")
    for part, typed in (("Day", "31"), ("Month", "2"), ("Year", "2024")):
        date_from.get_by_label(part).fill(typed)
    fits(page)
    page.get_by_role("button", name="Apply filters").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("From must be a real date")
    summary.get_by_role("link").click()
    expect(date_from.get_by_label("Day")).to_be_focused()
    fits(page)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_an_ideas_reference_is_never_broken_at_its_hyphen(lists, page, live_server, viewport):
    staff, ideas = lists
    title = "Demo: shorter waits for discharge medicines on the acute medical unit"
    for idea in ideas:
        idea.title = title
        idea.save(update_fields=["title"])
    merged = IdeaFactory(title=title, status="merged", merged_into=ideas[0])
    project = ProjectFactory(idea=ideas[1], title=title)
    page.set_viewport_size(viewport)
    log_in_with_cookie(page, live_server, staff)

    # Wherever a reference shows: the list, an idea merged into another and the idea it was
    # merged into, the project an idea became.
    for path, count in [
        ("/improvement/ideas/", 13),
        (merged.get_absolute_url(), 2),
        (ideas[0].get_absolute_url(), 2),
        (project.get_absolute_url(), 1),
    ]:
        page.goto(path)
        references = page.locator(".portal-reference")
        expect(references).to_have_count(count)
        for reference in references.all():
            assert reference.evaluate("span => getComputedStyle(span).whiteSpace") == "nowrap"
            assert reference.evaluate("span => span.getClientRects().length") == 1, path
        fits(page)
    assert_no_axe_violations(page)


@pytest.fixture
def moderation(db, live_server):
    editor = UserFactory(username="edie", is_staff=True)
    editors, _ = Group.objects.get_or_create(name=STRATEGY_EDITORS)
    editors.permissions.add(Permission.objects.get(codename="moderate_thankyoucard"))
    editor.groups.add(editors)
    for _ in range(2):
        card = ThankYouCardFactory(publish_consent=True)
        StaffProfile.objects.get_or_create(user=card.recipient)
    return editor


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_card_moderations_two_buttons_line_up(moderation, page, live_server, viewport):
    page.set_viewport_size(viewport)
    log_in_with_cookie(page, live_server, moderation)
    page.goto("/values/cards/moderation/")

    approve = page.get_by_role("button", name="Put on the wall").first.bounding_box()
    hide = page.get_by_role("link", name="Hide").first.bounding_box()
    if viewport is PHONE:
        # Stacked, one under the other, the same width.
        assert abs(approve["x"] - hide["x"]) <= 1, (approve, hide)
        assert abs(approve["width"] - hide["width"]) <= 1, (approve, hide)
        assert hide["y"] >= approve["y"] + approve["height"]
    else:
        # Side by side on one line, the same height.
        assert abs(approve["y"] - hide["y"]) <= 1, (approve, hide)
        assert abs(approve["height"] - hide["height"]) <= 1, (approve, hide)
        assert hide["x"] > approve["x"] + approve["width"]
    fits(page)
    assert_no_axe_violations(page)
