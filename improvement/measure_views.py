"""A measure's page and the lead's changes to it: values added, pasted or uploaded,
rebases, the measure itself. Each view parses, calls one selector or service and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.presenters import plural
from core.roles import requires

from . import chart_downloads, exports, measure_services, record_pages, selectors
from .measure_forms import (
    DataPointDeletionForm,
    DataPointForm,
    DataUploadForm,
    MeasureForm,
    RebaseForm,
    RebaseRemovalForm,
)
from .roles import MANAGE_PROJECTS


@login_required
def measure_detail(request, pk):
    measure = selectors.measure_for_page(pk)
    return render(
        request, "improvement/measure_detail.html", record_pages.measure_page(measure, request.user)
    )


@login_required
def measure_csv(request, pk):
    measure = selectors.measure_for_page(pk)
    return exports.measure_csv_response(measure, selectors.data_points_of(measure))


@login_required
def measure_svg(request, pk):
    page = record_pages.measure_chart_page(selectors.measure_for_page(pk))
    return chart_downloads.svg_response(page)


@login_required
def measure_png(request, pk):
    page = record_pages.measure_chart_page(selectors.measure_for_page(pk))
    return chart_downloads.png_response(page)


def _measure_action(
    request, pk, form_class, form_name, act, *, files=False, form_kwargs=lambda measure: {}
):
    """Apply a lead's form on the measure page; when it fails, show the page again with the
    form's errors and what was typed."""
    if request.method != "POST":
        return redirect("improvement:measure", pk=pk)
    measure = selectors.measure_for_page(pk)
    form = form_class(request.POST, request.FILES if files else None, **form_kwargs(measure))
    if form.is_valid():
        try:
            message = act(measure, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(measure)
    page = record_pages.measure_page(measure, request.user, **{form_name: form})
    return render(request, "improvement/measure_detail.html", page)


def for_measure(measure):
    return {"measure": measure}


@login_required
@requires(MANAGE_PROJECTS)
def measure_add_value(request, pk):
    def act(measure, data):
        measure_services.add_data_points(
            measure=measure,
            rows=[(data["period"], data["value"], data["note"], data["denominator"])],
            changed_by=request.user,
        )
        return f"Value for {data['period']:%d %B %Y} added."

    return _measure_action(request, pk, DataPointForm, "value_form", act, form_kwargs=for_measure)


@login_required
@requires(MANAGE_PROJECTS)
def measure_upload(request, pk):
    def act(measure, data):
        count = measure_services.add_data_points(
            measure=measure,
            rows=data["parsed_rows"],
            replace=data["replace"],
            changed_by=request.user,
        )
        return f"{count} value{plural(count)} added."

    return _measure_action(
        request, pk, DataUploadForm, "upload_form", act, files=True, form_kwargs=for_measure
    )


@login_required
@requires(MANAGE_PROJECTS)
def measure_delete_value(request, pk):
    def act(measure, data):
        measure_services.delete_value(
            measure=measure, period=data["period"], reason=data["reason"], changed_by=request.user
        )
        return f"Value for {data['period']:%d %B %Y} deleted."

    return _measure_action(request, pk, DataPointDeletionForm, "deletion_form", act)


@login_required
@requires(MANAGE_PROJECTS)
def measure_rebase(request, pk):
    def act(measure, data):
        measure_services.add_rebase(
            measure=measure, period=data["period"], reason=data["reason"], changed_by=request.user
        )
        return f"Limits recalculated from {data['period']:%d %B %Y}."

    return _measure_action(request, pk, RebaseForm, "rebase_form", act)


@login_required
@require_POST
@requires(MANAGE_PROJECTS)
def rebase_remove(request, pk, rebase_pk):
    rebase = selectors.get_rebase(measure_pk=pk, pk=rebase_pk)
    form = RebaseRemovalForm(request.POST, rebase=rebase)
    if form.is_valid():
        measure_services.remove_rebase(
            rebase=rebase, reason=form.cleaned_data["reason"], changed_by=request.user
        )
        messages.success(request, "Rebase removed: the limits are recalculated without it.")
        return redirect(rebase.measure)
    measure = selectors.measure_for_page(pk)
    page = record_pages.measure_page(measure, request.user, removal_form=form)
    return render(request, "improvement/measure_detail.html", page)


@login_required
@requires(MANAGE_PROJECTS)
def measure_form(request, pk, measure_pk=None):
    project = selectors.get_project(pk)
    measure = selectors.get_measure(project, measure_pk) if measure_pk else None
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        try:
            measure = measure_services.save_measure(
                project=project, changed_by=request.user, measure=measure, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Measure saved.")
            return redirect(measure)
    title = "Change measure" if measure else "Add a measure"
    return render(
        request, "improvement/project_form.html", {"project": project, "form": form, "title": title}
    )
