"""The people pickers without JavaScript (core/forms.py): a name typed is resolved by the
form, which asks which person is meant when several match and keeps what was typed."""

import datetime

import pytest
from django.urls import reverse

from improvement.models import Project
from people.models import StaffProfile
from tests.factories import SiteFactory, UserFactory
from tests.html import checked_values, error_summary, field_value, parse, text
from tests.improvement.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def person(first, last, *, job_title="", department="", site=None, **fields):
    user = UserFactory(first_name=first, last_name=last, **fields)
    StaffProfile.objects.create(user=user, job_title=job_title, department=department, site=site)
    return user


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def project(lead_user, site, objective):
    return ProjectFactory(
        title="Better handovers", lead=lead_user, site=site, objectives=[objective]
    )


def charter(project, **changes):
    """The charter as the form shows it, with the pickers' boxes typed into."""
    data = {
        "title": project.title,
        "problem_statement": "Handovers overrun.",
        "aim": "Handovers in 20 minutes by March.",
        "lead": project.lead_id,
        "lead-name": project.lead.get_full_name(),
        "sponsor-name": "",
        "team-name": "",
        "site": project.site_id,
        "ward": "Ward 9",
        "objectives": [objective.pk for objective in project.objectives.all()],
        **date_fields("start_date", datetime.date(2024, 4, 1)),
        **date_fields("target_date", datetime.date(2025, 3, 31)),
        "health_inequalities": "reduces",
        "health_inequalities_notes": "",
        "measures": "",
    }
    data.update(changes)
    return data


def url(project):
    return reverse("improvement:project_charter", args=[project.pk])


def test_a_name_typed_picks_the_one_person_it_matches(lead_client, project):
    priya = person("Priya", "Shah", job_title="Matron")
    person("Ben", "Adams")

    response = lead_client.post(url(project), charter(project, **{"sponsor-name": "priya"}))

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).sponsor == priya


def test_an_email_address_or_job_title_picks_the_person_too(lead_client, project):
    priya = person("Priya", "Shah", email="p.shah@nhs.example", job_title="Matron")
    ben = person("Ben", "Adams", job_title="Porter")

    lead_client.post(
        url(project),
        charter(project, **{"sponsor-name": "P.Shah@nhs.example", "team-name": "porter"}),
    )

    project.refresh_from_db()
    assert project.sponsor == priya
    assert list(project.team.all()) == [ben]


def test_namesakes_are_offered_with_what_tells_them_apart_and_the_choice_is_kept(
    lead_client, project
):
    basildon, southend = SiteFactory(short_name="Basildon"), SiteFactory(short_name="Southend")
    nurse = person(
        "Alex", "Morris", job_title="Staff nurse", department="Cardiology", site=basildon
    )
    porter = person("Alex", "Morris", job_title="Porter", department="Estates", site=southend)

    response = lead_client.post(url(project), charter(project, **{"sponsor-name": "alex morris"}))

    assert response.status_code == 200
    assert error_summary(response) == [
        ("More than one person matches “alex morris”: select the one you mean", "#id_sponsor")
    ]
    assert field_value(response, "sponsor-name") == "alex morris"
    page = text(response)
    assert "Select one of these people for “alex morris”" in page
    assert "Staff nurse, Cardiology, Basildon" in page
    assert "Porter, Estates, Southend" in page
    radios = list(parse(response).find_all("input", name="sponsor"))
    assert {radio.attrs["type"] for radio in radios} == {"radio"}
    assert {radio.attrs["value"] for radio in radios} == {str(nurse.pk), str(porter.pk)}
    assert Project.objects.get(pk=project.pk).sponsor is None

    response = lead_client.post(
        url(project), charter(project, sponsor=porter.pk, **{"sponsor-name": "alex morris"})
    )

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).sponsor == porter


def test_a_name_matching_nobody_or_too_many_is_refused_and_kept(lead_client, project):
    for number in range(11):
        person("Sam", f"Jones {number}")

    response = lead_client.post(
        url(project), charter(project, **{"sponsor-name": "Zebedee", "team-name": "Sam"})
    )

    assert error_summary(response) == [
        (
            "No one matches “Zebedee”: check the spelling, or enter their email address",
            "#id_sponsor",
        ),
        (
            "More than 10 people match “Sam”: enter more of their name, or their email address",
            "#id_team",
        ),
    ]
    assert field_value(response, "sponsor-name") == "Zebedee"
    assert field_value(response, "team-name") == "Sam"
    assert list(parse(response).find_all("input", name="team")) == []


def test_an_emptied_lead_box_is_asked_for_by_name(lead_client, project):
    response = lead_client.post(url(project), charter(project, **{"lead-name": "  "}))

    assert error_summary(response) == [("Enter the lead's name", "#id_lead")]


def test_a_changed_name_is_resolved_afresh_not_the_person_chosen_before(lead_client, project):
    priya = person("Priya", "Shah")

    lead_client.post(url(project), charter(project, **{"lead-name": "Priya Shah"}))

    assert Project.objects.get(pk=project.pk).lead == priya


def test_the_team_is_ticked_people_plus_those_typed_and_unticking_takes_them_off(
    lead_client, project
):
    ben, priya, sam = person("Ben", "Adams"), person("Priya", "Shah"), person("Sam", "Okafor")
    project.team.set([ben, priya])

    page = lead_client.get(url(project))

    assert checked_values(page, "team") == {str(ben.pk), str(priya.pk)}
    lead_client.post(url(project), charter(project, team=[priya.pk], **{"team-name": "sam; Ben"}))

    assert set(Project.objects.get(pk=project.pk).team.all()) == {priya, sam, ben}


def test_a_team_name_resolved_while_another_field_is_wrong_shows_as_chosen(lead_client, project):
    sam = person("Sam", "Okafor", job_title="Physiotherapist")
    person("Alex", "Morris", job_title="Porter")
    namesake = person("Alex", "Morris", job_title="Midwife")

    response = lead_client.post(
        url(project), charter(project, title="", **{"team-name": "Sam; Alex Morris"})
    )

    assert checked_values(response, "team") == {str(sam.pk)}
    assert field_value(response, "team-name") == "Alex Morris"
    assert "Physiotherapist" in text(response)
    boxes = list(parse(response).find_all("input", name="team"))
    assert len(boxes) == 3  # Sam ticked, and both Alex Morrises to choose from

    lead_client.post(
        url(project),
        charter(project, team=[sam.pk, namesake.pk], **{"team-name": "Alex Morris"}),
    )

    assert set(Project.objects.get(pk=project.pk).team.all()) == {sam, namesake}


def test_the_charter_shows_the_chosen_people_with_their_details(lead_client, project, site):
    StaffProfile.objects.create(
        user=project.lead, job_title="Improvement lead", department="Quality", site=site
    )

    response = lead_client.get(url(project))

    assert field_value(response, "lead-name") == "Lena Lead"
    assert parse(response).find("input", name="lead").attrs["type"] == "hidden"
    assert "Improvement lead, Quality, Basildon" in text(response)


def test_the_charter_shown_afresh_ticks_its_active_team_and_names_its_sponsor(
    lead_client, project, site
):
    """The charter reads its people as values, once for its three pickers
    (improvement.selectors.charter_people): each shows its own, a colleague who has left
    the team's list not at all."""
    sponsor = person("Sita", "Sponsor", job_title="Director of nursing", site=site)
    member = person("Tom", "Team", department="Theatres")
    gone = person("Gwen", "Gone", is_active=False)
    project.sponsor = sponsor
    project.save()
    project.team.set([member, gone])

    response = lead_client.get(url(project))

    assert field_value(response, "sponsor-name") == "Sita Sponsor"
    assert parse(response).find("input", name="sponsor").attrs["value"] == str(sponsor.pk)
    assert checked_values(response, "team") == {str(member.pk)}
    assert "Tom Team Theatres" in text(response)
    assert "Gwen Gone" not in text(response)


def test_an_inactive_person_cannot_be_chosen_by_id(lead_client, project):
    gone = person("Gwen", "Gone", is_active=False)

    response = lead_client.post(
        url(project), charter(project, sponsor=gone.pk, **{"sponsor-name": "Gwen Gone"})
    )

    assert error_summary(response)[0][0].startswith("No one matches “Gwen Gone”")
    assert Project.objects.get(pk=project.pk).sponsor is None


@pytest.mark.parametrize("posted", ["99999999999999999999", "9223372036854775808"])
def test_an_id_no_record_could_have_is_refused_not_looked_up(lead_client, project, posted):
    """An id longer than the id column holds is nobody's: the form says so, where SQLite
    refused to look it up (a server error)."""
    # Posted as a form without the picker's text box would post it: the id alone.
    data = charter(project, lead=posted)
    del data["lead-name"]

    response = lead_client.post(url(project), data)

    assert error_summary(response) == [
        ("Select someone else: the person selected cannot be chosen here", "#id_lead")
    ]
    assert Project.objects.get(pk=project.pk).lead == project.lead
