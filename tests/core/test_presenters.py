"""Display logic every app shares."""

import pytest

from core.presenters import person_details, person_label, person_name
from people.models import StaffProfile
from tests.factories import SiteFactory, UserFactory


@pytest.mark.django_db
def test_people_are_named_as_staff_know_them():
    assert person_name(UserFactory(first_name="Ada", last_name="Nurse")) == "Ada Nurse"
    assert person_name(UserFactory(username="a.nurse", first_name="", last_name="")) == "a.nurse"
    assert person_name(None) == ""


@pytest.mark.django_db
def test_a_person_is_told_apart_by_their_job_title_department_and_site():
    nurse = UserFactory(first_name="Alex", last_name="Morris")
    StaffProfile.objects.create(
        user=nurse,
        job_title="Staff nurse",
        department="Cardiology",
        site=SiteFactory(short_name="Basildon"),
    )
    porter = UserFactory(first_name="Alex", last_name="Morris")
    StaffProfile.objects.create(user=porter, job_title="Porter")
    unknown = UserFactory(first_name="Alex", last_name="Morris")

    assert person_details(nurse) == "Staff nurse, Cardiology, Basildon"
    assert person_label(nurse) == "Alex Morris (Staff nurse, Cardiology, Basildon)"
    assert person_label(porter) == "Alex Morris (Porter)"
    assert (person_details(unknown), person_label(unknown)) == ("", "Alex Morris")
