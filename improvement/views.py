"""The improvement hub's pages. Each parses the request, calls a selector or a service and
renders a presenter's output; who may use it is said by its decorators (roles.requires)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.forms import add_service_errors
from core.pagination import paginate
from core.roles import requires
from training.presenters import cohort_search_results, ward_options

from . import exports, record_pages, selectors, services
from .dashboard import DashboardPage
from .edit_conflicts import show_edit_conflict
from .filters import DashboardFilterForm, IdeaFilter, ProjectFilter
from .forms import (
    DeclineForm,
    IdeaEditForm,
    IdeaForm,
    IdeaMessageForm,
    MergeForm,
    StartReviewForm,
    SupportForm,
    WithdrawIdeaForm,
)
from .list_pages import ListPage
from .project_forms import (
    CharterForm,
    CharterWhere,
    PDSACycleForm,
    PhaseForm,
    ProgressScoreForm,
    ProjectStatusForm,
)
from .roles import MANAGE_PROJECTS, TRIAGE_IDEAS
from .tallies import kept_idea_total, kept_project_total

# What the lists' cached parts show (core/caching.py).
IDEA_LIST_TOPICS = ["ideas", "sites", "strategy", "people"]
PROJECT_LIST_TOPICS = ["projects", "sites", "strategy", "people"]


@login_required
def dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    return render(
        request, "improvement/dashboard.html", {"form": form, "page": DashboardPage(form)}
    )


@login_required
def idea_list(request):
    ideas = IdeaFilter(request.GET, queryset=selectors.ideas_for_list())
    page = ListPage(
        request,
        ideas,
        name="idea-list",
        topics=IDEA_LIST_TOPICS,
        read_rows=selectors.idea_rows,
        kept_total=kept_idea_total,
    )
    return render(request, "improvement/idea_list.html", {"filter": ideas, "page": page})


@login_required
def my_ideas(request):
    page_obj = paginate(request, selectors.ideas_of(request.user))
    return render(
        request,
        "improvement/my_ideas.html",
        {"page_obj": page_obj, "ideas": list(selectors.idea_rows(page_obj.object_list))},
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
    if "confirm" not in request.POST:
        similar = selectors.similar_ideas(title=data["title"], problem=data["problem"])
        if similar:
            return render(
                request,
                "improvement/idea_form.html",
                {"form": form, "similar_ideas": similar, "checked": True},
            )
    idea, created = services.submit_idea(submitted_by=request.user, **data)
    if created:
        messages.success(request, f"Your idea has been submitted as {idea.reference}.")
    return redirect(idea)


@login_required
def idea_detail(request, pk):
    idea = selectors.idea_for_page(pk)
    return render(
        request, "improvement/idea_detail.html", record_pages.idea_page(idea, request.user)
    )


@login_required
@require_POST
def idea_message(request, pk):
    """Ask or answer a question on the idea; a message refused is shown again on its page."""
    idea = selectors.idea_for_page(pk)
    following = selectors.follows(request.user, idea)
    if not services.can_discuss(idea, request.user, following=following):
        raise PermissionDenied("Follow this idea to ask or answer questions on it.")
    action = reverse("improvement:idea_message", args=[idea.pk]) + "#questions"
    form = IdeaMessageForm(request.POST, action=action)
    if form.is_valid():
        try:
            services.post_idea_message(
                idea=idea, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your message has been posted.")
            return redirect(f"{idea.get_absolute_url()}#questions")
    page = record_pages.idea_page(idea, request.user, message_form=form)
    return render(request, "improvement/idea_detail.html", page)


@login_required
def idea_edit(request, pk):
    """The submitter changes their idea until a lead starts reviewing it; anyone else is
    refused (403) before the form is read."""
    idea = selectors.get_idea(pk)
    if refused := _refusal(services.check_idea_editable, idea, request.user):
        messages.error(request, refused)
        return redirect(idea)
    form = IdeaEditForm(request.POST or None, instance=idea)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_idea(idea=idea, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your idea has been changed.")
            return redirect(idea)
    return render(request, "improvement/idea_edit.html", {"idea": idea, "form": form})


@login_required
def idea_withdraw(request, pk):
    """The submitter withdraws their idea until a decision is made on it."""
    idea = selectors.get_idea(pk)
    if refused := _refusal(services.check_idea_withdrawable, idea, request.user):
        messages.error(request, refused)
        return redirect(idea)
    form = WithdrawIdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_idea(idea=idea, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your idea has been withdrawn.")
            return redirect(idea)
    return render(request, "improvement/idea_withdraw.html", {"idea": idea, "form": form})


def _refusal(check, idea, user):
    """Why the service's check refuses the user's change to the idea, or None; anyone but
    its submitter is refused outright (403)."""
    try:
        check(idea=idea, user=user)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


@login_required
@require_POST
def idea_follow(request, pk):
    idea = selectors.get_idea(pk)
    if request.POST.get("follow") == "no":
        services.unfollow_idea(idea=idea, user=request.user)
        messages.success(request, "You no longer follow this idea.")
    else:
        services.follow_idea(idea=idea, user=request.user)
        messages.success(request, "You now follow this idea: it is listed under your ideas.")
    return redirect(idea)


def _triage(request, pk, form_class, template, act, *, form_kwargs=None):
    """Show a triage form and, when it is valid, apply the service `act`."""
    idea = selectors.idea_for_triage(pk)
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
@requires(TRIAGE_IDEAS)
def idea_review(request, pk):
    def act(idea, data):
        idea = services.start_review(idea=idea, changed_by=request.user, reason=data["reason"])
        messages.success(request, f"{idea.reference} is now under review.")
        return idea

    return _triage(request, pk, StartReviewForm, "improvement/idea_triage.html", act)


@login_required
@requires(TRIAGE_IDEAS)
def idea_decline(request, pk):
    def act(idea, data):
        idea = services.decline_idea(idea=idea, changed_by=request.user, reason=data["reason"])
        messages.success(request, f"{idea.reference} has been declined.")
        return idea

    return _triage(request, pk, DeclineForm, "improvement/idea_triage.html", act)


@login_required
@requires(TRIAGE_IDEAS)
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
@requires(TRIAGE_IDEAS)
def idea_support(request, pk):
    def act(idea, data):
        project = services.support_idea(idea=idea, changed_by=request.user, **data)
        messages.success(request, f"{idea.reference} is supported: its project has started.")
        return project

    return _triage(request, pk, SupportForm, "improvement/idea_triage.html", act)


@login_required
def ideas_csv(request):
    ideas = IdeaFilter(request.GET, queryset=selectors.ideas_for_list())
    return exports.ideas_csv_response(ideas.qs)


@login_required
def project_list(request):
    projects = ProjectFilter(request.GET, queryset=selectors.projects_for_list(), request=request)
    page = ListPage(
        request,
        projects,
        name="project-list",
        topics=PROJECT_LIST_TOPICS,
        read_rows=selectors.project_rows,
        kept_total=kept_project_total,
    )
    return render(request, "improvement/project_list.html", {"filter": projects, "page": page})


@login_required
def projects_csv(request):
    projects = ProjectFilter(request.GET, queryset=selectors.projects_for_list(), request=request)
    return exports.projects_csv_response(projects.qs)


@login_required
def project_detail(request, pk):
    heading = selectors.project_heading(pk)
    return render(
        request,
        "improvement/project_detail.html",
        record_pages.project_page(heading, request.user),
    )


def _project_form(request, pk, form_class, title, act, *, initial=None, instance_form=False):
    """Show a project form and, when it is valid, apply the service `act`."""
    project = selectors.get_project(pk)
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
@requires(MANAGE_PROJECTS)
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
@requires(MANAGE_PROJECTS)
@require_GET
def charter_cohorts(request, pk):
    """The charter's cohort picker's type-ahead: the cohorts the charter would accept that
    ?q= finds (name, course, site or start month), newest first, a few at a time; ?site= and
    ?start_date_day=, _month=, _year= as the form has them now, else as saved. Only those
    who may edit the charter search it: it answers for the charter's form."""
    given = CharterWhere(request.GET)
    project = selectors.get_project(pk)
    cohorts, more = selectors.charter_cohort_search(project, given.query(), **given.where())
    return JsonResponse(cohort_search_results(cohorts, more=more))


@login_required
@requires(MANAGE_PROJECTS)
@require_GET
def charter_wards(request, pk):
    """The charter's ward select's options for the site ?site= (as the form has it once the
    user changes it; else as saved), which its script puts in the select: the charter
    accepts those alone. Only those who may edit the charter ask: it answers for its form."""
    project = selectors.get_project(pk)
    site = CharterWhere(request.GET).where()["site"] or project.site
    return JsonResponse(ward_options(selectors.charter_wards(project, site=site)))


@login_required
@requires(MANAGE_PROJECTS)
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
@requires(MANAGE_PROJECTS)
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
@requires(MANAGE_PROJECTS)
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
@requires(MANAGE_PROJECTS)
def pdsa_cycle_form(request, pk, cycle_pk=None):
    project = selectors.get_project(pk)
    cycle = selectors.get_pdsa_cycle(project, cycle_pk) if cycle_pk else None
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
