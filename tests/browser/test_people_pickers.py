"""Choosing people and a QSIR cohort by typing, in a real browser at 1280 px and 375 px, with
axe on the page: a lead types part of a name into the charter's pickers, chooses the right one
of two namesakes by their job title, adds a team member and removes another, and saves;
chooses the cohort the project runs during from those of the site just chosen; and is offered
that site's programme wards."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from improvement.models import Project
from people.models import StaffProfile
from tests.factories import ObjectiveFactory, SiteFactory, UserFactory
from tests.improvement.factories import ProjectFactory
from tests.training.factories import CohortFactory, CourseFactory, WardFactory
from training.models import Cohort

from .axe import assert_no_axe_violations
from .improvement_world import improvement_leads_group, log_in_with_cookie

pytestmark = pytest.mark.browser


def person(first, last, job_title, department, site):
    user = UserFactory(first_name=first, last_name=last)
    StaffProfile.objects.create(user=user, job_title=job_title, department=department, site=site)
    return user


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 375])
def test_a_lead_picks_people_by_typing_their_name(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    site = SiteFactory(short_name="Basildon")
    lead = UserFactory(username="lead", first_name="Lena", last_name="Lead")
    lead.groups.add(improvement_leads_group())
    nurse = person("Alex", "Morris", "Staff nurse", "Cardiology", site)
    porter = person("Alex", "Morris", "Porter", "Estates", site)
    priya = person("Priya", "Shah", "Matron", "Elderly care", site)
    leaving = person("Ben", "Adams", "Physiotherapist", "Critical care", site)
    project = ProjectFactory(lead=lead, site=site, objectives=[ObjectiveFactory()])
    project.team.set([leaving])
    log_in_with_cookie(page, live_server, lead)

    page.goto(f"/improvement/projects/{project.pk}/charter/")
    sponsor = page.get_by_role("combobox", name="Sponsor")
    sponsor.fill("alex mor")
    # The type-ahead keeps the field's hint as the box's description while the user types.
    assert "id_sponsor-hint" in sponsor.get_attribute("aria-describedby").split()
    options = page.locator("#id_sponsor__listbox").get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Cardiology")
    assert_no_axe_violations(page)
    options.filter(has_text="Porter").click()
    expect(sponsor).to_have_value("Alex Morris")
    expect(page.locator("#id_sponsor-details")).to_have_text("Porter, Estates, Basildon")

    team = page.get_by_role("combobox", name="Add a team member")
    team.fill("matr")
    page.locator("#id_team__listbox").get_by_role("option", name="Priya Shah").click()
    chosen = page.get_by_role("list", name="People chosen")
    expect(chosen).to_contain_text("Priya Shah")
    expect(team).to_have_value("")
    chosen.get_by_role("button", name="Remove Ben Adams").click()
    expect(chosen).not_to_contain_text("Ben Adams")
    assert_no_axe_violations(page)
    if width == 375:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 375, f"the charter is {scroll_width}px wide at 375px"

    page.get_by_role("button", name="Save charter").click()

    expect(page.get_by_text("Project charter saved.")).to_be_visible()
    project = Project.objects.get(pk=project.pk)
    assert project.sponsor == porter != nurse
    assert list(project.team.all()) == [priya]


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 375])
def test_a_lead_picks_a_qsir_cohort_by_typing(page, live_server, width):
    """The cohort picker is the same picker over the charter's cohort search: it suggests the
    cohorts of the site chosen on the form (not the one saved), each with its site and dates."""
    page.set_viewport_size({"width": width, "height": 900})
    basildon = SiteFactory(short_name="Basildon")
    southend = SiteFactory(short_name="Southend")
    lead = UserFactory(username="lead", first_name="Lena", last_name="Lead")
    lead.groups.add(improvement_leads_group())
    project = ProjectFactory(
        lead=lead,
        site=basildon,
        start_date=datetime.date(2025, 6, 2),
        target_date=datetime.date(2026, 6, 1),
        objectives=[ObjectiveFactory()],
    )
    course = CourseFactory(name="QSIR Practitioner")
    for site in (basildon, southend):
        for day in (5, 19):
            CohortFactory(
                course=course,
                name=f"May 2025 ({day})",
                site=site,
                starts_on=datetime.date(2025, 5, day),
            )
    chosen = Cohort.objects.get(site=southend, starts_on__day=19)
    log_in_with_cookie(page, live_server, lead)

    page.goto(f"/improvement/projects/{project.pk}/charter/")
    page.get_by_role("radio", name=re.compile("Southend")).check()
    cohort = page.get_by_role("combobox", name="QSIR cohort it runs during (optional)")
    cohort.fill("may 2025")
    options = page.locator("#id_cohort__listbox").get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("QSIR Practitioner: May 2025 (19)")
    expect(options.nth(0)).to_contain_text("Southend, 19 May 2025")
    assert_no_axe_violations(page)
    options.nth(0).click()
    expect(cohort).to_have_value("QSIR Practitioner: May 2025 (19)")
    expect(page.locator("#id_cohort-details")).to_contain_text("Southend, 19 May 2025 to")
    assert_no_axe_violations(page)
    if width == 375:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 375, f"the charter is {scroll_width}px wide at 375px"

    page.get_by_role("button", name="Save charter").click()

    expect(page.get_by_text("Project charter saved.")).to_be_visible()
    project = Project.objects.get(pk=project.pk)
    assert (project.site, project.cohort) == (southend, chosen)


@pytest.mark.slow
def test_the_wards_offered_follow_the_site_chosen(page, live_server):
    """Choosing another site puts that site's programme wards in the ward select at once
    (static/js/following_select.js), without sending the form."""
    page.set_viewport_size({"width": 1280, "height": 900})
    basildon = SiteFactory(short_name="Basildon")
    southend = SiteFactory(short_name="Southend")
    WardFactory(site=basildon, name="Ward 1")
    ward = WardFactory(site=southend, name="Ward 2")
    lead = UserFactory(username="lead", first_name="Lena", last_name="Lead")
    lead.groups.add(improvement_leads_group())
    project = ProjectFactory(lead=lead, site=basildon, objectives=[ObjectiveFactory()])
    log_in_with_cookie(page, live_server, lead)

    page.goto(f"/improvement/projects/{project.pk}/charter/")
    wards = page.get_by_label("Ward in the ward programme")
    expect(wards.locator("option")).to_have_text(["Not in the ward programme", "Ward 1, Basildon"])
    page.get_by_role("radio", name=re.compile("Southend")).check()

    expect(wards.locator("option")).to_have_text(["Not in the ward programme", "Ward 2, Southend"])
    assert_no_axe_violations(page)
    wards.select_option(label="Ward 2, Southend")
    page.get_by_role("button", name="Save charter").click()

    expect(page.get_by_text("Project charter saved.")).to_be_visible()
    project = Project.objects.get(pk=project.pk)
    assert (project.site, project.programme_ward) == (southend, ward)
