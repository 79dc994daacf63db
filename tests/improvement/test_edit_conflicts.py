"""Two leads editing the same charter or PDSA cycle: the second save does not silently undo
the first. It is refused with a clear message, the second lead's input stays in the form
beside what is saved now, and saving again goes through."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import IMPROVEMENT_LEADS
from improvement.models import PDSACycle, Project
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.html import error_summary, field_value, parse, text
from tests.improvement.factories import PDSACycleFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PROJECT_CONFLICT = (
    "Someone else changed this project while you were editing it. Check their changes below, "
    "then save yours again."
)
PDSA_CONFLICT = (
    "Someone else changed this PDSA cycle while you were editing it. Check their changes "
    "below, then save yours again."
)


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def second_lead_client(db):
    user = UserFactory(username="second.lead", first_name="Sam", last_name="Second")
    user.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return logged_in(user)


@pytest.fixture
def project(lead_user, site, objective):
    return ProjectFactory(
        title="Better handovers",
        aim="Halve it by March.",
        lead=lead_user,
        site=site,
        objectives=[objective],
    )


def charter_data(response, project, **changes):
    """What a lead submits from the charter form they were shown, with their changes."""
    data = {
        "version": field_value(response, "version"),
        "title": project.title,
        "problem_statement": project.problem_statement,
        "aim": project.aim,
        "lead": project.lead_id,
        "sponsor": "",
        "team": [],
        "site": project.site_id,
        "ward": project.ward,
        "objectives": [objective.pk for objective in project.objectives.all()],
        **date_fields("start_date", project.start_date),
        **date_fields("target_date", project.target_date),
        "health_inequalities": project.health_inequalities,
        "health_inequalities_notes": "",
        "measures": "",
    }
    return {**data, **changes}


def test_the_charter_form_carries_the_projects_version(lead_client, project):
    response = lead_client.get(reverse("improvement:project_charter", args=[project.pk]))

    version = parse(response).find("input", name="version")
    assert version.attrs["type"] == "hidden"
    assert version.attrs["value"] == project.updated_at.isoformat()


def test_the_second_of_two_leads_saving_a_charter_is_told_and_keeps_their_input(
    lead_client, second_lead_client, project
):
    url = reverse("improvement:project_charter", args=[project.pk])
    first_form = lead_client.get(url)
    second_form = second_lead_client.get(url)

    first = lead_client.post(url, charter_data(first_form, project, aim="Handovers in 20 minutes."))
    assert first.status_code == 302

    refused = second_lead_client.post(
        url,
        charter_data(second_form, project, title="Safer handovers", ward="Ward 9"),
    )

    assert refused.status_code == 200
    errors = [message for message, _href in error_summary(refused)]
    assert errors[0] == PROJECT_CONFLICT
    # The first lead's change is shown against its field, linked from the summary.
    assert ("SMART aim is now saved as: Handovers in 20 minutes.", "#id_aim") in error_summary(
        refused
    )
    # Only the fields saved otherwise than the second lead sent them: not the people,
    # objectives or measures, which neither changed.
    assert [href for _message, href in error_summary(refused)[1:]] == [
        "#id_title",
        "#id_aim",
        "#id_ward",
    ]
    # The page is still headed with the project as saved; the second lead's own input
    # stays in the form.
    assert parse(refused).find("span", css_class="nhsuk-caption-l").text == "Better handovers"
    assert field_value(refused, "title") == "Safer handovers"
    assert field_value(refused, "ward") == "Ward 9"
    assert field_value(refused, "aim") == "Halve it by March."
    # Nothing of theirs was saved over the first lead's change.
    project.refresh_from_db()
    assert (project.title, project.ward, project.aim) == (
        "Better handovers",
        "Ward 1",
        "Handovers in 20 minutes.",
    )

    # Having checked, they keep the first lead's aim and save again: it goes through.
    again = charter_data(
        refused, project, title="Safer handovers", ward="Ward 9", aim="Handovers in 20 minutes."
    )
    saved = second_lead_client.post(url, again, follow=True)

    assert error_summary(saved) == []
    assert "Project charter saved." in text(saved)
    project.refresh_from_db()
    assert (project.title, project.ward, project.aim) == (
        "Safer handovers",
        "Ward 9",
        "Handovers in 20 minutes.",
    )


def test_a_lead_saving_twice_from_fresh_forms_is_not_refused(lead_client, project):
    url = reverse("improvement:project_charter", args=[project.pk])
    for title in ["Safer handovers", "Safest handovers"]:
        form = lead_client.get(url)
        response = lead_client.post(url, charter_data(form, project, title=title))
        assert response.status_code == 302
        project.refresh_from_db()
    assert project.title == "Safest handovers"


def test_a_stale_charter_form_cannot_undo_a_status_change(lead_client, second_lead_client, project):
    url = reverse("improvement:project_charter", args=[project.pk])
    stale_form = lead_client.get(url)
    second_lead_client.post(
        reverse("improvement:project_phase", args=[project.pk]), {"phase": "design_and_plan"}
    )

    refused = lead_client.post(url, charter_data(stale_form, project, title="Safer handovers"))

    assert error_summary(refused)[0][0] == PROJECT_CONFLICT
    project.refresh_from_db()
    assert (project.title, project.phase) == ("Better handovers", Project.Phase.DESIGN_AND_PLAN)


# PDSA cycles -------------------------------------------------------------------------------


@pytest.fixture
def cycle(project):
    return PDSACycleFactory(
        project=project,
        change_idea="SBAR handover sheet",
        plan="Try it on one shift.",
        prediction="Fewer falls.",
        start_date=datetime.date(2024, 5, 1),
    )


def pdsa_data(response, cycle, **changes):
    data = {
        "version": field_value(response, "version"),
        "change_idea": cycle.change_idea,
        "plan": cycle.plan,
        "prediction": cycle.prediction,
        "do": cycle.do,
        "study": cycle.study,
        "act": cycle.act,
        **date_fields("start_date", cycle.start_date),
        "end_date_day": "",
        "end_date_month": "",
        "end_date_year": "",
    }
    return {**data, **changes}


def test_the_second_of_two_leads_saving_a_pdsa_cycle_is_told_and_keeps_their_input(
    lead_client, second_lead_client, project, cycle
):
    url = reverse("improvement:pdsa_edit", args=[project.pk, cycle.pk])
    first_form = lead_client.get(url)
    second_form = second_lead_client.get(url)
    assert field_value(first_form, "version") == cycle.updated_at.isoformat()

    first = lead_client.post(
        url, pdsa_data(first_form, cycle, study="Handovers took 22 minutes.", act="adopt")
    )
    assert first.status_code == 302

    refused = second_lead_client.post(
        url, pdsa_data(second_form, cycle, do="Used on all shifts.", act="adapt")
    )

    assert refused.status_code == 200
    summary = error_summary(refused)
    assert summary[0] == (PDSA_CONFLICT, None)
    assert ("Act: decision is now saved as: Adopt", "#id_act") in summary
    assert field_value(refused, "do") == "Used on all shifts."
    assert field_value(refused, "study") == ""
    checked = [
        node.attrs["value"]
        for node in parse(refused).find_all("input", name="act")
        if "checked" in node.attrs
    ]
    assert checked == ["adapt"]
    cycle.refresh_from_db()
    assert (cycle.do, cycle.study, cycle.act) == ("", "Handovers took 22 minutes.", "adopt")

    again = pdsa_data(
        refused, cycle, do="Used on all shifts.", study="Handovers took 22 minutes.", act="adapt"
    )
    saved = second_lead_client.post(url, again, follow=True)

    assert error_summary(saved) == []
    assert "PDSA cycle saved." in text(saved)
    cycle.refresh_from_db()
    assert (cycle.do, cycle.study, cycle.act) == (
        "Used on all shifts.",
        "Handovers took 22 minutes.",
        "adapt",
    )


def test_adding_a_pdsa_cycle_needs_no_version(lead_client, project):
    url = reverse("improvement:pdsa_create", args=[project.pk])
    form = lead_client.get(url)
    assert field_value(form, "version") == ""

    response = lead_client.post(
        url,
        {
            "version": "",
            "change_idea": "Red aprons",
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
    )

    assert response.status_code == 302
    assert PDSACycle.objects.filter(project=project, change_idea="Red aprons").exists()
