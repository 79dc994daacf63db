"""An objective with an owner, a delivery lead and a project measured on an SPC chart, for
the tests of its progress updates."""

from types import SimpleNamespace

from goals.periods import periods_of_year
from improvement.models import Measure
from tests.factories import ObjectiveFactory, UserFactory, staff_with_job_title
from tests.improvement.factories import MeasureFactory, ProjectFactory

QUARTERS = periods_of_year(2023, 3)


def delivery_world(**strategy_fields):
    owner = staff_with_job_title(
        "Chief nurse", username="owner", first_name="Nia", last_name="Owen"
    )
    lead = UserFactory(username="delivery.lead", first_name="Dev", last_name="Lead")
    objective = ObjectiveFactory(
        strategy__organisation__slug="trust",
        year=2023,
        number=1,
        statement="We will reduce harm from falls.",
        executive_owner=owner,
        **{f"strategy__{name}": value for name, value in strategy_fields.items()},
    )
    objective.delivery_leads.add(lead)
    project = ProjectFactory(title="Safer wards", objectives=[objective])
    falls = MeasureFactory(
        project=project,
        name="Falls a week",
        variation=Measure.Variation.IMPROVEMENT_LOW,
        assurance=Measure.Assurance.FAIL,
    )
    other = MeasureFactory(project=ProjectFactory(title="Elsewhere"), name="Not this one")
    return SimpleNamespace(
        owner=owner, lead=lead, objective=objective, project=project, falls=falls, other=other
    )


def update_fields(**overrides):
    return {
        "period": QUARTERS[0],
        "status": "on_track",
        "narrative": "Falls fell by a fifth.",
        "next_period": "Spread to two more wards.",
        **overrides,
    }
