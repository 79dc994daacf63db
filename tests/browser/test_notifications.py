"""A colleague's notifications in the browser: the header's unread count leads to the list,
and the list and the email choices pass axe, at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from notifications import services
from notifications.models import Kind
from tests.factories import UserFactory

from .axe import assert_no_axe_violations
from .improvement_world import log_in_with_cookie

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_the_header_count_leads_to_the_list_and_the_email_choices(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    nurse = UserFactory(username="nurse", first_name="Nia", last_name="Nurse")
    services.notify([nurse], kind=Kind.CARD, title="Sam Sender sent you a thank-you card", url="/")
    log_in_with_cookie(page, live_server, nurse)

    page.goto(live_server.url + "/search/")
    page.get_by_role("link", name="Notifications (1 unread)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("link", name="Sam Sender sent you a thank-you card")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    page.get_by_role("link", name="Choose which notifications come by email").click()
    page.get_by_label("A thank-you card for me").uncheck()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save email choices").click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
