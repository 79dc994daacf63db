"""The `nhsuk` template pack's markup passes axe in Chromium, empty and with every error."""

import pytest
from django.conf import settings

from tests.core.test_form_pack import FEBRUARY_31, VALID, IdeaForm, render_tag, submit

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

NHSUK_CSS = settings.BASE_DIR / "node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css"


@pytest.mark.parametrize(
    "data", [None, {**VALID, "title": "", "priority": "", **FEBRUARY_31}], ids=["empty", "errors"]
)
def test_form_passes_axe_wcag_22_aa(browser, data):
    body = render_tag(submit(data) if data else IdeaForm())
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Form</title></head>'
        f"<body><main><h1>Form</h1>{body}</main></body></html>"
    )
    page.add_style_tag(path=str(NHSUK_CSS))
    try:
        assert_no_axe_violations(page)
    finally:
        context.close()
