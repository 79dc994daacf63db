"""Reads of the strategy's delivery: progress updates, statuses and who may write them,
each in a fixed number of queries."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from .delivery_models import ProgressUpdate
from .models import Objective


def delivers_objective(user, slug, year, number):
    """Whether the user is the objective's executive owner or one of its delivery leads."""
    return (
        Objective.objects.filter(strategy__organisation__slug=slug, year=year, number=number)
        .filter(Q(executive_owner=user) | Q(delivery_leads=user))
        .exists()
    )


def updates_of(objective):
    """The objective's updates, newest period first, with who wrote and approved them and
    the measures they cite."""
    return list(
        objective.updates.select_related(
            "written_by__staff_profile", "approved_by__staff_profile"
        ).prefetch_related("evidence")
    )


def update_for_period(objective, period):
    return objective.updates.filter(period_start=period.start).prefetch_related("evidence").first()


def update_awaiting_approval(pk):
    return get_object_or_404(
        ProgressUpdate.objects.awaiting_approval().select_related(
            "objective__strategy__organisation"
        ),
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
