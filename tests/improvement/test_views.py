"""Every improvement page for each role: anonymous, member of staff, editor and lead.

Members of staff (and strategy editors, who are staff in the admin but not leads) read
everything and submit and follow ideas; only improvement leads triage ideas and change
projects, whichever URL the request uses.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.prepared import readable
from improvement import list_pages
from improvement import urls as improvement_urls
from improvement.filters import IdeaFilter, ProjectFilter
from improvement.models import (
    Idea,
    IdeaStatusChange,
    Measure,
    PDSACycle,
    ProgressScoreChange,
    Project,
)
from improvement.tallies import IDEA_TALLIES, PROJECT_TALLIES
from tests.dates import date_query
from tests.factories import SiteFactory, UserFactory
from tests.html import login_url, main, parse, summary_value, table, text
from tests.improvement.factories import (
    IdeaFactory,
    IdeaStatusChangeFactory,
    PDSACycleFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def world(lead_user, staff_user, site, objective):
    submitted = IdeaFactory(
        title="Quieter wards at night", submitted_by=staff_user, site=site, objectives=[objective]
    )
    reviewing = IdeaFactory(
        title="Fewer falls at night",
        submitted_by=staff_user,
        site=site,
        objectives=[objective],
        status=Idea.Status.UNDER_REVIEW,
    )
    IdeaStatusChangeFactory(idea=reviewing, changed_by=lead_user)
    target = IdeaFactory(title="Falls prevention programme", site=site)
    project = ProjectFactory(
        title="Better handovers", lead=lead_user, site=site, objectives=[objective]
    )
    cycle = PDSACycleFactory(
        project=project, change_idea="SBAR handover sheet", start_date=datetime.date(2024, 5, 1)
    )
    return SimpleNamespace(
        submitted=submitted,
        reviewing=reviewing,
        target=target,
        project=project,
        cycle=cycle,
        site=site,
        objective=objective,
        lead=lead_user,
        staff=staff_user,
    )


def state():
    """Everything triage and project changes could alter, to compare before and after."""
    return {
        "ideas": list(Idea.objects.order_by("pk").values()),
        "history": list(IdeaStatusChange.objects.order_by("pk").values()),
        "projects": list(Project.objects.order_by("pk").values()),
        "teams": list(Project.team.through.objects.order_by("pk").values()),
        "project objectives": list(Project.objectives.through.objects.order_by("pk").values()),
        "measures": list(Measure.objects.order_by("pk").values()),
        "cycles": list(PDSACycle.objects.order_by("pk").values()),
        "scores": list(ProgressScoreChange.objects.order_by("pk").values()),
    }


# What each lead-only URL is given, and what a lead then sees.
LEAD_ONLY = {
    "idea_review": SimpleNamespace(
        url=lambda w: reverse("improvement:idea_review", args=[w.submitted.pk]),
        data=lambda w: {"reason": "Worth a look."},
    ),
    "idea_decline": SimpleNamespace(
        url=lambda w: reverse("improvement:idea_decline", args=[w.reviewing.pk]),
        data=lambda w: {"reason": "Covered by the trust's falls programme."},
    ),
    "idea_merge": SimpleNamespace(
        url=lambda w: reverse("improvement:idea_merge", args=[w.reviewing.pk]),
        data=lambda w: {"into": w.target.pk, "reason": ""},
    ),
    "idea_support": SimpleNamespace(
        url=lambda w: reverse("improvement:idea_support", args=[w.reviewing.pk]),
        data=lambda w: {
            "aim": "Halve falls at night on Ward 4 by March 2026.",
            "lead": w.lead.pk,
            **date_fields("start_date", datetime.date(2025, 4, 1)),
            **date_fields("target_date", datetime.date(2026, 3, 31)),
            "reason": "",
        },
    ),
    "project_charter": SimpleNamespace(
        url=lambda w: reverse("improvement:project_charter", args=[w.project.pk]),
        data=lambda w: {
            "title": "Safer handovers",
            "problem_statement": "Handovers overrun.",
            "aim": "Handovers in 20 minutes by March.",
            "lead": w.lead.pk,
            "sponsor": "",
            "team": [w.staff.pk],
            "site": w.site.pk,
            "ward": "Ward 9",
            "objectives": [w.objective.pk],
            **date_fields("start_date", datetime.date(2024, 4, 1)),
            **date_fields("target_date", datetime.date(2025, 3, 31)),
            "health_inequalities": "reduces",
            "health_inequalities_notes": "",
            "measures": "outcome: Handover minutes\nbalancing: Missed handovers",
        },
    ),
    "project_progress": SimpleNamespace(
        url=lambda w: reverse("improvement:project_progress", args=[w.project.pk]),
        data=lambda w: {"score": "2.0", "note": "Started testing the sheet."},
    ),
    "project_phase": SimpleNamespace(
        url=lambda w: reverse("improvement:project_phase", args=[w.project.pk]),
        data=lambda w: {"phase": "design_and_plan"},
    ),
    "project_status": SimpleNamespace(
        url=lambda w: reverse("improvement:project_status", args=[w.project.pk]),
        data=lambda w: {"status": "completed", "closing_summary": "Handovers now take 20 min."},
    ),
    "pdsa_create": SimpleNamespace(
        url=lambda w: reverse("improvement:pdsa_create", args=[w.project.pk]),
        data=lambda w: {
            "change_idea": "Red aprons on the medicines round",
            "plan": "Try for two weeks.",
            "prediction": "Fewer interruptions.",
            "do": "",
            "study": "",
            "act": "",
            **date_fields("start_date", datetime.date(2024, 6, 1)),
            "end_date_day": "",
            "end_date_month": "",
            "end_date_year": "",
        },
    ),
    "pdsa_edit": SimpleNamespace(
        url=lambda w: reverse("improvement:pdsa_edit", args=[w.project.pk, w.cycle.pk]),
        data=lambda w: {
            "change_idea": "SBAR handover sheet, version 2",
            "plan": "Use the sheet at every handover.",
            "prediction": "Shorter handovers.",
            "do": "Used on all shifts.",
            "study": "Handovers took 22 minutes.",
            "act": "adopt",
            **date_fields("start_date", datetime.date(2024, 5, 1)),
            **date_fields("end_date", datetime.date(2024, 5, 15)),
        },
    ),
}

READ_PAGES = {
    "dashboard": lambda w: reverse("improvement:dashboard"),
    "ideas": lambda w: reverse("improvement:ideas"),
    "my_ideas": lambda w: reverse("improvement:my_ideas"),
    "idea_create": lambda w: reverse("improvement:idea_create"),
    "ideas_csv": lambda w: reverse("improvement:ideas_csv"),
    "idea": lambda w: reverse("improvement:idea", args=[w.reviewing.pk]),
    "projects": lambda w: reverse("improvement:projects"),
    "projects_csv": lambda w: reverse("improvement:projects_csv"),
    "project": lambda w: reverse("improvement:project", args=[w.project.pk]),
}


# Anonymous visitors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern", improvement_urls.urlpatterns, ids=[p.name for p in improvement_urls.urlpatterns]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_improvement_page_needs_a_login(anonymous_client, world, pattern, method):
    kwargs = dict.fromkeys(pattern.pattern.converters, world.project.pk)
    url = reverse(f"improvement:{pattern.name}", kwargs=kwargs)
    before = state()

    response = getattr(anonymous_client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == login_url(url)
    assert state() == before


def test_an_anonymous_visitor_cannot_submit_an_idea(anonymous_client, site, objective):
    anonymous_client.post(
        reverse("improvement:idea_create"),
        {
            "title": "Sneaky",
            "problem": "P",
            "proposed_change": "C",
            "site": site.pk,
            "ward": "W",
            "objectives": [objective.pk],
            "involves_patients": "no",
            "health_inequalities": "not_known",
            "submission_token": "6f1c1f0e-8d8a-4a8e-9a51-2b8f0f5d8b10",
            "confirm": "yes",
        },
    )
    assert not Idea.objects.exists()


def test_the_login_page_sends_the_visitor_back_where_they_were(anonymous_client, staff_user):
    url = reverse("improvement:ideas")
    response = anonymous_client.post(
        login_url(url),
        {"username": "staff", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == url


# Members of staff and editors: reading ----------------------------------------------------


@pytest.fixture(params=["staff", "editor", "lead"])
def any_client(request, staff_client, editor_client, lead_client):
    return {"staff": staff_client, "editor": editor_client, "lead": lead_client}[request.param]


@pytest.mark.parametrize("page", READ_PAGES)
def test_every_logged_in_user_reads_the_programme(any_client, world, page):
    response = any_client.get(READ_PAGES[page](world))

    assert response.status_code == 200
    if page.endswith("_csv"):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
    else:
        assert response["Content-Type"] == "text/html; charset=utf-8"


def test_the_idea_list_shows_every_idea_and_filters_them(staff_client, world):
    response = staff_client.get(reverse("improvement:ideas"))
    shown = text(response)
    assert "3 ideas found." in shown
    for idea in (world.submitted, world.reviewing, world.target):
        assert idea.title in shown

    response = staff_client.get(reverse("improvement:ideas"), {"status": "under_review"})
    assert "1 idea found." in text(response)
    assert "Fewer falls at night" in text(response)
    assert "Quieter wards at night" not in text(response)

    response = staff_client.get(reverse("improvement:ideas"), {"q": "quieter night"})
    assert "1 idea found." in text(response)
    assert "Quieter wards at night" in text(response)


def test_the_project_list_shows_projects_and_filters_them(staff_client, world):
    ProjectFactory(title="Stopped project", status=Project.Status.STOPPED)

    response = staff_client.get(reverse("improvement:projects"))
    assert "2 projects found." in text(response)

    response = staff_client.get(reverse("improvement:projects"), {"status": "in_progress"})
    assert "1 project found." in text(response)
    assert "Better handovers" in text(response)
    assert "Stopped project" not in text(response)


def test_the_lists_count_by_site_and_status_from_the_kept_tallies_and_agree_after_a_write(
    staff_client,
):
    """Filtered by site and status at most, a list's count comes from the kept tallies when
    they are current (as the worker keeps them), not from counting the records on each visit;
    after a write, before they are worked out again, the records are counted: either way the
    count agrees with them at once."""
    basildon, southend = SiteFactory(short_name="Basildon"), SiteFactory(short_name="Southend")
    IdeaFactory.create_batch(2, site=basildon)
    IdeaFactory(site=southend, status=Idea.Status.UNDER_REVIEW)
    ProjectFactory(site=southend, status=Project.Status.STOPPED)
    ideas, projects = reverse("improvement:ideas"), reverse("improvement:projects")

    def found(url, *, counted, **filters):
        with CaptureQueriesContext(connection) as queries:
            shown = text(staff_client.get(url, filters))
        counting = [
            sql for sql in map(readable, (query["sql"] for query in queries)) if "COUNT(*)" in sql
        ]
        assert any('FROM "improvement_' in sql for sql in counting) == counted
        return shown

    for kept in [*IDEA_TALLIES, PROJECT_TALLIES]:
        kept.rows()
    assert "3 ideas found." in found(ideas, counted=False)
    assert "2 ideas found." in found(ideas, counted=False, site=basildon.pk)
    shown = found(ideas, counted=False, site=southend.pk, status="under_review")
    assert "1 idea found." in shown
    shown = found(ideas, counted=False, site=basildon.pk, status="under_review")
    assert "0 ideas found." in shown
    shown = found(projects, counted=False, site=southend.pk, status="stopped")
    assert "1 project found." in shown
    # Searched, the records are counted.
    assert "1 idea found." in found(ideas, counted=True, q=Idea.objects.first().title)

    IdeaFactory(site=basildon, status=Idea.Status.UNDER_REVIEW)
    ProjectFactory(site=southend, status=Project.Status.STOPPED)

    assert "4 ideas found." in found(ideas, counted=True)
    shown = found(projects, counted=True, site=southend.pk, status="stopped")
    assert "2 projects found." in shown
    for kept in [*IDEA_TALLIES, PROJECT_TALLIES]:
        kept.rows()
    shown = found(ideas, counted=False, site=basildon.pk, status="under_review")
    assert "1 idea found." in shown


@pytest.mark.parametrize("name", ["improvement:ideas", "improvement:projects"])
def test_a_list_filtered_to_a_reversed_date_range_says_so(staff_client, world, name):
    response = staff_client.get(
        reverse(name), date_query(date_from="01/05/2024", date_to="01/03/2024")
    )

    assert response.status_code == 200
    assert "The 'to' date must be on or after the 'from' date" in text(response)


@pytest.mark.parametrize(
    ("name", "field"),
    [("improvement:ideas", "created_at"), ("improvement:projects", "start_date")],
)
def test_the_lists_date_filters_are_nhs_date_inputs_whose_dates_filter(
    staff_client, world, name, field
):
    world.submitted.created_at = timezone.make_aware(datetime.datetime(2024, 3, 10, 9))
    world.submitted.save(update_fields=["created_at"])
    world.project.start_date = datetime.date(2024, 3, 10)
    world.project.save(update_fields=["start_date"])
    url = reverse(name)

    page = parse(staff_client.get(url))
    boxes = [box.attrs["name"] for box in page.find(id="id_date_from").find_all("input")]
    assert boxes == ["date_from_day", "date_from_month", "date_from_year"]
    assert page.find("fieldset", css_class="nhsuk-fieldset") is not None

    response = staff_client.get(url, date_query(date_from="10/3/2024", date_to="10/03/2024"))

    found = text(response)
    assert ("1 idea found." if "ideas" in name else "1 project found.") in found
    assert ("Quieter wards at night" if "ideas" in name else "Better handovers") in found
    # What was typed stays in the boxes, and the download and pages keep the dates.
    page = parse(response)
    assert page.find(id="id_date_to-month").attrs["value"] == "03"
    assert "date_from_day=10&amp;date_from_month=3&amp;date_from_year=2024" in (
        response.content.decode()
    )


@pytest.mark.parametrize("name", ["improvement:ideas", "improvement:projects"])
def test_a_lists_date_filter_that_is_not_a_date_names_the_filter(staff_client, world, name):
    response = staff_client.get(reverse(name), date_query(date_from="31/2/2024"))

    summary = parse(response).find(css_class="nhsuk-error-summary")
    label = "Submitted from" if "ideas" in name else "Started from"
    assert f"{label} must be a real date" in summary.text
    response = staff_client.get(reverse(name), {"date_to_day": "1", "date_to_year": "2024"})
    label = "Submitted to" if "ideas" in name else "Started to"
    assert f"{label} must include a month" in text(response)


def test_my_ideas_lists_the_ideas_i_submitted_or_follow(staff_client, other_staff_client, world):
    response = staff_client.get(reverse("improvement:my_ideas"))
    mine = text(response)
    assert "Quieter wards at night" in mine
    assert "Fewer falls at night" in mine
    assert "Falls prevention programme" not in mine

    response = other_staff_client.get(reverse("improvement:my_ideas"))
    assert "You have not submitted or followed any ideas yet." in text(response)


def test_a_member_of_staff_submits_an_idea(staff_client, staff_user, site, objective):
    form = staff_client.get(reverse("improvement:idea_create"))
    token = parse(form).find("input", name="submission_token").attrs["value"]

    response = staff_client.post(
        reverse("improvement:idea_create"),
        {
            "title": "Quieter wards at night",
            "problem": "Patients cannot sleep.",
            "proposed_change": "Dim the lights at 10pm.",
            "site": site.pk,
            "ward": "Ward 4",
            "objectives": [objective.pk],
            "involves_patients": "yes",
            "health_inequalities": "no_effect",
            "health_inequalities_notes": "",
            "submission_token": token,
        },
        follow=True,
    )

    idea = Idea.objects.get()
    assert response.redirect_chain == [(idea.get_absolute_url(), 302)]
    assert f"Your idea has been submitted as {idea.reference}." in text(response)
    assert (idea.submitted_by, idea.status, str(idea.submission_token)) == (
        staff_user,
        Idea.Status.SUBMITTED,
        token,
    )
    assert "Quieter wards at night" in text(staff_client.get(reverse("improvement:my_ideas")))


# Members of staff and editors: changing ---------------------------------------------------


@pytest.fixture(params=["staff", "editor"])
def not_a_lead_client(request, staff_client, editor_client):
    return staff_client if request.param == "staff" else editor_client


@pytest.mark.parametrize("action", LEAD_ONLY)
def test_a_member_of_staff_cannot_open_a_lead_only_page(not_a_lead_client, world, action):
    before = state()

    response = not_a_lead_client.get(LEAD_ONLY[action].url(world))

    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("action", LEAD_ONLY)
def test_a_member_of_staff_cannot_change_anything_by_posting(not_a_lead_client, world, action):
    before = state()

    response = not_a_lead_client.post(LEAD_ONLY[action].url(world), LEAD_ONLY[action].data(world))

    assert response.status_code == 403
    assert state() == before


def test_a_member_of_staff_cannot_change_an_ideas_status_by_any_url(
    staff_client, editor_client, world
):
    """The idea's own page, the triage URLs and the admin all leave its status alone."""
    before = state()
    idea = world.reviewing
    for client in (staff_client, editor_client):
        for action in ("idea_decline", "idea_merge", "idea_support"):
            client.post(LEAD_ONLY[action].url(world), LEAD_ONLY[action].data(world))
        client.post(idea.get_absolute_url(), {"status": "supported"})
        client.post(
            reverse("improvement:idea_follow", args=[idea.pk]),
            {"status": "declined", "decline_reason": "x"},
        )
        client.post(
            reverse("admin:improvement_idea_change", args=[idea.pk]),
            {"status": "declined", "decline_reason": "x"},
        )
        client.post(
            reverse("admin:improvement_project_change", args=[world.project.pk]),
            {"status": "stopped"},
        )
    after = state()
    # Posting to "follow" may only add a follower.
    assert after["ideas"] == before["ideas"]
    assert after["history"] == before["history"]
    assert after["projects"] == before["projects"]
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.UNDER_REVIEW


def test_an_editor_cannot_change_ideas_or_projects_in_the_admin(editor_client, world):
    for url in (
        reverse("admin:improvement_idea_changelist"),
        reverse("admin:improvement_idea_change", args=[world.reviewing.pk]),
        reverse("admin:improvement_project_change", args=[world.project.pk]),
    ):
        assert editor_client.get(url).status_code == 403


def test_a_member_of_staff_sees_no_triage_or_project_actions(staff_client, world):
    idea_page = staff_client.get(world.submitted.get_absolute_url())
    assert "Start review" not in text(idea_page)
    assert "Triage" not in text(idea_page)

    project_page = staff_client.get(world.project.get_absolute_url())
    for action in ("Edit the charter", "Record a progress score", "Add a PDSA cycle"):
        assert action not in text(project_page)
    assert "Change this cycle" not in text(project_page)


# Leads ------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", LEAD_ONLY)
def test_a_lead_opens_every_lead_only_page(lead_client, world, action):
    response = lead_client.get(LEAD_ONLY[action].url(world))

    assert response.status_code == 200
    assert parse(response).find("form", method="post") is not None


def post_as_lead(lead_client, world, action):
    response = lead_client.post(
        LEAD_ONLY[action].url(world), LEAD_ONLY[action].data(world), follow=True
    )
    assert response.status_code == 200
    assert len(response.redirect_chain) == 1, "the form was not accepted"
    return response


def test_a_lead_starts_a_review_and_sees_it(lead_client, world):
    response = post_as_lead(lead_client, world, "idea_review")

    assert response.redirect_chain[0][0] == world.submitted.get_absolute_url()
    page = text(response)
    assert f"{world.submitted.reference} is now under review." in page
    assert "Status: Under review" in page
    assert "Worth a look." in page
    assert Idea.objects.get(pk=world.submitted.pk).status == Idea.Status.UNDER_REVIEW


def test_a_lead_declines_an_idea_and_sees_why(lead_client, world):
    response = post_as_lead(lead_client, world, "idea_decline")

    page = text(response)
    assert f"{world.reviewing.reference} has been declined." in page
    assert "Status: Declined" in page
    assert "Why this idea was declined Covered by the trust's falls programme." in page


def test_a_lead_merges_an_idea_and_sees_where_it_went(lead_client, world):
    response = post_as_lead(lead_client, world, "idea_merge")

    page = text(response)
    assert f"has been merged into {world.target.reference}." in page
    assert (
        f"This idea was merged into {world.target.reference}: Falls prevention programme." in page
    )
    target_page = text(lead_client.get(world.target.get_absolute_url()))
    assert f"Ideas merged into this one {world.reviewing.reference}: Fewer falls at night" in (
        target_page
    )


def test_a_lead_supports_an_idea_and_lands_on_its_project(lead_client, world):
    response = post_as_lead(lead_client, world, "idea_support")

    project = Project.objects.get(idea=world.reviewing)
    assert response.redirect_chain[0][0] == project.get_absolute_url()
    page = text(response)
    assert f"{world.reviewing.reference} is supported: its project has started." in page
    assert "Fewer falls at night" in page
    assert "Halve falls at night on Ward 4 by March 2026." in page
    idea_page = text(lead_client.get(world.reviewing.get_absolute_url()))
    assert "This idea is supported: follow its project, Fewer falls at night." in idea_page


def test_a_lead_edits_the_charter_and_sees_it(lead_client, world):
    response = post_as_lead(lead_client, world, "project_charter")

    page = text(response)
    assert "Project charter saved." in page
    assert "Safer handovers" in page
    assert "Handovers in 20 minutes by March." in page
    measures = {
        row[0].removeprefix("Measure ").strip(): row[1].removeprefix("Type ").strip()
        for row in table(response, "The project's measures and what their charts show")
    }
    assert measures == {"Handover minutes": "Outcome", "Missed handovers": "Balancing"}
    assert world.staff.get_full_name() in page


def test_a_lead_records_a_progress_score_and_sees_it(lead_client, world):
    response = post_as_lead(lead_client, world, "project_progress")

    page = text(response)
    assert "IHI progress score saved." in page
    assert "IHI progress score: 2.0 Activity, but no changes" in page
    history = parse(response).find("table")
    assert "Started testing the sheet." in history.text


def test_a_lead_changes_the_phase_and_sees_it(lead_client, world):
    response = post_as_lead(lead_client, world, "project_phase")

    assert "QSIR phase: Design and plan" in text(response)
    current = parse(response).find("li", aria_current="step")
    assert current.text == "Design and plan (current)"


def test_a_lead_completes_a_project_and_sees_its_outcomes(lead_client, world):
    response = post_as_lead(lead_client, world, "project_status")

    page = text(response)
    assert "Status: Completed" in page
    assert "Outcomes achieved Handovers now take 20 min." in page


def test_a_lead_adds_a_pdsa_cycle_and_sees_it(lead_client, world):
    response = post_as_lead(lead_client, world, "pdsa_create")

    page = text(response)
    assert "PDSA cycle saved." in page
    assert "Cycle 1: SBAR handover sheet" in page
    assert "Cycle 2: Red aprons on the medicines round" in page


def test_a_lead_changes_a_pdsa_cycle_and_sees_it(lead_client, world):
    response = post_as_lead(lead_client, world, "pdsa_edit")

    page = text(response)
    assert "Cycle 1: SBAR handover sheet, version 2" in page
    assert "1 May 2024 to 15 May 2024. Decision: Adopt" in page
    assert PDSACycle.objects.count() == 1


def test_a_lead_sees_the_triage_the_workflow_allows(lead_client, world):
    submitted = text(lead_client.get(world.submitted.get_absolute_url()))
    assert "Start review" in submitted
    assert "Support it and start a project" not in submitted

    reviewing = text(lead_client.get(world.reviewing.get_absolute_url()))
    assert "Start review" not in reviewing
    for action in ("Support it", "Decline it, with a reason", "Merge it into another idea"):
        assert action in reviewing

    project = text(lead_client.get(world.project.get_absolute_url()))
    for action in ("Edit the charter", "Change the phase", "Record a progress score"):
        assert action in project


def test_a_lead_cannot_skip_the_review(lead_client, world):
    before = state()

    response = lead_client.post(
        reverse("improvement:idea_decline", args=[world.submitted.pk]), {"reason": "No."}
    )

    assert response.status_code == 200
    assert "An idea that is submitted cannot become declined." in text(response)
    assert state() == before


# Decline reasons --------------------------------------------------------------------------


@pytest.fixture
def declined(world, lead_user):
    from improvement import services

    return services.decline_idea(
        idea=world.reviewing, changed_by=lead_user, reason="Covered by the falls programme."
    )


def test_the_submitter_and_leads_see_why_an_idea_was_declined(staff_client, lead_client, declined):
    for client in (staff_client, lead_client):
        page = text(client.get(declined.get_absolute_url()))
        assert "Why this idea was declined" in page
        assert "Covered by the falls programme." in page


def test_other_staff_do_not_see_why_an_idea_was_declined(
    other_staff_client, editor_client, declined
):
    for client in (other_staff_client, editor_client):
        response = client.get(declined.get_absolute_url())
        assert "Status: Declined" in text(response)
        assert "Covered by the falls programme." not in response.content.decode()
        assert "Why this idea was declined" not in text(response)


# Following --------------------------------------------------------------------------------


def test_following_is_done_by_posting(other_staff_client, world):
    url = reverse("improvement:idea_follow", args=[world.target.pk])

    assert other_staff_client.get(url).status_code == 405

    response = other_staff_client.post(url, follow=True)
    assert "You now follow this idea" in text(response)
    assert "Stop following this idea" in text(response)
    my_ideas = text(other_staff_client.get(reverse("improvement:my_ideas")))
    assert "Falls prevention programme" in my_ideas

    response = other_staff_client.post(url, {"follow": "no"}, follow=True)
    assert "You no longer follow this idea." in text(response)
    assert "Follow this idea" in text(response)
    my_ideas = text(other_staff_client.get(reverse("improvement:my_ideas")))
    assert "Falls prevention programme" not in my_ideas


# Unknown records --------------------------------------------------------------------------


MISSING = 999_999


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("improvement:idea", [MISSING]),
        ("improvement:project", [MISSING]),
        ("improvement:idea_review", [MISSING]),
        ("improvement:idea_decline", [MISSING]),
        ("improvement:idea_merge", [MISSING]),
        ("improvement:idea_support", [MISSING]),
        ("improvement:project_charter", [MISSING]),
        ("improvement:project_progress", [MISSING]),
        ("improvement:project_phase", [MISSING]),
        ("improvement:project_status", [MISSING]),
        ("improvement:pdsa_create", [MISSING]),
    ],
)
def test_an_unknown_record_is_not_found(lead_client, name, args):
    assert lead_client.get(reverse(name, args=args)).status_code == 404


def test_following_an_unknown_idea_is_not_found(staff_client):
    url = reverse("improvement:idea_follow", args=[MISSING])
    assert staff_client.post(url).status_code == 404


def test_a_pdsa_cycle_is_only_found_under_its_own_project(lead_client, world):
    other = ProjectFactory()
    before = state()

    url = reverse("improvement:pdsa_edit", args=[other.pk, world.cycle.pk])
    assert lead_client.get(url).status_code == 404
    assert lead_client.post(url, LEAD_ONLY["pdsa_edit"].data(world)).status_code == 404
    missing = reverse("improvement:pdsa_edit", args=[world.project.pk, MISSING])
    assert lead_client.get(missing).status_code == 404
    assert state() == before


# Logging in and out -----------------------------------------------------------------------


def test_the_login_page_is_an_nhs_form(anonymous_client):
    response = anonymous_client.get(reverse("login"))

    assert response.status_code == 200
    page = main(response)
    assert page.find("h1").text == "Log in"
    assert page.find("input", name="username", css_class="nhsuk-input") is not None
    assert page.find("input", name="password", type="password") is not None
    button = page.find("button", type="submit", css_class="nhsuk-button")
    assert button.text == "Log in"


def test_logging_in_opens_the_improvement_dashboard(anonymous_client, staff_user):
    response = anonymous_client.post(
        reverse("login"), {"username": "staff", "password": "correct horse battery staple"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("improvement:dashboard")
    assert anonymous_client.get(reverse("improvement:dashboard")).status_code == 200


def test_a_wrong_password_shows_the_error_summary(anonymous_client, staff_user):
    response = anonymous_client.post(
        reverse("login"), {"username": "staff", "password": "wrong password"}
    )

    assert response.status_code == 200
    summary = parse(response).find(css_class="nhsuk-error-summary")
    assert summary.find("h2").text == "There is a problem"
    assert "Enter a correct username and password. Both are case-sensitive." in summary.text
    assert "_auth_user_id" not in anonymous_client.session


def test_an_empty_login_says_what_is_missing(anonymous_client):
    response = anonymous_client.post(reverse("login"), {"username": "", "password": ""})

    summary = parse(response).find(css_class="nhsuk-error-summary")
    links = {link.text: link.attrs["href"] for link in summary.find_all("a")}
    assert links == {"Enter your username": "#id_username", "Enter your password": "#id_password"}


def test_logging_out_needs_a_post(staff_client):
    assert staff_client.get(reverse("logout")).status_code == 405
    assert staff_client.get(reverse("improvement:dashboard")).status_code == 200

    response = staff_client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("goals:home")
    after = staff_client.get(reverse("improvement:dashboard"))
    assert after.status_code == 302


def test_the_header_logs_out_with_a_form(staff_client):
    response = staff_client.get(reverse("improvement:dashboard"))

    form = parse(response).find("form", action=reverse("logout"))
    assert form.attrs["method"] == "post"
    assert form.find("input", name="csrfmiddlewaretoken") is not None


# The submitter's changes to their own idea ------------------------------------------------


def idea_form_data(idea, **overrides):
    return {
        "title": idea.title,
        "problem": idea.problem,
        "proposed_change": idea.proposed_change,
        "site": idea.site_id,
        "ward": idea.ward,
        "objectives": [objective.pk for objective in idea.objectives.all()],
        "involves_patients": "yes" if idea.involves_patients else "no",
        "health_inequalities": idea.health_inequalities,
        "health_inequalities_notes": "",
        **overrides,
    }


def test_the_submitter_changes_their_idea_until_it_is_reviewed(staff_client, world):
    page = staff_client.get(world.submitted.get_absolute_url())
    assert "Change your idea" in text(page)

    response = staff_client.post(
        reverse("improvement:idea_edit", args=[world.submitted.pk]),
        idea_form_data(world.submitted, title="Quieter wards after 10pm"),
        follow=True,
    )

    assert response.redirect_chain == [(world.submitted.get_absolute_url(), 302)]
    world.submitted.refresh_from_db()
    assert world.submitted.title == "Quieter wards after 10pm"
    # The history keeps what it said before.
    assert [row.title for row in world.submitted.history.order_by("history_date")][-2:] == [
        "Quieter wards at night",
        "Quieter wards after 10pm",
    ]


def test_an_idea_under_review_can_no_longer_be_changed(staff_client, world):
    assert "Change your idea" not in text(staff_client.get(world.reviewing.get_absolute_url()))

    response = staff_client.post(
        reverse("improvement:idea_edit", args=[world.reviewing.pk]),
        idea_form_data(world.reviewing, title="Changed"),
        follow=True,
    )

    assert "can be changed until an improvement lead starts reviewing it" in text(response)
    world.reviewing.refresh_from_db()
    assert world.reviewing.title == "Fewer falls at night"


def test_a_changed_idea_with_a_missing_answer_keeps_what_was_typed(staff_client, world):
    response = staff_client.post(
        reverse("improvement:idea_edit", args=[world.submitted.pk]),
        idea_form_data(world.submitted, title="", problem="Still noisy at night."),
    )

    assert response.status_code == 200
    assert "Enter a title for your idea" in text(response)
    assert "Still noisy at night." in text(response)


def test_the_submitter_withdraws_their_idea_with_a_reason(staff_client, world):
    response = staff_client.post(
        reverse("improvement:idea_withdraw", args=[world.reviewing.pk]),
        {"reason": "The ward has fixed it already."},
        follow=True,
    )

    world.reviewing.refresh_from_db()
    assert world.reviewing.status == Idea.Status.WITHDRAWN
    shown = text(response)
    assert "Your idea has been withdrawn." in shown
    assert "Withdrawn (was under review)" in shown
    assert "The ward has fixed it already." in shown
    assert "Withdraw your idea" not in shown


def test_a_decided_idea_cannot_be_withdrawn(staff_client, world):
    Idea.objects.filter(pk=world.reviewing.pk).update(
        status=Idea.Status.DECLINED, decline_reason="Out of scope."
    )

    response = staff_client.post(
        reverse("improvement:idea_withdraw", args=[world.reviewing.pk]), {}, follow=True
    )

    assert "cannot be withdrawn: a decision has been made on it" in text(response)
    world.reviewing.refresh_from_db()
    assert world.reviewing.status == Idea.Status.DECLINED


@pytest.mark.parametrize("name", ["improvement:idea_edit", "improvement:idea_withdraw"])
def test_only_the_submitter_may_change_or_withdraw_an_idea(lead_client, world, name):
    before = state()

    assert lead_client.get(reverse(name, args=[world.submitted.pk])).status_code == 403
    assert lead_client.post(reverse(name, args=[world.submitted.pk]), {}).status_code == 403
    assert state() == before


# "Mine" on the project list -----------------------------------------------------------------


def test_mine_lists_the_projects_i_lead_sponsor_or_am_on_the_team_of(staff_client, world):
    led = ProjectFactory(title="Led by me", lead=world.staff)
    sponsored = ProjectFactory(title="Sponsored by me", sponsor=world.staff)
    on_team = ProjectFactory(title="On my team")
    on_team.team.add(world.staff)
    ProjectFactory(title="Not mine")

    response = staff_client.get(reverse("improvement:projects"), {"mine": "on"})

    shown = text(response)
    assert "3 projects found." in shown
    for project in (led, sponsored, on_team):
        assert project.title in shown
    assert "Not mine" not in shown
    assert "Better handovers" not in shown


def test_mine_is_each_visitors_own_even_when_the_list_is_cached(staff_client, lead_client, world):
    ProjectFactory(title="Led by me", lead=world.staff)

    staff_list = text(staff_client.get(reverse("improvement:projects"), {"mine": "on"}))
    lead_list = text(lead_client.get(reverse("improvement:projects"), {"mine": "on"}))

    assert "Led by me" in staff_list and "Better handovers" not in staff_list
    assert "Better handovers" in lead_list and "Led by me" not in lead_list


def test_a_projects_page_names_its_team_in_name_order(staff_client, world):
    for first, last in [("Zoe", "Begum"), ("Chloe", "Hughes"), ("Mo", "Khan")]:
        world.project.team.add(UserFactory(first_name=first, last_name=last))

    page = staff_client.get(world.project.get_absolute_url())

    assert summary_value(page, "Team members") == "Chloe Hughes, Mo Khan, Zoe Begum"


@pytest.mark.parametrize("filterset", [IdeaFilter, ProjectFilter])
def test_every_sort_order_of_the_lists_breaks_ties_by_the_record(filterset):
    """Ideas sharing a title, status or date would come in whatever order the database
    found them, so paging could show one twice and another never."""
    model = filterset.Meta.model
    for value, _label in filterset.base_filters["sort"].field.choices:
        ordered = filterset({"sort": value}, queryset=model.objects.all()).qs

        assert ordered.query.order_by[-1] == "pk", value


def test_ideas_of_one_title_sorted_by_title_come_in_the_order_they_were_made(staff_client):
    same = [IdeaFactory(title="Protected mealtimes").pk for _ in range(3)]

    page = staff_client.get(reverse("improvement:ideas"), {"sort": "-title"})

    links = [link.attrs["href"] for link in main(page).find_all("a")]
    shown = [pk for pk in same for href in links if href.endswith(f"/ideas/{pk}/")]
    assert shown == same


def test_a_search_finding_more_than_a_list_counts_says_so_and_lists_the_first(
    staff_client, monkeypatch
):
    """Counting every idea a common word is in read them all; a list counts up to
    MOST_COUNTED, and says there are more. Unsearched, the tallies give the whole number."""
    monkeypatch.setattr(list_pages, "MOST_COUNTED", 2)
    IdeaFactory.create_batch(3, title="Discharge lounge")
    IdeaFactory(title="Quieter wards")
    ideas = reverse("improvement:ideas")

    response = staff_client.get(ideas, {"q": "discharge"})

    shown = text(response)
    assert "More than 2 ideas found; the first 2 are listed." in shown
    assert shown.count("Discharge lounge") == 2
    assert "4 ideas found." in text(staff_client.get(ideas))
    assert "1 idea found." in text(staff_client.get(ideas, {"q": "quieter"}))
