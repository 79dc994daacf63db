"""A project charter's ward in the ward programme: the wards offered are those of the site on
the form, as the user changes it (its script asks improvement:charter_wards; without
JavaScript, the form sent back offers the new site's), and a ward of another site is refused
by name."""

import pytest
from django.urls import reverse

from tests.factories import SiteFactory
from tests.html import error_summary, parse
from tests.improvement.charter_answers import charter
from tests.improvement.factories import ProjectFactory
from tests.training.factories import WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def basildon():
    return SiteFactory(short_name="Basildon", name="Basildon University Hospital")


@pytest.fixture
def southend():
    return SiteFactory(short_name="Southend", name="Southend University Hospital")


@pytest.fixture
def project(basildon):
    return ProjectFactory(title="Better handovers", site=basildon)


def charter_url(project):
    return reverse("improvement:project_charter", args=[project.pk])


def save(client, project, **overrides):
    return client.post(charter_url(project), charter(project, **overrides))


def ward_options(page):
    select = parse(page).find("select", name="programme_ward")
    return [option.text for option in select.find_all("option")]


def refused_at(site):
    return (
        f"Select one of the programme's wards at {site.short_name}, or that it is not in the "
        "ward programme",
        "#id_programme_ward",
    )


def test_a_charter_sent_back_with_another_site_offers_that_sites_wards(
    lead_client, project, basildon, southend
):
    WardFactory(site=basildon, name="Ward 1")
    WardFactory(site=southend, name="Ward 2")

    # Without JavaScript: the site changed, and the form shown again for another field.
    response = save(lead_client, project, site=southend.pk, title="")

    assert ward_options(response) == ["Not in the ward programme", "Ward 2, Southend"]


def test_a_ward_of_the_new_site_is_saved_with_it(lead_client, project, southend):
    ward = WardFactory(site=southend, name="Ward 2")

    response = save(lead_client, project, site=southend.pk, programme_ward=ward.pk)

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.site, project.programme_ward) == (southend, ward)


def test_a_ward_of_another_site_is_refused_by_the_sites_name(
    lead_client, project, basildon, southend
):
    elsewhere = WardFactory(site=southend, name="Ward 2")

    response = save(lead_client, project, programme_ward=elsewhere.pk)

    assert error_summary(response) == [refused_at(basildon)]
    project.refresh_from_db()
    assert project.programme_ward is None


def test_the_ward_saved_is_refused_once_the_site_changes(lead_client, basildon, southend):
    ward = WardFactory(site=basildon, name="Ward 1")
    project = ProjectFactory(site=basildon, programme_ward=ward)

    response = save(lead_client, project, site=southend.pk, programme_ward=ward.pk)

    assert error_summary(response) == [refused_at(southend)]
    assert ward_options(response) == ["Not in the ward programme"]
    project.refresh_from_db()
    assert (project.site, project.programme_ward) == (basildon, ward)


def test_a_ward_saved_at_another_site_is_shown_and_must_be_changed(lead_client, basildon, southend):
    """A charter saved before wards were checked against its site keeps showing its ward, so
    that saving tells the lead rather than dropping the ward unseen."""
    WardFactory(site=basildon, name="Ward 1")
    elsewhere = WardFactory(site=southend, name="Ward 2")
    project = ProjectFactory(site=basildon, programme_ward=elsewhere)

    page = lead_client.get(charter_url(project))
    response = save(lead_client, project, programme_ward=elsewhere.pk)

    assert ward_options(page) == [
        "Not in the ward programme",
        "Ward 1, Basildon",
        "Ward 2, Southend",
    ]
    assert error_summary(response) == [refused_at(basildon)]
    assert save(lead_client, project, programme_ward="").status_code == 302
    project.refresh_from_db()
    assert project.programme_ward is None


# The ward select's options, as its script asks for them -----------------------------------


def options(client, project, **params):
    response = client.get(reverse("improvement:charter_wards", args=[project.pk]), params)
    assert response.status_code == 200
    return [option["label"] for option in response.json()["options"]]


def test_the_options_are_the_wards_of_the_site_asked_for(lead_client, project, basildon, southend):
    first = WardFactory(site=southend, name="Ward 2")
    WardFactory(site=basildon, name="Ward 1")

    answer = lead_client.get(
        reverse("improvement:charter_wards", args=[project.pk]), {"site": southend.pk}
    ).json()

    assert answer == {"options": [{"value": first.pk, "label": "Ward 2, Southend"}]}
    # No site, or one that is not, gives the wards of the site saved.
    assert options(lead_client, project) == ["Ward 1, Basildon"]
    assert options(lead_client, project, site="nowhere") == ["Ward 1, Basildon"]


def test_the_ward_saved_is_offered_with_the_site_saved_only(lead_client, basildon, southend):
    WardFactory(site=basildon, name="Ward 1")
    elsewhere = WardFactory(site=southend, name="Ward 3")
    project = ProjectFactory(site=basildon, programme_ward=elsewhere)

    assert options(lead_client, project, site=basildon.pk) == [
        "Ward 1, Basildon",
        "Ward 3, Southend",
    ]
    assert options(lead_client, project, site=southend.pk) == ["Ward 3, Southend"]


def test_the_charter_page_names_the_options_address_and_the_field_they_follow(lead_client, project):
    select = parse(lead_client.get(charter_url(project))).find("select", name="programme_ward")

    assert select.attrs["data-follows"] == "site"
    assert select.attrs["data-options-url"] == reverse(
        "improvement:charter_wards", args=[project.pk]
    )


def test_only_those_who_may_edit_the_charter_ask_for_its_wards(staff_client, project):
    url = reverse("improvement:charter_wards", args=[project.pk])

    assert staff_client.get(url).status_code == 403
