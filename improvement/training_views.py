from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.pagination import paginate
from core.presenters import person_name

from . import training_selectors as selectors
from . import training_services as services
from .models import Cohort, CohortSession, Enrolment
from .roles import can_manage_training
from .training_forms import AttendanceForm, CohortForm, WardForm
from .training_presenters import ward_totals, wave_progress


def require_training_manager(user):
    if not can_manage_training(user):
        raise PermissionDenied("Only improvement leads can run QSIR training.")


@login_required
def training(request):
    manager = can_manage_training(request.user)
    return render(
        request,
        "improvement/training.html",
        {
            "upcoming": selectors.upcoming_cohorts(),
            "record": selectors.training_record(request.user),
            "past": paginate(request, selectors.past_cohorts()) if manager else None,
            "can_manage": manager,
        },
    )


@login_required
def cohort_create(request):
    require_training_manager(request.user)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.create_cohort(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{cohort} created with {cohort.sessions.count()} sessions.")
            return redirect(cohort)
    return render(request, "improvement/cohort_form.html", {"form": form})


@login_required
def cohort_detail(request, pk):
    cohort = selectors.cohort_for_page(pk)
    manager = can_manage_training(request.user)
    enrolments = list(cohort.enrolments.all())
    return render(
        request,
        "improvement/cohort_detail.html",
        {
            "cohort": cohort,
            "sessions": list(cohort.sessions.all()),
            "mine": next((e for e in enrolments if e.person_id == request.user.pk), None),
            "enrolments": enrolments if manager else None,
            "can_manage": manager,
            "today": timezone.localdate(),
        },
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
    cohort = get_object_or_404(Cohort, pk=pk)
    _act_on_place(
        request,
        lambda: services.ask_for_place(cohort=cohort, person=request.user),
        lambda enrolment: "You have asked for a place. An improvement lead will confirm it.",
    )
    return redirect(cohort)


@login_required
@require_POST
def enrolment_confirm(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.select_related("person", "cohort"), pk=pk)
    _act_on_place(
        request,
        lambda: services.confirm_place(enrolment=enrolment, decided_by=request.user),
        lambda done: f"{person_name(done.person)}: {done.get_status_display().lower()}.",
    )
    return redirect(enrolment.cohort)


@login_required
@require_POST
def enrolment_withdraw(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.select_related("person", "cohort"), pk=pk)
    _act_on_place(
        request,
        lambda: services.withdraw(enrolment=enrolment, withdrawn_by=request.user),
        lambda done: "The place has been given up.",
    )
    return redirect(enrolment.cohort)


@login_required
def session_attendance(request, pk, number):
    require_training_manager(request.user)
    session = get_object_or_404(
        CohortSession.objects.select_related("cohort__course", "cohort__site"),
        cohort_id=pk,
        number=number,
    )
    confirmed = session.cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED).select_related(
        "person"
    )
    initial = [str(pk) for pk in session.attendance.values_list("enrolment_id", flat=True)]
    form = AttendanceForm(
        request.POST or None,
        session=session,
        enrolments=confirmed.order_by("person__first_name", "person__last_name"),
        initial={"present": initial},
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
    return render(request, "improvement/attendance_form.html", {"session": session, "form": form})


@login_required
def training_record(request, user_pk=None):
    if user_pk is None or user_pk == request.user.pk:
        person = request.user
    else:
        require_training_manager(request.user)
        person = get_object_or_404(get_user_model(), pk=user_pk)
    return render(
        request,
        "improvement/training_record.html",
        {"person": person, "record": selectors.training_record(person)},
    )


@login_required
def ward_programme(request):
    waves = wave_progress(selectors.ward_programme())
    return render(
        request,
        "improvement/ward_programme.html",
        {"waves": waves, "totals": ward_totals(waves), "by_site": selectors.wards_by_site()},
    )


@login_required
def ward_detail(request, pk):
    ward = selectors.ward_for_page(pk)
    manager = can_manage_training(request.user)
    form = None
    if manager:
        form = WardForm(
            request.POST or None, initial={"stage": ward.stage, "joined_on": ward.joined_on}
        )
    elif request.method == "POST":
        raise PermissionDenied("Only improvement leads can change the ward programme.")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_ward(ward=ward, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{ward} saved.")
            return redirect(ward)
    return render(request, "improvement/ward_detail.html", {"ward": ward, "form": form})
