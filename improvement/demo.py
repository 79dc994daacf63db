"""A synthetic improvement programme for demonstrations and benchmarks.

At scale 1 it reproduces the figures MSEFT published (seed 003): 469 ideas received, 45
projects supported to completion and 99 in progress, across the trust's three sites, with
the QSIR training and ward programme of training.demo, whose cohorts and wards some
projects are linked to.
Every volume is multiplied by the scale. Every record is labelled as a demo: ideas and
projects begin "Demo:", people are "demo." users.

Its dates run up to the day it is loaded: ideas over the last three and a half years, each
triaged after its submission and never in the future; projects started once their idea was
supported, the older ones more often finished; scores, PDSA cycles and measures' weekly
values dated within each project's life, up to the last whole week for those in progress.
The same day gives the same demo (a seeded random generator).
"""

import collections
import dataclasses
import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from core.dates import start_of
from core.history import record_versions
from core.models import SeededDocument
from core.roles import IMPROVEMENT_LEADS
from goals.models import Objective, Site
from people.demo_jobs import job_and_department
from people.models import StaffProfile
from training.demo import make_training, make_ward_programme

from .demo_measures import PDSA_AFTER_DAYS, make_measures
from .demo_text import FIRST_NAMES, LAST_NAMES, OUTCOMES, PROBLEMS, WARDS
from .models import (
    DataPoint,
    HealthInequalitiesEffect,
    Idea,
    IdeaStatusChange,
    Measure,
    PDSACycle,
    ProgressScore,
    ProgressScoreChange,
    Project,
    Rebase,
)

DEMO_KEY = "improvement/demo"
BATCH = 2000

# Per unit of scale: the published figures, and a plausible spread of the rest.
IDEAS = 469
COMPLETED = 45
IN_PROGRESS = 99
ON_HOLD = 8
STOPPED = 6
UNDER_REVIEW = 31
SUBMITTED = 22
MERGED = 27
STAFF = 120
LEADS = 6

# Ideas are spread over the days before the one the demo is loaded.
PROGRAMME_DAYS = 1300
# A project finishes after months of work: none younger than this is completed.
COMPLETED_AFTER_DAYS = 180
# A project's PDSA cycle (PDSA_AFTER_DAYS into it) runs for four weeks.
PDSA_DAYS = 28


def load_demo(*, scale, log):
    """Add the synthetic programme once; return False if it is already there."""
    if SeededDocument.objects.filter(key=DEMO_KEY).exists():
        log("Demo programme already loaded, left as it is")
        return False
    with transaction.atomic():
        build(scale=scale, log=log)
        SeededDocument.objects.create(key=DEMO_KEY)
    return True


def build(*, scale, log):
    rng = random.Random(2021)
    today = timezone.localdate()
    sites = list(Site.objects.all())
    objectives = list(Objective.objects.all())
    if not sites or not objectives:
        raise ValueError("Load the strategy content first: run `manage.py seed`.")
    staff, leads = make_people(scale, log)
    ideas = make_ideas(rng, scale, sites, objectives, staff, today, log)
    make_triage(rng, scale, ideas, leads, log)
    projects = make_projects(rng, scale, ideas, staff, leads, today, log)
    cohorts = make_training(rng, scale, sites, staff, leads, today, log)
    link_projects_to_cohorts(projects, cohorts)
    link_projects_to_wards(projects, make_ward_programme(rng, sites, today, log))
    record_first_versions()


def record_first_versions():
    """Each demo record's first history entry, as the demo leaves it, so the admin's
    history pages show where each began. Written in bulk, the records got none."""
    project_ids = Project.objects.filter(title__startswith="Demo:").values("pk")
    demo_records = [
        (Idea, Idea.objects.filter(title__startswith="Demo:")),
        (Project, Project.objects.filter(pk__in=project_ids)),
        (PDSACycle, PDSACycle.objects.filter(project__in=project_ids)),
        (Measure, Measure.objects.filter(project__in=project_ids)),
        (DataPoint, DataPoint.objects.filter(measure__project__in=project_ids)),
        (Rebase, Rebase.objects.filter(measure__project__in=project_ids)),
    ]
    for model, records in demo_records:
        record_versions(model, records.order_by("pk").iterator(chunk_size=BATCH))


def link_projects_to_cohorts(projects, cohorts):
    """The programmes wrapped around the five-week course: projects started during it."""
    changed = []
    for cohort in cohorts:
        ends = cohort.starts_on + datetime.timedelta(days=35)
        during = [
            project
            for project in projects
            if project.cohort_id is None and cohort.starts_on <= project.start_date <= ends
        ]
        for project in during[:3]:
            project.cohort = cohort
            changed.append(project)
    Project.objects.bulk_update(changed, ["cohort"], batch_size=BATCH)


def link_projects_to_wards(projects, wards):
    """Projects started on a ward after it joined the ward programme."""
    changed = []
    for ward in wards:
        if ward.joined_on is None:
            continue
        candidates = [
            project
            for project in projects
            if project.programme_ward_id is None
            and project.site_id == ward.site_id
            and project.start_date >= ward.joined_on
        ]
        for project in candidates[:2]:
            project.programme_ward = ward
            project.ward = ward.name
            changed.append(project)
    Project.objects.bulk_update(changed, ["programme_ward", "ward"], batch_size=BATCH)


def make_people(scale, log):
    User = get_user_model()
    users = []
    for number in range(STAFF * scale + LEADS):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]
        users.append(
            User(
                username=f"demo.{first.lower()}.{last.lower()}.{number}",
                first_name=first,
                last_name=f"{last} (demo)",
                email=f"demo.{number}@example.nhs.uk",
                password="!",  # unusable: demo people cannot log in
            )
        )
    User.objects.bulk_create(users, batch_size=BATCH)
    users = list(User.objects.filter(username__startswith="demo.").order_by("pk"))
    leads = users[:LEADS]
    Group.objects.get(name=IMPROVEMENT_LEADS).user_set.add(*leads)
    # Where each works, so the dashboard counts their thank-you cards by site.
    sites = list(Site.objects.all())
    profiles = StaffProfile.objects.bulk_create(
        StaffProfile(user=user, site=sites[number % len(sites)], **role(number))
        for number, user in enumerate(users)
    )
    record_versions(StaffProfile, profiles)
    log(f"Demo people: {len(users)}")
    return users[LEADS:], leads


def role(number):
    """The first demo people are the improvement leads; the rest have jobs of all kinds."""
    if number < LEADS:
        return {"job_title": "Improvement lead", "department": "Quality improvement"}
    job_title, department = job_and_department(number)
    return {"job_title": job_title, "department": department}


def make_ideas(rng, scale, sites, objectives, staff, today, log):
    count = IDEAS * scale
    ideas = []
    for number in range(count):
        title, problem, change = PROBLEMS[number % len(PROBLEMS)]
        ward = rng.choice(WARDS)
        ideas.append(
            Idea(
                title=f"Demo: {title.format(ward=ward)}",
                problem=problem,
                proposed_change=change,
                site=sites[number % len(sites)],
                ward=ward,
                involves_patients=rng.random() < 0.3,
                health_inequalities=rng.choices(HealthInequalitiesEffect.values, weights=[3, 5, 2])[
                    0
                ],
                submitted_by=rng.choice(staff),
                submission_token=uuid.uuid4(),
            )
        )
    Idea.objects.bulk_create(ideas, batch_size=BATCH)
    ideas = list(Idea.objects.filter(title__startswith="Demo:").order_by("pk"))
    # Spread the submission dates over the days up to yesterday, oldest idea first.
    start = today - datetime.timedelta(days=PROGRAMME_DAYS)
    moments = sorted(
        timezone.make_aware(
            datetime.datetime.combine(
                start + datetime.timedelta(days=rng.randrange(PROGRAMME_DAYS)),
                datetime.time(rng.randrange(8, 18), rng.randrange(60)),
            )
        )
        for _ in ideas
    )
    for idea, moment in zip(ideas, moments, strict=True):
        idea.created_at = moment
    Idea.objects.bulk_update(ideas, ["created_at"], batch_size=BATCH)
    IdeaObjective = Idea.objectives.through
    IdeaObjective.objects.bulk_create(
        (
            IdeaObjective(idea_id=idea.pk, objective_id=objective.pk)
            for idea in ideas
            for objective in rng.sample(objectives, k=rng.choice([1, 1, 2]))
        ),
        batch_size=BATCH,
    )
    Idea.followers.through.objects.bulk_create(
        (Idea.followers.through(idea_id=idea.pk, user_id=idea.submitted_by_id) for idea in ideas),
        batch_size=BATCH,
    )
    log(f"Demo ideas: {len(ideas)}")
    return ideas


def make_triage(rng, scale, ideas, leads, log):
    """Give each idea its status, and the dated history that led to it."""
    projects = (COMPLETED + IN_PROGRESS + ON_HOLD + STOPPED) * scale
    waiting = [Idea.Status.SUBMITTED] * (SUBMITTED * scale)
    settled = (
        [Idea.Status.SUPPORTED] * projects
        + [Idea.Status.UNDER_REVIEW] * (UNDER_REVIEW * scale)
        + [Idea.Status.MERGED] * (MERGED * scale)
    )
    settled += [Idea.Status.DECLINED] * (len(ideas) - len(settled) - len(waiting))
    rng.shuffle(settled)
    # Ideas are oldest first, so the newest ones are those still waiting for review.
    plan = settled + waiting
    changes = []
    # The demo's present is the start of its day, so that the same day gives the same demo.
    now = start_of(timezone.localdate())
    # The latest ideas not merged themselves, which a merged idea may be merged into.
    merge_targets = collections.deque(maxlen=5)
    for idea, status in zip(ideas, plan, strict=True):
        lead = rng.choice(leads)
        submitted = idea.created_at
        # The newest ideas were triaged sooner: no step is later than a third (review) or two
        # thirds (decision) of the time from their submission to now.
        waited = now - submitted
        reviewed = min(
            submitted + datetime.timedelta(days=rng.randrange(3, 21)), submitted + waited / 3
        )
        decided = min(
            reviewed + datetime.timedelta(days=rng.randrange(7, 42)), submitted + waited * 2 / 3
        )
        steps = [("", Idea.Status.SUBMITTED, idea.submitted_by, submitted, "")]
        if status != Idea.Status.SUBMITTED:
            steps.append((Idea.Status.SUBMITTED, Idea.Status.UNDER_REVIEW, lead, reviewed, ""))
        if status == Idea.Status.DECLINED:
            idea.decline_reason = "Demo: this is already covered by the trust's falls programme."
        if status == Idea.Status.MERGED:
            if not merge_targets:
                status = Idea.Status.DECLINED
                idea.decline_reason = "Demo: a duplicate of an idea already under way."
            else:
                idea.merged_into = rng.choice(merge_targets)
        else:
            merge_targets.append(idea)
        if status not in (Idea.Status.SUBMITTED, Idea.Status.UNDER_REVIEW):
            steps.append((Idea.Status.UNDER_REVIEW, status, lead, decided, idea.decline_reason))
        idea.status = status
        idea.updated_at = steps[-1][3]
        # When a supported idea's project could start.
        idea.decided_at = decided
        changes.extend(
            (
                IdeaStatusChange(
                    idea=idea, from_status=before, to_status=after, changed_by=who, reason=why
                ),
                when,
            )
            for before, after, who, when, why in steps
        )
    Idea.objects.bulk_update(
        ideas, ["status", "decline_reason", "merged_into", "updated_at"], batch_size=BATCH
    )
    records = [change for change, _ in changes]
    IdeaStatusChange.objects.bulk_create(records, batch_size=BATCH)
    # Saving stamps created_at with the present; give the history its real dates.
    for change, when in changes:
        change.created_at = when
    IdeaStatusChange.objects.bulk_update(records, ["created_at"], batch_size=BATCH)
    log(f"Demo triage: {len(changes)} status changes")


def make_projects(rng, scale, ideas, staff, leads, today, log):
    supported = [idea for idea in ideas if idea.status == Idea.Status.SUPPORTED]
    # A project starts within a fortnight of its idea's support, and before today.
    starts = {
        idea.pk: min(
            today - datetime.timedelta(days=1),
            timezone.localtime(idea.decided_at).date() + datetime.timedelta(days=rng.randrange(15)),
        )
        for idea in supported
    }
    statuses = project_statuses(rng, scale, supported, starts, today)
    projects, plans = [], {}
    for idea in supported:
        start, status = starts[idea.pk], statuses[idea.pk]
        plan = project_plan(rng, start, status, today)
        plans[idea.pk] = plan
        projects.append(
            Project(
                idea=idea,
                title=idea.title,
                problem_statement=idea.problem,
                aim=f"Demo aim: {idea.proposed_change[:-1].lower()} and show the effect "
                f"within 6 months of {start:%B %Y}.",
                lead=rng.choice(leads + staff[:20]),
                sponsor=rng.choice(leads),
                site=idea.site,
                ward=idea.ward,
                start_date=start,
                target_date=start + datetime.timedelta(days=180 + rng.randrange(180)),
                phase=plan.phase,
                status=status,
                progress_score=plan.score,
                closing_summary=rng.choice(OUTCOMES) if status == Project.Status.COMPLETED else "",
                involves_patients=idea.involves_patients,
                health_inequalities=idea.health_inequalities,
            )
        )
    Project.objects.bulk_create(projects, batch_size=BATCH)
    projects = list(Project.objects.filter(title__startswith="Demo:").select_related("idea"))
    for project in projects:
        project.plan = plans[project.idea_id]
        # Created on its first day, last changed when its work or its score last moved.
        project.created_at = at_work(project.start_date, today)
        project.updated_at = at_work(max(project.plan.finished_on, project.plan.scored_on), today)
    Project.objects.bulk_update(projects, ["created_at", "updated_at"], batch_size=BATCH)
    idea_objectives = {}
    for idea_id, objective_id in Idea.objectives.through.objects.filter(
        idea__in=supported
    ).values_list("idea_id", "objective_id"):
        idea_objectives.setdefault(idea_id, []).append(objective_id)
    Project.objectives.through.objects.bulk_create(
        (
            Project.objectives.through(project_id=project.pk, objective_id=objective_id)
            for project in projects
            for objective_id in idea_objectives[project.idea_id]
        ),
        batch_size=BATCH,
    )
    Project.team.through.objects.bulk_create(
        (
            Project.team.through(project_id=project.pk, user_id=member.pk)
            for project in projects
            for member in rng.sample(staff, k=3)
        ),
        batch_size=BATCH,
    )
    scores = [
        ProgressScoreChange(project=project, score=project.progress_score, recorded_by=project.lead)
        for project in projects
    ]
    ProgressScoreChange.objects.bulk_create(scores, batch_size=BATCH)
    # Saving stamps created_at with the present: the score was recorded on its own day.
    for change in scores:
        change.created_at = at_work(change.project.plan.scored_on, today)
    ProgressScoreChange.objects.bulk_update(scores, ["created_at"], batch_size=BATCH)
    PDSACycle.objects.bulk_create(
        (
            PDSACycle(
                project=project,
                change_idea=project.idea.proposed_change[:200],
                **project.plan.pdsa,
            )
            for project in projects
            if project.plan.pdsa is not None
        ),
        batch_size=BATCH,
    )
    log(f"Demo projects: {len(projects)}")
    make_measures(rng, projects, today, log)
    return projects


def at_work(day, today):
    """A moment of a working day, for records dated by the day: yesterday's at the latest,
    since the demo's present is the start of today."""
    day = min(day, today - datetime.timedelta(days=1))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def project_statuses(rng, scale, supported, starts, today):
    """Each supported idea's project status, the published numbers of each: the older
    projects more often finished (completed or stopped), the newer ones in progress or on
    hold, blurred by months either way; none completed before it had time to be."""
    finished = [Project.Status.COMPLETED] * (COMPLETED * scale) + [Project.Status.STOPPED] * (
        STOPPED * scale
    )
    running = [Project.Status.IN_PROGRESS] * (IN_PROGRESS * scale) + [Project.Status.ON_HOLD] * (
        ON_HOLD * scale
    )
    rng.shuffle(finished)
    rng.shuffle(running)
    ranked = sorted(supported, key=lambda idea: starts[idea.pk].toordinal() + rng.gauss(0, 200))
    statuses = {idea.pk: status for idea, status in zip(ranked, finished + running, strict=True)}

    def old_enough(pk):
        return (today - starts[pk]).days >= COMPLETED_AFTER_DAYS

    too_young = [
        pk for pk in statuses if statuses[pk] == Project.Status.COMPLETED and not old_enough(pk)
    ]
    older_running = (
        idea.pk
        for idea in ranked
        if statuses[idea.pk] == Project.Status.IN_PROGRESS and old_enough(idea.pk)
    )
    for young, older in zip(too_young, older_running, strict=False):
        statuses[young], statuses[older] = statuses[older], statuses[young]
    return statuses


@dataclasses.dataclass
class ProjectPlan:
    """What the demo decides about a project beyond its record: the day its work (and its
    measures' data) stopped, today for one in progress; the day its score was recorded; its
    PDSA cycle's fields (None before it has one)."""

    phase: str
    score: str
    finished_on: datetime.date
    scored_on: datetime.date
    pdsa: dict | None


def project_plan(rng, start, status, today):
    phases, scores = list(Project.Phase.values), list(ProgressScore.values)
    age = (today - start).days
    if status == Project.Status.COMPLETED:
        phase, score = Project.Phase.SUSTAIN_AND_SHARE, rng.choice(scores[6:])
        # Finished a week ago at the latest: its last week's values are in.
        finished = min(
            start + datetime.timedelta(days=rng.randrange(180, 400)),
            today - datetime.timedelta(days=7),
        )
    elif status == Project.Status.IN_PROGRESS:
        # Further along the longer it has run: a phase about every four months.
        step = min(4, age // 120 + rng.choice([-1, 0, 0, 1]))
        phase, score = phases[max(0, step)], scores[max(0, min(5, step + rng.choice([0, 1])))]
        finished = today
    else:
        phase, score = rng.choice(phases[:4]), rng.choice(scores[:5])
        finished = min(start + datetime.timedelta(days=rng.randrange(90, 300)), today)
    if status == Project.Status.IN_PROGRESS:
        # Most leads update the score every month or two; a few let it go stale.
        scored = max(start, today - datetime.timedelta(days=rng.choice([3, 10, 30, 45, 70, 120])))
    else:
        scored = finished
    return ProjectPlan(phase, score, finished, scored, pdsa_cycle(rng, start, status, today))


def pdsa_cycle(rng, start, status, today):
    """The fields of a project's PDSA cycle, two months into it: finished and decided for a
    project that finished; for one in progress, running, done, or waiting for its study or
    its decision, as the weekly digest finds some."""
    begins = start + datetime.timedelta(days=PDSA_AFTER_DAYS)
    if begins > today:
        return None
    ends = begins + datetime.timedelta(days=PDSA_DAYS)
    fields = {
        "plan": "Demo: test the change for four weeks on one shift.",
        "prediction": "Demo: we expect a visible improvement within four weeks.",
        "start_date": begins,
    }
    if ends > today:
        return fields | {"do": "Demo: the change is running as planned."}
    done = fields | {"do": "Demo: the change ran as planned.", "end_date": ends}
    studied = done | {"study": "Demo: the chart shows whether the change made a difference."}
    if status == Project.Status.COMPLETED:
        return studied | {"act": PDSACycle.Act.ADOPT}
    if status == Project.Status.STOPPED:
        return studied | {"act": PDSACycle.Act.ABANDON}
    outcome = rng.random()
    if outcome < 0.8:
        return studied | {"act": rng.choice([PDSACycle.Act.ADOPT, PDSACycle.Act.ADAPT])}
    if outcome < 0.9:
        return done  # ended, and no decision yet
    return fields | {"do": "Demo: the change ran as planned."}  # never closed
