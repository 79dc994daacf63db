"""Reads of QSIR training and the ward programme, each in a fixed number of queries."""

import datetime
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat, Now, TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.dates import add_months
from core.queries import CompiledOnce, built_once
from core.search import RowSearch, contains_every_word, search_words
from goals.models import Site

from . import tallies
from .models import (
    Attendance,
    Cohort,
    CohortSession,
    Course,
    Enrolment,
    Ward,
    Wave,
)


class CountRows(Func):
    """COUNT(*) without GROUP BY: a subquery of it counts the rows it matches, 0 if none."""

    template = "COUNT(*)"
    output_field = IntegerField()


def count_of(rows):
    """How many of `rows` there are (filtered on OuterRef by the caller), as a correlated
    subquery: it reads only the index entries of the outer row it is counted for, where a
    join and GROUP BY would read every row of the table before a LIMIT or a filter."""
    return Subquery(
        rows.order_by().annotate(n=CountRows()).values("n"), output_field=IntegerField()
    )


def places(status):
    return count_of(Enrolment.objects.filter(cohort=OuterRef("pk"), status=status))


# Built once (core.queries): resolving its three counts cost more than running them.
cohorts_with_places = built_once(
    lambda: (
        Cohort.objects.select_related("course", "site")
        .annotate(
            confirmed=places(Enrolment.Status.CONFIRMED),
            waiting=places(Enrolment.Status.WAITING),
            requested=places(Enrolment.Status.REQUESTED),
        )
        .annotate(free_places=F("capacity") - F("confirmed"))
        .order_by("starts_on", "pk")
    )
)


# What the dashboard lists of each of the next cohorts with free places, as plain values
# rather than a cohort, its course and its site made for each; built once (core.queries).
_cohorts_with_free_places = built_once(
    lambda: (
        Cohort.objects.annotate(
            course_name=F("course__name"),
            site_name=F("site__name"),
            free_places=F("capacity") - places(Enrolment.Status.CONFIRMED),
        )
        .filter(free_places__gt=0)
        .order_by("starts_on", "pk")
        .values_list(
            "pk",
            "name",
            "course_name",
            "site_name",
            "starts_on",
            "capacity",
            "free_places",
            named=True,
        )
    )
)


def upcoming_cohorts_with_free_places(*, limit, site=None):
    """The first `limit` cohorts not started yet with places free, soonest first, as named
    rows."""
    if site is None:
        return _upcoming_with_free_places(limit, by_site=False)()
    return _upcoming_with_free_places(limit, by_site=True)(site=site.pk)


@functools.cache
def _upcoming_with_free_places(limit, *, by_site):
    """The read of the next cohorts with free places (at a site), compiled once: "not
    started yet" compares with the local date in the database's SQL, so the text does not
    change from day to day."""
    today = TruncDate(Now())
    return CompiledOnce(
        lambda **site: _cohorts_with_free_places().filter(starts_on__gt=today, **site)[:limit],
        *(["site"] if by_site else []),
    )


# What the training page's tables of cohorts show of each, as plain values rather than a
# cohort, its course and its site made for each row; built once (core.queries), as every
# visit reads them alike.
_cohort_rows = built_once(
    lambda: (
        Cohort.objects.annotate(
            course_name=F("course__name"),
            site_short_name=F("site__short_name"),
            waiting=places(Enrolment.Status.WAITING),
            free_places=F("capacity") - places(Enrolment.Status.CONFIRMED),
        )
        .order_by("starts_on", "pk")
        .values_list(
            "pk",
            "name",
            "course_name",
            "site_short_name",
            "starts_on",
            "capacity",
            "free_places",
            "waiting",
            named=True,
        )
    )
)


def upcoming_cohort_rows():
    """upcoming_cohorts as the training page's table shows them."""
    return _cohort_rows().filter(starts_on__gt=timezone.localdate())


def past_cohort_rows():
    """Cohorts that have started, newest first, as the training page's table shows them."""
    return _cohort_rows().filter(starts_on__lte=timezone.localdate()).reverse()


def past_cohort_count():
    """How many cohorts have started: counted from the cohorts' index alone, where a count
    of past_cohort_rows would keep its joins to the courses and sites."""
    return Cohort.objects.filter(starts_on__lte=timezone.localdate()).count()


@dataclass
class CohortPage:
    """A cohort as its page shows it (cohort_for_page)."""

    # With its places counted from `places`: confirmed, waiting, requested, free_places.
    cohort: Cohort
    facilitators: list
    # Each with the count of its attendance (`attended`), in order.
    sessions: list
    # Each with the colleague's account and the count of sessions attended (`attended`), in
    # the order they were asked for.
    places: list


# Built once (core.queries), as every visit to a cohort's page reads them alike.
_cohorts = CompiledOnce.filtered(lambda: Cohort.objects.select_related("course", "site"), "pk")
_facilitators = CompiledOnce.filtered(lambda: get_user_model().objects.all(), "facilitated_cohorts")
_sessions = CompiledOnce.filtered(lambda: CohortSession.objects.order_by("number"), "cohort")
_places = CompiledOnce.filtered(lambda: Enrolment.objects.order_by("created_at", "pk"), "cohort")
_attendance = built_once(lambda: Attendance.objects.values_list("session_id", "enrolment_id"))


def cohort_for_page(pk):
    """The cohort with its facilitators, its sessions and its places, each session and
    place with the count of its attendance, in six queries. Read one by one rather than
    prefetched: the prefetches' machinery cost more than the queries."""
    cohort = _cohorts.first_or_404("No such cohort.", pk=pk)
    sessions = _sessions(cohort=cohort.pk)
    places = _places(cohort=cohort.pk)
    # The people are read by key in a query of their own: joined to the places, PostgreSQL
    # may read every account to find a cohort's few.
    people = get_user_model().objects.in_bulk({place.person_id for place in places})
    # Colleagues attend their own cohort's sessions only: the records of its sessions are
    # every record of its places, so both are counted from them, read as pairs of keys.
    by_session, by_place = Counter(), Counter()
    for session_pk, enrolment_pk in _attendance().filter(session__in=sessions):
        by_session[session_pk] += 1
        by_place[enrolment_pk] += 1
    for session in sessions:
        session.attended = by_session[session.pk]
    for place in places:
        place.person = people[place.person_id]
        place.attended = by_place[place.pk]
    statuses = Counter(place.status for place in places)
    cohort.confirmed = statuses[Enrolment.Status.CONFIRMED]
    cohort.waiting = statuses[Enrolment.Status.WAITING]
    cohort.requested = statuses[Enrolment.Status.REQUESTED]
    cohort.free_places = cohort.capacity - cohort.confirmed
    return CohortPage(
        cohort=cohort,
        facilitators=_facilitators(facilitated_cohorts=cohort.pk),
        sessions=sessions,
        places=places,
    )


def get_cohort(pk):
    """The cohort with its places counted, so a colleague asking is told whether it is full."""
    return get_object_or_404(cohorts_with_places(), pk=pk)


def enrolment_for_change(pk):
    """A place, with the colleague and the cohort its banner and redirect name."""
    return get_object_or_404(Enrolment.objects.select_related("person", "cohort"), pk=pk)


@dataclass
class Register:
    """A session's attendance register: the places confirmed on its cohort, by name, and the
    ids of those recorded as present."""

    session: CohortSession
    confirmed: QuerySet
    present: list


def get_session(cohort_pk, number):
    return get_object_or_404(
        CohortSession.objects.select_related("cohort__course", "cohort__site"),
        cohort_id=cohort_pk,
        number=number,
    )


def register(cohort_pk, number):
    session = get_object_or_404(
        CohortSession.objects.select_related("cohort__course", "cohort__site"),
        cohort_id=cohort_pk,
        number=number,
    )
    confirmed = (
        session.cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED)
        .select_related("person")
        .order_by("person__first_name", "person__last_name")
    )
    present = list(session.attendance.values_list("enrolment_id", flat=True))
    return Register(session=session, confirmed=confirmed, present=present)


def get_person(pk):
    return get_object_or_404(get_user_model(), pk=pk)


def training_record(person):
    """The colleague's places on cohorts, newest first, with the sessions attended."""
    record = list(
        Enrolment.objects.filter(person=person)
        .select_related("cohort__course", "cohort__site")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.only("pk", "enrolment_id")),
            Prefetch("cohort__sessions", queryset=CohortSession.objects.only("pk", "cohort_id")),
        )
        .order_by("-cohort__starts_on", "-pk")
    )
    for enrolment in record:
        enrolment.attended = len(enrolment.attendance.all())
        enrolment.sessions = len(enrolment.cohort.sessions.all())
    return record


@dataclass
class TrainedQuarter:
    start: object
    by_course: list
    by_site: list
    colleagues: int

    @property
    def last_month(self):
        return add_months(self.start, 2)

    @property
    def label(self):
        return f"{self.start:%B} to {self.last_month:%B %Y}"

    @property
    def short_label(self):
        return f"Q{(self.start.month - 1) // 3 + 1} {self.start:%y}"


# The courses, and the sites with cohorts, that the chart of colleagues trained shows: built
# once (core.queries), as the dashboard reads them on every visit.
_courses = CompiledOnce(lambda: Course.objects.all())
# Each site asked whether it has a cohort (by the cohorts' site index), not every cohort
# joined and made distinct: 3 ms of the database's at scale 100's 5,900 cohorts.
_sites_with_cohorts = CompiledOnce(
    lambda: Site.objects.filter(Exists(Cohort.objects.filter(site=OuterRef("pk"))))
)


def trained_over_time(*, site=None, first_from=None, first_to=None):
    """Colleagues trained by the end of each quarter, cumulative: in each course, at each
    site, and in all (a colleague trained in both courses counts once there); only those
    first trained between the dates, when given."""
    rows = tallies.tallies(site=site, first_from=first_from, first_to=first_to)
    courses = _courses()
    sites = [site] if site is not None else _sites_with_cohorts()
    if not rows:
        return courses, sites, []
    first_trained = {(row.quarter, row.course_id, row.site_id): row.colleagues for row in rows}
    # (course id, site id) of each running count; None is every course or every site.
    here = None if site is None else site.pk
    keys = [(None, here), *((course.pk, here) for course in courses)]
    if site is None:
        keys += [(None, each.pk) for each in sites]
    running, quarters = dict.fromkeys(keys, 0), []
    start, last = min(row.quarter for row in rows), max(row.quarter for row in rows)
    while start <= last:
        for key in keys:
            running[key] += first_trained.get((start, *key), 0)
        quarters.append(
            TrainedQuarter(
                start=start,
                by_course=[running[(course.pk, here)] for course in courses],
                by_site=[running[(None, each.pk)] for each in sites],
                colleagues=running[(None, here)],
            )
        )
        start = add_months(start, 3)
    return courses, sites, quarters


def trained_count(*, site=None):
    """Colleagues trained in QI: each counts once, however many courses they completed."""
    _, _, quarters = trained_over_time(site=site)
    return trained_by_now(quarters)


def trained_by_now(quarters):
    """Colleagues trained so far: the running count at the end of the last quarter."""
    return quarters[-1].colleagues if quarters else 0


# What the programme's page shows of each ward, as plain values rather than a ward and its
# site made for each; built once (core.queries), as every visit reads it alike. "projects"
# are improvement's projects run on the ward (Project.programme_ward): named by the
# relation, as training never imports improvement.
_programme_wards = CompiledOnce(
    lambda: Ward.objects.annotate(
        site_short_name=F("site__short_name"),
        project_count=count_of(
            Ward._meta.get_field("projects").related_model.objects.filter(
                programme_ward=OuterRef("pk")
            )
        ),
    ).values_list(
        "pk",
        "name",
        "wave_id",
        "site_short_name",
        "joined_on",
        "stage",
        "project_count",
        named=True,
    )
)


def ward_programme():
    """[(wave, its wards)] in order, each ward with its site's short name and its count of
    projects, in the wards' order (site, then name)."""
    wards = defaultdict(list)
    for ward in _programme_wards():
        wards[ward.wave_id].append(ward)
    return [(wave, wards[wave.pk]) for wave in Wave.objects.all()]


def ward_for_page(pk):
    return get_object_or_404(Ward.objects.select_related("site", "wave"), pk=pk)


# Built once (core.queries): the programme's page reads it on every visit alike.
_sites_with_wards = CompiledOnce(
    lambda: (
        Site.objects.annotate(
            ward_total=Count("wards"),
            wards_joined=Count("wards", filter=Q(wards__joined_on__isnull=False)),
        )
        .filter(ward_total__gt=0)
        # A query that counts drops the model's ordering: named here, it is the model's.
        .order_by(*Site._meta.ordering)
    )
)


def wards_by_site():
    """[(site, wards, joined, still to join)] for each site with wards in the programme."""
    return [
        (site, site.ward_total, site.wards_joined, site.ward_total - site.wards_joined)
        for site in _sites_with_wards()
    ]


# What the site search shows of a cohort (the tags of strategy_portal's search_results):
# PostgreSQL keeps the words of its name and its course's in a column (training 0005), and
# looks for words as typed in its name alone, so both are found by indexes (training 0006).
FOUND_COHORTS = RowSearch(
    Cohort.objects.all,
    ["name", "course__name"],
    ("pk", "name", "starts_on", "course__name", "site__short_name"),
    stored_document="search_document",
    typed_fields=["name"],
)


def search_training(query, limit):
    """QSIR cohorts whose name or course holds every word of the query, for the site
    search."""
    return {"cohorts": FOUND_COHORTS(query, limit)}


# How far either side of a project's start a cohort it ran during may have started: a QSIR
# course runs for five weeks, and a team may start its project some months into or before
# the course.
COHORT_WINDOW_MONTHS = 6
COHORT_WINDOW = datetime.timedelta(days=COHORT_WINDOW_MONTHS * 366 // 12)


def cohorts_for_project(*, site, start_date, keep=None):
    """The cohorts a project at the site starting on start_date may have run during: the
    site's cohorts that started within COHORT_WINDOW of it, newest first, with the cohort it
    names already (`keep`, a pk) wherever and whenever that ran. A few hundred a site a year
    at NHS scale, so they are searched (`cohorts_matching`), never listed; each with the day
    of its last session as `ends_on`, for the pickers' details."""
    around = Q(site=site, starts_on__range=(start_date - COHORT_WINDOW, start_date + COHORT_WINDOW))
    last_session = CohortSession.objects.filter(cohort=OuterRef("pk")).order_by("-date")
    return (
        Cohort.objects.filter(around | Q(pk=keep))
        .select_related("course", "site")
        .annotate(ends_on=Subquery(last_session.values("date")[:1]))
        .order_by("-starts_on", "-pk")
    )


# What a cohort may be found by: its own name ("March 2026 (3)"), its course's and its site's.
COHORT_SEARCH_FIELDS = ["name", "course__name", "site__name", "site__short_name"]
MONTHS = [datetime.date(2000, month, 1).strftime("%B").lower() for month in range(1, 13)]
# The most cohorts a cohort search returns at once, as the staff search: type more for others.
COHORT_RESULTS = 10


def month_or_year(word):
    """A condition on a cohort's start for a word naming a month ("mar", "March") or a year
    ("2026"); None for any other word."""
    word = word.lower()
    if len(word) == 4 and word.isdecimal():
        return Q(starts_on__year=int(word))
    if len(word) >= 3:
        months = [number for number, name in enumerate(MONTHS, start=1) if name.startswith(word)]
        if months:
            return Q(starts_on__month__in=months)
    return None


def cohorts_matching(query, cohorts):
    """The cohorts holding every word of the query in their name, their course's or their
    site's, or starting in the month or year it names; best first: one the query names
    exactly (its name, or its course and name as "Course: name") annotated with `closeness`
    0, then the rest newest first."""
    # Without its colon, a cohort's name as the picker shows it ("QSIR Practitioner: May
    # 2025") finds it when typed.
    words = search_words(query.replace(":", " "))
    if not words:
        return cohorts.none()
    every_word = Q()
    for word in words:
        in_text = contains_every_word(word, COHORT_SEARCH_FIELDS)
        when = month_or_year(word)
        every_word &= (in_text | when) if when is not None else in_text
    typed = " ".join(words)
    return (
        cohorts.filter(every_word)
        .annotate(
            called=Concat("course__name", Value(": "), "name"),
            closeness=Case(
                When(Q(name__iexact=typed) | Q(called__iexact=typed), then=0),
                default=1,
                output_field=IntegerField(),
            ),
        )
        .order_by("closeness", "-starts_on", "-pk")
    )


def cohort_search_page(query, cohorts, *, size=COHORT_RESULTS):
    """The first `size` of `cohorts_matching` the query, and whether more match: one query."""
    found = list(cohorts_matching(query, cohorts)[: size + 1])
    return found[:size], len(found) > size


def wards_for_project(*, site, keep=None):
    """The programme's wards at the project's site, with the ward it names already (`keep`,
    a pk) wherever that is."""
    # Without one, no "or": the ORM builds and compiles a condition's every part each time.
    at_site = Q(site=site) if keep is None else Q(site=site) | Q(pk=keep)
    return Ward.objects.filter(at_site).select_related("site")
