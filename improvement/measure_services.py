"""Every change to a project's measures, their data and rebases goes through these functions,
which check the acting user's permission themselves and run in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.history import made_by
from core.roles import require

from . import selectors
from .charts import Sparkline
from .measure_data import MAX_VALUES, MAX_VALUES_WORDS, Row, row_problems
from .models import DataPoint, Measure, Rebase
from .roles import MANAGE_PROJECTS
from .verdict_groups import assurance_rank, variation_rank


def refresh_verdict(measure):
    """Store the chart's variation and assurance icons on the measure, for lists."""
    # Read the data afresh: a measure fetched for its page holds its values prefetched, as
    # they were before the change.
    try:
        chart = selectors.measure_chart(
            measure,
            list(DataPoint.objects.filter(measure=measure)),
            list(Rebase.objects.filter(measure=measure)),
        )
    except ValueError:
        # Values its chart type cannot draw (stored before today's rules): no verdict, as
        # the measure's page draws no chart and says why.
        chart = None
    record_verdict(measure, chart)
    measure.save(
        update_fields=[
            "variation",
            "assurance",
            "variation_rank",
            "assurance_rank",
            "recent_values",
            "latest_kind",
            "latest_value",
            "sparkline_points",
            "updated_at",
        ]
    )


def record_verdict(measure, chart):
    """Set what lists show of the measure's chart: its icons, their groups (for the summary
    table of measures) and its sparkline."""
    # An mr chart's first point of each phase has no value to draw.
    points = chart.points if chart else ()
    recent = [point for point in points if point.value is not None][-Measure.RECENT_VALUES :]
    measure.variation = (chart and chart.variation) or ""
    measure.assurance = (chart and chart.assurance) or ""
    measure.recent_values = [point.value for point in recent]
    measure.latest_kind = recent[-1].kind if recent else ""
    measure.latest_value = recent[-1].value if recent else None
    measure.sparkline_points = Sparkline.line_of(measure.recent_values)
    measure.variation_rank = variation_rank(measure.variation, measure.latest_kind)
    measure.assurance_rank = assurance_rank(measure.assurance)


@transaction.atomic
def save_measure(*, project, changed_by, measure=None, **fields):
    """Add a measure to a project's charter, or change one; its verdict follows the change."""
    require(MANAGE_PROJECTS, changed_by)
    measure = measure or Measure(project=project)
    if measure.project_id != project.pk:
        raise PermissionDenied("That measure belongs to another project.")
    made_by(changed_by, measure)
    for name, value in fields.items():
        setattr(measure, name, value)
    # Measure.clean checks the target, and a changed chart type or unit against the values.
    measure.full_clean(exclude=["variation", "assurance"])
    measure.save()
    refresh_verdict(measure)
    return measure


def _check_rows(measure, rows):
    today = timezone.localdate()
    errors = [
        f"{row.period:%d %b %Y}: {'; '.join(message for _, message in problems)}"
        for row in rows
        if (
            problems := row_problems(
                measure.chart_type,
                row.value,
                row.denominator,
                unit=measure.unit,
                period=row.period,
                today=today,
            )
        )
    ]
    if errors:
        raise ValidationError(errors)


def _check_count(measure, rows, replaced):
    count = measure.data_points.count() - replaced + len(rows)
    if count > MAX_VALUES:
        raise ValidationError(
            f"A measure holds at most {MAX_VALUES_WORDS}: these would give it {count:,}. "
            "Delete values it no longer needs, or start a new measure for the new period"
        )


@transaction.atomic
def add_data_points(*, measure, rows, changed_by, replace=False):
    """Save (period, value, note[, denominator]) rows, all or none. A period that already
    has a value is an error unless `replace` is given, when the new value replaces it. Each
    row must fit the measure's chart type and unit (measure_data.row_problems), and the
    measure holds at most MAX_VALUES values."""
    require(MANAGE_PROJECTS, changed_by)
    rows = [Row(*row) for row in rows]
    _check_rows(measure, rows)
    existing = set(
        measure.data_points.filter(period__in=[row.period for row in rows]).values_list(
            "period", flat=True
        )
    )
    if existing and not replace:
        clashes = ", ".join(f"{period:%d %b %Y}" for period in sorted(existing))
        raise ValidationError(
            f"These periods already have a value: {clashes}. To change them, paste the values "
            "with 'Replace values already given for the same periods' ticked."
        )
    replaced = list(measure.data_points.filter(period__in=existing))
    _check_count(measure, rows, len(replaced))
    made_by(changed_by, *replaced)
    for data_point in replaced:
        data_point.delete()
    # One query for the rows and one for their history, however many rows there are.
    bulk_create_with_history(
        [
            DataPoint(
                measure=measure,
                period=row.period,
                value=row.value,
                denominator=row.denominator,
                note=row.note,
            )
            for row in rows
        ],
        DataPoint,
        default_user=changed_by,
    )
    made_by(changed_by, measure)
    refresh_verdict(measure)
    return len(rows)


@transaction.atomic
def delete_data_point(*, data_point, reason, changed_by):
    """Delete a wrong value; its history keeps it, with who deleted it and `reason`, why."""
    require(MANAGE_PROJECTS, changed_by)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the value is deleted"})
    measure = data_point.measure
    made_by(changed_by, data_point, measure)
    data_point._change_reason = reason.strip()
    data_point.delete()
    refresh_verdict(measure)


@transaction.atomic
def delete_value(*, measure, period, reason, changed_by):
    """Delete the measure's value for the period (delete_data_point), as a lead names it on
    the measure's page: by its period."""
    require(MANAGE_PROJECTS, changed_by)
    data_point = measure.data_points.filter(period=period).first()
    if data_point is None:
        raise ValidationError({"period": f"There is no value for {period:%-d %B %Y}"})
    delete_data_point(data_point=data_point, reason=reason, changed_by=changed_by)


@transaction.atomic
def add_rebase(*, measure, period, reason, changed_by):
    require(MANAGE_PROJECTS, changed_by)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the limits are recalculated from here"})
    if measure.rebases.filter(period=period).exists():
        raise ValidationError(
            {"period": f"The limits are already recalculated from {period:%-d %B %Y}"}
        )
    span = measure.data_points.aggregate(first=Min("period"), last=Max("period"))
    first, last = span["first"], span["last"]
    if first is None or not first < period <= last:
        # Limits recalculated from the first value, or after the last, change nothing.
        raise ValidationError(
            {"period": "Enter a date after the measure's first value and no later than its last"}
        )
    rebase = Rebase(measure=measure, period=period, reason=reason.strip())
    made_by(changed_by, rebase)
    rebase.full_clean()
    rebase.save()
    made_by(changed_by, measure)
    refresh_verdict(measure)
    return rebase


@transaction.atomic
def remove_rebase(*, rebase, reason, changed_by):
    """Remove a rebase; its history keeps it, with who removed it and `reason`, why."""
    require(MANAGE_PROJECTS, changed_by)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the rebase is removed"})
    measure = rebase.measure
    made_by(changed_by, rebase)
    rebase._change_reason = reason.strip()
    rebase.delete()
    made_by(changed_by, measure)
    refresh_verdict(measure)
