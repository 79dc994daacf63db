"""The demo's QSIR training and ward programme, reproducing seed 003.

Over 700 colleagues trained across both courses: a one-day course every month and the
five-week course four times a year, the last ones run before the day the demo is loaded and
the next ones after it, some colleagues taking both; sixty wards across the three sites
joining in the seeded waves of five every three months up to December 2024, two of them a
quarter late and two still to join, each at the stage its time in the programme has
brought it to by today. Completions are computed from the attendance records, as the
portal computes them.
"""

import datetime

from django.contrib.auth import get_user_model

from core.dates import add_months
from core.history import record_versions
from people.demo_jobs import job_and_department
from people.models import StaffProfile

from .models import Attendance, Cohort, CohortSession, Course, Enrolment, Ward, Wave
from .services import create_cohort, laid_out_sessions, update_completions
from .tallies import quarter_start

ONE_DAY_COHORTS = 44  # monthly, up to the last one before today
ONE_DAY_DAY = 12  # of the month
ONE_DAY_PLACES, ONE_DAY_TAKEN = 16, 15  # and one colleague a cohort does not come
FIVE_WEEK_COHORTS = 15  # quarterly, up to the last one finished before today
FIVE_WEEK_DAY = 8  # of the quarter's first month
FIVE_WEEK_PLACES = 12
FIVE_WEEK_MISSED = 2  # colleagues a cohort who miss a session, so are not trained
ONE_DAY_GRADUATES_ON_FIVE_WEEK = 54  # colleagues who took the one-day course first
WARDS_PER_SITE = 20
LATE_WARDS = 2
LATE_WAVE = 8
WARDS_STILL_TO_JOIN = 2
BATCH = 2000


def make_training(rng, scale, sites, staff, leads, today, log):
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

    one_day_next, five_week_next = next_cohort_months(today)
    cohorts = planned_cohorts(
        one_day,
        ONE_DAY_COHORTS * scale,
        scale,
        first=add_months(one_day_next, -ONE_DAY_COHORTS),
        months_apart=1,
        day=ONE_DAY_DAY,
        capacity=ONE_DAY_PLACES,
        groups=chunks(one_day_people, ONE_DAY_TAKEN),
        absent=1,
        sites=sites,
    ) + planned_cohorts(
        five_week,
        FIVE_WEEK_COHORTS * scale,
        scale,
        first=add_months(five_week_last_finished(today), -3 * (FIVE_WEEK_COHORTS - 1)),
        months_apart=3,
        day=FIVE_WEEK_DAY,
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

    make_upcoming_cohorts(one_day_next, five_week_next, one_day, five_week, sites, leads, staff)
    log(f"Demo training: {len(cohorts)} cohorts, {len(people)} colleagues")
    return [cohort for cohort, _, _ in cohorts if cohort.course_id == five_week.pk]


def chunks(people, size):
    return [people[start : start + size] for start in range(0, len(people), size)]


def next_cohort_months(today):
    """The months of the next one-day and five-week cohorts: those starting after today."""
    this_month, this_quarter = today.replace(day=1), quarter_start(today)
    one_day = this_month if today < this_month.replace(day=ONE_DAY_DAY) else add_months(today, 1)
    starts = this_quarter.replace(day=FIVE_WEEK_DAY)
    return one_day, this_quarter if today < starts else add_months(this_quarter, 3)


def five_week_last_finished(today):
    """The month of the last five-week cohort whose five weekly sessions were all before today
    (the one running now, if one is, is left out)."""
    this_quarter = quarter_start(today)
    last_session = this_quarter.replace(day=FIVE_WEEK_DAY) + datetime.timedelta(weeks=4)
    return this_quarter if last_session < today else add_months(this_quarter, -3)


def planned_cohorts(
    course, count, scale, *, first, months_apart, day, capacity, groups, absent, sites
):
    """(cohort, its colleagues, how many of them miss a session) for a course run `scale`
    times every `months_apart` months from the month `first`."""
    cohorts = []
    for index in range(count):
        month = add_months(first, months_apart * (index // scale))
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


def make_upcoming_cohorts(one_day_next, five_week_next, one_day, five_week, sites, leads, staff):
    """Cohorts after today, so there is always a next one to ask for a place on; the places
    go to colleagues with no QSIR training yet. The first five-week cohort is full, with a
    waiting list."""
    plans = [
        (
            one_day,
            add_months(one_day_next, offset).replace(day=ONE_DAY_DAY),
            sites[offset % len(sites)],
            16,
            9,
        )
        for offset in range(3)
    ]
    plans += [
        (five_week, five_week_next.replace(day=FIVE_WEEK_DAY), sites[0], 12, 12),
        (five_week, add_months(five_week_next, 3).replace(day=FIVE_WEEK_DAY), sites[1], 12, 4),
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


def make_ward_programme(rng, sites, today, log):
    """The wards, in their waves, at the stage each has reached by today; return them. No
    ward joined after today: one whose wave is still to come has not joined yet."""
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
        if ward.joined_on is not None and ward.joined_on > today:
            ward.joined_on = None
        # Wards move at their own pace: some take two or three times as long.
        ward.stage = stage_reached(ward.joined_on, today, pace=rng.choice([1, 1, 1, 1.5, 2, 3]))
    Ward.objects.bulk_create(wards, batch_size=BATCH)
    record_versions(Ward, wards)

    log(f"Demo ward programme: {len(wards)} wards in {len(waves)} waves")
    return wards


def stage_reached(joined_on, today, *, pace):
    if joined_on is None:
        return Ward.Stage.PLANNED
    months = max(0, (today - joined_on).days // 30) / pace
    if months >= 24:
        return Ward.Stage.SUSTAINING
    if months >= 12:
        return Ward.Stage.EMBEDDING
    if months >= 4:
        return Ward.Stage.TESTING
    return Ward.Stage.DIAGNOSTIC
