"""The demo's strategy delivery: MSEFT's five objectives with owners and four quarters of
updates with a mix of statuses, without changing the seed documents' content."""

import io

import pytest
from django.core.management import call_command

from goals.models import Goal, Objective, ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_gives_msefts_objectives_owners_and_a_year_of_updates(seeded, staff_client):
    statements = dict(Objective.objects.values_list("pk", "statement"))
    call_command("seed", demo=True, stdout=io.StringIO())

    objectives = Objective.objects.filter(strategy__organisation__slug="mseft", year=2023)
    assert objectives.count() == 5
    assert not objectives.filter(executive_owner=None).exists()
    assert not Goal.objects.filter(strategy__organisation__slug="mseft", executive_owner=None)
    assert dict(Objective.objects.values_list("pk", "statement")) == statements
    for objective in objectives:
        quarters = list(objective.updates.order_by("period_start"))
        assert [update.period.label for update in quarters] == [
            "Q1 2023-24",
            "Q2 2023-24",
            "Q3 2023-24",
            "Q4 2023-24",
        ]
        assert all(update.is_published for update in quarters)
    statuses = set(ProgressUpdate.objects.values_list("status", flat=True))
    assert statuses == {"not_started", "on_track", "at_risk", "off_track", "complete"}
    assert ProgressUpdate.objects.filter(evidence__isnull=False).exists()

    page = staff_client.get("/strategies/mseft/reports/2024-01-01/").content.decode()
    assert "Board report: strategy delivery, Q4 2023-24" in page
    assert "Chief nurse" in page

    call_command("seed", demo=True, stdout=io.StringIO())
    assert ProgressUpdate.objects.count() == 20
