"""The improvement hub in a real browser, tried as its users would.

A member of staff submits an idea past a similar one and follows it under "My ideas"; an
improvement lead triages ideas and runs the supported one as a QSIR project; staff are
offered none of the lead's controls and are refused the lead's pages; and every page passes
axe for the role that sees it, the dashboard on a phone too.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.models import Idea, Project

from .axe import assert_no_axe_violations
from .improvement_world import (
    EXISTING_FALLS_IDEA,
    build_world,
    forgive_expected_status,
    improvement_leads_group,
    log_in_with_cookie,
    log_in_with_form,
)

pytestmark = pytest.mark.browser

NEW_IDEA = "Fewer falls at night on Ward 7"


@pytest.fixture
def world(seeded, live_server):
    return build_world()


def heading(page):
    return page.get_by_role("heading", level=1)


def success_banner(page):
    return page.locator(".nhsuk-notification-banner--success")


def status_tag(page):
    return page.locator("main p", has_text="Status:").locator(".nhsuk-tag")


def summary_value(page, key):
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator(".nhsuk-summary-list__key", has_text=re.compile(f"^{key}$"))
    )
    return row.locator(".nhsuk-summary-list__value")


def fill_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def timeline_items(page):
    return page.get_by_role("list", name="Timeline").get_by_role("listitem")


def idea_row(page, title):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))


# 1. A member of staff submits an idea ---------------------------------------------------


@pytest.mark.slow
def test_staff_member_logs_in_submits_an_idea_past_a_similar_one_and_finds_it_in_my_ideas(
    world, page
):
    page.goto("/improvement/ideas/new/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/improvement/ideas/new/$"))
    expect(heading(page)).to_have_text("Log in")
    assert_no_axe_violations(page)

    log_in_with_form(page, "staff", password="not the password")
    errors = page.locator(".nhsuk-error-summary")
    expect(errors).to_contain_text("Enter a correct username and password")
    assert_no_axe_violations(page)

    log_in_with_form(page, "staff")
    expect(page).to_have_url(re.compile(r"/improvement/ideas/new/$"))
    expect(heading(page)).to_have_text("Submit an improvement idea")
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Sam Staff")

    page.get_by_label("Give your idea a short title").fill(NEW_IDEA)
    page.get_by_label("What is the problem?").fill(
        "Patients fall at night on the way to the toilet when the bay is dark."
    )
    page.get_by_label("What change do you propose?").fill(
        "Motion-sensor night lights in every bay and toilet."
    )
    page.get_by_label("Southend").check()
    page.get_by_label("Which ward or department?").fill("Ward 7")
    page.get_by_label("2023-24 objective 1:").check()
    page.get_by_label("2023-24 objective 4:").check()
    page.get_by_role("group", name="Will patients or carers be involved").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Expected to reduce health inequalities").check()
    page.get_by_label("Tell us more about the effect on health inequalities").fill(
        "Older patients with poor eyesight fall most."
    )
    page.get_by_role("button", name="Submit idea").click()

    # The similar idea is shown before anything is saved, with the answers kept.
    similar = page.locator("#similar-ideas")
    expect(similar).to_contain_text("Similar ideas already submitted")
    expect(similar.get_by_role("link", name=EXISTING_FALLS_IDEA)).to_be_visible()
    expect(similar).to_contain_text(world.falls_idea.reference)
    assert not Idea.objects.filter(title=NEW_IDEA).exists()
    expect(page.get_by_label("Give your idea a short title")).to_have_value(NEW_IDEA)
    expect(page.get_by_label("Southend")).to_be_checked()
    expect(page.get_by_label("2023-24 objective 4:")).to_be_checked()
    expect(page.get_by_label("2023-24 objective 2:")).not_to_be_checked()
    expect(page.get_by_label("Expected to reduce health inequalities")).to_be_checked()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="My idea is different: submit it").click()
    # The click returns before the server has saved: wait for the page it leads to.
    expect(page).to_have_url(re.compile(r"/improvement/ideas/\d+/$"))

    idea = Idea.objects.get(title=NEW_IDEA)
    expect(page).to_have_url(re.compile(rf"/improvement/ideas/{idea.pk}/$"))
    expect(success_banner(page)).to_contain_text(
        f"Your idea has been submitted as {idea.reference}."
    )
    expect(heading(page)).to_have_text(NEW_IDEA)
    expect(status_tag(page)).to_have_text("Submitted")
    expect(summary_value(page, "Site")).to_have_text("Southend University Hospital")
    expect(summary_value(page, "Ward or department")).to_have_text("Ward 7")
    expect(summary_value(page, "Strategic objectives").get_by_role("listitem")).to_have_text(
        [re.compile(r"^2023-24 objective 1: "), re.compile(r"^2023-24 objective 4: ")]
    )
    expect(summary_value(page, "Patients or carers involved")).to_have_text("Yes")
    expect(summary_value(page, "Effect on health inequalities")).to_have_text(
        "Expected to reduce health inequalities"
    )
    expect(summary_value(page, "Submitted by")).to_have_text("Sam Staff")
    expect(timeline_items(page)).to_have_count(1)
    expect(timeline_items(page).first).to_contain_text("Submitted")
    expect(timeline_items(page).first).to_contain_text("by Sam Staff")

    page.goto("/improvement/")
    page.get_by_role("navigation", name="Improvement").get_by_role("link", name="My ideas").click()
    expect(heading(page)).to_have_text("My ideas")
    expect(idea_row(page, NEW_IDEA).locator(".nhsuk-tag")).to_have_text("Submitted")
    expect(idea_row(page, NEW_IDEA)).to_contain_text(idea.reference)
    # The staff member's earlier ideas are there with where they have got to; other
    # people's ideas are not.
    expect(idea_row(page, "Quicker discharge letters").locator(".nhsuk-tag")).to_have_text(
        "Under review"
    )
    expect(idea_row(page, "Paint the car park").locator(".nhsuk-tag")).to_have_text("Declined")
    expect(idea_row(page, EXISTING_FALLS_IDEA)).to_have_count(0)


# 2. Missing answers --------------------------------------------------------------------


def test_idea_form_with_missing_answers_shows_error_summary_and_keeps_what_was_typed(
    world, page, live_server
):
    ideas_before = Idea.objects.count()
    log_in_with_cookie(page, live_server, world.staff)
    page.goto("/improvement/ideas/new/")
    page.get_by_label("Give your idea a short title").fill("Hand gel at every bay")
    page.get_by_label("Broomfield").check()
    page.get_by_label("Which ward or department?").fill("Ward 3")
    page.get_by_role("button", name="Submit idea").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Describe the problem",
            "Describe the change you propose",
            "Select at least one strategic objective",
            "Select yes if patients or carers will be involved",
            "Select the effect you expect on health inequalities",
        ]
    )
    expect(page).to_have_title(re.compile(r"^Error: Submit an improvement idea"))
    expect(page.locator(".nhsuk-error-message")).to_have_count(5)
    expect(page.get_by_label("Give your idea a short title")).to_have_value("Hand gel at every bay")
    expect(page.get_by_label("Which ward or department?")).to_have_value("Ward 3")
    expect(page.get_by_label("Broomfield")).to_be_checked()

    # Each message leads to the answer to fix.
    summary.get_by_role("link", name="Describe the problem").click()
    expect(page.get_by_label("What is the problem?")).to_be_focused()
    summary.get_by_role("link", name="Select at least one strategic objective").click()
    expect(page.get_by_label("2023-24 objective 1:")).to_be_focused()

    assert Idea.objects.count() == ideas_before
    assert_no_axe_violations(page)


# 3. An improvement lead triages ideas and runs a project --------------------------------


@pytest.mark.slow
def test_lead_reviews_and_supports_an_idea_then_runs_its_project(world, page, live_server):
    idea = world.falls_idea
    log_in_with_cookie(page, live_server, world.lead)
    page.goto(idea.get_absolute_url())
    expect(status_tag(page)).to_have_text("Submitted")

    page.get_by_role("link", name="Start review").click()
    expect(heading(page)).to_have_text(f"Start review: {EXISTING_FALLS_IDEA}")
    page.get_by_label("Note (optional)").fill("Checking night staffing on Ward 5 first.")
    page.get_by_role("button", name="Start review").click()
    expect(success_banner(page)).to_contain_text(f"{idea.reference} is now under review.")
    expect(status_tag(page)).to_have_text("Under review")

    page.get_by_role("link", name="Support it and start a project").click()
    page.get_by_label("SMART aim").fill("Halve falls at night on Ward 5 by March 2025.")
    page.get_by_role("combobox", name="Project lead").fill("lena")
    page.locator("#id_lead__listbox").get_by_role("option", name="Lena Lead").click()
    fill_date(page, "Start date", "1", "9", "2024")
    fill_date(page, "Target date", "31", "3", "2025")
    page.get_by_label("Note (optional)").fill("Agreed at the QI panel.")
    page.get_by_role("button", name="Support idea and start project").click()
    expect(page).to_have_url(re.compile(r"/improvement/projects/\d+/$"))

    project = Project.objects.get(idea=idea)
    expect(page).to_have_url(re.compile(rf"/improvement/projects/{project.pk}/$"))
    expect(success_banner(page)).to_contain_text(
        f"{idea.reference} is supported: its project has started."
    )
    expect(heading(page)).to_have_text(EXISTING_FALLS_IDEA)
    expect(summary_value(page, "SMART aim")).to_have_text(
        "Halve falls at night on Ward 5 by March 2025."
    )
    expect(page.get_by_role("heading", name="QSIR phase: Start out")).to_be_visible()

    page.get_by_role("link", name="Change the phase").click()
    page.get_by_label("Measure and understand").check()
    page.get_by_role("button", name="Save phase").click()
    expect(success_banner(page)).to_contain_text("QSIR phase saved.")
    expect(page.get_by_role("heading", name="QSIR phase: Measure and understand")).to_be_visible()
    expect(page.locator(".portal-phases [aria-current=step]")).to_contain_text(
        "Measure and understand"
    )

    page.get_by_role("link", name="Record a progress score").click()
    page.get_by_label("2.0 Activity, but no changes").check()
    page.get_by_label("What has changed? (optional)").fill("Baseline audit of falls done.")
    page.get_by_role("button", name="Record score").click()
    expect(success_banner(page)).to_contain_text("IHI progress score saved.")
    expect(page.locator("main p", has_text="IHI progress score:")).to_contain_text(
        "2.0 Activity, but no changes"
    )
    history = page.get_by_role("table", name=re.compile("IHI progress scores recorded"))
    expect(history.locator("tbody tr").last.locator("td")).to_have_text(
        [
            re.compile(r"\d{4}$"),
            "2.0 Activity, but no changes",
            "Lena Lead",
            "Baseline audit of falls done.",
        ]
    )

    page.get_by_role("link", name="Add a PDSA cycle").click()
    page.get_by_label("Change idea").fill("Night lights in bays 1 to 3")
    page.get_by_label("Plan: what you will do").fill("Fit lights in three bays for a month.")
    page.get_by_label("Prediction: what you expect").fill("Fewer falls in those bays.")
    fill_date(page, "Start date", "7", "10", "2024")
    page.get_by_role("button", name="Save PDSA cycle").click()
    expect(success_banner(page)).to_contain_text("PDSA cycle saved.")
    cycle = page.locator(".nhsuk-card", has_text="Night lights in bays 1 to 3")
    expect(cycle.get_by_role("heading")).to_have_text("Cycle 1: Night lights in bays 1 to 3")
    expect(cycle).to_contain_text("7 October 2024, in progress")

    page.get_by_role("link", name=f"{idea.reference}: {EXISTING_FALLS_IDEA}").click()
    expect(status_tag(page)).to_have_text("Supported")
    expect(page.get_by_role("link", name=EXISTING_FALLS_IDEA, exact=True)).to_have_attribute(
        "href", project.get_absolute_url()
    )
    # Supported ideas are not triaged again.
    expect(page.get_by_role("heading", name="Triage")).to_have_count(0)
    steps = timeline_items(page)
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Submitted")
    expect(steps.nth(0)).to_contain_text("by Olu Other")
    expect(steps.nth(1)).to_contain_text("Under review (was submitted)")
    expect(steps.nth(1)).to_contain_text("by Lena Lead")
    expect(steps.nth(1)).to_contain_text("Checking night staffing on Ward 5 first.")
    expect(steps.nth(2)).to_contain_text("Supported (was under review)")
    expect(steps.nth(2)).to_contain_text("by Lena Lead")
    expect(steps.nth(2)).to_contain_text("Agreed at the QI panel.")


@pytest.mark.slow
def test_lead_declines_an_idea_with_a_reason_that_its_submitter_sees(world, page, live_server):
    idea = world.review_idea
    reason = "Pharmacy already runs this work: join their discharge group."
    log_in_with_cookie(page, live_server, world.lead)
    page.goto(idea.get_absolute_url())
    page.get_by_role("link", name="Decline it, with a reason").click()

    # A reason is needed.
    page.get_by_role("button", name="Decline idea").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the reason the idea is declined"
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_no_axe_violations(page)

    page.get_by_label("Why is the idea declined?").fill(reason)
    page.get_by_role("button", name="Decline idea").click()
    expect(success_banner(page)).to_contain_text(f"{idea.reference} has been declined.")
    expect(status_tag(page)).to_have_text("Declined")

    # The member of staff who submitted it sees why.
    log_in_with_cookie(page, live_server, world.staff)
    page.goto("/improvement/ideas/mine/")
    expect(idea_row(page, idea.title).locator(".nhsuk-tag")).to_have_text("Declined")
    idea_row(page, idea.title).get_by_role("link", name=idea.title).click()
    why = page.locator(".nhsuk-inset-text", has_text="Why this idea was declined")
    expect(why).to_contain_text(reason)
    last_step = timeline_items(page).last
    expect(last_step).to_contain_text("Declined (was under review)")
    expect(last_step).to_contain_text("by Lena Lead")
    expect(last_step).to_contain_text(reason)
    assert_no_axe_violations(page)

    # Someone else reads the idea and its timeline, not the reason.
    log_in_with_cookie(page, live_server, world.other_staff)
    page.goto(idea.get_absolute_url())
    expect(status_tag(page)).to_have_text("Declined")
    expect(page.get_by_text("Why this idea was declined")).to_have_count(0)
    expect(page.get_by_text(reason)).to_have_count(0)


def test_an_idea_from_submission_to_decline_is_told_to_the_lead_then_to_its_submitter(
    world, page, live_server
):
    title = "A vending machine for visitors to Ward 9"
    reason = "The League of Friends runs the shop on the ground floor until late."
    log_in_with_cookie(page, live_server, world.staff)
    page.goto("/improvement/ideas/new/")
    page.get_by_label("Give your idea a short title").fill(title)
    page.get_by_label("What is the problem?").fill("Visitors arriving after six find no food.")
    page.get_by_label("What change do you propose?").fill("A vending machine by the lifts.")
    page.get_by_label("Southend").check()
    page.get_by_label("Which ward or department?").fill("Ward 9")
    page.get_by_label("2023-24 objective 3:").check()
    page.get_by_role("group", name="Will patients or carers be involved").get_by_label("No").check()
    page.get_by_label("Expected to reduce health inequalities").check()
    page.get_by_label("Tell us more about the effect on health inequalities").fill(
        "Carers who work days visit late."
    )
    page.get_by_role("button", name="Submit idea").click()
    # The world's ideas about wards are offered as similar ones first.
    page.get_by_role("button", name="My idea is different: submit it").click()
    expect(page).to_have_url(re.compile(r"/improvement/ideas/\d+/$"))
    idea = Idea.objects.get(title=title)

    # The improvement lead hears of it, and goes from the notification to the idea.
    log_in_with_cookie(page, live_server, world.lead)
    page.goto("/improvement/")
    page.get_by_role("link", name=re.compile(r"^Notifications \(\d+ unread\)$")).click()
    page.get_by_role("link", name=f"A new idea at Southend: {title}").click()
    expect(heading(page)).to_have_text(title)
    page.get_by_role("link", name="Start review").click()
    page.get_by_role("button", name="Start review").click()
    page.get_by_role("link", name="Decline it, with a reason").click()
    page.get_by_label("Why is the idea declined?").fill(reason)
    page.get_by_role("button", name="Decline idea").click()
    expect(status_tag(page)).to_have_text("Declined")

    # Its submitter reads, in their notifications, that it was declined and why.
    log_in_with_cookie(page, live_server, world.staff)
    page.goto("/improvement/")
    page.get_by_role("link", name=re.compile(r"^Notifications \(\d+ unread\)$")).click()
    news = f"{idea.reference} has been declined: {title}"
    declined = page.locator("li", has=page.get_by_role("link", name=news))
    expect(declined).to_contain_text("New")
    expect(declined).to_contain_text(reason)
    assert_no_axe_violations(page)
    page.get_by_role("link", name=news).click()
    expect(page).to_have_url(re.compile(rf"/improvement/ideas/{idea.pk}/$"))


def test_lead_merges_an_idea_into_another_whose_followers_then_follow_it(world, page, live_server):
    idea, into = world.review_idea, world.falls_idea
    log_in_with_cookie(page, live_server, world.lead)
    page.goto(idea.get_absolute_url())
    page.get_by_role("link", name="Merge it into another idea").click()

    page.get_by_role("button", name="Merge idea").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the number of the idea to merge into"
    )
    page.get_by_label("Merge into which idea?").fill(str(into.pk))
    page.get_by_role("button", name="Merge idea").click()

    expect(success_banner(page)).to_contain_text(
        f"{idea.reference} has been merged into {into.reference}."
    )
    expect(status_tag(page)).to_have_text("Merged")
    expect(timeline_items(page).last).to_contain_text(f"Merged into {into.reference}.")
    page.get_by_role("link", name=f"{into.reference}: {into.title}").click()
    merged = page.get_by_role("heading", name="Ideas merged into this one")
    expect(merged).to_be_visible()
    expect(page.get_by_role("link", name=f"{idea.reference}: {idea.title}")).to_be_visible()

    # The member of staff who submitted the merged idea now follows the one it joined.
    log_in_with_cookie(page, live_server, world.staff)
    page.goto("/improvement/ideas/mine/")
    expect(idea_row(page, idea.title).locator(".nhsuk-tag")).to_have_text("Merged")
    expect(idea_row(page, into.title).locator(".nhsuk-tag")).to_have_text("Submitted")


def test_lead_completes_a_project_only_once_its_outcomes_are_given(world, page, live_server):
    project = world.project
    log_in_with_cookie(page, live_server, world.lead)
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Change the status").click()
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Save status").click()

    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the outcomes achieved before completing the project"
    )
    expect(page.get_by_label("Completed")).to_be_checked()
    assert_no_axe_violations(page)

    page.get_by_label("Outcomes achieved").fill("No missed insulin doses for 12 weeks.")
    page.get_by_role("button", name="Save status").click()
    expect(success_banner(page)).to_contain_text("Project status saved.")
    expect(status_tag(page)).to_have_text("Completed")
    outcomes = page.locator(
        ".nhsuk-card", has=page.get_by_role("heading", name="Outcomes achieved")
    )
    expect(outcomes).to_contain_text("No missed insulin doses for 12 weeks.")


# 4. Staff cannot triage ------------------------------------------------------------------

TRIAGE_LINKS = [
    "Support it and start a project",
    "Decline it, with a reason",
    "Merge it into another idea",
]
PROJECT_LINKS = [
    "Edit the charter",
    "Change the phase",
    "Record a progress score",
    "Change the status",
    "Add a PDSA cycle",
    "Change this cycle",
    "Add a measure",
]


def lead_only_posts(world):
    idea, project = world.review_idea, world.project
    cycle = project.pdsa_cycles.get()
    date = {"start_date_day": "1", "start_date_month": "4", "start_date_year": "2024"}
    return {
        f"/improvement/ideas/{world.falls_idea.pk}/review/": {"reason": ""},
        f"/improvement/ideas/{idea.pk}/decline/": {"reason": "No."},
        f"/improvement/ideas/{idea.pk}/merge/": {"into": str(world.falls_idea.pk)},
        f"/improvement/ideas/{idea.pk}/support/": {
            "aim": "An aim.",
            "lead": str(world.staff.pk),
            **date,
            "target_date_day": "1",
            "target_date_month": "4",
            "target_date_year": "2025",
        },
        f"/improvement/projects/{project.pk}/charter/": {"title": "Taken over"},
        f"/improvement/projects/{project.pk}/progress/": {"score": "5.0"},
        f"/improvement/projects/{project.pk}/phase/": {"phase": "sustain_and_share"},
        f"/improvement/projects/{project.pk}/status/": {"status": "stopped"},
        f"/improvement/projects/{project.pk}/pdsa/new/": {
            "change_idea": "Sneaky",
            "plan": "p",
            "prediction": "p",
            **date,
        },
        f"/improvement/projects/{project.pk}/pdsa/{cycle.pk}/": {
            "change_idea": "Sneaky",
            "plan": "p",
            "prediction": "p",
            **date,
        },
    }


def lead_controls(world):
    """Pages staff may read, with the links on them that only leads are given."""
    return {
        world.falls_idea.get_absolute_url(): ["Start review"],
        world.review_idea.get_absolute_url(): TRIAGE_LINKS,
        world.project.get_absolute_url(): PROJECT_LINKS,
    }


def control(page, name):
    # "Change this cycle" ends with the cycle's name, for screen readers.
    return page.get_by_role("link", name=re.compile(f"^{re.escape(name)}"))


@pytest.mark.slow
def test_staff_member_is_offered_no_triage_and_is_refused_lead_pages_with_403(
    world, page, live_server, request
):
    idea, project = world.review_idea, world.project
    # The lead is given the controls...
    log_in_with_cookie(page, live_server, world.lead)
    for path, names in lead_controls(world).items():
        page.goto(path)
        for name in names:
            expect(control(page, name)).to_be_visible()

    # ...that a member of staff, even the idea's submitter, is not.
    log_in_with_cookie(page, live_server, world.staff)
    for path, names in lead_controls(world).items():
        page.goto(path)
        expect(heading(page)).to_be_visible()
        expect(page.get_by_role("heading", name="Triage")).to_have_count(0)
        for name in names:
            expect(control(page, name)).to_have_count(0)

    # Typing a lead's address shows a 403 page, not an error.
    url = f"/improvement/ideas/{idea.pk}/review/"
    response = page.goto(url)
    forgive_expected_status(request, live_server.url + url, 403)
    assert response.status == 403
    expect(heading(page)).to_have_text("You do not have permission to see this page")
    expect(page.get_by_role("banner")).to_be_visible()
    expect(page).to_have_title(re.compile("^You do not have permission to see this page"))
    assert_no_axe_violations(page)

    # Nor can the lead's forms be sent by hand.
    page.goto("/improvement/ideas/new/")
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for url, data in lead_only_posts(world).items():
        response = page.request.get(url, max_redirects=0)
        assert response.status == 403, f"GET {url} answered {response.status}"
        response = page.request.post(
            url,
            form={"csrfmiddlewaretoken": csrf, **data},
            headers={"X-CSRFToken": csrf},
            max_redirects=0,
        )
        assert response.status == 403, f"POST {url} answered {response.status}"
        assert "CSRF" not in response.text(), f"POST {url} failed Django's CSRF check"

    statuses = dict(Idea.objects.values_list("pk", "status"))
    assert statuses[idea.pk] == Idea.Status.UNDER_REVIEW
    assert statuses[world.falls_idea.pk] == Idea.Status.SUBMITTED
    project.refresh_from_db()
    assert (project.title, project.phase, project.status, project.progress_score) == (
        "Safer insulin prescribing",
        Project.Phase.START_OUT,
        Project.Status.IN_PROGRESS,
        "0.5",
    )
    assert project.pdsa_cycles.count() == 1


# 5. Every page passes axe for the role that sees it --------------------------------------

STAFF_PAGES = {
    "dashboard": lambda world: "/improvement/",
    "dashboard, filtered": lambda world: (
        f"/improvement/?site={world.falls_idea.site_id}&idea_status=submitted"
        "&project_status=in_progress&date_from_day=1&date_from_month=4&date_from_year=2024"
        "&date_to_day=31&date_to_month=3&date_to_year=2030"
    ),
    "idea list": lambda world: "/improvement/ideas/",
    "idea list, searched and filtered": lambda world: (
        "/improvement/ideas/?q=falls&status=submitted&sort=title"
    ),
    "my ideas": lambda world: "/improvement/ideas/mine/",
    "idea form": lambda world: "/improvement/ideas/new/",
    "idea, submitter's view of a declined idea": lambda world: (
        world.declined_idea.get_absolute_url()
    ),
    "idea, staff view": lambda world: world.falls_idea.get_absolute_url(),
    "supported idea": lambda world: world.project.idea.get_absolute_url(),
    "project list": lambda world: "/improvement/projects/",
    "project list, filtered": lambda world: "/improvement/projects/?phase=start_out&sort=-score",
    "project, staff view": lambda world: world.project.get_absolute_url(),
}
LEAD_PAGES = {
    "dashboard": lambda world: "/improvement/",
    "idea, lead view of a submitted idea": lambda world: world.falls_idea.get_absolute_url(),
    "idea, lead view of an idea under review": lambda world: world.review_idea.get_absolute_url(),
    "review form": lambda world: f"/improvement/ideas/{world.falls_idea.pk}/review/",
    "decline form": lambda world: f"/improvement/ideas/{world.review_idea.pk}/decline/",
    "merge form": lambda world: f"/improvement/ideas/{world.review_idea.pk}/merge/",
    "support form": lambda world: f"/improvement/ideas/{world.review_idea.pk}/support/",
    "project list": lambda world: "/improvement/projects/",
    "project, lead view": lambda world: world.project.get_absolute_url(),
    "charter form": lambda world: f"/improvement/projects/{world.project.pk}/charter/",
    "progress score form": lambda world: f"/improvement/projects/{world.project.pk}/progress/",
    "phase form": lambda world: f"/improvement/projects/{world.project.pk}/phase/",
    "status form": lambda world: f"/improvement/projects/{world.project.pk}/status/",
    "new PDSA cycle form": lambda world: f"/improvement/projects/{world.project.pk}/pdsa/new/",
    "PDSA cycle form": lambda world: (
        f"/improvement/projects/{world.project.pk}/pdsa/{world.project.pdsa_cycles.get().pk}/"
    ),
}
PAGES = [("staff", name) for name in STAFF_PAGES] + [("lead", name) for name in LEAD_PAGES]


@pytest.mark.parametrize(("role", "name"), PAGES, ids=[f"{r}: {n}" for r, n in PAGES])
def test_improvement_page_passes_axe_for_the_role_that_sees_it(
    world, page, live_server, role, name
):
    path = (STAFF_PAGES if role == "staff" else LEAD_PAGES)[name](world)
    log_in_with_cookie(page, live_server, world.staff if role == "staff" else world.lead)
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)
    assert_no_axe_violations(page)


def test_dashboard_with_a_mistyped_date_shows_the_error_summary_and_passes_axe(
    world, page, live_server
):
    log_in_with_cookie(page, live_server, world.staff)
    page.goto(f"/improvement/?site={world.declined_idea.site_id}")
    expect(page.locator("[data-figure=ideas-received]")).to_have_text("1")

    date_from = page.get_by_role("group", name="From")
    for part, typed in (("Day", "31"), ("Month", "02"), ("Year", "2024")):
        date_from.get_by_label(part).fill(typed)
    page.get_by_role("button", name="Apply filters").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(1)
    summary.get_by_role("link").click()
    expect(date_from.get_by_label("Day")).to_be_focused()
    expect(date_from.get_by_label("Day")).to_have_value("31")
    expect(date_from.get_by_label("Month")).to_have_value("02")
    # The valid filter stays applied.
    expect(page.get_by_label("Site", exact=True)).to_have_value(str(world.declined_idea.site_id))
    expect(page.locator("[data-figure=ideas-received]")).to_have_text("1")
    assert_no_axe_violations(page)


# 6. The dashboard on a phone -------------------------------------------------------------


@pytest.mark.slow
def test_dashboard_on_a_phone_fits_the_screen_and_its_chart_has_a_table(
    seeded, live_server, phone_page
):
    page = phone_page
    improvement_leads_group()  # the demo puts its leads in it
    call_command("seed", "--demo", stdout=io.StringIO())
    world = build_world()
    log_in_with_cookie(page, live_server, world.staff)
    page.goto("/improvement/")
    expect(page.locator("[data-figure=ideas-received]")).to_have_text(str(469 + 4))

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"the dashboard is {scroll_width}px wide at a 375px viewport"

    chart = page.locator("figure.portal-chart").filter(has=page.locator("#ideas-per-month-title"))
    expect(chart.get_by_role("img")).to_have_accessible_name(
        re.compile(r"^Ideas received per month: .+ The data is in the table below\.$")
    )
    bars = chart.locator("rect.portal-chart__bar").count()
    assert bars > 12
    chart.get_by_text("Show the data as a table").click()
    table = chart.get_by_role("table", name="Ideas received per month")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(bars)
    expect(table.locator("tbody tr").first.locator("td")).to_have_text(
        [re.compile(r"^[A-Z][a-z]+ \d{4}$"), re.compile(r"^\d+$")]
    )
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"with its table open the dashboard is {scroll_width}px wide"
    assert_no_axe_violations(page)
