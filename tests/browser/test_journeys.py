"""Public journeys in a real browser: search, keyboard use, navigation state and print."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COMPASSIONATE = "/values/mseft/compassionate/"


def test_search_from_header_finds_behaviour_and_leads_to_its_value(seeded, page):
    page.goto("/")
    search_box = page.get_by_role("banner").get_by_role(
        "searchbox", name="Search values and strategy"
    )
    search_box.fill("listen")
    page.get_by_role("banner").get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=listen$"))
    result = page.locator(".portal-search-results > li").filter(
        has=page.get_by_role("link", name="I take time to listen", exact=True)
    )
    expect(result).to_have_count(1)
    expect(result).to_contain_text("Compassionate")

    result.get_by_role("link", name="I take time to listen", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(COMPASSIONATE)}#behaviour-\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compassionate")
    expect(page.locator(".portal-behaviours")).to_contain_text("I take time to listen")


def test_skip_link_is_first_focusable_and_moves_focus_to_main(seeded, page):
    page.goto(COMPASSIONATE)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("main#maincontent")).to_be_focused()


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "Home"),
        ("/strategies/", "Strategies"),
        ("/strategies/mseft/objectives/2023-24/1/", "Strategies"),
        ("/values/", "Values"),
        (COMPASSIONATE, "Values"),
    ],
)
def test_header_navigation_marks_the_current_section(seeded, page, path, current):
    page.goto(path)
    navigation = page.get_by_role("navigation", name="Menu")
    marked = navigation.locator("[aria-current=page]")
    expect(marked).to_have_count(1)
    expect(marked).to_have_text(current)
    expect(marked.locator("xpath=..")).to_have_class(
        re.compile(r"\bnhsuk-header__navigation-item--current\b")
    )


def test_print_hides_site_furniture_and_shows_behaviours(seeded, page):
    page.goto(COMPASSIONATE)
    page.emulate_media(media="print")

    def display(selector):
        return page.locator(selector).first.evaluate("element => getComputedStyle(element).display")

    for selector in [".nhsuk-header__navigation", ".nhsuk-header__search", ".nhsuk-footer"]:
        assert display(selector) == "none", f"{selector} is shown in print"
    expect(page.locator(".nhsuk-header__navigation")).to_be_hidden()
    expect(page.locator(".nhsuk-header__search")).to_be_hidden()
    expect(page.locator(".nhsuk-footer")).to_be_hidden()

    behaviours = page.locator(".portal-behaviours li")
    expect(behaviours.first).to_be_visible()
    expect(behaviours).to_have_count(8)
    for index in range(8):
        expect(behaviours.nth(index)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compassionate")
