"""A project's page writes its charter's rows, measures, PDSA cycles and progress scores
in Python (core.presenters.summary_row, improvement's project tags) from rows read as
values (presenters.ProjectPage): the markup must be what the template wrote from the
project's records, byte for byte. The templates below are the page's loops as they were."""

import datetime

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from core.presenters import person_name, summary_row
from improvement.charts import Sparkline
from improvement.models import Measure, PDSACycle, Project
from improvement.presenters import ProjectPage
from tests.factories import ObjectiveFactory, StrategyFactory, UserFactory
from tests.improvement.factories import (
    IdeaFactory,
    MeasureFactory,
    PDSACycleFactory,
    ProgressScoreChangeFactory,
    ProjectFactory,
)
from tests.training.factories import CohortFactory, WardFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>\nSecond line & <b>bold</b>'

SUMMARY_ROW = Template('{% include "components/summary_row.html" with key=key value=value %}')

MEASURE_ROWS = Template(
    """{% load improvement %}{% for measure in measures %}
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Measure </span><a href="{{ measure.get_absolute_url }}">{{ measure.name }}</a></td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Type </span>{{ measure.get_kind_display }}</td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Chart </span>{% measure_sparkline measure %}</td>
    </tr>
    {% endfor %}"""  # noqa: E501
)

PDSA_CARDS = Template(
    """{% for cycle in cycles %}
<div class="nhsuk-card" id="pdsa-{{ cycle.pk }}">
  <div class="nhsuk-card__content">
    <h3 class="nhsuk-card__heading nhsuk-heading-s">Cycle {{ forloop.counter }}: {{ cycle.change_idea }}</h3>
    <p class="nhsuk-body-s">{{ cycle.start_date|date:"j F Y" }}{% if cycle.end_date %} to {{ cycle.end_date|date:"j F Y" }}{% else %}, in progress{% endif %}{% if cycle.act %}. Decision: <strong>{{ cycle.get_act_display }}</strong>{% endif %}</p>
    <dl class="nhsuk-summary-list nhsuk-summary-list--no-border">
      {% include "components/summary_row.html" with key="Plan" value=cycle.plan %}
      {% include "components/summary_row.html" with key="Prediction" value=cycle.prediction %}
      {% include "components/summary_row.html" with key="Do" value=cycle.do %}
      {% include "components/summary_row.html" with key="Study" value=cycle.study %}
    </dl>
    {% if can_manage %}<p class="nhsuk-body-s"><a href="{% url 'improvement:pdsa_edit' project.pk cycle.pk %}">Change this cycle<span class="nhsuk-u-visually-hidden">: {{ cycle.change_idea }}</span></a></p>{% endif %}
  </div>
</div>
{% endfor %}"""  # noqa: E501
)

SCORE_ROWS = Template(
    """{% load improvement %}{% for change in changes %}
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell">{{ change.created_at|date:"j M Y" }}</td>
      <td class="nhsuk-table__cell">{{ change.get_score_display }}</td>
      <td class="nhsuk-table__cell">{{ change.recorded_by|person }}</td>
      <td class="nhsuk-table__cell">{{ change.note|linebreaksbr }}</td>
    </tr>
    {% endfor %}"""
)


def written(template, **context):
    return template.render(Context(context))


def tag(source, **context):
    return Template("{% load improvement %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "value",
    ["", None, "One line", HOSTILE, mark_safe("<b>safe</b>\nkept"), "Yes", 0, False],
)
def test_a_summary_row_is_the_included_templates(value):
    assert summary_row("Key & <co>", value) == written(SUMMARY_ROW, key="Key & <co>", value=value)


@pytest.fixture
def project():
    """A project with something of every kind its page shows."""
    project = ProjectFactory(cohort=CohortFactory(sessions=False), programme_ward=WardFactory())
    return project


def test_measures_are_written_in_qsir_order_as_the_loop_wrote_them(project):
    for kind, name in [
        (Measure.Kind.BALANCING, "A balancing"),
        (Measure.Kind.PROCESS, "B process"),
        (Measure.Kind.OUTCOME, "Z outcome"),
        (Measure.Kind.OUTCOME, HOSTILE),
        (Measure.Kind.PROCESS, "A process"),
    ]:
        MeasureFactory(project=project, kind=kind, name=name)
    measure = Measure.objects.filter(project=project).first()
    measure.sparkline_points = Sparkline.line_of([1.0, 3.0, 2.0])
    measure.latest_kind = "common_cause"
    measure.variation = "common_cause"
    measure.save()
    rows = ProjectPage(project.pk).measures
    records = list(Measure.objects.filter(project=project))
    assert [row.pk for row in rows] == [record.pk for record in records]
    assert tag("{% project_measure_rows measures %}", measures=rows) == written(
        MEASURE_ROWS, measures=records
    )


@pytest.mark.parametrize("can_manage", [True, False])
def test_pdsa_cycles_are_the_loops_cards(project, can_manage):
    PDSACycleFactory(project=project, change_idea=HOSTILE, plan=HOSTILE, do="", study="")
    PDSACycleFactory(
        project=project,
        start_date=datetime.date(2024, 6, 2),
        end_date=datetime.date(2024, 7, 9),
        act=PDSACycle.Act.ADAPT,
        do="Done.\nTwice.",
        study="Worked.",
    )
    cycles = ProjectPage(project.pk).pdsa_cycles
    assert len(cycles) == 2
    assert tag(
        "{% pdsa_cycle_cards cycles project.pk can_manage %}",
        cycles=cycles,
        project=project,
        can_manage=can_manage,
    ) == written(
        PDSA_CARDS,
        cycles=list(project.pdsa_cycles.all()),
        project=project,
        can_manage=can_manage,
    )


def test_progress_scores_are_the_loops_rows(project):
    ProgressScoreChangeFactory(project=project, note=HOSTILE)
    ProgressScoreChangeFactory(
        project=project, score="2.5", recorded_by=UserFactory(first_name="", last_name="")
    )
    rows = ProjectPage(project.pk).score_changes
    assert tag("{% score_change_rows changes %}", changes=rows) == written(
        SCORE_ROWS, changes=list(project.score_changes.all())
    )


def test_the_team_objectives_cohort_and_ward_are_read_as_the_records_show_them(project):
    team = [
        UserFactory(first_name="Zoe", last_name="Adams"),
        UserFactory(first_name="", last_name="", username="anonymous.one"),
        UserFactory(first_name="Amir", last_name="Baker"),
    ]
    project.team.add(*team)
    strategies = [StrategyFactory(), StrategyFactory()]
    project.objectives.add(
        *(ObjectiveFactory(strategy=strategies[number % 2]) for number in range(3))
    )
    page = ProjectPage(project.pk)
    record = Project.objects.get(pk=project.pk)
    assert page.team == [
        member.get_full_name() or member.username
        for member in record.team.order_by("first_name", "last_name", "username")
    ]
    assert [
        (objective.url, objective.year_label, objective.number, objective.statement)
        for objective in page.objectives
    ] == [
        (objective.get_absolute_url(), objective.year_label, objective.number, objective.statement)
        for objective in record.objectives.all()
    ]
    assert (page.cohort.url, str(page.cohort)) == (
        record.cohort.get_absolute_url(),
        str(record.cohort),
    )
    assert (page.programme_ward.url, str(page.programme_ward)) == (
        record.programme_ward.get_absolute_url(),
        str(record.programme_ward),
    )


@pytest.mark.parametrize("with_idea_and_sponsor", [True, False])
def test_the_project_is_shown_as_its_record_shows_it(with_idea_and_sponsor):
    extra = (
        {"idea": IdeaFactory(title="An <idea>"), "sponsor": UserFactory(first_name="Sam")}
        if with_idea_and_sponsor
        else {}
    )
    record = ProjectFactory(
        status=Project.Status.COMPLETED,
        closing_summary="Done.",
        progress_score="3.5",
        phase=Project.Phase.DESIGN_AND_PLAN,
        **extra,
    )
    shown = ProjectPage(record.pk).project
    assert (
        shown.title,
        shown.status_tag,
        shown.progress_score_label,
        shown.phase_label,
        shown.lead_name,
        shown.sponsor_name,
        shown.site_name,
        shown.health_inequalities_label,
        shown.start_date,
    ) == (
        record.title,
        written(Template("{% load improvement %}{{ project|status_tag }}"), project=record),
        record.get_progress_score_display(),
        record.get_phase_display(),
        person_name(record.lead),
        person_name(record.sponsor),
        record.site.name,
        record.get_health_inequalities_display(),
        record.start_date,
    )
    idea = record.idea
    assert (shown.idea_url, shown.idea_reference, shown.idea_title) == (
        (idea.get_absolute_url(), idea.reference, idea.title) if idea else ("", "", "")
    )


def test_a_projects_cohort_and_ward_are_one_query_whether_it_has_them_or_not(
    django_assert_num_queries,
):
    """So its page reads as many queries for every project, the bench's check of scale 1
    against scale 100 among them."""
    without = ProjectPage(ProjectFactory().pk)
    cohort, ward = CohortFactory(sessions=False), WardFactory()
    with_both = ProjectPage(ProjectFactory(cohort=cohort, programme_ward=ward).pk)

    with django_assert_num_queries(1):
        assert without.cohort is None and without.programme_ward is None
    with django_assert_num_queries(1):
        assert with_both.cohort.name == f"{cohort.course.name}: {cohort.name}"
        assert with_both.programme_ward.name == f"{ward.name}, {ward.site.short_name}"
