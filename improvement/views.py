import datetime
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core import caching
from core.forms import add_service_errors
from core.pagination import paginate

from . import exports, selectors, services
from .charts import ChartGeometry, assurance_icon, chart_sentence, variation_icon
from .dashboard import DashboardPage
from .filters import DashboardFilterForm, IdeaFilter, ProjectFilter
from .forms import (
    CharterForm,
    DataPointForm,
    DataUploadForm,
    DeclineForm,
    IdeaForm,
    MeasureForm,
    MeasuresField,
    MergeForm,
    PDSACycleForm,
    PhaseForm,
    ProgressScoreForm,
    ProjectStatusForm,
    RebaseForm,
    StartReviewForm,
    SupportForm,
)
from .list_pages import ListPage
from .models import Idea, Measure, PDSACycle, Project, Rebase
from .presenters import ProjectPage, phase_steps
from .roles import can_manage_projects, can_triage_ideas

# What the lists' cached parts show (core/caching.py).
IDEA_LIST_TOPICS = ["ideas", "sites", "strategy", "people"]
PROJECT_LIST_TOPICS = ["projects", "sites", "strategy", "people"]
PROJECT_TOPICS = [*PROJECT_LIST_TOPICS, "ideas", "training", "wards"]


def require_lead(user):
    if not can_triage_ideas(user):
        raise PermissionDenied("Only improvement leads can do that.")


def require_project_manager(user):
    if not can_manage_projects(user):
        raise PermissionDenied("Only improvement leads can change a project.")


def _normalised(field, value):
    """A form field's value, in a form comparable between a submission and a record."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {getattr(item, "pk", item) for item in value or []}
    if isinstance(field, forms.ModelChoiceField):
        return getattr(value, "pk", value)
    if isinstance(field, MeasuresField) and isinstance(value, str):
        return field.to_python(value)
    return "" if value is None else value


def _shown(field, value):
    """A saved value as the user reads it."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = field.queryset.filter(pk__in=value)
        return "; ".join(field.label_from_instance(item) for item in items) or "none"
    if isinstance(field, forms.ModelChoiceField):
        item = field.queryset.filter(pk=value).first() if value else None
        return field.label_from_instance(item) if item else "none"
    if isinstance(field, MeasuresField):
        return "; ".join(f"{kind}: {name}" for name, kind in value) or "none"
    if isinstance(field, forms.BooleanField):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value)) or "blank"
    return str(value) or "blank"


def show_edit_conflict(form, conflict):
    """Refuse a save made over someone else's: say so, show what is saved now against each
    field where it differs from the user's input, which stays in the form, and take the new
    version so that saving again goes through."""
    form.add_error(None, conflict.messages)
    saved_form = type(form)(instance=conflict.current)
    for name, field in list(form.fields.items()):
        if name == "version" or name not in form.cleaned_data:
            continue
        saved = _normalised(field, saved_form.get_initial_for_field(field, name))
        if saved != _normalised(field, form.cleaned_data[name]):
            label = field.label or name.replace("_", " ").capitalize()
            form.add_error(name, f"{label} is now saved as: {_shown(field, saved)}")
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = services.record_version(conflict.current)


@login_required
def dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    return render(
        request, "improvement/dashboard.html", {"form": form, "page": DashboardPage(form)}
    )


@login_required
def idea_list(request):
    ideas = IdeaFilter(request.GET, queryset=Idea.objects.for_list())
    page = ListPage(request, ideas, name="idea-list", topics=IDEA_LIST_TOPICS)
    return render(request, "improvement/idea_list.html", {"filter": ideas, "page": page})


@login_required
def my_ideas(request):
    return render(
        request,
        "improvement/my_ideas.html",
        {"page_obj": paginate(request, selectors.ideas_of(request.user))},
    )


@login_required
def idea_create(request):
    """Submit an idea in two steps: the first submission shows similar ideas, so duplicates
    are spotted; the second, with the same form, saves it."""
    if request.method != "POST":
        form = IdeaForm(initial={"submission_token": uuid.uuid4()})
        return render(request, "improvement/idea_form.html", {"form": form})
    form = IdeaForm(request.POST)
    if not form.is_valid():
        return render(request, "improvement/idea_form.html", {"form": form})
    data = form.cleaned_data
    similar = Idea.objects.for_list().similar_to(f"{data['title']} {data['problem']}")
    if "confirm" not in request.POST and similar:
        return render(
            request,
            "improvement/idea_form.html",
            {"form": form, "similar_ideas": similar, "checked": True},
        )
    idea, created = services.submit_idea(
        submitted_by=request.user,
        submission_token=data["submission_token"],
        title=data["title"],
        problem=data["problem"],
        proposed_change=data["proposed_change"],
        site=data["site"],
        ward=data["ward"],
        objectives=data["objectives"],
        involves_patients=data["involves_patients"],
        health_inequalities=data["health_inequalities"],
        health_inequalities_notes=data["health_inequalities_notes"],
    )
    if created:
        messages.success(request, f"Your idea has been submitted as {idea.reference}.")
    return redirect(idea)


@login_required
def idea_detail(request, pk):
    idea = selectors.idea_for_page(pk)
    is_lead = can_triage_ideas(request.user)
    return render(
        request,
        "improvement/idea_detail.html",
        {
            "idea": idea,
            "is_lead": is_lead,
            "next_statuses": services.allowed_next_statuses(idea) if is_lead else set(),
            "can_see_reason": is_lead or idea.submitted_by_id == request.user.pk,
            "is_following": idea.followers.filter(pk=request.user.pk).exists(),
        },
    )


@login_required
@require_POST
def idea_follow(request, pk):
    idea = get_object_or_404(Idea, pk=pk)
    if request.POST.get("follow") == "no":
        services.unfollow_idea(idea=idea, user=request.user)
        messages.success(request, "You no longer follow this idea.")
    else:
        services.follow_idea(idea=idea, user=request.user)
        messages.success(request, "You now follow this idea: it is listed under your ideas.")
    return redirect(idea)


def _triage(request, pk, form_class, template, act, *, form_kwargs=None):
    """Show a triage form to a lead and, when it is valid, apply the service `act`."""
    require_lead(request.user)
    idea = get_object_or_404(Idea.objects.select_related("site"), pk=pk)
    form_kwargs = form_kwargs(idea) if form_kwargs else {}
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            result = act(idea, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(result)
    return render(request, template, {"idea": idea, "form": form})


@login_required
def idea_review(request, pk):
    def act(idea, data):
        idea = services.start_review(idea=idea, changed_by=request.user, reason=data["reason"])
        messages.success(request, f"{idea.reference} is now under review.")
        return idea

    return _triage(request, pk, StartReviewForm, "improvement/idea_triage.html", act)


@login_required
def idea_decline(request, pk):
    def act(idea, data):
        idea = services.decline_idea(idea=idea, changed_by=request.user, reason=data["reason"])
        messages.success(request, f"{idea.reference} has been declined.")
        return idea

    return _triage(request, pk, DeclineForm, "improvement/idea_triage.html", act)


@login_required
def idea_merge(request, pk):
    def act(idea, data):
        idea = services.merge_idea(
            idea=idea, into=data["into"], changed_by=request.user, reason=data["reason"]
        )
        messages.success(
            request, f"{idea.reference} has been merged into {data['into'].reference}."
        )
        return idea

    return _triage(
        request,
        pk,
        MergeForm,
        "improvement/idea_triage.html",
        act,
        form_kwargs=lambda idea: {"idea": idea},
    )


@login_required
def idea_support(request, pk):
    def act(idea, data):
        project = services.support_idea(idea=idea, changed_by=request.user, **data)
        messages.success(request, f"{idea.reference} is supported: its project has started.")
        return project

    return _triage(request, pk, SupportForm, "improvement/idea_triage.html", act)


@login_required
def ideas_csv(request):
    ideas = IdeaFilter(request.GET, queryset=Idea.objects.all())
    return exports.ideas_csv_response(ideas.qs)


@login_required
def project_list(request):
    projects = ProjectFilter(request.GET, queryset=Project.objects.for_list())
    page = ListPage(request, projects, name="project-list", topics=PROJECT_LIST_TOPICS)
    return render(request, "improvement/project_list.html", {"filter": projects, "page": page})


@login_required
def projects_csv(request):
    projects = ProjectFilter(request.GET, queryset=Project.objects.all())
    return exports.projects_csv_response(projects.qs)


@login_required
def project_detail(request, pk):
    heading = selectors.project_heading(pk)
    can_manage = can_manage_projects(request.user)
    return render(
        request,
        "improvement/project_detail.html",
        {
            "heading": heading,
            "page": ProjectPage(pk),
            "phases": phase_steps(heading),
            "can_manage": can_manage,
            "fragment_key": caching.fragment_key("project", PROJECT_TOPICS, pk, can_manage),
        },
    )


def _project_form(request, pk, form_class, title, act, *, initial=None, instance_form=False):
    """Show a project form to a lead and, when it is valid, apply the service `act`."""
    require_project_manager(request.user)
    project = get_object_or_404(Project, pk=pk)
    kwargs = {"instance": project} if instance_form else {"initial": initial(project)}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            act(project, form.cleaned_data)
        except services.EditConflict as conflict:
            show_edit_conflict(form, conflict)
            # The page's headings show the project as saved, not the unsaved input.
            project = conflict.current
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{title} saved.")
            return redirect(project)
    return render(
        request, "improvement/project_form.html", {"project": project, "form": form, "title": title}
    )


@login_required
def project_charter(request, pk):
    def act(project, data):
        data = dict(data)
        services.update_charter(
            project=project,
            changed_by=request.user,
            objectives=data.pop("objectives"),
            team=data.pop("team"),
            measures=data.pop("measures"),
            version=data.pop("version"),
            **data,
        )

    return _project_form(request, pk, CharterForm, "Project charter", act, instance_form=True)


@login_required
def project_progress(request, pk):
    def act(project, data):
        services.record_progress_score(
            project=project, score=data["score"], note=data["note"], recorded_by=request.user
        )

    return _project_form(
        request,
        pk,
        ProgressScoreForm,
        "IHI progress score",
        act,
        initial=lambda project: {"score": project.progress_score},
    )


@login_required
def project_phase(request, pk):
    def act(project, data):
        services.set_phase(project=project, phase=data["phase"], changed_by=request.user)

    return _project_form(
        request,
        pk,
        PhaseForm,
        "QSIR phase",
        act,
        initial=lambda project: {"phase": project.phase},
    )


@login_required
def project_status(request, pk):
    def act(project, data):
        services.change_project_status(
            project=project,
            status=data["status"],
            closing_summary=data["closing_summary"],
            changed_by=request.user,
        )

    return _project_form(
        request,
        pk,
        ProjectStatusForm,
        "Project status",
        act,
        initial=lambda project: {
            "status": project.status,
            "closing_summary": project.closing_summary,
        },
    )


@login_required
def pdsa_cycle_form(request, pk, cycle_pk=None):
    require_project_manager(request.user)
    project = get_object_or_404(Project, pk=pk)
    cycle = get_object_or_404(PDSACycle, pk=cycle_pk, project=project) if cycle_pk else None
    form = PDSACycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_pdsa_cycle(
                project=project, changed_by=request.user, cycle=cycle, **form.cleaned_data
            )
        except services.EditConflict as conflict:
            show_edit_conflict(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "PDSA cycle saved.")
            return redirect(project)
    title = "Change PDSA cycle" if cycle else "Add a PDSA cycle"
    return render(
        request, "improvement/project_form.html", {"project": project, "form": form, "title": title}
    )


# The value and rebase forms, on one page, both have a "period": the rebase form's own ids
# keep its labels, hints and error-summary links on its own boxes.
REBASE_FORM_IDS = "id_rebase_%s"


def measure_context(measure, request, **forms_in_use):
    """Everything the measure page shows; a lead's forms come bound when they failed."""
    data_points = list(measure.data_points.all())
    rebases = list(measure.rebases.all())
    chart = selectors.measure_chart(measure, data_points, rebases)
    markers = [
        (f"PDSA {number}", f"PDSA cycle {number}: {cycle.change_idea}", cycle.start_date)
        for number, cycle in enumerate(measure.project.pdsa_cycles.all(), start=1)
    ]
    can_manage = can_manage_projects(request.user)
    context = {
        "measure": measure,
        "project": measure.project,
        "rows": list(zip(data_points, chart.points, strict=True)),
        "rebases": rebases,
        "chart": chart,
        "geometry": ChartGeometry(
            chart,
            [point.period for point in data_points],
            target=measure.target,
            markers=markers,
            notes=[point.note for point in data_points],
        ),
        "sentence": chart_sentence(chart, unit=measure.unit, target=measure.target),
        "variation_icon": variation_icon(chart.variation),
        "assurance_icon": assurance_icon(chart.assurance),
        "can_manage": can_manage,
    }
    if can_manage:
        context["value_form"] = forms_in_use.get("value_form") or DataPointForm()
        context["upload_form"] = forms_in_use.get("upload_form") or DataUploadForm()
        context["rebase_form"] = forms_in_use.get("rebase_form") or RebaseForm(
            auto_id=REBASE_FORM_IDS
        )
    return context


@login_required
def measure_detail(request, pk):
    measure = selectors.measure_for_page(pk)
    return render(request, "improvement/measure_detail.html", measure_context(measure, request))


def _measure_action(request, pk, form_class, form_name, act, *, files=False, auto_id="id_%s"):
    """Apply a lead's form on the measure page; when it fails, show the page again with the
    form's errors and what was typed."""
    require_project_manager(request.user)
    if request.method != "POST":
        return redirect("improvement:measure", pk=pk)
    measure = selectors.measure_for_page(pk)
    form = form_class(request.POST, request.FILES if files else None, auto_id=auto_id)
    if form.is_valid():
        try:
            message = act(measure, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(measure)
    context = measure_context(measure, request, **{form_name: form})
    return render(request, "improvement/measure_detail.html", context)


@login_required
def measure_add_value(request, pk):
    def act(measure, data):
        services.add_data_points(
            measure=measure,
            rows=[(data["period"], data["value"], data["note"])],
            changed_by=request.user,
        )
        return f"Value for {data['period']:%d %B %Y} added."

    return _measure_action(request, pk, DataPointForm, "value_form", act)


@login_required
def measure_upload(request, pk):
    def act(measure, data):
        count = services.add_data_points(
            measure=measure,
            rows=data["parsed_rows"],
            replace=data["replace"],
            changed_by=request.user,
        )
        return f"{count} value{'s' if count != 1 else ''} added."

    return _measure_action(request, pk, DataUploadForm, "upload_form", act, files=True)


@login_required
def measure_rebase(request, pk):
    def act(measure, data):
        services.add_rebase(
            measure=measure, period=data["period"], reason=data["reason"], changed_by=request.user
        )
        return f"Limits recalculated from {data['period']:%d %B %Y}."

    return _measure_action(request, pk, RebaseForm, "rebase_form", act, auto_id=REBASE_FORM_IDS)


@login_required
@require_POST
def rebase_remove(request, pk, rebase_pk):
    require_project_manager(request.user)
    rebase = get_object_or_404(Rebase.objects.select_related("measure"), pk=rebase_pk, measure=pk)
    services.remove_rebase(rebase=rebase, changed_by=request.user)
    messages.success(request, "Rebase removed: the limits are recalculated without it.")
    return redirect(rebase.measure)


@login_required
def measure_form(request, pk, measure_pk=None):
    require_project_manager(request.user)
    project = get_object_or_404(Project, pk=pk)
    measure = get_object_or_404(Measure, pk=measure_pk, project=project) if measure_pk else None
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.save_measure(
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
