"""What people see when they give the forms bad input: NHS errors, their answers kept."""

import datetime
import uuid

import pytest
from django.urls import reverse

from core.forms import DATE_PARTS
from improvement import services
from improvement.models import Idea, Measure, Project
from tests.factories import SiteFactory
from tests.html import (
    checked_values,
    error_summary,
    field_value,
    ids,
    main,
    parse,
    text,
)
from tests.improvement.charter_answers import charter, date_fields
from tests.improvement.factories import (
    IdeaFactory,
    MeasureFactory,
    PDSACycleFactory,
    ProjectFactory,
    measure_keeping,
)
from tests.training.factories import CohortFactory, WardFactory

pytestmark = pytest.mark.django_db

CREATE = "/improvement/ideas/new/"


def idea_answers(site, objective, **overrides):
    return {
        "title": "Quieter wards at night",
        "problem": "Patients cannot sleep because of noise.",
        "proposed_change": "Dim the lights and close doors at 10pm.",
        "site": site.pk,
        "ward": "Ward 4",
        "objectives": [objective.pk],
        "involves_patients": "yes",
        "health_inequalities": "no_effect",
        "health_inequalities_notes": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


# The idea form ----------------------------------------------------------------------------


def test_an_empty_idea_form_lists_every_missing_answer_with_a_link_to_it(
    staff_client, site, objective
):
    response = staff_client.post(CREATE, {"submission_token": str(uuid.uuid4())})

    assert response.status_code == 200
    assert parse(response).find("title").text.startswith("Error: Submit an improvement idea")
    summary = parse(response).find(css_class="nhsuk-error-summary")
    assert summary.find("h2").text == "There is a problem"
    assert error_summary(response) == [
        ("Enter a title for your idea", "#id_title"),
        ("Describe the problem", "#id_problem"),
        ("Describe the change you propose", "#id_proposed_change"),
        ("Select the hospital site", "#id_site"),
        ("Enter the ward or department", "#id_ward"),
        ("Select at least one strategic objective", "#id_objectives"),
        ("Select yes if patients or carers will be involved", "#id_involves_patients"),
        ("Select the effect you expect on health inequalities", "#id_health_inequalities"),
    ]
    # Each link goes to a control on the page, and each field shows its own message.
    page_ids = ids(response)
    for _, href in error_summary(response):
        assert href[1:] in page_ids
        assert f"{href[1:]}-error" in page_ids
    assert not Idea.objects.exists()


def test_the_answers_given_are_kept_when_one_is_missing(staff_client, site, objective):
    answers = idea_answers(site, objective, ward="", involves_patients="no")

    response = staff_client.post(CREATE, answers)

    assert error_summary(response) == [("Enter the ward or department", "#id_ward")]
    assert field_value(response, "title") == "Quieter wards at night"
    assert field_value(response, "problem") == "Patients cannot sleep because of noise."
    assert field_value(response, "proposed_change") == "Dim the lights and close doors at 10pm."
    assert checked_values(response, "site") == {str(site.pk)}
    assert checked_values(response, "objectives") == {str(objective.pk)}
    assert checked_values(response, "involves_patients") == {"no"}
    assert checked_values(response, "health_inequalities") == {"no_effect"}
    # The same form token, so the corrected form still creates one idea.
    assert field_value(response, "submission_token") == answers["submission_token"]
    assert not Idea.objects.exists()


def test_a_title_too_long_is_refused_and_kept(staff_client, site, objective):
    response = staff_client.post(CREATE, idea_answers(site, objective, title="x" * 201))

    assert [message for message, _ in error_summary(response)] == [
        "Title must be 200 characters or fewer"
    ]
    assert field_value(response, "title") == "x" * 201


def test_each_form_on_a_page_carries_one_csrf_token(staff_client, lead_client, site):
    measure = MeasureFactory()
    for client, url in [
        (staff_client, reverse("improvement:idea_create")),
        (lead_client, measure.get_absolute_url()),
    ]:
        for form in parse(client.get(url)).find_all("form", method="post"):
            tokens = list(form.find_all("input", name="csrfmiddlewaretoken"))
            assert len(tokens) == 1, f"{url}: {form.attrs['action']} has {len(tokens)} tokens"


def test_an_idea_unlike_any_other_is_saved_at_once(staff_client, site, objective):
    IdeaFactory(title="Faster discharges", problem="Discharges happen late in the day.")

    response = staff_client.post(
        CREATE, idea_answers(site, objective, title="Quieter wards", problem="Noise at night.")
    )

    assert response.status_code == 302
    assert Idea.objects.filter(title="Quieter wards").count() == 1


@pytest.fixture
def existing(site):
    return IdeaFactory(
        title="Reduce noise on wards at night",
        problem="Patients cannot sleep because of noise from the nurses' station.",
        ward="Ward 7",
        site=site,
    )


def test_similar_ideas_are_shown_before_saving(staff_client, site, objective, existing):
    answers = idea_answers(site, objective)

    response = staff_client.post(CREATE, answers)

    assert response.status_code == 200
    warning = parse(response).find(id="similar-ideas")
    assert "Similar ideas already submitted" in warning.text
    assert existing.title in warning.text
    assert warning.find("a", href=existing.get_absolute_url()) is not None
    assert f"{existing.reference}, {site.short_name}, Ward 7" in warning.text
    # Nothing is saved yet, and the form keeps the answers for the second step.
    assert Idea.objects.count() == 1
    assert field_value(response, "title") == answers["title"]
    assert parse(response).find("input", name="confirm", value="yes") is not None
    assert "My idea is different: submit it" in text(response)


def test_confirming_a_different_idea_saves_it_once(staff_client, site, objective, existing):
    answers = idea_answers(site, objective)
    staff_client.post(CREATE, answers)

    confirmed = {**answers, "confirm": "yes"}
    first = staff_client.post(CREATE, confirmed)
    second = staff_client.post(CREATE, confirmed)

    idea = Idea.objects.exclude(pk=existing.pk).get()
    assert idea.title == "Quieter wards at night"
    assert first["Location"] == second["Location"] == idea.get_absolute_url()
    assert idea.status_changes.count() == 1
    # Only the first submission says the idea was submitted.
    page = staff_client.get(idea.get_absolute_url())
    assert text(page).count("Your idea has been submitted") == 1


def test_someone_elses_form_token_is_refused(staff_client, other_staff_client, site, objective):
    answers = idea_answers(site, objective, confirm="yes")
    staff_client.post(CREATE, answers)

    response = other_staff_client.post(CREATE, {**answers, "title": "Mine now"})

    assert response.status_code == 403
    assert list(Idea.objects.values_list("title", flat=True)) == ["Quieter wards at night"]


# Markup in what people type is shown as text ----------------------------------------------

SCRIPT = '<script>alert("x")</script><b>Bold</b>'


def assert_escaped(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "<b>Bold</b>" not in html
    assert "&lt;script&gt;alert(" in html


def test_markup_in_a_title_is_shown_as_text_on_every_page(
    staff_client, lead_client, lead_user, site, objective
):
    idea = IdeaFactory(title=SCRIPT, site=site, objectives=[objective])
    reviewing = IdeaFactory(title=SCRIPT, site=site, objectives=[objective])
    services.start_review(idea=reviewing, changed_by=lead_user)
    merged = IdeaFactory(title="Merged one", site=site)
    services.start_review(idea=merged, changed_by=lead_user)
    services.merge_idea(idea=merged, into=idea, changed_by=lead_user)
    project = ProjectFactory(title=SCRIPT, site=site, objectives=[objective])
    measure_keeping(project, SCRIPT, variation=Measure.Variation.COMMON_CAUSE)
    PDSACycleFactory(project=project, change_idea=SCRIPT)

    pages = [
        idea.get_absolute_url(),
        merged.get_absolute_url(),
        reverse("improvement:ideas"),
        reverse("improvement:ideas") + "?q=script",
        reverse("improvement:projects"),
        project.get_absolute_url(),
        objective.get_absolute_url(),
    ]
    for url in pages:
        assert_escaped(staff_client.get(url))
    lead_pages = [
        reverse(f"improvement:{name}", args=[reviewing.pk])
        for name in ("idea_decline", "idea_merge", "idea_support")
    ] + [
        reverse(f"improvement:{name}", args=[project.pk])
        for name in ("project_charter", "project_progress", "project_phase", "project_status")
    ]
    for url in lead_pages:
        assert_escaped(lead_client.get(url))

    # My ideas, and the similar ideas shown before saving.
    idea.followers.add(lead_user)
    assert_escaped(lead_client.get(reverse("improvement:my_ideas")))
    similar = lead_client.post(CREATE, idea_answers(site, objective, title="alert script bold"))
    assert parse(similar).find(id="similar-ideas") is not None
    assert_escaped(similar)


# Triage and project forms -----------------------------------------------------------------


@pytest.fixture
def reviewing(lead_user):
    return services.start_review(idea=IdeaFactory(), changed_by=lead_user)


def test_a_target_date_before_the_start_is_shown_as_an_error(lead_client, lead_user, reviewing):
    response = lead_client.post(
        reverse("improvement:idea_support", args=[reviewing.pk]),
        {
            "aim": "Halve falls.",
            "lead": lead_user.pk,
            **date_fields("start_date", datetime.date(2025, 4, 1)),
            **date_fields("target_date", datetime.date(2025, 3, 1)),
        },
    )

    assert response.status_code == 200
    assert error_summary(response) == [
        ("The target date must be on or after the start date", "#id_target_date-day")
    ]
    assert field_value(response, "aim") == "Halve falls."
    assert field_value(response, "start_date_year") == "2025"
    assert Idea.objects.get(pk=reviewing.pk).status == Idea.Status.UNDER_REVIEW
    assert not Project.objects.exists()


def test_an_impossible_date_is_shown_as_an_error(lead_client, lead_user, reviewing):
    response = lead_client.post(
        reverse("improvement:idea_support", args=[reviewing.pk]),
        {
            "aim": "Halve falls.",
            "lead": lead_user.pk,
            **date_fields("start_date", datetime.date(2025, 4, 1)),
            "target_date_day": "31",
            "target_date_month": "2",
            "target_date_year": "2026",
        },
    )

    assert error_summary(response) == [("Enter a real date", "#id_target_date-day")]
    assert not Project.objects.exists()


def test_declining_without_a_reason_says_so(lead_client, reviewing):
    response = lead_client.post(
        reverse("improvement:idea_decline", args=[reviewing.pk]), {"reason": "  "}
    )

    assert error_summary(response) == [("Enter the reason the idea is declined", "#id_reason")]
    assert Idea.objects.get(pk=reviewing.pk).status == Idea.Status.UNDER_REVIEW


def test_an_idea_cannot_be_merged_into_itself_or_a_merged_idea(lead_client, lead_user, reviewing):
    other = services.start_review(idea=IdeaFactory(), changed_by=lead_user)
    services.merge_idea(idea=other, into=IdeaFactory(), changed_by=lead_user)
    url = reverse("improvement:idea_merge", args=[reviewing.pk])

    for into in (reviewing.pk, other.pk, 999_999):
        response = lead_client.post(url, {"into": into})
        assert error_summary(response) == [
            ("Enter the number of another idea that exists and is not merged", "#id_into")
        ]
    assert Idea.objects.get(pk=reviewing.pk).status == Idea.Status.UNDER_REVIEW


def test_a_measure_without_its_kind_is_shown_as_an_error(lead_client):
    project = ProjectFactory(title="Better handovers")
    answers = charter(project, measures="outcome: Handover minutes\nMissed handovers")

    response = lead_client.post(reverse("improvement:project_charter", args=[project.pk]), answers)

    assert response.status_code == 200
    assert error_summary(response) == [
        (
            "Line 2: write each measure as outcome, process or balancing, a colon, then its name",
            "#id_measures",
        )
    ]
    assert field_value(response, "measures") == "outcome: Handover minutes\nMissed handovers"
    assert not project.measures.exists()


def test_the_charter_shows_its_measures_in_the_qsir_order(lead_client):
    project = ProjectFactory()
    for name, kind in [
        ("Staff overtime", "balancing"),
        ("Handovers on time", "process"),
        ("Length of stay", "outcome"),
        ("Bed days", "outcome"),
        ("Audits done", "process"),
    ]:
        MeasureFactory(project=project, name=name, kind=kind)

    page = lead_client.get(reverse("improvement:project_charter", args=[project.pk]))

    assert field_value(page, "measures").splitlines() == [
        "outcome: Bed days",
        "outcome: Length of stay",
        "process: Audits done",
        "process: Handovers on time",
        "balancing: Staff overtime",
    ]


def charter_options(page, name):
    select = parse(page).find("select", name=name)
    return [option.text for option in select.find_all("option")]


def test_the_charter_offers_the_wards_of_its_site_not_every_one(lead_client):
    # Its cohorts are searched, never listed: tests/improvement/test_charter_cohorts.py.
    project = ProjectFactory()
    here, elsewhere = project.site, SiteFactory()
    WardFactory(site=here, name="Ward 1")
    WardFactory(site=elsewhere, name="Ward 2")
    url = reverse("improvement:project_charter", args=[project.pk])

    page = lead_client.get(url)

    assert charter_options(page, "programme_ward") == [
        "Not in the ward programme",
        f"Ward 1, {here}",
    ]


def test_the_charter_refuses_a_cohort_or_ward_it_does_not_offer(lead_client):
    project = ProjectFactory(title="Better handovers")
    far = CohortFactory(starts_on=project.start_date - datetime.timedelta(days=800))
    ward = WardFactory()
    answers = charter(project, cohort=far.pk, programme_ward=ward.pk)

    response = lead_client.post(reverse("improvement:project_charter", args=[project.pk]), answers)

    assert error_summary(response) == [
        (
            "Select another QSIR cohort: the cohort selected cannot be chosen here",
            "#id_cohort",
        ),
        (
            f"Select one of the programme's wards at {project.site.short_name}, or that it is "
            "not in the ward programme",
            "#id_programme_ward",
        ),
    ]
    project.refresh_from_db()
    assert (project.cohort, project.programme_ward) == (None, None)


def test_completing_a_project_without_its_outcomes_says_so(lead_client):
    project = ProjectFactory()

    response = lead_client.post(
        reverse("improvement:project_status", args=[project.pk]),
        {"status": "completed", "closing_summary": ""},
    )

    assert error_summary(response) == [
        ("Enter the outcomes achieved before completing the project", "#id_closing_summary")
    ]
    assert Project.objects.get(pk=project.pk).status == Project.Status.IN_PROGRESS


def test_a_pdsa_cycle_ending_before_it_starts_says_so(lead_client):
    project = ProjectFactory()

    response = lead_client.post(
        reverse("improvement:pdsa_create", args=[project.pk]),
        {
            "change_idea": "Red aprons",
            "plan": "Two weeks.",
            "prediction": "Fewer interruptions.",
            **date_fields("start_date", datetime.date(2024, 6, 10)),
            **date_fields("end_date", datetime.date(2024, 6, 1)),
        },
    )

    assert error_summary(response) == [
        ("The end date must be on or after the start date", "#id_end_date-day")
    ]
    assert not project.pdsa_cycles.exists()


def test_an_empty_pdsa_cycle_form_names_each_missing_answer(lead_client):
    project = ProjectFactory()

    fields = ["change_idea", "plan", "prediction", "do", "study", "act"]
    dates = [f"{name}_{part}" for name in ["start_date", "end_date"] for part in DATE_PARTS]
    response = lead_client.post(
        reverse("improvement:pdsa_create", args=[project.pk]), dict.fromkeys(fields + dates, "")
    )

    assert error_summary(response) == [
        ("Enter the change idea the cycle tests", "#id_change_idea"),
        ("Enter the plan: what you will do", "#id_plan"),
        ("Enter the prediction: what you expect to happen", "#id_prediction"),
        ("Enter the date the cycle starts", "#id_start_date-day"),
    ]


def test_a_score_off_the_scale_is_refused(lead_client):
    project = ProjectFactory()

    response = lead_client.post(
        reverse("improvement:project_progress", args=[project.pk]), {"score": "9.9"}
    )

    assert [href for _, href in error_summary(response)] == ["#id_score"]
    assert "9.9 is not one of the available choices" in main(response).text
    assert not project.score_changes.exists()
