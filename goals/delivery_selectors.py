"""Reads of the strategy's delivery: progress updates, statuses and who may write them,
each in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404

from core.queries import CompiledOnce, keep_as_prefetched

from .delivery_models import EvidenceMeasure, ProgressUpdate
from .models import Objective, Strategy
from .periods import Period, last_ended
from .selectors import PROFILE, delivery_leads, goals_with_owners


def delivers_objective(user, slug, year, number):
    """Whether the user is the objective's executive owner or one of its delivery leads."""
    return (
        Objective.objects.filter(strategy__organisation__slug=slug, year=year, number=number)
        .filter(Q(executive_owner=user) | Q(delivery_leads=user))
        .exists()
    )


def strategy_editors():
    """The active colleagues who approve progress updates (superusers apart)."""
    return list(
        get_user_model()
        .objects.with_perm(
            "goals.approve_progressupdate",
            include_superusers=False,
            # Group permissions are the model backend's; single sign-on grants none.
            backend="core.auth_backends.OneQueryModelBackend",
        )
        .filter(is_active=True)
    )


# What an update shows of the people who wrote, approved or returned it: their names and
# job titles (presenters.with_job_title).
PEOPLE_SHOWN = [
    f"{person}__{column}"
    for person in ("written_by", "approved_by", "returned_by")
    for column in ("first_name", "last_name", "username", f"{PROFILE}__job_title")
]


def updates_of(objective):
    """The objective's updates, newest period first, with who wrote and approved them and
    the measures they cite (as prefetched: `update.evidence.all()`), in two queries compiled
    once. Only what the page shows of those people is read: compiling every column of three
    accounts and their staff profiles cost more than the updates."""
    updates = _updates(objective=objective.pk)
    cited = defaultdict(list)
    for evidence in _evidence(update__objective=objective.pk):
        cited[evidence.update_id].append(evidence)
    for update in updates:
        keep_as_prefetched(update, "evidence", cited[update.pk])
    return updates


_updates = CompiledOnce.filtered(
    lambda: ProgressUpdate.objects.select_related(
        f"written_by__{PROFILE}", f"approved_by__{PROFILE}", f"returned_by__{PROFILE}"
    ).only(*[field.name for field in ProgressUpdate._meta.concrete_fields], *PEOPLE_SHOWN),
    "objective",
)
_evidence = CompiledOnce.filtered(lambda: EvidenceMeasure.objects.all(), "update__objective")


def update_for_period(objective, period):
    return objective.updates.filter(period_start=period.start).prefetch_related("evidence").first()


def update_awaiting_approval(pk):
    return get_object_or_404(
        ProgressUpdate.objects.awaiting_approval()
        .select_related("objective__strategy__organisation", f"written_by__{PROFILE}")
        .prefetch_related("evidence"),
        pk=pk,
    )


def awaiting_approval():
    """Every update waiting for an editor, oldest period first."""
    return list(
        ProgressUpdate.objects.awaiting_approval()
        .select_related("objective__strategy__organisation", "written_by__staff_profile")
        .prefetch_related("evidence")
        .order_by("period_start", "objective__strategy__organisation__order", "objective__number")
    )


def report_periods(strategy):
    """The periods with published updates on the strategy's objectives, latest first: the
    board reports there are."""
    return [
        Period(start, end)
        for start, end in ProgressUpdate.objects.published()
        .filter(objective__strategy=strategy)
        .order_by("-period_start", "period_end")
        .values_list("period_start", "period_end")
        .distinct()
    ]


def report_objectives(strategy, year):
    """The year's objectives with their goals, owners and delivery leads."""
    return list(
        strategy.objectives.for_year(year)
        .select_related(f"executive_owner__{PROFILE}")
        .prefetch_related("goals", delivery_leads())
        .order_by("number")
    )


def published_updates(objectives, period):
    """{objective id: its published update for the period}, with the measures it cites."""
    updates = (
        ProgressUpdate.objects.published()
        .filter(objective__in=objectives, period_start=period.start)
        .select_related(f"written_by__{PROFILE}", f"approved_by__{PROFILE}")
        .prefetch_related("evidence")
    )
    return {update.objective_id: update for update in updates}


def strategy_goals(strategy):
    return list(goals_with_owners().filter(strategy=strategy))


@dataclass
class Overdue:
    """A strategy's objectives with no update for its last period to have ended."""

    strategy: object
    period: Period
    objectives: list


def overdue(today=None):
    """Each strategy whose objectives of the year of its last ended period include some
    with no update for that period (written, whether or not yet approved; one returned to
    its writer is not written until it is written again)."""
    strategies = list(Strategy.objects.select_related("organisation").order_by("organisation"))
    periods = {strategy.pk: last_ended(strategy.update_period, today) for strategy in strategies}
    due = Q(pk__in=[])
    for strategy in strategies:
        period = periods[strategy.pk]
        written = (
            ProgressUpdate.objects.written().filter(period_start=period.start).values("objective")
        )
        due |= Q(strategy=strategy, year=period.year) & ~Q(pk__in=written)
    objectives = (
        Objective.objects.filter(due)
        .select_related("strategy__organisation", f"executive_owner__{PROFILE}")
        .prefetch_related(delivery_leads())
        .order_by("number")
    )
    by_strategy = {}
    for objective in objectives:
        by_strategy.setdefault(objective.strategy_id, []).append(objective)
    return [
        Overdue(strategy, periods[strategy.pk], by_strategy[strategy.pk])
        for strategy in strategies
        if strategy.pk in by_strategy
    ]
