"""Every public page loads, wears the NHS.UK header and footer, and passes axe (WCAG 2.2 AA)."""

import pytest

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/strategies/",
    "/strategies/mseft/",
    "/strategies/mse-ics/",
    "/strategies/esmsk/",
    "/strategies/mse-partnership/",
    "/strategies/mseft/objectives/2023-24/",
    "/strategies/mseft/objectives/2023-24/1/",
    "/values/",
    "/values/mseft/excellent/",
    "/values/mseft/compassionate/",
    "/values/mseft/respectful/",
    "/values/esmsk/connection-and-kindness/",
    "/search/?q=listen",
]
PHONE_PAGES = ["/", "/values/", "/values/mseft/compassionate/"]


def open_page(page, path):
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"
    page.wait_for_load_state("load")
    return response


def assert_nhs_header_and_footer(page):
    header = page.get_by_role("banner")
    assert header.count() == 1
    assert header.is_visible()
    assert "nhsuk-header" in (header.get_attribute("class") or "")
    assert header.get_by_role("link", name="NHS Strategy Portal homepage").is_visible()
    footer = page.get_by_role("contentinfo")
    assert footer.count() == 1
    assert footer.is_visible()
    assert "nhsuk-footer" in (footer.get_attribute("class") or "")
    # The NHS.UK stylesheet is applied, not just present in the markup.
    background = header.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background == "rgb(0, 94, 184)", f"header background is {background}, not NHS blue"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_loads_with_nhs_header_footer_and_no_axe_violations(seeded, page, path):
    open_page(page, path)
    assert_nhs_header_and_footer(page)
    assert page.locator("main#maincontent h1").count() == 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_page_at_phone_width_fits_and_has_no_axe_violations(seeded, phone_page, path):
    page = phone_page
    open_page(page, path)
    assert_nhs_header_and_footer(page)
    # WCAG 1.4.10 reflow: nothing forces sideways scrolling at 375px.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"{path} is {scroll_width}px wide at a 375px viewport"
    assert_no_axe_violations(page)
