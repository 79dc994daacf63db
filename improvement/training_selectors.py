"""Reads of QSIR training and the ward programme, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import training_tallies
from .models import Cohort, Course, Enrolment, Project, Site, Ward, Wave
from .seeding import add_months

CONFIRMED = Q(enrolments__status=Enrolment.Status.CONFIRMED)
WAITING = Q(enrolments__status=Enrolment.Status.WAITING)
REQUESTED = Q(enrolments__status=Enrolment.Status.REQUESTED)


def cohorts_with_places():
    return (
        Cohort.objects.select_related("course", "site")
        .annotate(
            confirmed=Count("enrolments", filter=CONFIRMED),
            waiting=Count("enrolments", filter=WAITING),
            requested=Count("enrolments", filter=REQUESTED),
        )
        .annotate(free_places=F("capacity") - F("confirmed"))
        .order_by("starts_on", "pk")
    )


def upcoming_cohorts(*, site=None, with_free_places=False):
    """Cohorts not started yet, soonest first."""
    cohorts = cohorts_with_places().filter(starts_on__gt=timezone.localdate())
    if site is not None:
        cohorts = cohorts.filter(site=site)
    if with_free_places:
        cohorts = cohorts.filter(free_places__gt=0)
    return cohorts.prefetch_related("sessions")


def past_cohorts():
    return cohorts_with_places().filter(starts_on__lte=timezone.localdate()).reverse()


def cohort_for_page(pk):
    queryset = cohorts_with_places().prefetch_related(
        "sessions__attendance",
        "facilitators",
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.select_related("person")
            .annotate(attended=Count("attendance"))
            # A query with a count drops Meta.ordering: the places go in the order asked.
            .order_by("created_at", "pk"),
        ),
        Prefetch("projects", queryset=Project.objects.select_related("site", "lead")),
    )
    return get_object_or_404(queryset, pk=pk)


def enrolment_of(cohort, person):
    return Enrolment.objects.filter(cohort=cohort, person=person).first()


def training_record(person):
    """The colleague's places on cohorts, newest first, with the sessions attended."""
    return (
        Enrolment.objects.filter(person=person)
        .select_related("cohort__course", "cohort__site")
        # Both counts join rows: each must be distinct, or one multiplies the other.
        .annotate(
            attended=Count("attendance", distinct=True),
            sessions=Count("cohort__sessions", distinct=True),
        )
        .order_by("-cohort__starts_on", "-pk")
    )


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


def trained_over_time(*, site=None):
    """Colleagues trained by the end of each quarter, cumulative: in each course, at each
    site, and in all (a colleague trained in both courses counts once there)."""
    rows = training_tallies.tallies(site=site)
    courses = list(Course.objects.all())
    sites = (
        [site] if site is not None else list(Site.objects.filter(cohorts__isnull=False).distinct())
    )
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
    return sum(
        row.colleagues
        for row in training_tallies.tallies(site=site)
        if row.course_id is None and row.site_id == (site.pk if site else None)
    )


def ward_programme():
    """The waves, each with its wards (site and project count), in order."""
    # A query with a count drops Meta.ordering, so the wards' order is given again.
    wards = (
        Ward.objects.select_related("site")
        .annotate(project_count=Count("projects"))
        .order_by("site", "name")
    )
    return list(Wave.objects.prefetch_related(Prefetch("wards", queryset=wards)))


def ward_for_page(pk):
    queryset = Ward.objects.select_related("site", "wave").prefetch_related(
        Prefetch("projects", queryset=Project.objects.select_related("site", "lead"))
    )
    return get_object_or_404(queryset, pk=pk)


def wards_by_site():
    """[(site, wards, joined, still to join)] for each site with wards in the programme."""
    return [
        (site, site.ward_total, site.wards_joined, site.ward_total - site.wards_joined)
        for site in Site.objects.annotate(
            ward_total=Count("wards"),
            wards_joined=Count("wards", filter=Q(wards__joined_on__isnull=False)),
        )
        .filter(ward_total__gt=0)
        .order_by("order", "name")
    ]
