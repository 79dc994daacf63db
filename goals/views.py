from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import caching, panels
from core.forms import add_service_errors
from core.roles import requires

from . import delivery_selectors, reports, selectors, services
from .delivery_presenters import ObjectiveDelivery
from .forms import ProgressUpdateForm, ReturnUpdateForm, initial_from, reportable_periods
from .presenters import StrategyPage
from .roles import APPROVE_UPDATES, EDIT_STRATEGY, WRITE_UPDATES

# What the cached part of each page shows (core/caching.py), with what other apps show on
# the home page and an objective's page (core/panels.py).
STRATEGY_TOPICS = ["strategy", "values", "people", "delivery"]


def home(request):
    organisation = selectors.home_organisation()
    signed_in = request.user.is_authenticated
    may_edit_strategy = EDIT_STRATEGY.allows(request.user)
    return render(
        request,
        "goals/home.html",
        {
            "organisation": organisation,
            "page": StrategyPage(organisation),
            "may_edit_strategy": may_edit_strategy,
            "fragment_key": caching.fragment_key(
                "home", [*STRATEGY_TOPICS, *panels.topics("home")], signed_in, may_edit_strategy
            ),
        },
    )


def strategy_list(request):
    return render(
        request,
        "goals/strategy_list.html",
        {"organisations": selectors.organisations_for_list()},
    )


def strategy_detail(request, slug):
    organisation = selectors.organisation_with_strategy(slug)
    signed_in = request.user.is_authenticated
    may_edit_strategy = EDIT_STRATEGY.allows(request.user)
    return render(
        request,
        "goals/strategy_detail.html",
        {
            "organisation": organisation,
            "page": StrategyPage(organisation),
            "may_edit_strategy": may_edit_strategy,
            "fragment_key": caching.fragment_key(
                "strategy", STRATEGY_TOPICS, organisation.pk, signed_in, may_edit_strategy
            ),
        },
    )


def objectives_current(request, slug):
    organisation = selectors.organisation_with_strategy(slug)
    page = StrategyPage(organisation)
    if page.year is None:
        raise Http404("This strategy has no objectives.")
    return redirect("goals:objectives", slug=slug, year=page.year)


def objectives_for_year(request, slug, year):
    organisation = selectors.organisation_with_strategy(slug)
    page = StrategyPage(organisation, year=year)
    if not page.objectives:
        raise Http404("No objectives for that year.")
    return render(
        request, "goals/objective_list.html", {"organisation": organisation, "page": page}
    )


def objective_detail(request, slug, year, number):
    objective = selectors.objective(slug, year, number)
    signed_in = request.user.is_authenticated
    return render(
        request,
        "goals/objective_detail.html",
        {
            "objective": objective,
            "organisation": objective.strategy.organisation,
            # Progress is for staff; what each sees of it (drafts, buttons) is their own.
            "delivery": ObjectiveDelivery(objective, request.user) if signed_in else None,
            "fragment_key": caching.fragment_key(
                "objective", ["strategy", "people"], objective.pk, signed_in
            ),
            "panels_key": caching.fragment_key(
                "objective-panels", panels.topics("objective"), objective.pk, signed_in
            ),
        },
    )


def not_delivering(request, slug, year, number):
    """For `requires(WRITE_UPDATES, when=...)`: owners and delivery leads need no
    permission to report on their own objective."""
    return not delivery_selectors.delivers_objective(request.user, slug, year, number)


@login_required
@requires(WRITE_UPDATES, when=not_delivering)
def update_write(request, slug, year, number):
    objective = selectors.objective(slug, year, number)
    today = timezone.localdate()
    periods = reportable_periods(objective, today)
    # ?period= starts the form from that period's update: one returned to be written again.
    period = next((p for p in periods if p.slug == request.GET.get("period")), periods[0])
    form = ProgressUpdateForm(
        request.POST or None,
        objective=objective,
        today=today,
        initial=initial_from(delivery_selectors.update_for_period(objective, period), period),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update = services.write_update(
                objective=objective, written_by=request.user, **form.update_values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            outcome = "published" if update.is_published else "sent to an editor for approval"
            messages.success(request, f"Your update for {update.period.label} was {outcome}.")
            return redirect(objective)
    return render(
        request,
        "goals/update_form.html",
        {"objective": objective, "organisation": objective.strategy.organisation, "form": form},
    )


@login_required
@requires(APPROVE_UPDATES)
def approvals(request):
    return render(
        request, "goals/approvals.html", {"updates": delivery_selectors.awaiting_approval()}
    )


@login_required
@requires(APPROVE_UPDATES)
def overdue(request):
    return render(request, "goals/overdue.html", {"overdue": delivery_selectors.overdue()})


@login_required
@require_POST
@requires(APPROVE_UPDATES)
def update_approve(request, pk):
    update = delivery_selectors.update_awaiting_approval(pk)
    services.approve_update(update=update, approved_by=request.user)
    messages.success(
        request,
        f"The update on {update.objective} for {update.period.label} is published.",
    )
    return redirect("goals:approvals")


@login_required
@requires(APPROVE_UPDATES)
def update_return(request, pk):
    update = delivery_selectors.update_awaiting_approval(pk)
    form = ReturnUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_update(
                update=update, returned_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The update on {update.objective} for {update.period.label} was returned to "
                "its writer.",
            )
            return redirect("goals:approvals")
    return render(request, "goals/update_return.html", {"update": update, "form": form})


@login_required
def report_list(request, slug):
    organisation = selectors.organisation_with_strategy(slug)
    return render(
        request,
        "goals/report_list.html",
        {
            "organisation": organisation,
            "periods": delivery_selectors.report_periods(organisation.strategy),
        },
    )


@login_required
def report(request, slug, period):
    organisation = selectors.organisation_with_strategy(slug)
    board_report = reports.BoardReport(
        organisation, reports.report_period(organisation.strategy, period)
    )
    return render(
        request, "goals/report.html", {"organisation": organisation, "report": board_report}
    )


@login_required
def report_csv(request, slug, period):
    organisation = selectors.organisation_with_strategy(slug)
    return reports.csv_response(
        reports.BoardReport(organisation, reports.report_period(organisation.strategy, period))
    )
