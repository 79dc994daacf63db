"""Every change to QSIR training and the ward programme goes through these functions.

As in services.py, each checks the acting user's permission itself, validates what it
writes, and runs in one transaction. A cohort's row is locked while its places change, so
two leads confirming at once cannot overfill it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.caching import record_change
from core.history import links_recorded_with_next_save, made_by, record_versions
from core.presenters import person_name
from core.roles import require
from notifications.models import Kind
from notifications.services import notify
from people.selectors import improvement_leads

from .models import Attendance, Cohort, CohortSession, Enrolment, Ward
from .roles import MANAGE_TRAINING


@transaction.atomic
def create_cohort(*, created_by, course, name, site, capacity, starts_on, facilitators=()):
    """A cohort with its course's sessions laid out from the first one's date."""
    require(MANAGE_TRAINING, created_by)
    cohort = Cohort(course=course, name=name, site=site, capacity=capacity, starts_on=starts_on)
    made_by(created_by, cohort)
    cohort.full_clean()
    with links_recorded_with_next_save(cohort):
        cohort.save()
        cohort.facilitators.set(facilitators)
    record_versions(Cohort, [cohort])
    bulk_create_with_history(laid_out_sessions(cohort), CohortSession, default_user=created_by)
    return cohort


def laid_out_sessions(cohort):
    """The cohort's sessions, not yet saved: its course's number of them, the first on the
    cohort's first day and the rest at the course's usual interval."""
    course = cohort.course
    return [
        CohortSession(
            cohort=cohort,
            number=number,
            date=cohort.starts_on
            + datetime.timedelta(days=(number - 1) * course.days_between_sessions),
        )
        for number in range(1, course.session_count + 1)
    ]


def _locked(cohort):
    return Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)


@transaction.atomic
def ask_for_place(*, cohort, person):
    """The colleague's request for a place, waiting for a lead to confirm it."""
    cohort = _locked(cohort)
    if cohort.starts_on <= timezone.localdate():
        raise ValidationError("This cohort has started: ask for a place on a later one.")
    if Enrolment.objects.filter(
        person=person, cohort__course=cohort.course, completed_on__isnull=False
    ).exists():
        raise ValidationError(f"You are already trained in the {cohort.course}.")
    enrolment = Enrolment.objects.filter(cohort=cohort, person=person).first()
    if enrolment is not None and enrolment.is_active:
        raise ValidationError(
            f"You have already asked for a place on this cohort: "
            f"{enrolment.get_status_display().lower()}."
        )
    if enrolment is None:
        enrolment = Enrolment(cohort=cohort, person=person)
    else:
        # Asking again after giving a place up is a new request: the waiting list goes in
        # the order colleagues asked, so it must not keep the first request's place.
        enrolment.created_at = timezone.now()
    enrolment.status = Enrolment.Status.REQUESTED
    enrolment.decided_by = None
    made_by(person, enrolment)
    enrolment.save()
    # The cohort's facilitators confirm places; without any, the leads of its site.
    notify(
        list(cohort.facilitators.all()) or improvement_leads(cohort.site),
        kind=Kind.PLACE_ASKED,
        title=f"{person_name(person)} asked for a place on {cohort}",
        url=cohort.get_absolute_url(),
        leave_out=[person],
    )
    return enrolment


@transaction.atomic
def confirm_place(*, enrolment, decided_by):
    """Confirm the place if the cohort has one free, else put the colleague on its waiting
    list; returns the enrolment with its new status."""
    require(MANAGE_TRAINING, decided_by)
    cohort = _locked(enrolment.cohort)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status not in (Enrolment.Status.REQUESTED, Enrolment.Status.WAITING):
        raise ValidationError(
            f"This place is {enrolment.get_status_display().lower()}: there is nothing to confirm."
        )
    confirmed = cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED).count()
    if confirmed < cohort.capacity:
        enrolment.status = Enrolment.Status.CONFIRMED
    else:
        enrolment.status = Enrolment.Status.WAITING
    enrolment.decided_by = decided_by
    made_by(decided_by, enrolment)
    enrolment.save(update_fields=["status", "decided_by", "updated_at"])
    if enrolment.status == Enrolment.Status.CONFIRMED:
        title = f"Your place on {cohort} is confirmed"
    else:
        title = f"{cohort} is full: you are on its waiting list"
    notify([enrolment.person], kind=Kind.PLACE, title=title, url=cohort.get_absolute_url())
    return enrolment


@transaction.atomic
def withdraw(*, enrolment, withdrawn_by):
    """Give up a place (the colleague) or take it back (a lead); a confirmed place freed
    goes to the first colleague on the waiting list."""
    if withdrawn_by.pk != enrolment.person_id:
        require(MANAGE_TRAINING, withdrawn_by)
    cohort = _locked(enrolment.cohort)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if not enrolment.is_active:
        raise ValidationError("This place has already been given up.")
    if enrolment.completed_on is not None:
        raise ValidationError("This colleague has completed the course: the place stays.")
    freed = enrolment.status == Enrolment.Status.CONFIRMED
    enrolment.status = Enrolment.Status.WITHDRAWN
    made_by(withdrawn_by, enrolment)
    enrolment.save(update_fields=["status", "updated_at"])
    if freed:
        first_waiting = cohort.enrolments.filter(status=Enrolment.Status.WAITING).first()
        if first_waiting is not None:
            first_waiting.status = Enrolment.Status.CONFIRMED
            # The place moved on because of this withdrawal: its history names who made it.
            made_by(withdrawn_by, first_waiting)
            first_waiting.save(update_fields=["status", "updated_at"])
            notify(
                [first_waiting.person],
                kind=Kind.PLACE,
                title=f"A place came free on {cohort}: it is yours",
                url=cohort.get_absolute_url(),
            )
    return enrolment


@transaction.atomic
def record_attendance(*, session, present, recorded_by):
    """Record who was at a session (the confirmed colleagues in `present`, everyone else
    absent), then mark as trained those who have now attended every session."""
    require(MANAGE_TRAINING, recorded_by)
    cohort = _locked(session.cohort)
    if CohortSession.objects.filter(pk=session.pk, cancelled_on__isnull=False).exists():
        raise ValidationError(f"Session {session.number} was cancelled: nobody attended it.")
    if session.date > timezone.localdate():
        raise ValidationError(
            f"Session {session.number} is on {session.date:%-d %B %Y}: record its attendance "
            "on or after that day."
        )
    # Each colleague once, however often the form names them.
    present = list({enrolment.pk: enrolment for enrolment in present}.values())
    not_confirmed = [
        enrolment
        for enrolment in present
        if enrolment.cohort_id != cohort.pk or enrolment.status != Enrolment.Status.CONFIRMED
    ]
    if not_confirmed:
        raise ValidationError("Only colleagues with a confirmed place can attend a session.")
    absent = list(session.attendance.exclude(enrolment__in=present))
    made_by(recorded_by, *absent)
    for attendance in absent:
        attendance.delete()
    already = set(session.attendance.values_list("enrolment_id", flat=True))
    bulk_create_with_history(
        [
            Attendance(session=session, enrolment=enrolment, recorded_by=recorded_by)
            for enrolment in present
            if enrolment.pk not in already
        ],
        Attendance,
        default_user=recorded_by,
    )
    update_completions(cohort, recorded_by=recorded_by)


def update_completions(cohort, *, recorded_by=None):
    """Set each place's completion from the attendance records: the day of the last
    session for those who attended them all, none for anyone else. The places whose
    completion changes get a history entry naming `recorded_by`, whose attendance moved it
    (nobody, for the demo's)."""
    sessions = list(cohort.sessions.filter(cancelled_on=None).order_by("number"))
    last_day = max(session.date for session in sessions) if sessions else None
    enrolments = cohort.enrolments.annotate(
        attended=Count("attendance", filter=Q(attendance__session__cohort=cohort))
    )
    changed = []
    for enrolment in enrolments:
        completed_on = last_day if sessions and enrolment.attended == len(sessions) else None
        if enrolment.completed_on != completed_on:
            enrolment.completed_on = completed_on
            changed.append(enrolment)
    # One query for the places and one for their history, however many changed.
    bulk_update_with_history(changed, Enrolment, ["completed_on"], default_user=recorded_by)
    # Bulk writes send no signals: what is cached from training must still move on.
    record_change("training")


def _session_for_change(session):
    session = CohortSession.objects.select_for_update().select_related("cohort").get(pk=session.pk)
    if session.cancelled_on is not None:
        raise ValidationError(f"Session {session.number} was cancelled: it cannot be changed.")
    if session.attendance.exists():
        raise ValidationError(
            f"Session {session.number} has been held (its attendance is recorded): it cannot "
            "be moved or cancelled."
        )
    return session


@transaction.atomic
def move_session(*, session, date, moved_by):
    """Hold the session on another day, and tell everyone with a place."""
    require(MANAGE_TRAINING, moved_by)
    session = _session_for_change(session)
    if date < timezone.localdate():
        raise ValidationError({"date": "Enter a date that is today or in the future"})
    if date == session.date:
        raise ValidationError({"date": f"Session {session.number} is already on that day"})
    moved_from = session.date
    session.date = date
    made_by(moved_by, session)
    session.save(update_fields=["date", "updated_at"])
    tell_session_moved(session, moved_from)
    return session


def tell_session_moved(session, moved_from):
    """Tell those with a place, or asking or waiting for one, that the session is on
    another day."""
    notify(
        _told_of_sessions(session.cohort),
        kind=Kind.PLACE,
        title=(
            f"Session {session.number} of {session.cohort} has moved from "
            f"{moved_from:%-d %B %Y} to {session.date:%A %-d %B %Y}"
        ),
        url=session.cohort.get_absolute_url(),
    )


@transaction.atomic
def cancel_session(*, session, reason, cancelled_by):
    """Call the session off, saying why, and tell everyone with a place; completing the
    course then takes the other sessions."""
    require(MANAGE_TRAINING, cancelled_by)
    session = _session_for_change(session)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the session is cancelled"})
    session.cancelled_on = timezone.localdate()
    session.cancel_reason = reason
    made_by(cancelled_by, session)
    session.save(update_fields=["cancelled_on", "cancel_reason", "updated_at"])
    notify(
        _told_of_sessions(session.cohort),
        kind=Kind.PLACE,
        title=(
            f"Session {session.number} of {session.cohort} on {session.date:%A %-d %B %Y} "
            "is cancelled"
        ),
        body=reason,
        url=session.cohort.get_absolute_url(),
    )
    update_completions(session.cohort, recorded_by=cancelled_by)
    return session


def _told_of_sessions(cohort):
    return [
        enrolment.person
        for enrolment in cohort.enrolments.exclude(
            status=Enrolment.Status.WITHDRAWN
        ).select_related("person")
    ]


@transaction.atomic
def update_ward(*, ward, changed_by, stage, joined_on):
    """Move a ward on through the programme."""
    require(MANAGE_TRAINING, changed_by)
    if stage != Ward.Stage.PLANNED and joined_on is None:
        raise ValidationError({"joined_on": "Enter the day the ward joined the programme."})
    if stage == Ward.Stage.PLANNED and joined_on is not None:
        # The programme's figures count a ward with a joining date as joined.
        raise ValidationError({"joined_on": "Leave the date blank while the ward is planned."})
    if joined_on is not None and joined_on > timezone.localdate():
        # A ward that has not joined yet is planned; its wave says when it is due.
        raise ValidationError(
            {"joined_on": "The date the ward joined the programme must be today or in the past."}
        )
    ward = Ward.objects.get(pk=ward.pk)
    ward.stage = stage
    ward.joined_on = joined_on
    made_by(changed_by, ward)
    ward.full_clean()
    ward.save(update_fields=["stage", "joined_on", "updated_at"])
    return ward
