"""The summary table of measures in a real browser: axe finds nothing at 1280 px or at a
phone's 375 px, where nothing scrolls sideways; its filters and sorting headings work
without JavaScript; and it prints on A4 landscape as a report, without the site's header,
navigation, filters or pagination."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import SiteFactory, UserFactory
from tests.improvement.factories import ProjectFactory, measure_keeping

from .axe import assert_no_axe_violations
from .conftest import BLOCKED_HOST
from .test_measure_journey import log_in

pytestmark = pytest.mark.browser

# A4 in PDF points (1/72 inch): 210 mm by 297 mm.
A4_SHORT, A4_LONG = 595.28, 841.89
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]")


@pytest.fixture
def staff(transactional_db):
    return UserFactory(username="sam.staff", first_name="Sam", last_name="Staff")


@pytest.fixture
def programme(transactional_db):
    """Measures of every kind of verdict, over two projects at one site."""
    site = SiteFactory(name="Southend University Hospital", short_name="Southend")
    wards = ProjectFactory(title="Fewer falls on the acute wards", site=site)
    clinic = ProjectFactory(title="Shorter waits in outpatients", site=site)
    measure_keeping(
        wards,
        "Falls per 1,000 bed days",
        variation="improvement_low",
        assurance="pass",
        target=6,
        unit="falls",
        values=[9.0, 8.5, 7.0, 5.5, 5.0, 4.5],
    )
    measure_keeping(
        wards,
        "Patients risk-assessed within 6 hours",
        variation="concern_low",
        assurance="fail",
        target=95,
        unit="%",
        values=[91.0, 88.0, 84.0, 80.0],
    )
    measure_keeping(
        clinic,
        "Days from referral to first appointment",
        variation="common_cause",
        assurance="inconsistent",
        target=42,
        unit="days",
        values=[40.0, 47.0, 41.0, 45.0],
    )
    measure_keeping(
        clinic,
        "Clinic letters sent within 7 days",
        variation="common_cause",
        values=[70.0, 72.0, 69.0],
        unit="%",
    )
    measure_keeping(clinic, "Appointments cancelled by the hospital", values=())
    return {"site": site, "wards": wards}


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.route(f"{BLOCKED_HOST}**", lambda route: route.abort())
    yield context.new_page()
    context.close()


def summary_url():
    return reverse("improvement:measure_summary")


def test_the_summary_passes_axe_at_1280_and_375_px(live_server, page, staff, programme):
    log_in(page, live_server, staff)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(summary_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures summary")
    expect(page.locator(".portal-summary-table tbody tr")).to_have_count(5)
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(reverse("improvement:site_measure_summary", args=[programme["site"].pk]))
    # WCAG 1.4.10 reflow: nothing forces sideways scrolling at 375 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Each cell is labelled with its column's heading on a phone.
    first_latest = page.locator(".portal-summary-table tbody tr").first.locator("td").nth(2)
    expect(first_latest).to_contain_text("Latest value")
    assert_no_axe_violations(page)


def test_the_filters_and_headings_work_without_javascript(
    live_server, no_js_page, staff, programme
):
    page = no_js_page
    log_in(page, live_server, staff)
    page.goto(summary_url())

    page.get_by_label("Variation", exact=True).select_option(label="Common cause variation")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator(".portal-summary-table tbody tr")).to_have_count(2)
    assert "variation=common_cause" in page.url
    page.locator(".portal-summary-table thead").get_by_role("link", name="Measure").click()
    expect(page.locator(".portal-summary-table th[aria-sort=ascending]")).to_have_text("Measure")
    names = page.locator(".portal-summary-table tbody tr td:first-child a").all_inner_texts()
    assert names == [
        "Clinic letters sent within 7 days",
        "Days from referral to first appointment",
    ]
    # The filter chosen is kept through the sort.
    assert "variation=common_cause" in page.url

    page.get_by_role("link", name=re.compile(r"^2 measures: Common cause variation, All")).click()
    expect(page.locator(".portal-summary-table tbody tr")).to_have_count(2)


def test_it_prints_on_a4_landscape_without_the_sites_furniture(live_server, page, staff, programme):
    log_in(page, live_server, staff)
    page.goto(summary_url())
    page.emulate_media(media="print")

    for hidden in [".nhsuk-header", ".portal-subnav", ".portal-filters", ".nhsuk-breadcrumb"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".portal-summary-matrix")).to_be_visible()
    expect(page.locator(".portal-summary-table")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Download these measures"))).to_be_hidden()

    pdf = page.pdf(prefer_css_page_size=True)

    boxes = [(float(width), float(height)) for width, height in MEDIA_BOX.findall(pdf)]
    assert boxes, "the PDF has no pages"
    for width, height in boxes:
        assert (round(width), round(height)) == (round(A4_LONG), round(A4_SHORT))


def test_other_pages_still_print_on_a4_portrait(live_server, page, staff, programme):
    log_in(page, live_server, staff)
    page.goto(programme["wards"].get_absolute_url())

    pdf = page.pdf(prefer_css_page_size=True)

    width, height = MEDIA_BOX.findall(pdf)[0]
    assert (round(float(width)), round(float(height))) == (round(A4_SHORT), round(A4_LONG))
