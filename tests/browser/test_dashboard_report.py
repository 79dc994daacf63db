"""The improvement dashboard read as an NHS report, in a real browser: a contents list that
jumps to each section, tables as wide as their content needs, filters that change every
section (the thank-you cards too), the headline figures before the filters on a phone, and a
printed copy without the site's navigation, the filters or the buttons. Axe passes at 1280
and 375 px and in print."""

import re

import pytest
from playwright.sync_api import expect

from goals.models import Site
from people.models import StaffProfile
from tests.factories import ThankYouCardFactory, UserFactory
from values.models import Behaviour

from .axe import assert_no_axe_violations
from .improvement_world import build_world, log_in_with_cookie

pytestmark = pytest.mark.browser

SECTIONS = [
    "Ideas per month",
    "By site",
    "By strategic objective",
    "What the projects' measures show",
    "Patients and health inequalities",
    "QSIR training",
    "Thank-you cards",
]


@pytest.fixture
def world(seeded, live_server):
    """The small programme, and a thank-you card for each of the trust's behaviours: one to
    a colleague at Basildon, the others to a colleague at Southend."""
    world = build_world()
    world.basildon = Site.objects.get(slug="basildon")
    at_basildon, at_southend = UserFactory(), UserFactory()
    StaffProfile.objects.create(user=at_basildon, site=world.basildon)
    StaffProfile.objects.create(user=at_southend, site=Site.objects.get(slug="southend"))
    behaviours = list(
        Behaviour.objects.filter(value__organisation__slug="mseft").select_related("value")
    )
    for number, behaviour in enumerate(behaviours):
        ThankYouCardFactory(
            recipient=at_basildon if number == 0 else at_southend,
            value=behaviour.value,
            behaviour=behaviour,
        )
    world.cards = len(behaviours)
    return world


def figure(page, name):
    return page.locator(f"[data-figure={name}]")


def contents_links(page):
    return page.get_by_role("navigation", name="On this page").get_by_role("link")


def section(page, name):
    return page.get_by_role("region", name=name, exact=True)


def table_by_behaviour(page):
    return page.get_by_role("table", name=re.compile(r"^Thank-you cards by behaviour"))


def test_the_contents_list_jumps_to_each_section_and_tables_fit_their_content(
    world, page, live_server
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_with_cookie(page, live_server, world.staff)
    page.goto("/improvement/")
    expect(contents_links(page)).to_have_text(SECTIONS)

    for name in SECTIONS:
        page.goto("/improvement/")
        contents_links(page).get_by_text(name, exact=True).click()
        heading = section(page, name).get_by_role("heading", level=2)
        expect(heading).to_have_text(name)
        expect(heading).to_be_in_viewport()

    # The behaviour table (a row a behaviour, a column a month) takes the report's width,
    # not a column beside it, and nothing in it is cut off or scrolls.
    table = table_by_behaviour(page)
    expect(table.locator("tbody tr")).to_have_count(world.cards)
    report_width = page.locator(".portal-report").evaluate("node => node.clientWidth")
    table_width = table.evaluate("node => node.getBoundingClientRect().width")
    assert table_width >= report_width * 0.9, f"{table_width}px of {report_width}px"
    for fitted in page.locator("main table").filter(visible=True).all():
        caption = fitted.locator("caption").text_content()
        # nhsuk-frontend draws a responsive table 4px wider than its place on purpose
        # (width: calc(100% + 4px)); more than that would be cut off or scroll.
        overhang = fitted.evaluate("node => node.scrollWidth - node.parentElement.clientWidth")
        assert overhang <= 4, f"{caption!r} is {overhang}px wider than its place"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_no_axe_violations(page)


def test_a_site_filter_changes_every_section_the_cards_included(world, page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_with_cookie(page, live_server, world.staff)
    page.goto("/improvement/")
    expect(figure(page, "ideas-received")).to_have_text("4")
    expect(figure(page, "thank-you-cards")).to_have_text(str(world.cards))

    page.get_by_text("Filter the figures").click()
    page.get_by_label("Site", exact=True).select_option(str(world.basildon.pk))
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("[data-filters-applied]")).to_have_text(
        f"Filtered to: {world.basildon.name}."
    )
    # Two of the four ideas, and one of the cards, are at Basildon.
    expect(figure(page, "ideas-received")).to_have_text("2")
    expect(figure(page, "thank-you-cards")).to_have_text("1")
    expect(table_by_behaviour(page).locator("tbody tr")).to_have_count(1)
    by_site = page.get_by_role("table", name=re.compile(r"^Thank-you cards by site"))
    expect(by_site.locator("tbody tr")).to_have_count(1)
    expect(by_site.get_by_role("rowheader")).to_have_accessible_name(world.basildon.short_name)
    assert_no_axe_violations(page)


def test_on_a_phone_the_headline_figures_come_before_the_folded_filters(
    world, phone_page, live_server
):
    page = phone_page
    log_in_with_cookie(page, live_server, world.staff)
    page.goto("/improvement/")

    figures = page.get_by_role("region", name="Headline figures")
    filters = page.locator("details").filter(has_text="Filter the figures")
    # The figures are on the first screen, the filters folded after them.
    expect(figures).to_be_in_viewport()
    expect(figure(page, "ideas-received")).to_be_in_viewport()
    expect(page.get_by_label("Site", exact=True)).to_be_hidden()
    figures_box, filters_box = figures.bounding_box(), filters.bounding_box()
    assert figures_box["y"] + figures_box["height"] <= filters_box["y"]
    assert figure(page, "ideas-received").bounding_box()["y"] < 812
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page)

    filters.get_by_text("Filter the figures").click()
    page.get_by_label("Site", exact=True).select_option(str(world.basildon.pk))
    page.get_by_role("button", name="Apply filters").click()
    expect(figure(page, "thank-you-cards")).to_have_text("1")
    # Applied, the filters stay open, still after the figures.
    expect(page.get_by_label("Site", exact=True)).to_be_visible()
    assert figures.bounding_box()["y"] < filters.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page)


def test_the_dashboard_prints_as_a_report(world, page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_with_cookie(page, live_server, world.staff)
    page.goto(f"/improvement/?site={world.basildon.pk}")
    page.emulate_media(media="print")

    # No site navigation, sub-navigation, contents list, filters or buttons on paper.
    for hidden in [
        page.locator(".nhsuk-header__search"),
        page.get_by_role("navigation", name="Account"),
        page.get_by_role("navigation", name="Improvement"),
        page.locator(".nhsuk-breadcrumb"),
        page.get_by_role("navigation", name="On this page"),
        page.locator("details").filter(has_text="Filter the figures"),
        page.get_by_role("button"),
        page.get_by_role("link", name="Send a thank-you card"),
        page.get_by_text("Show the data as a table").first,
        page.locator(".nhsuk-footer"),
    ]:
        expect(hidden).to_be_hidden()
    # Every section is there, and which filters were applied is said without the form.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(section(page, "Headline figures")).to_be_visible()
    expect(page.locator("[data-filters-applied]")).to_have_text(
        f"Filtered to: {world.basildon.name}."
    )
    for name in SECTIONS:
        expect(section(page, name)).to_be_visible()
        assert section(page, name).evaluate("node => getComputedStyle(node).breakInside") == (
            "avoid"
        )
    # The charts take the page's width: their section's.
    for chart in page.locator(".portal-report svg.portal-chart__svg").all():
        width = chart.evaluate("node => node.getBoundingClientRect().width")
        full = chart.evaluate("node => node.closest('section').clientWidth")
        assert width == pytest.approx(full, abs=1), f"a chart {width}px wide of {full}px"
    assert_no_axe_violations(page)

    # It prints on A4 (595 by 842 points), over more than one page.
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(sizes) > 1
    assert {(round(float(width)), round(float(height))) for width, height in sizes} == {(595, 842)}
