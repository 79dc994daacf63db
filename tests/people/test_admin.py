"""The staff profiles' admin: a profile's site, line manager, job title and department are
listed, searched and changed in one place."""

import pytest
from django.urls import reverse

from people.models import StaffProfile
from tests.factories import SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_profile_is_found_and_changed_in_the_admin(admin_client):
    person = UserFactory(username="rhys", first_name="Rhys", last_name="Recipient")
    manager = UserFactory(username="mona")
    site = SiteFactory(short_name="Basildon")
    profile = StaffProfile.objects.create(user=person, site=site, job_title="Ward sister")
    changelist = reverse("admin:people_staffprofile_changelist")

    found = admin_client.get(changelist, {"q": "Ward sister"}).content.decode()
    missed = admin_client.get(changelist, {"q": "no-such-text"}).content.decode()
    change = reverse("admin:people_staffprofile_change", args=[profile.pk])
    assert admin_client.get(change).status_code == 200
    response = admin_client.post(
        change,
        {
            "user": person.pk,
            "site": site.pk,
            "line_manager": manager.pk,
            "job_title": "Matron",
            "department": "Emergency",
        },
    )

    assert "Basildon" in found and "rhys" in found
    assert "rhys" not in missed
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.line_manager, profile.job_title, profile.department) == (
        manager,
        "Matron",
        "Emergency",
    )


def test_nobody_is_made_their_own_line_manager_in_the_admin(admin_client):
    person = UserFactory()
    profile = StaffProfile.objects.create(user=person)
    change = reverse("admin:people_staffprofile_change", args=[profile.pk])

    response = admin_client.post(change, {"user": person.pk, "line_manager": person.pk})

    assert response.status_code == 200
    assert "staff_profile_not_own_line_manager" in response.content.decode()
    profile.refresh_from_db()
    assert profile.line_manager is None
