from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Concat

from core.presenters import details_from_columns, name_from_columns
from core.roles import IMPROVEMENT_LEADS
from core.search import contains_every_word, search_words

from .models import StaffProfile

# What a person may be found by: their name, username and email address (their account's
# columns), and their job title and department (their profile's). The picker and the staff
# search send what the user types here.
ACCOUNT_SEARCH_FIELDS = ["first_name", "last_name", "username", "email"]
PROFILE_SEARCH_FIELDS = ["job_title", "department"]
# The most people a staff search returns at once: a picker shows a short list to choose
# from, and whoever needs more types more of the name.
STAFF_RESULTS = 10


def improvement_leads(site=None):
    """The active improvement leads who work at the site, or every one of them when none
    is recorded there (or no site is given), so that somebody is always told."""
    leads = get_user_model().objects.filter(groups__name=IMPROVEMENT_LEADS, is_active=True)
    if site is not None:
        at_site = list(leads.filter(staff_profile__site=site))
        if at_site:
            return at_site
    return list(leads)


# How lists of people are ordered: by the name colleagues know them by.
NAME_ORDER = ("first_name", "last_name", "username")


def people_in_name_order():
    return get_user_model().objects.order_by(*NAME_ORDER)


def active_staff():
    """Everyone who can sign in, with what their labels show (job title, department and
    site), in name order."""
    return people_in_name_order().filter(is_active=True).select_related("staff_profile__site")


# The columns a picker's option for a person is made from (core.forms.person_option's
# name and details).
OPTION_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "username",
    "staff_profile__job_title",
    "staff_profile__department",
    "staff_profile__site__short_name",
)


def staff_options(people):
    """What a people picker shows of each of these people, {"id", "name", "details"} as
    core.forms.person_option gives it, read as values: building each person's account,
    profile and site as records costs more than the query itself."""
    return [staff_option(row) for row in people.values_list(*OPTION_COLUMNS)]


def staff_option(row):
    """What a people picker shows of a person read as OPTION_COLUMNS."""
    pk, first_name, last_name, username, job_title, department, site = row
    return {
        "id": pk,
        "name": name_from_columns(first_name, last_name, username),
        "details": details_from_columns(job_title, department, site),
    }


def members_of_staff():
    """The active staff who are colleagues: an account with admin access (staff status or
    superuser) counts as one only when it has a staff profile; without one it is an
    administrator's account, not a colleague's (nobody thanks it for anything)."""
    is_member_of_staff = Q(staff_profile__isnull=False) | Q(is_staff=False, is_superuser=False)
    return active_staff().filter(is_member_of_staff)


def active_improvement_leads():
    """The active improvement leads, for the fields only they may fill (a cohort's
    facilitators)."""
    return active_staff().filter(groups__name=IMPROVEMENT_LEADS)


# The groups a people picker may suggest only, by the name its search asks for them with
# (/people/search/?among=…): each the queryset its form's field accepts, so the type-ahead
# suggests nobody the form would refuse.
STAFF_GROUPS = {
    "improvement-leads": active_improvement_leads,
    "members-of-staff": members_of_staff,
}


def staff_matching(query, people=None):
    """The people (active staff unless `people` says whom) holding every word of the query
    in their name, username, email address, job title or department; best first: whoever
    the query names exactly (full name, username or email address), then those whose first
    or last name starts with its first word, then the rest in name order."""
    people = active_staff() if people is None else people
    words = search_words(query)
    if not words:
        return people.none()
    typed = " ".join(words)
    exact = Q(full_name__iexact=typed) | Q(username__iexact=typed) | Q(email__iexact=typed)
    starts = Q(first_name__istartswith=words[0]) | Q(last_name__istartswith=words[0])
    holding_every_word = Q()
    for word in words:
        holding_every_word &= Q(pk__in=holding(word))
    return (
        people.filter(holding_every_word)
        .annotate(
            full_name=Concat("first_name", Value(" "), "last_name"),
            closeness=Case(
                When(exact, then=0), When(starts, then=1), default=2, output_field=IntegerField()
            ),
        )
        .order_by("closeness", "first_name", "last_name", "username")
    )


def holding(word):
    """The ids of the people holding the word in their account's or their profile's
    columns, each table searched apart: so PostgreSQL reads each table's trigram indexes
    (people 0004) rather than every member of staff, which one condition across both
    tables made it do (300 ms a keystroke with 100,000 staff, against 10 ms)."""
    accounts = get_user_model().objects.filter(contains_every_word(word, ACCOUNT_SEARCH_FIELDS))
    profiles = StaffProfile.objects.filter(contains_every_word(word, PROFILE_SEARCH_FIELDS))
    return accounts.values("pk").union(profiles.values("user"))


def staff_search_page(query, *, among=None, leaving_out=None, page=1, size=STAFF_RESULTS):
    """One page of `staff_matching` over active staff, or over the group of STAFF_GROUPS
    named `among`, without the person `leaving_out` when given (a form that refuses the one
    filling it in): (people, whether more follow). Bounded: a page is at most `size`
    people, read with one query."""
    people = STAFF_GROUPS[among]() if among else active_staff()
    if leaving_out is not None:
        people = people.exclude(pk=leaving_out.pk)
    start = (page - 1) * size
    found = list(staff_matching(query, people)[start : start + size + 1])
    return found[:size], len(found) > size
