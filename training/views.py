"""The QSIR training and ward programme pages: each parses the request, calls a selector or a
service and renders a presenter's output; who may use it is said by its decorators
(roles.requires)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.presenters import person_name
from core.roles import posting, requires

from . import presenters, selectors, services
from .forms import AttendanceForm, CancelSessionForm, CohortForm, MoveSessionForm, WardForm
from .roles import MANAGE_TRAINING


def someone_elses_record(request, user_pk=None):
    return user_pk is not None and user_pk != request.user.pk


@login_required
def training(request):
    return render(request, "training/training.html", presenters.training_page(request))


@login_required
@requires(MANAGE_TRAINING)
def cohort_create(request):
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.create_cohort(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, presenters.cohort_created(cohort))
            return redirect(cohort)
    return render(request, "training/cohort_form.html", {"form": form})


@login_required
def cohort_detail(request, pk):
    page = selectors.cohort_for_page(pk)
    return render(
        request, "training/cohort_detail.html", presenters.cohort_page(page, request.user)
    )


def _act_on_place(request, action, success):
    """Run a service that changes a place and say how it went in a banner."""
    try:
        enrolment = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success(enrolment))


@login_required
@require_POST
def cohort_ask(request, pk):
    cohort = selectors.get_cohort(pk)
    _act_on_place(
        request,
        lambda: services.ask_for_place(cohort=cohort, person=request.user),
        lambda enrolment: presenters.place_asked(cohort),
    )
    return redirect(cohort)


@login_required
@require_POST
@requires(MANAGE_TRAINING)
def enrolment_confirm(request, pk):
    enrolment = selectors.enrolment_for_change(pk)
    _act_on_place(
        request,
        lambda: services.confirm_place(enrolment=enrolment, decided_by=request.user),
        lambda done: f"{person_name(done.person)}: {done.get_status_display().lower()}.",
    )
    return redirect(enrolment.cohort)


@login_required
@require_POST
def enrolment_withdraw(request, pk):
    # A colleague gives up their own place; taking back someone else's is for a lead, which
    # the service checks, as only the place says whose it is.
    enrolment = selectors.enrolment_for_change(pk)
    status_before = enrolment.status
    _act_on_place(
        request,
        lambda: services.withdraw(enrolment=enrolment, withdrawn_by=request.user),
        lambda done: presenters.place_withdrawn(status_before),
    )
    return redirect(enrolment.cohort)


@login_required
@requires(MANAGE_TRAINING)
def session_attendance(request, pk, number):
    register = selectors.register(pk, number)
    session = register.session
    form = AttendanceForm(
        request.POST or None,
        session=session,
        enrolments=register.confirmed,
        initial={"present": [str(enrolment_pk) for enrolment_pk in register.present]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(
                session=session, present=form.present_enrolments(), recorded_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Attendance at session {session.number} saved.")
            return redirect(session.cohort)
    return render(request, "training/attendance_form.html", {"session": session, "form": form})


@login_required
@requires(MANAGE_TRAINING)
def session_change(request, pk, number):
    """Move a session to another day, or cancel it; those with a place are told."""
    session = selectors.get_session(pk, number)
    posted = request.POST if request.method == "POST" else None
    move = MoveSessionForm(posted if posted and "move" in posted else None, prefix="move")
    cancel = CancelSessionForm(posted if posted and "cancel" in posted else None, prefix="cancel")
    changed = None
    if move.is_bound and move.is_valid():
        changed = _change_session(
            move,
            lambda: services.move_session(
                session=session, date=move.cleaned_data["date"], moved_by=request.user
            ),
        )
    elif cancel.is_bound and cancel.is_valid():
        changed = _change_session(
            cancel,
            lambda: services.cancel_session(
                session=session, reason=cancel.cleaned_data["reason"], cancelled_by=request.user
            ),
        )
    if changed is not None:
        messages.success(request, presenters.session_changed(changed))
        return redirect(changed.cohort)
    return render(
        request,
        "training/session_change.html",
        {"session": session, "move": move, "cancel": cancel},
    )


def _change_session(form, change):
    """The session the service changed, or None with its refusal shown on the form."""
    try:
        return change()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@login_required
@requires(MANAGE_TRAINING, when=someone_elses_record)
def training_record(request, user_pk=None):
    person = (
        selectors.get_person(user_pk) if someone_elses_record(request, user_pk) else request.user
    )
    return render(
        request,
        "training/training_record.html",
        {"person": person, "record": selectors.training_record(person)},
    )


@login_required
def ward_programme(request):
    return render(request, "training/ward_programme.html", presenters.ward_programme_page())


@login_required
@requires(MANAGE_TRAINING, when=posting)
def ward_detail(request, pk):
    ward = selectors.ward_for_page(pk)
    form = None
    if MANAGE_TRAINING.allows(request.user):
        form = WardForm(
            request.POST or None, initial={"stage": ward.stage, "joined_on": ward.joined_on}
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_ward(ward=ward, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{ward} saved.")
            return redirect(ward)
    return render(request, "training/ward_detail.html", {"ward": ward, "form": form})
