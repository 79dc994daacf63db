"""The staff search behind the people pickers' type-ahead (people:staff_search)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.prepared import readable
from core.roles import IMPROVEMENT_LEADS
from people.models import StaffProfile
from people.selectors import STAFF_RESULTS
from tests.factories import SiteFactory, UserFactory
from tests.html import login_url

pytestmark = pytest.mark.django_db

URL = reverse("people:staff_search")


@pytest.fixture
def staff_client(client):
    """Signed in as a colleague whose name no search here finds (the factories' own names
    are random, and could)."""
    client.force_login(UserFactory(username="searcher", first_name="Sid", last_name="Searcher"))
    return client


def person(first, last, *, job_title="", department="", site=None, **fields):
    user = UserFactory(first_name=first, last_name=last, **fields)
    StaffProfile.objects.create(user=user, job_title=job_title, department=department, site=site)
    return user


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_only_signed_in_staff_may_search(anonymous_client, staff_client):
    person("Priya", "Shah")

    response = anonymous_client.get(URL, {"q": "Priya"})

    assert (response.status_code, response["Location"]) == (302, login_url(f"{URL}?q=Priya"))
    assert staff_client.post(URL, {"q": "Priya"}).status_code == 405
    assert [found["name"] for found in search(staff_client, q="Priya")["results"]] == ["Priya Shah"]


def test_it_answers_with_what_tells_namesakes_apart_and_nothing_more(staff_client):
    basildon = SiteFactory(short_name="Basildon")
    nurse = person(
        "Alex",
        "Morris",
        job_title="Staff nurse",
        department="Emergency department",
        site=basildon,
        email="alex.morris@nhs.example",
    )
    UserFactory(first_name="Alex", last_name="Morris", username="alex.no.profile")

    answer = search(staff_client, q="alex morris")

    assert answer["more"] is False
    found = {result["id"]: result for result in answer["results"]}
    assert len(found) == 2
    assert found[nurse.pk] == {
        "id": nurse.pk,
        "name": "Alex Morris",
        "job_title": "Staff nurse",
        "department": "Emergency department",
        "site": "Basildon",
        "details": "Staff nurse, Emergency department, Basildon",
        "label": "Alex Morris (Staff nurse, Emergency department, Basildon)",
    }
    assert [result["details"] for result in found.values()].count("") == 1
    assert "alex.morris@nhs.example" not in str(answer)
    assert "alex.no.profile" not in str(answer)


@pytest.mark.parametrize(
    "query",
    ["Priya", "shah", "priya shah", "p.shah", "p.shah@nhs.example", "midwife", "maternity"],
)
def test_it_finds_people_by_name_username_email_job_title_or_department(staff_client, query):
    priya = person(
        "Priya",
        "Shah",
        username="p.shah",
        email="p.shah@nhs.example",
        job_title="Midwife",
        department="Maternity",
    )
    person("Ben", "Adams", job_title="Porter", department="Estates")

    assert [found["id"] for found in search(staff_client, q=query)["results"]] == [priya.pk]


def test_it_finds_only_people_who_can_sign_in(staff_client):
    person("Priya", "Shah", is_active=False)

    assert search(staff_client, q="Priya")["results"] == []
    assert search(staff_client, q="")["results"] == []
    assert search(staff_client, q="   ")["results"] == []


def test_the_person_named_exactly_comes_first_then_names_starting_with_the_query(staff_client):
    person("Reuben", "Clarke")
    person("Ben", "Adamson")
    exact = person("Ben", "Adams")

    names = [found["name"] for found in search(staff_client, q="Ben Adams")["results"]]
    assert names == ["Ben Adams", "Ben Adamson"]
    assert search(staff_client, q="ben")["results"][0]["name"] in {"Ben Adams", "Ben Adamson"}
    assert search(staff_client, q="ben")["results"][-1]["name"] == "Reuben Clarke"
    assert search(staff_client, q="Ben Adams")["results"][0]["id"] == exact.pk


def test_a_search_is_bounded_and_paged_in_one_query(staff_client):
    for number in range(STAFF_RESULTS * 2 + 3):
        person("Sam", f"Jones {number:02}")
    staff_client.get(URL, {"q": "Sam"})  # the session and user, read once per request

    with CaptureQueriesContext(connection) as first_page:
        answer = search(staff_client, q="Sam")
    searches = [
        query for query in first_page.captured_queries if "auth_user" in readable(query["sql"])
    ]
    third = search(staff_client, q="Sam", page=3)
    far = search(staff_client, q="Sam", page=999999)

    assert len(answer["results"]) == STAFF_RESULTS
    assert answer["more"] is True
    assert (len(third["results"]), third["more"], third["page"]) == (3, False, 3)
    assert far["results"] == [] and far["page"] == 20
    assert len(searches) == 2  # the signed-in user, then the search itself


def test_a_long_query_is_cut_to_the_searches_bound(staff_client):
    person("Priya", "Shah")

    answer = search(staff_client, q="Priya " + "x" * 5000)

    assert answer["results"] == []


def test_a_picker_that_accepts_only_improvement_leads_is_offered_only_them(staff_client):
    lead = person("Priya", "Shah", job_title="Improvement lead")
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    person("Priya", "Sharma", job_title="Staff nurse")
    retired = person("Priya", "Shaw", is_active=False)
    retired.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))

    leads = search(staff_client, q="priya", among="improvement-leads")
    everyone = search(staff_client, q="priya")

    assert [found["id"] for found in leads["results"]] == [lead.pk]
    assert len(everyone["results"]) == 2


def test_a_picker_that_accepts_only_members_of_staff_is_not_offered_admin_accounts(staff_client):
    """The thank-you card's picker asks for members of staff: an administrator's account
    (admin access and no staff profile) is no colleague a card can be sent to."""
    nurse = person("Priya", "Shah", job_title="Staff nurse")
    editor = person("Priya", "Sharma", job_title="Communications officer", is_staff=True)
    UserFactory(first_name="Priya", last_name="Shaw", is_staff=True, is_superuser=True)
    UserFactory(first_name="Priya", last_name="Singh", is_staff=True)

    colleagues = search(staff_client, q="priya", among="members-of-staff")
    everyone = search(staff_client, q="priya")

    assert [found["id"] for found in colleagues["results"]] == [nurse.pk, editor.pk]
    assert len(everyone["results"]) == 4


def test_a_group_the_search_does_not_know_is_refused(staff_client):
    person("Priya", "Shah")

    response = staff_client.get(URL, {"q": "priya", "among": "superusers"})

    assert response.status_code == 400
    assert "Priya" not in response.content.decode()


def test_a_picker_that_refuses_the_person_searching_is_not_offered_them(client):
    """The thank-you card's picker asks with ?not_me=1: its sender is no colleague to thank."""
    me = person("Priya", "Shah")
    namesake = person("Priya", "Sharma")
    client.force_login(me)

    without_me = search(client, q="priya", not_me="1")
    everyone = search(client, q="priya")

    assert [found["id"] for found in without_me["results"]] == [namesake.pk]
    assert {found["id"] for found in everyone["results"]} == {me.pk, namesake.pk}
    # Named exactly, the person searching is still left out.
    assert search(client, q="Priya Shah", not_me="1")["results"] == []


def test_leaving_out_the_person_searching_keeps_to_the_group_asked_for(client):
    me = person("Priya", "Shah")
    other_lead = person("Priya", "Sharma")
    person("Priya", "Shaw")  # not a lead
    for lead in (me, other_lead):
        lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    client.force_login(me)

    found = search(client, q="priya", among="improvement-leads", not_me="1")

    assert [found["id"] for found in found["results"]] == [other_lead.pk]
