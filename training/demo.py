"""The demo's QSIR training and ward programme, reproducing seed 003.

Over 700 colleagues trained across both courses: a one-day course every month and the
five-week course four times a year since April 2021, some colleagues taking both; sixty
wards across the three sites joining in waves of five every three months up to December
2024, two of them a quarter late and two still to join. Completions are computed from the
attendance records, as the portal computes them.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.dates import add_months
from core.history import record_versions
from people.demo import job_and_department
from people.models import StaffProfile

from .models import Attendance, Cohort, CohortSession, Course, Enrolment, Ward, Wave
from .services import create_cohort, laid_out_sessions, update_completions
from .tallies import quarter_start

TRAINING_START = datetime.date(2021, 4, 1)
ONE_DAY_COHORTS = 44  # monthly, April 2021 to November 2024
ONE_DAY_PLACES, ONE_DAY_TAKEN = 16, 15  # and one colleague a cohort does not come
FIVE_WEEK_COHORTS = 15  # quarterly, April 2021 to October 2024
FIVE_WEEK_PLACES = 12
FIVE_WEEK_MISSED = 2  # colleagues a cohort who miss a session, so are not trained
ONE_DAY_GRADUATES_ON_FIVE_WEEK = 54  # colleagues who took the one-day course first
WARDS_PER_SITE = 20
LATE_WARDS = 2
LATE_WAVE = 8
WARDS_STILL_TO_JOIN = 2
# The stage a ward has reached is judged at the end of the planned programme.
PROGRAMME_REVIEW = datetime.date(2025, 1, 1)
BATCH = 2000


def make_training(rng, scale, sites, staff, leads, log):
    """The courses' cohorts with their places and attendance; return the five-week cohorts,
    which improvement programmes are wrapped around."""
    courses = {course.slug: course for course in Course.objects.all()}
    if {"qsir-one-day", "qsir-five-week"} - courses.keys():
        raise ValueError("Load the QSIR courses first: run `manage.py seed`.")
    one_day, five_week = courses["qsir-one-day"], courses["qsir-five-week"]

    one_day_count = ONE_DAY_TAKEN * ONE_DAY_COHORTS * scale
    five_week_new = (
        FIVE_WEEK_PLACES * FIVE_WEEK_COHORTS * scale - ONE_DAY_GRADUATES_ON_FIVE_WEEK * scale
    )
    people = make_trainees(one_day_count + five_week_new, sites)
    one_day_people = people[:one_day_count]
    # The first one-day graduates join the last five-week cohorts, so they took both.
    five_week_people = (
        people[one_day_count:] + one_day_people[: ONE_DAY_GRADUATES_ON_FIVE_WEEK * scale]
    )

    cohorts = planned_cohorts(
        one_day,
        ONE_DAY_COHORTS * scale,
        scale,
        months_apart=1,
        day=12,
        capacity=ONE_DAY_PLACES,
        groups=chunks(one_day_people, ONE_DAY_TAKEN),
        absent=1,
        sites=sites,
    ) + planned_cohorts(
        five_week,
        FIVE_WEEK_COHORTS * scale,
        scale,
        months_apart=3,
        day=8,
        capacity=FIVE_WEEK_PLACES,
        groups=chunks(five_week_people, FIVE_WEEK_PLACES),
        absent=FIVE_WEEK_MISSED,
        sites=sites,
    )
    Cohort.objects.bulk_create([cohort for cohort, _, _ in cohorts], batch_size=BATCH)
    Facilitator = Cohort.facilitators.through
    Facilitator.objects.bulk_create(
        [
            Facilitator(cohort_id=cohort.pk, user_id=lead.pk)
            for cohort, _, _ in cohorts
            for lead in rng.sample(leads, k=2)
        ],
        batch_size=BATCH,
    )

    sessions = {cohort.pk: laid_out_sessions(cohort) for cohort, _, _ in cohorts}
    CohortSession.objects.bulk_create(
        [session for cohort_sessions in sessions.values() for session in cohort_sessions],
        batch_size=BATCH,
    )

    enrolments = [
        Enrolment(
            cohort=cohort,
            person=person,
            status=Enrolment.Status.CONFIRMED,
            decided_by=leads[0],
        )
        for cohort, cohort_people, _ in cohorts
        for person in cohort_people
    ]
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    # Their first entries before completions are computed, which write the next ones.
    record_versions(Enrolment, enrolments)
    by_cohort = {}
    for enrolment in enrolments:
        by_cohort.setdefault(enrolment.cohort_id, []).append(enrolment)

    attendance = []
    for cohort, _, absent in cohorts:
        cohort_sessions = sessions[cohort.pk]
        places = by_cohort[cohort.pk]
        for position, enrolment in enumerate(places):
            # The last few miss the middle session (the one-day course's only one).
            missed = position >= len(places) - absent
            for session in cohort_sessions:
                if missed and session.number == (len(cohort_sessions) + 1) // 2:
                    continue
                attendance.append(
                    Attendance(session=session, enrolment=enrolment, recorded_by=leads[0])
                )
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    for cohort, _, _ in cohorts:
        update_completions(cohort)
    # Written in bulk, the records got no history: their first entries, as the demo made them.
    record_versions(Cohort, [cohort for cohort, _, _ in cohorts])
    record_versions(
        CohortSession,
        [session for cohort_sessions in sessions.values() for session in cohort_sessions],
    )
    record_versions(Attendance, attendance)

    make_upcoming_cohorts(one_day, five_week, sites, leads, staff)
    log(f"Demo training: {len(cohorts)} cohorts, {len(people)} colleagues")
    return [cohort for cohort, _, _ in cohorts if cohort.course_id == five_week.pk]


def chunks(people, size):
    return [people[start : start + size] for start in range(0, len(people), size)]


def planned_cohorts(course, count, scale, *, months_apart, day, capacity, groups, absent, sites):
    """(cohort, its colleagues, how many of them miss a session) for a course run `scale`
    times every `months_apart` months from the start of the training."""
    cohorts = []
    for index in range(count):
        month = add_months(TRAINING_START, months_apart * (index // scale))
        cohorts.append(
            (
                Cohort(
                    course=course,
                    name=f"{month:%B %Y}" + (f" ({index % scale + 1})" if scale > 1 else ""),
                    site=sites[index % len(sites)],
                    capacity=capacity,
                    starts_on=month.replace(day=day),
                ),
                groups[index],
                absent,
            )
        )
    return cohorts


def make_trainees(count, sites):
    User = get_user_model()
    first_names = ["Alex", "Bola", "Cara", "Dan", "Esme", "Finn", "Gita", "Hugo", "Ines", "Joe"]
    last_names = ["Morris", "Patel", "Quinn", "Reid", "Shah", "Turner", "Upton", "Vaughan"]
    User.objects.bulk_create(
        (
            User(
                username=f"demo.trainee.{number}",
                first_name=first_names[number % len(first_names)],
                last_name=f"{last_names[number // len(first_names) % len(last_names)]} (demo)",
                email=f"demo.trainee.{number}@example.nhs.uk",
                password="!",  # unusable: demo people cannot log in
            )
            for number in range(count)
        ),
        batch_size=BATCH,
    )
    people = list(User.objects.filter(username__startswith="demo.trainee.").order_by("pk"))
    # Where each works and what they do: the demo has about ten colleagues of each name,
    # told apart by these.
    profiles = []
    for number, person in enumerate(people):
        job_title, department = job_and_department(number)
        profiles.append(
            StaffProfile(
                user=person,
                site=sites[number % len(sites)],
                job_title=job_title,
                department=department,
            )
        )
    StaffProfile.objects.bulk_create(profiles, batch_size=BATCH)
    record_versions(StaffProfile, profiles)
    return people


def make_upcoming_cohorts(one_day, five_week, sites, leads, staff):
    """Cohorts after today, so there is always a next one to ask for a place on; the places
    go to colleagues with no QSIR training yet."""
    today = timezone.localdate()
    next_month = add_months(today, 1)
    plans = [
        (one_day, add_months(next_month, offset).replace(day=12), sites[offset % len(sites)], 16, 9)
        for offset in range(3)
    ]
    next_quarter = add_months(quarter_start(today), 3)
    plans += [
        (five_week, next_quarter.replace(day=8), sites[0], 12, 12),
        (five_week, add_months(next_quarter, 3).replace(day=8), sites[1], 12, 4),
    ]
    offset = 0
    for course, starts_on, site, capacity, taken in plans:
        cohort = create_cohort(
            created_by=leads[0],
            course=course,
            name=f"{starts_on:%B %Y}",
            site=site,
            capacity=capacity,
            starts_on=starts_on,
            facilitators=leads[:2],
        )
        chosen = staff[offset : offset + taken + 2]
        offset += taken + 2
        confirmed = Enrolment.Status.CONFIRMED
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(cohort=cohort, person=person, status=confirmed, decided_by=leads[0])
                for person in chosen[:taken]
            ]
            + [Enrolment(cohort=cohort, person=person) for person in chosen[taken:]]
        )
        record_versions(Enrolment, enrolments)


def make_ward_programme(rng, sites, log):
    """The wards, in their waves; return them."""
    waves = list(Wave.objects.all())
    if not waves:
        raise ValueError("Load the ward programme first: run `manage.py seed`.")
    names = [f"Ward {number}" for number in range(1, WARDS_PER_SITE + 1)]
    wards = []
    slots = [(site, name) for name in names for site in sites]
    for wave in waves:
        for _ in range(wave.planned_wards):
            if not slots:
                break
            site, name = slots.pop(0)
            joined = wave.planned_start + datetime.timedelta(days=rng.randrange(14, 80))
            wards.append(Ward(site=site, name=name, wave=wave, joined_on=joined))
    late = [ward for ward in wards if ward.wave.number == LATE_WAVE][:LATE_WARDS]
    for ward in late:
        ward.joined_on = add_months(ward.joined_on, 3)
    for ward in wards[-WARDS_STILL_TO_JOIN:]:
        ward.joined_on = None
    for ward in wards:
        ward.stage = stage_at_review(ward.joined_on)
    Ward.objects.bulk_create(wards, batch_size=BATCH)
    record_versions(Ward, wards)

    log(f"Demo ward programme: {len(wards)} wards in {len(waves)} waves")
    return wards


def stage_at_review(joined_on):
    if joined_on is None:
        return Ward.Stage.PLANNED
    months = max(0, (PROGRAMME_REVIEW - joined_on).days // 30)
    if months >= 24:
        return Ward.Stage.SUSTAINING
    if months >= 12:
        return Ward.Stage.EMBEDDING
    if months >= 4:
        return Ward.Stage.TESTING
    return Ward.Stage.DIAGNOSTIC
