import datetime

import factory
from django.utils import timezone

from tests.factories import SiteFactory, UserFactory
from training.models import Attendance, Cohort, CohortSession, Course, Enrolment, Ward, Wave


class CourseFactory(factory.django.DjangoModelFactory):
    """A five-session course, one session a week, unless told otherwise."""

    class Meta:
        model = Course

    name = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    description = "Quality, Service Improvement and Redesign."
    session_count = 5
    days_between_sessions = 7
    # Above the seeded courses' numbers: course numbers are one list.
    order = factory.Sequence(lambda n: n + 100)


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort starting in a month, with its course's sessions laid out as create_cohort
    lays them out. Pass `sessions=False` for a cohort without sessions."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    site = factory.SubFactory(SiteFactory)
    capacity = 12
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        step = datetime.timedelta(days=self.course.days_between_sessions)
        CohortSession.objects.bulk_create(
            CohortSession(cohort=self, number=number, date=self.starts_on + (number - 1) * step)
            for number in range(1, self.course.session_count + 1)
        )

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class CohortSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortSession

    cohort = factory.SubFactory(CohortFactory, sessions=False)
    number = factory.Sequence(lambda n: n + 1)
    date = factory.LazyAttribute(lambda session: session.cohort.starts_on)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A colleague's request for a place; pass `status=` for a decided one."""

    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(UserFactory)
    status = Enrolment.Status.REQUESTED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory, status=Enrolment.Status.CONFIRMED)
    session = factory.LazyAttribute(lambda attendance: attendance.enrolment.cohort.sessions.first())
    recorded_by = factory.SubFactory(UserFactory)


class WaveFactory(factory.django.DjangoModelFactory):
    """Waves one a quarter from January 2022, as the seed plans them."""

    class Meta:
        model = Wave

    number = factory.Sequence(lambda n: n + 1)
    planned_start = factory.LazyAttribute(
        lambda wave: datetime.date(2022 + (wave.number - 1) // 4, (wave.number - 1) % 4 * 3 + 1, 1)
    )
    planned_wards = 5


class WardFactory(factory.django.DjangoModelFactory):
    """A ward still to join; pass `joined_on=` and `stage=` for one in the programme."""

    class Meta:
        model = Ward

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")
    wave = factory.SubFactory(WaveFactory)
    joined_on = None
    stage = factory.LazyAttribute(
        lambda ward: Ward.Stage.PLANNED if ward.joined_on is None else Ward.Stage.DIAGNOSTIC
    )
