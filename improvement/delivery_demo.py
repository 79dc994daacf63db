"""The demo's strategy delivery: MSEFT's five objectives for 2023-24 get executive owners,
delivery leads and four quarters of progress updates with a mix of statuses, each citing
measures of the projects serving it. Built after the improvement demo, whose people lead
the delivery and whose measures evidence it; labelled as a demo like the rest of it. The
seed documents' own content (statements, goals) is not changed."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core.models import SeededDocument
from core.roles import IMPROVEMENT_LEADS
from goals import evidence
from goals.models import Objective, Site
from goals.periods import periods_of_year
from goals.services import write_update
from people.models import StaffProfile

DEMO_KEY = "improvement/delivery-demo"
ORGANISATION = "mseft"
YEAR = 2023
EXECUTIVES = [
    ("Amara", "Chief nurse"),
    ("Bilal", "Medical director"),
    ("Carys", "Chief operating officer"),
    ("Dimitri", "Chief people officer"),
    ("Esther", "Chief finance officer"),
]
# Each objective's status in each quarter: a mix a board would see in a year.
STATUSES = [
    ["on_track", "on_track", "at_risk", "on_track"],
    ["not_started", "on_track", "on_track", "complete"],
    ["on_track", "at_risk", "off_track", "at_risk"],
    ["on_track", "on_track", "on_track", "on_track"],
    ["not_started", "at_risk", "on_track", "on_track"],
]
NARRATIVES = {
    "not_started": "Demo: the work is planned and starts next quarter.",
    "on_track": "Demo: the milestones for the quarter were met and the measures are moving "
    "the right way.",
    "at_risk": "Demo: two milestones slipped while staffing was short on the wards.",
    "off_track": "Demo: the quarter's milestones were missed and the measures show no "
    "improvement yet.",
    "complete": "Demo: the objective's aims were met and the changes are part of everyday work.",
}
RECOVERY = (
    "Demo: the executive owner agreed extra staffing and a weekly review until it is back on track."
)


def load_delivery_demo(*, log):
    """Add the delivery demo once; return False if it is already there or MSEFT has no
    objectives for the year."""
    if SeededDocument.objects.filter(key=DEMO_KEY).exists():
        log("Demo strategy delivery already loaded, left as it is")
        return False
    objectives = list(
        Objective.objects.filter(strategy__organisation__slug=ORGANISATION, year=YEAR)
        .select_related("strategy")
        .order_by("number")
    )
    if not objectives:
        log("No MSEFT objectives for 2023-24: demo strategy delivery not added")
        return False
    with transaction.atomic():
        build(objectives)
        SeededDocument.objects.create(key=DEMO_KEY)
    log(f"Demo strategy delivery: {len(objectives)} objectives, four quarters of updates")
    return True


def make_executives():
    User = get_user_model()
    # The executives work across the trust; their profiles name its first site, so that the
    # people pickers show a site for them as for everyone.
    site = Site.objects.order_by("pk").first()
    executives = []
    for number, (first_name, job_title) in enumerate(EXECUTIVES, start=1):
        executive = User.objects.create(
            username=f"demo.executive.{number}",
            first_name=first_name,
            last_name="Executive (demo)",
            email=f"demo.executive.{number}@example.nhs.uk",
            password="!",  # unusable: demo people cannot log in
        )
        StaffProfile.objects.create(
            user=executive, job_title=job_title, department="Executive office", site=site
        )
        executives.append(executive)
    return executives


def build(objectives):
    executives = make_executives()
    leads = list(
        Group.objects.get(name=IMPROVEMENT_LEADS).user_set.filter(username__startswith="demo.")
    )
    strategy = objectives[0].strategy
    for number, goal in enumerate(strategy.goals.order_by("order")):
        goal.executive_owner = executives[number % len(executives)]
        goal.save()
    quarters = periods_of_year(YEAR, strategy.update_period)
    for number, objective in enumerate(objectives):
        owner = executives[number % len(executives)]
        objective.executive_owner = owner
        objective.save()
        if leads:
            objective.delivery_leads.add(leads[number % len(leads)])
        cited = [measure_id for measure_id, _ in evidence.measures_for(objective)[:2]]
        for quarter, status in zip(quarters, STATUSES[number % len(STATUSES)], strict=False):
            write_update(
                objective=objective,
                written_by=owner,
                period=quarter,
                status=status,
                narrative=NARRATIVES[status],
                next_period="Demo: continue the plan agreed with the delivery leads.",
                risks="Demo: staffing on the wards." if status != "complete" else "",
                recovery_actions=RECOVERY if status in ("at_risk", "off_track") else "",
                measure_ids=cited,
            )
