"""The services that change a project's measures, their values and their rebases.

Each keeps the measure's stored verdict (its variation and assurance icons, which lists and
the dashboard show) equal to what its chart shows, saves a batch of values all or none, and
refuses anyone who is not an improvement lead.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from improvement import measure_services, selectors, spc
from improvement.charts import Sparkline
from improvement.models import DataPoint, Measure, Rebase
from improvement.verdict_groups import ASSURANCE_GROUP, ASSURANCE_ORDER, VARIATION_ORDER
from tests.factories import UserFactory
from tests.improvement.factories import MeasureFactory, ProjectFactory

pytestmark = pytest.mark.django_db

FIRST_WEEK = datetime.date(2024, 4, 1)
WEEKS = [FIRST_WEEK + datetime.timedelta(weeks=week) for week in range(24)]
CHANGE_WEEK = WEEKS[12]  # 24 June 2024
# Falls a week (lower is better): around 10 for twelve weeks, then around 6.
VALUES = [10, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12, 6, 7, 5, 6, 7, 5, 6, 6, 7, 5, 6, 7]


def rows(start=0, stop=24):
    return [(WEEKS[week], float(VALUES[week]), "") for week in range(start, stop)]


@pytest.fixture
def falls(lead_user):
    """A weekly falls measure with its 24 weeks of values, saved through the services."""
    measure = measure_services.save_measure(
        project=ProjectFactory(),
        changed_by=lead_user,
        name="Falls a week",
        kind=Measure.Kind.OUTCOME,
        unit="falls",
        direction=Measure.Direction.DECREASE,
        target=9.5,
        frequency=Measure.Frequency.WEEKLY,
        definition="Falls recorded on Datix for Ward 4.",
    )
    measure_services.add_data_points(measure=measure, rows=rows(), changed_by=lead_user)
    return measure


def values_of(measure):
    return list(measure.data_points.values_list("period", "value", "note"))


def verdict(measure):
    measure.refresh_from_db()
    return measure.variation, measure.assurance


def chart_verdict(measure):
    chart = selectors.measure_chart(Measure.objects.get(pk=measure.pk))
    return chart.variation or "", chart.assurance or ""


# Measures ----------------------------------------------------------------------------------


def test_a_lead_adds_a_measure_to_a_project(lead_user):
    project = ProjectFactory()

    measure = measure_services.save_measure(
        project=project,
        changed_by=lead_user,
        name="Minutes to handover",
        kind=Measure.Kind.PROCESS,
        unit="minutes",
        direction=Measure.Direction.DECREASE,
        target=20.0,
        frequency=Measure.Frequency.DAILY,
        definition="From the first bleep to the last signature.",
    )

    saved = Measure.objects.get(pk=measure.pk)
    assert saved.project == project
    assert (saved.name, saved.kind, saved.unit, saved.direction, saved.target) == (
        "Minutes to handover",
        "process",
        "minutes",
        "decrease",
        20.0,
    )
    assert saved.frequency == "daily"
    assert saved.definition == "From the first bleep to the last signature."
    assert (saved.variation, saved.assurance) == ("", "")


def test_a_measure_named_twice_in_one_project_is_refused(lead_user, falls):
    with pytest.raises(ValidationError):
        measure_services.save_measure(
            project=falls.project, changed_by=lead_user, name="Falls a week", kind="process"
        )

    assert falls.project.measures.count() == 1


@pytest.mark.parametrize(
    "fields", [{"name": "", "kind": "outcome"}, {"name": "Falls", "kind": "sideways"}]
)
def test_a_measure_without_a_name_or_with_an_unknown_type_is_refused(lead_user, fields):
    project = ProjectFactory()

    with pytest.raises(ValidationError):
        measure_services.save_measure(project=project, changed_by=lead_user, **fields)

    assert not Measure.objects.exists()


def test_a_measure_is_changed_only_through_its_own_project(lead_user, falls):
    other = ProjectFactory()

    with pytest.raises(PermissionDenied):
        measure_services.save_measure(
            project=other, changed_by=lead_user, measure=falls, name="Mine"
        )

    falls.refresh_from_db()
    assert (falls.project_id, falls.name) != (other.pk, "Mine")


def test_changing_the_target_or_direction_changes_the_stored_verdict(lead_user, falls):
    assert verdict(falls) == ("improvement_low", "inconsistent")

    measure_services.save_measure(
        project=falls.project, changed_by=lead_user, measure=falls, target=2.0
    )
    assert verdict(falls) == ("improvement_low", "fail")

    measure_services.save_measure(
        project=falls.project, changed_by=lead_user, measure=falls, direction="increase"
    )
    assert verdict(falls) == ("concern_low", "pass")

    measure_services.save_measure(
        project=falls.project, changed_by=lead_user, measure=falls, direction="neutral"
    )
    assert verdict(falls) == ("neutral_low", "")
    assert verdict(falls) == chart_verdict(falls)


# Values ------------------------------------------------------------------------------------


def test_values_added_one_at_a_time_are_kept_and_judged(lead_user):
    measure = MeasureFactory(direction="increase", target=11.0)
    assert verdict(measure) == ("", "")

    measure_services.add_data_points(
        measure=measure, rows=[(WEEKS[0], 10.0, "Baseline")], changed_by=lead_user
    )
    assert values_of(measure) == [(WEEKS[0], 10.0, "Baseline")]
    # One value: its limits are its mean, 10, so a target of 11 is out of reach.
    assert verdict(measure) == ("common_cause", "fail")

    measure_services.add_data_points(
        measure=measure, rows=[(WEEKS[1], 14.0, "")], changed_by=lead_user
    )
    assert values_of(measure) == [(WEEKS[0], 10.0, "Baseline"), (WEEKS[1], 14.0, "")]
    assert verdict(measure) == ("common_cause", "inconsistent")
    assert verdict(measure) == chart_verdict(measure)


def test_a_batch_of_values_is_saved_whole_and_counted(lead_user):
    measure = MeasureFactory(direction="decrease", target=9.5)

    count = measure_services.add_data_points(measure=measure, rows=rows(), changed_by=lead_user)

    assert count == 24
    assert values_of(measure) == rows()
    assert verdict(measure) == ("improvement_low", "inconsistent")


def test_a_batch_with_a_period_already_given_saves_nothing(lead_user):
    measure = MeasureFactory()
    measure_services.add_data_points(measure=measure, rows=rows(0, 12), changed_by=lead_user)
    stored = verdict(measure)

    batch = [*rows(12, 24), (WEEKS[3], 99.0, "typo"), (WEEKS[5], 98.0, "")]
    with pytest.raises(ValidationError) as raised:
        measure_services.add_data_points(measure=measure, rows=batch, changed_by=lead_user)

    assert raised.value.messages == [
        "These periods already have a value: 22 Apr 2024, 06 May 2024. To change them, paste "
        "the values with 'Replace values already given for the same periods' ticked."
    ]
    assert values_of(measure) == rows(0, 12)
    assert verdict(measure) == stored


def test_replacing_overwrites_only_the_periods_given(lead_user):
    measure = MeasureFactory(direction="decrease")
    measure_services.add_data_points(
        measure=measure, rows=[*rows(0, 3), (WEEKS[3], 99.0, "typo")], changed_by=lead_user
    )

    count = measure_services.add_data_points(
        measure=measure,
        rows=[(WEEKS[3], 10.0, "corrected"), (WEEKS[4], 12.0, "")],
        changed_by=lead_user,
        replace=True,
    )

    assert count == 2
    assert values_of(measure) == [*rows(0, 3), (WEEKS[3], 10.0, "corrected"), (WEEKS[4], 12.0, "")]
    assert DataPoint.objects.filter(measure=measure).count() == 5


def test_replacing_leaves_another_measures_values_alone(lead_user, falls):
    other = MeasureFactory(project=falls.project)
    measure_services.add_data_points(
        measure=other, rows=[(WEEKS[0], 1.0, "")], changed_by=lead_user
    )

    measure_services.add_data_points(
        measure=falls, rows=[(WEEKS[0], 3.0, "")], changed_by=lead_user, replace=True
    )

    assert values_of(other) == [(WEEKS[0], 1.0, "")]
    assert values_of(falls)[0] == (WEEKS[0], 3.0, "")


def test_deleting_a_value_changes_the_stored_verdict(lead_user):
    measure = MeasureFactory(direction="increase")
    measure_services.add_data_points(
        measure=measure, rows=[*rows(0, 12), (WEEKS[12], 40.0, "")], changed_by=lead_user
    )
    assert verdict(measure) == ("improvement_high", "")

    measure_services.delete_data_point(
        data_point=measure.data_points.get(period=WEEKS[12]),
        reason="Counted twice.",
        changed_by=lead_user,
    )

    assert len(values_of(measure)) == 12
    assert verdict(measure) == ("common_cause", "")


def test_a_measures_groups_follow_its_data_from_none_to_its_verdict_and_back(lead_user):
    measure = MeasureFactory(direction="increase", target=30)

    def groups():
        measure.refresh_from_db()
        return VARIATION_ORDER[measure.variation_rank], ASSURANCE_ORDER[measure.assurance_rank]

    assert groups() == ("no_data", "none")
    measure_services.add_data_points(
        measure=measure, rows=[*rows(0, 12), (WEEKS[12], 40.0, "")], changed_by=lead_user
    )
    with_data = groups()
    for data_point in measure.data_points.all():
        measure_services.delete_data_point(
            data_point=data_point, reason="Wrong ward.", changed_by=lead_user
        )

    assert with_data == ("improvement", "fail")
    assert groups() == ("no_data", "none")


def test_the_measure_keeps_its_latest_values_the_last_points_kind_and_its_sparkline(
    lead_user, falls
):
    falls.refresh_from_db()
    assert falls.recent_values == [float(value) for value in VALUES]
    # Falls fell from about 10 to about 6 a week: the last point is an improvement.
    assert falls.latest_kind == "improvement"
    assert falls.sparkline_points == Sparkline.line_of(falls.recent_values)
    assert len(falls.sparkline_points.split(" ")) == len(VALUES)
    # Its groups in the summary table of measures' orders, kept with it.
    assert VARIATION_ORDER[falls.variation_rank] == "improvement"
    assert ASSURANCE_ORDER[falls.assurance_rank] == ASSURANCE_GROUP.get(falls.assurance, "none")

    measure_services.delete_data_point(
        data_point=falls.data_points.get(period=WEEKS[-1]),
        reason="Not yet checked.",
        changed_by=lead_user,
    )
    falls.refresh_from_db()
    assert falls.recent_values == [float(value) for value in VALUES[:-1]]
    assert falls.sparkline_points == Sparkline.line_of(falls.recent_values)


def test_a_sparkline_keeps_only_the_last_year_of_weekly_values(lead_user):
    measure = MeasureFactory(direction="increase")
    weeks = [FIRST_WEEK + datetime.timedelta(weeks=week) for week in range(60)]
    measure_services.add_data_points(
        measure=measure,
        rows=[(week, float(number % 7), "") for number, week in enumerate(weeks)],
        changed_by=lead_user,
    )

    measure.refresh_from_db()
    assert measure.recent_values == [float(number % 7) for number in range(8, 60)]
    assert measure.latest_kind == "common_cause"


# Rebases -----------------------------------------------------------------------------------


def test_a_rebase_recalculates_the_limits_and_the_stored_verdict(lead_user, falls):
    rebase = measure_services.add_rebase(
        measure=falls, period=CHANGE_WEEK, reason="  New rota adopted.  ", changed_by=lead_user
    )

    assert (rebase.measure, rebase.period, rebase.reason) == (
        falls,
        CHANGE_WEEK,
        "New rota adopted.",
    )
    assert verdict(falls) == ("common_cause", "pass")
    assert verdict(falls) == chart_verdict(falls)


def test_a_rebase_between_two_periods_starts_at_the_next_one(lead_user, falls):
    measure_services.add_rebase(
        measure=falls,
        period=CHANGE_WEEK - datetime.timedelta(days=3),
        reason="New rota adopted mid-week.",
        changed_by=lead_user,
    )

    chart = selectors.measure_chart(Measure.objects.get(pk=falls.pk))
    assert chart.points[11].mean != chart.points[12].mean
    assert len({point.mean for point in chart.points}) == 2


def test_a_rebase_at_the_last_value_is_allowed(lead_user, falls):
    measure_services.add_rebase(
        measure=falls, period=WEEKS[-1], reason="Ward moved.", changed_by=lead_user
    )

    assert falls.rebases.count() == 1


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_rebase_needs_a_reason(lead_user, falls, reason):
    with pytest.raises(ValidationError) as raised:
        measure_services.add_rebase(
            measure=falls, period=CHANGE_WEEK, reason=reason, changed_by=lead_user
        )

    assert raised.value.message_dict == {
        "reason": ["Enter why the limits are recalculated from here"]
    }
    assert not Rebase.objects.exists()
    assert verdict(falls) == ("improvement_low", "inconsistent")


def test_a_second_rebase_at_the_same_period_is_refused_clearly(lead_user, falls):
    measure_services.add_rebase(
        measure=falls, period=CHANGE_WEEK, reason="Rota.", changed_by=lead_user
    )

    with pytest.raises(ValidationError) as raised:
        measure_services.add_rebase(
            measure=falls, period=CHANGE_WEEK, reason="Rota again.", changed_by=lead_user
        )

    assert raised.value.message_dict == {
        "period": ["The limits are already recalculated from 24 June 2024"]
    }
    assert list(falls.rebases.values_list("reason", flat=True)) == ["Rota."]


def test_another_measure_may_be_rebased_at_the_same_period(lead_user, falls):
    measure_services.add_rebase(
        measure=falls, period=CHANGE_WEEK, reason="Rota.", changed_by=lead_user
    )
    other = MeasureFactory(project=falls.project)
    measure_services.add_data_points(measure=other, rows=rows(), changed_by=lead_user)

    measure_services.add_rebase(
        measure=other, period=CHANGE_WEEK, reason="Rota.", changed_by=lead_user
    )

    assert Rebase.objects.count() == 2


@pytest.mark.parametrize(
    "period",
    [
        WEEKS[0],  # the first value: the limits would be the same
        WEEKS[0] - datetime.timedelta(days=1),
        WEEKS[-1] + datetime.timedelta(days=1),  # after the last value: nothing to rebase
        WEEKS[-1] + datetime.timedelta(weeks=10),
    ],
)
def test_a_rebase_at_or_before_the_first_value_or_after_the_last_is_refused(
    lead_user, falls, period
):
    with pytest.raises(ValidationError) as raised:
        measure_services.add_rebase(
            measure=falls, period=period, reason="Why not.", changed_by=lead_user
        )

    assert raised.value.message_dict == {
        "period": ["Enter a date after the measure's first value and no later than its last"]
    }
    assert not Rebase.objects.exists()


def test_a_measure_without_values_cannot_be_rebased(lead_user):
    measure = MeasureFactory()

    with pytest.raises(ValidationError) as raised:
        measure_services.add_rebase(
            measure=measure, period=CHANGE_WEEK, reason="Rota.", changed_by=lead_user
        )

    assert "period" in raised.value.message_dict
    assert not Rebase.objects.exists()


def test_removing_a_rebase_restores_the_verdict(lead_user, falls):
    rebase = measure_services.add_rebase(
        measure=falls, period=CHANGE_WEEK, reason="Rota.", changed_by=lead_user
    )

    measure_services.remove_rebase(rebase=rebase, reason="Too early.", changed_by=lead_user)

    assert not Rebase.objects.exists()
    assert verdict(falls) == ("improvement_low", "inconsistent")


# Who may -----------------------------------------------------------------------------------


def measure_state():
    return {
        "measures": list(Measure.objects.order_by("pk").values()),
        "values": list(DataPoint.objects.order_by("pk").values()),
        "rebases": list(Rebase.objects.order_by("pk").values()),
    }


CHANGES = {
    "add a measure": lambda falls, user: measure_services.save_measure(
        project=falls.project, changed_by=user, name="Harm free care", kind="outcome"
    ),
    "change a measure": lambda falls, user: measure_services.save_measure(
        project=falls.project, changed_by=user, measure=falls, target=1.0
    ),
    "add a value": lambda falls, user: measure_services.add_data_points(
        measure=falls, rows=[(WEEKS[-1] + datetime.timedelta(weeks=1), 1.0, "")], changed_by=user
    ),
    "replace values": lambda falls, user: measure_services.add_data_points(
        measure=falls, rows=[(WEEKS[0], 1.0, "")], changed_by=user, replace=True
    ),
    "delete a value": lambda falls, user: measure_services.delete_data_point(
        data_point=falls.data_points.first(), reason="Wrong week.", changed_by=user
    ),
    "rebase": lambda falls, user: measure_services.add_rebase(
        measure=falls, period=WEEKS[5], reason="Because.", changed_by=user
    ),
    "remove a rebase": lambda falls, user: measure_services.remove_rebase(
        rebase=falls.rebases.get(), reason="Too early.", changed_by=user
    ),
}


@pytest.mark.parametrize("who", ["staff", "editor", "team member", "project lead"])
@pytest.mark.parametrize("change", CHANGES)
def test_only_improvement_leads_change_measures(
    lead_user, staff_user, editor_user, falls, who, change
):
    measure_services.add_rebase(
        measure=falls, period=CHANGE_WEEK, reason="Rota.", changed_by=lead_user
    )
    team_member = UserFactory()
    falls.project.team.add(team_member)
    user = {
        "staff": staff_user,
        "editor": editor_user,
        "team member": team_member,
        "project lead": falls.project.lead,  # leads this project, but not an improvement lead
    }[who]
    before = measure_state()

    with pytest.raises(PermissionDenied):
        CHANGES[change](falls, user)

    assert measure_state() == before


def test_the_verdict_follows_changes_to_a_measure_read_as_its_page_reads_it(lead_user):
    """The measure page hands the measure it read (selectors.measure_for_page) to the
    services: the stored verdict must come from the data after the change, not from
    anything read with the measure."""
    measure = MeasureFactory(direction="decrease", target=9.5)
    measure_services.add_data_points(measure=measure, rows=rows(0, 12), changed_by=lead_user)
    assert verdict(measure) == ("common_cause", "inconsistent")

    page_measure = selectors.measure_for_page(measure.pk)
    measure_services.add_data_points(measure=page_measure, rows=rows(12, 24), changed_by=lead_user)
    assert verdict(measure) == ("improvement_low", "inconsistent")

    page_measure = selectors.measure_for_page(measure.pk)
    rebase = measure_services.add_rebase(
        measure=page_measure, period=CHANGE_WEEK, reason="Rota.", changed_by=lead_user
    )
    assert verdict(measure) == ("common_cause", "pass")

    page_measure = selectors.measure_for_page(measure.pk)
    measure_services.remove_rebase(
        rebase=page_measure.rebases.get(pk=rebase.pk), reason="Too early.", changed_by=lead_user
    )
    assert verdict(measure) == ("improvement_low", "inconsistent")

    page_measure = selectors.measure_for_page(measure.pk)
    measure_services.save_measure(
        project=measure.project, changed_by=lead_user, measure=page_measure, target=20.0
    )
    assert verdict(measure) == ("improvement_low", "pass")


# Chart types -------------------------------------------------------------------------------

# Patients seen within 4 hours out of all patients, a week: about 90%, then a fall to 60%.
SEEN = [90, 45, 180, 88, 46, 91, 178, 44, 92, 89, 181, 45, 60, 30, 120, 61]
PATIENTS = [100, 50, 200, 100, 50, 100, 200, 50, 100, 100, 200, 50, 100, 50, 200, 100]


def proportion_rows():
    return [
        (WEEKS[week], float(seen), "", float(patients))
        for week, (seen, patients) in enumerate(zip(SEEN, PATIENTS, strict=True))
    ]


def seen_within_4_hours(lead_user, chart_type=Measure.ChartType.P):
    return measure_services.save_measure(
        project=ProjectFactory(),
        changed_by=lead_user,
        name="Seen within 4 hours",
        kind=Measure.Kind.OUTCOME,
        unit="",
        direction=Measure.Direction.INCREASE,
        target=None,
        frequency=Measure.Frequency.WEEKLY,
        chart_type=chart_type,
        definition="",
    )


def test_a_new_measure_draws_the_xmr_chart_it_always_has(lead_user, falls):
    assert falls.chart_type == Measure.ChartType.XMR
    chart = selectors.measure_chart(falls)
    assert chart == spc.xmr(VALUES, direction="decrease", target=9.5)


def test_a_p_chart_keeps_each_values_denominator_and_judges_the_proportions(lead_user):
    measure = seen_within_4_hours(lead_user)

    measure_services.add_data_points(measure=measure, rows=proportion_rows(), changed_by=lead_user)

    assert list(measure.data_points.values_list("value", "denominator"))[:2] == [
        (90.0, 100.0),
        (45.0, 50.0),
    ]
    measure.refresh_from_db()
    assert measure.recent_values[:3] == [0.9, 0.9, 0.9]
    assert measure.latest_kind == "concern"  # 60% is far below a p chart's limits around 90%
    assert measure.variation == "concern_low"


def test_p_chart_rows_without_a_good_denominator_are_refused_naming_each_period(lead_user):
    measure = seen_within_4_hours(lead_user)
    bad = [
        (WEEKS[0], 45.0, "", None),
        (WEEKS[1], 60.0, "", 50.0),
        (WEEKS[2], 4.0, "", 0.0),
        (WEEKS[3], 40.0, "", 50.0),
    ]

    with pytest.raises(ValidationError) as error:
        measure_services.add_data_points(measure=measure, rows=bad, changed_by=lead_user)

    assert error.value.messages == [
        "01 Apr 2024: give the denominator, what the value is out of",
        "08 Apr 2024: the value (60) is more than its denominator (50): a proportion cannot "
        "be above 1",
        "15 Apr 2024: the denominator must be above 0",
    ]
    assert not measure.data_points.exists()


def test_a_measure_cannot_change_to_a_chart_its_values_do_not_fit(lead_user, falls):
    with pytest.raises(ValidationError) as error:
        measure_services.save_measure(
            project=falls.project,
            measure=falls,
            changed_by=lead_user,
            chart_type=Measure.ChartType.P,
        )

    assert error.value.message_dict == {
        "chart_type": [
            "The p chart cannot draw 24 of this measure's values as they are. For 01 Apr "
            "2024: give the denominator, what the value is out of. Give them again with "
            "'Replace values already given' ticked, or choose another chart type"
        ],
        # Falls' target of 9.5 a week cannot be a proportion either.
        "target": [
            "The target must be between 0 and 1: a p chart plots each value divided by its "
            "denominator, such as 0.95 for 95%"
        ],
    }
    assert Measure.objects.get(pk=falls.pk).chart_type == Measure.ChartType.XMR


def test_changing_the_chart_type_changes_the_stored_verdict(lead_user, falls):
    measure_services.save_measure(
        project=falls.project, measure=falls, changed_by=lead_user, chart_type="run"
    )

    falls.refresh_from_db()
    assert (falls.chart_type, falls.variation, falls.assurance) == ("run", "", "")
    assert falls.recent_values == [float(value) for value in VALUES]
    assert chart_verdict(falls) == ("", "")


def test_an_mr_charts_sparkline_leaves_out_the_first_point_which_has_no_range(lead_user, falls):
    measure_services.save_measure(
        project=falls.project, measure=falls, changed_by=lead_user, chart_type="mr"
    )

    falls.refresh_from_db()
    assert falls.recent_values[:3] == [1.0, 2.0, 1.0]
    assert len(falls.recent_values) == 23
