"""The summary table's reads: whose measures each scope holds, the filters, the sorts and the
count of measures by variation against assurance, all from what each measure keeps of its
chart."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from core.prepared import readable
from improvement import measure_services
from improvement.measure_summary import (
    SummaryFilterForm,
    filtered,
    icon_counts,
    matrix_counts,
    measures_by_pk,
    objective_scope,
    programme_scope,
    project_scope,
    site_scope,
    sorted_measures,
    tallied_icon_counts,
)
from improvement.models import Measure
from improvement.verdict_groups import (
    ASSURANCE_GROUP,
    ASSURANCE_GROUPS,
    ASSURANCE_ORDER,
    VARIATION_GROUPS,
    VARIATION_ORDER,
    VARIATION_VALUES,
    assurance_rank,
    variation_rank,
)
from tests.factories import UserFactory
from tests.improvement.factories import MeasureFactory, ProjectFactory, measure_keeping

pytestmark = pytest.mark.django_db


def names(measures):
    return [measure.name for measure in measures]


def test_the_matrix_counts_every_measure_once_in_its_variation_and_assurance(verdicts):
    counts = icon_counts(programme_scope().measures)

    assert counts == {
        ("improvement", "pass"): 2,
        ("concern", "fail"): 1,
        ("common_cause", "inconsistent"): 1,
        ("common_cause", "none"): 1,
        ("neutral", "none"): 1,
        ("none", "none"): 1,
        ("no_data", "none"): 1,
    }
    assert sum(counts.values()) == Measure.objects.count()


def test_each_count_is_the_number_of_measures_its_filters_list(verdicts):
    measures = programme_scope().measures
    counts = icon_counts(measures)

    for variation in VARIATION_GROUPS:
        for assurance in ASSURANCE_GROUPS:
            listed = filtered(measures, {"variation": variation, "assurance": assurance})
            assert listed.count() == counts.get((variation, assurance), 0), (
                variation,
                assurance,
            )


def test_the_counts_follow_a_measures_data_as_its_services_keep_it(verdicts, lead_user):
    project = ProjectFactory(site=verdicts.north)
    measure = MeasureFactory(
        project=project, name="Pressure ulcers", direction="decrease", target=9.5
    )
    before = icon_counts(site_scope(verdicts.north.pk).measures)
    weeks = [datetime.date(2024, 4, 1) + datetime.timedelta(weeks=week) for week in range(24)]
    values = [10, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12, 6, 7, 5, 6, 7, 5, 6, 6, 7, 5, 6, 7]

    measure_services.add_data_points(
        measure=measure,
        rows=[(week, float(value), "") for week, value in zip(weeks, values, strict=True)],
        changed_by=lead_user,
    )

    after = icon_counts(site_scope(verdicts.north.pk).measures)
    assert before[("no_data", "none")] == 2
    assert after[("no_data", "none")] == 1
    assert after[("improvement", "inconsistent")] == 1


def test_the_counts_take_one_query_however_many_measures(verdicts):
    with CaptureQueriesContext(connection) as few:
        icon_counts(programme_scope().measures)
    for number in range(30):
        measure_keeping(verdicts.clinic, f"More {number}", variation="concern_low")
    with CaptureQueriesContext(connection) as many:
        counts = icon_counts(programme_scope().measures)

    assert len(few) == len(many) == 1
    assert counts[("concern", "none")] == 30


def counted_from_the_measures(scope, filters):
    return icon_counts(filtered(scope.measures, filters, icons=False))


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"chart_type": "run"},
        {"kind": "outcome"},
        {"project_status": "stopped"},
        {"kind": "balancing", "project_status": "stopped", "chart_type": "i"},
        {"variation": "concern", "assurance": "fail"},
    ],
)
@pytest.mark.parametrize("scope_name", ["programme", "south", "north"])
def test_the_programmes_and_a_sites_counts_are_the_kept_tallies_of_their_measures(
    verdicts, filters, scope_name
):
    scope = (
        programme_scope()
        if scope_name == "programme"
        else site_scope(getattr(verdicts, scope_name).pk)
    )

    assert matrix_counts(scope, filters) == counted_from_the_measures(scope, filters)


@pytest.mark.parametrize("scope_name", ["programme", "site"])
def test_the_kept_counts_are_read_without_counting_the_measures_until_they_change(
    verdicts, lead_user, scope_name
):
    def scope():
        return programme_scope() if scope_name == "programme" else site_scope(verdicts.south.pk)

    matrix_counts(scope(), {})
    with CaptureQueriesContext(connection) as kept:
        before = matrix_counts(scope(), {})
    measure = MeasureFactory(project=verdicts.clinic, name="Pressure ulcers", target=9.5)
    measure_services.add_data_points(
        measure=measure,
        rows=[(datetime.date(2024, 4, 1), 4.0, "")],
        changed_by=lead_user,
    )
    after = matrix_counts(scope(), {})

    assert not reads_measures(kept)
    assert after == counted_from_the_measures(scope(), {})
    assert sum(after.values()) == sum(before.values()) + 1
    assert after.get(("no_data", "none")) == before.get(("no_data", "none"))


def reads_measures(queries):
    return any("improvement_measure" in readable(query["sql"]) for query in queries)


@pytest.mark.django_db(transaction=True)
def test_once_a_measures_new_data_commits_the_next_reader_finds_the_counts_kept():
    # A transactional test's database lost the role groups its migrations made: a superuser.
    lead = UserFactory(is_superuser=True)
    measure = MeasureFactory(name="Pressure ulcers", target=9.5)
    assert icon_counts(Measure.objects.all()) == {("no_data", "none"): 1}

    measure_services.add_data_points(
        measure=measure,
        rows=[(datetime.date(2024, 4, 1), 4.0, "")],
        changed_by=lead,
    )
    with CaptureQueriesContext(connection) as reading:
        counts = tallied_icon_counts({})

    assert counts == icon_counts(Measure.objects.all()) != {("no_data", "none"): 1}
    assert not reads_measures(reading)


def test_a_project_holds_its_own_measures(verdicts):
    scope = project_scope(verdicts.wards.pk)

    assert sorted(names(scope.measures)) == ["Falls", "New one", "harm from falls"]
    assert scope.record == verdicts.wards


def test_an_objective_holds_the_measures_of_the_projects_serving_it_each_once(verdicts):
    flow = objective_scope(verdicts.flow_goal.pk).measures
    falls = objective_scope(verdicts.falls_goal.pk).measures

    assert sorted(names(flow)) == [
        "Calls",
        "Did not attend",
        "Falls",
        "New one",
        "Waits",
        "harm from falls",
    ]
    assert sorted(names(falls)) == ["Falls", "New one", "harm from falls"]


def test_a_site_holds_the_measures_of_its_projects(verdicts):
    assert sorted(names(site_scope(verdicts.south.pk).measures)) == [
        "Audits",
        "Beds",
        "Calls",
        "Did not attend",
        "Waits",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"variation": "improvement"}, ["Falls", "harm from falls"]),
        ({"variation": "concern"}, ["Waits"]),
        ({"variation": "common_cause"}, ["Calls", "Did not attend"]),
        ({"variation": "neutral"}, ["Beds"]),
        ({"variation": "none"}, ["Audits"]),
        ({"variation": "no_data"}, ["New one"]),
        ({"assurance": "pass"}, ["Falls", "harm from falls"]),
        ({"assurance": "fail"}, ["Waits"]),
        ({"assurance": "inconsistent"}, ["Did not attend"]),
        ({"assurance": "none"}, ["Audits", "Beds", "Calls", "New one"]),
        ({"variation": "common_cause", "assurance": "none"}, ["Calls"]),
        ({"chart_type": "run"}, ["Audits"]),
        ({"kind": "process"}, ["Calls"]),
        ({"kind": "balancing"}, ["Beds"]),
        ({"project_status": "stopped"}, ["Audits", "Beds"]),
    ],
)
def test_the_filters(verdicts, filters, expected):
    assert sorted(names(filtered(programme_scope().measures, filters))) == expected


def test_the_matrix_counts_across_the_icon_filters_but_within_the_others(verdicts):
    measures = programme_scope().measures
    filters = {"variation": "concern", "assurance": "fail", "project_status": "stopped"}

    counts = icon_counts(filtered(measures, filters, icons=False))

    assert counts == {("neutral", "none"): 1, ("none", "none"): 1}


def test_sorted_by_variation_concerns_come_first_and_no_data_last(verdicts):
    measures = programme_scope().measures

    ascending = names(sorted_measures(measures, "variation"))
    descending = names(sorted_measures(measures, "-variation"))

    assert ascending == [
        "Waits",  # concern
        "Falls",  # improvement, then by name whatever its case
        "harm from falls",
        "Beds",  # neither better nor worse
        "Did not attend",  # common cause: hit and miss before no target
        "Calls",
        "Audits",  # no icon: a run chart
        "New one",  # no data
    ]
    assert descending == list(reversed(ascending))


def test_sorted_by_assurance_missed_targets_come_first(verdicts):
    ordered = names(sorted_measures(programme_scope().measures, "assurance"))

    assert ordered[:4] == ["Waits", "Did not attend", "Falls", "harm from falls"]
    assert set(ordered[4:]) == {"Beds", "Calls", "Audits", "New one"}


def test_sorted_by_name_and_by_project_whatever_the_case(verdicts):
    measures = programme_scope().measures

    assert names(sorted_measures(measures, "measure")) == [
        "Audits",
        "Beds",
        "Calls",
        "Did not attend",
        "Falls",
        "harm from falls",
        "New one",
        "Waits",
    ]
    by_project = [m.project.title for m in sorted_measures(measures, "-project")]
    assert by_project == ["Safer wards"] * 3 + ["Quicker clinics"] * 3 + ["Archived audit"] * 2


def test_sorted_by_latest_value_or_target_measures_without_one_come_last_both_ways(db):
    project = ProjectFactory()
    measure_keeping(project, "High", values=(1.0, 90.0), target=5)
    measure_keeping(project, "Low", values=(50.0, -2.0))
    measure_keeping(project, "empty", values=())
    measure_keeping(project, "Middle", values=(7.5,), target=95)
    measure_keeping(project, "also middle", values=(7.5,), target=0)
    measures = programme_scope().measures

    assert names(sorted_measures(measures, "latest")) == [
        "Low",
        "also middle",  # the same value: by name whatever its case
        "Middle",
        "High",
        "empty",
    ]
    assert names(sorted_measures(measures, "-latest")) == [
        "High",
        "Middle",
        "also middle",
        "Low",
        "empty",
    ]
    assert names(sorted_measures(measures, "target")) == [
        "also middle",
        "High",
        "Middle",
        "empty",
        "Low",
    ]
    assert names(sorted_measures(measures, "-target"))[:3] == ["Middle", "High", "also middle"]
    assert names(sorted_measures(measures, "-target"))[3:] == ["Low", "empty"]


def test_the_form_applies_what_it_offers_and_names_the_rest(verdicts):
    form = SummaryFilterForm(
        QueryDict("variation=concern&assurance=sometimes&chart_type=p&sort=-measure")
    )

    assert form.applied() == {"variation": "concern", "chart_type": "p", "sort": "-measure"}
    assert list(form.errors) == ["assurance"]


def test_an_unbound_form_applies_nothing():
    assert SummaryFilterForm().applied() == {}


def test_the_groups_hold_every_icon_a_measure_can_keep():
    grouped = [value for values in VARIATION_VALUES.values() for value in values]

    assert sorted(grouped) == sorted(Measure.Variation.values)
    assert sorted(ASSURANCE_GROUP) == sorted(Measure.Assurance.values)
    assert sorted(VARIATION_ORDER) == sorted(VARIATION_GROUPS)
    assert sorted(ASSURANCE_ORDER) == sorted(ASSURANCE_GROUPS)


@pytest.mark.parametrize(
    ("variation", "latest_kind", "group"),
    [
        ("concern_low", "concern", "concern"),
        ("improvement_high", "improvement", "improvement"),
        ("neutral_low", "neutral_low", "neutral"),
        ("common_cause", "common_cause", "common_cause"),
        ("", "common_cause", "none"),
        ("", "", "no_data"),
    ],
)
def test_a_measure_keeps_its_variation_group_as_its_place_in_the_order(
    variation, latest_kind, group
):
    assert VARIATION_ORDER[variation_rank(variation, latest_kind)] == group


def test_a_measure_keeps_its_assurance_group_as_its_place_in_the_order():
    ranks = {assurance: assurance_rank(assurance) for assurance in ["fail", "inconsistent", ""]}

    assert ranks == {"fail": 0, "inconsistent": 1, "": ASSURANCE_ORDER.index("none")}


def test_a_pages_measures_are_read_in_the_order_of_their_keys(verdicts):
    measures = verdicts.measures
    keys = [measures["waits"].pk, measures["falls"].pk, 999_999, measures["beds"].pk]

    with CaptureQueriesContext(connection) as context:
        page = measures_by_pk(keys)
        sites = [measure.site for measure in page]

    assert names(page) == ["Waits", "Falls", "Beds"]
    assert sites == ["South", "North", "South"]
    assert len(context) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans read are PostgreSQL's")
def test_on_postgresql_the_orders_and_a_matrix_cells_measures_read_their_indexes(verdicts):
    measures = programme_scope().measures
    with connection.cursor() as cursor:
        # A test database is too small for the planner to prefer an index on its own.
        cursor.execute("SET LOCAL enable_seqscan = off")
        first_page = sorted_measures(measures, "variation").values("pk")[:25].explain()
        last_page = sorted_measures(measures, "-variation").values("pk")[:25].explain()
        by_name = sorted_measures(measures, "-measure").values("pk")[:25].explain()
        others = {
            sort: sorted_measures(measures, sort).values("pk")[:25].explain()
            for sort in ["assurance", "-assurance", "latest", "-latest", "target", "-target"]
        }
        by_project = sorted_measures(measures, "-project").values("pk")[:25].explain()
        filtered_to_a_cell = filtered(measures, {"variation": "concern", "assurance": "fail"})
        a_cell = sorted_measures(filtered_to_a_cell, "variation").values("pk")[:25].explain()

    assert "measure_concerns_first" in first_page
    assert "measure_concerns_first" in last_page
    assert "Sort" not in first_page
    assert "measure_by_name" in by_name
    assert {sort: "Sort" in plan for sort, plan in others.items()} == dict.fromkeys(others, False)
    assert "measure_assurance_first" in others["-assurance"]
    assert "measure_by_latest" in others["latest"]
    assert "measure_by_latest_descending" in others["-latest"]
    assert "measure_by_target_descending" in others["-target"]
    assert "project_by_title" in by_project
    # Read from an index that holds both the cell and the order, however it is chosen.
    assert "Index Cond" in a_cell
    assert "Filter" not in a_cell
    assert "Sort" not in a_cell
