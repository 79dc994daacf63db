"""A synthetic improvement programme for demonstrations and benchmarks.

At scale 1 it reproduces the figures MSEFT published (seed 003): 469 ideas received, 45
projects supported to completion and 99 in progress, across the trust's three sites, with
the QSIR training and ward programme of training.demo, whose cohorts and wards some
projects are linked to.
Every volume is multiplied by the scale. Every record is labelled as a demo: ideas and
projects begin "Demo:", people are "demo." users.
"""

import collections
import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from core.history import record_versions
from core.models import SeededDocument
from core.roles import IMPROVEMENT_LEADS
from goals.models import Objective, Site
from people.demo import job_and_department
from people.models import StaffProfile
from training.demo import make_training, make_ward_programme

from .demo_measures import make_measures
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

PROGRAMME_START = datetime.date(2021, 4, 1)
PROGRAMME_DAYS = 1300


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
    sites = list(Site.objects.all())
    objectives = list(Objective.objects.all())
    if not sites or not objectives:
        raise ValueError("Load the strategy content first: run `manage.py seed`.")
    staff, leads = make_people(scale, log)
    ideas = make_ideas(rng, scale, sites, objectives, staff, log)
    make_triage(rng, scale, ideas, leads, log)
    projects = make_projects(rng, scale, ideas, staff, leads, log)
    link_projects_to_cohorts(projects, make_training(rng, scale, sites, staff, leads, log))
    link_projects_to_wards(projects, make_ward_programme(rng, sites, log))
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


def make_ideas(rng, scale, sites, objectives, staff, log):
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
    # Spread the submission dates over the programme, oldest idea first.
    moments = sorted(
        timezone.make_aware(
            datetime.datetime.combine(
                PROGRAMME_START + datetime.timedelta(days=rng.randrange(PROGRAMME_DAYS)),
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
    # The latest ideas not merged themselves, which a merged idea may be merged into.
    merge_targets = collections.deque(maxlen=5)
    for idea, status in zip(ideas, plan, strict=True):
        lead = rng.choice(leads)
        submitted = idea.created_at
        reviewed = submitted + datetime.timedelta(days=rng.randrange(3, 21))
        decided = reviewed + datetime.timedelta(days=rng.randrange(7, 42))
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
        changes.extend(
            (
                IdeaStatusChange(
                    idea=idea, from_status=before, to_status=after, changed_by=who, reason=why
                ),
                when,
            )
            for before, after, who, when, why in steps
        )
    Idea.objects.bulk_update(ideas, ["status", "decline_reason", "merged_into"], batch_size=BATCH)
    records = [change for change, _ in changes]
    IdeaStatusChange.objects.bulk_create(records, batch_size=BATCH)
    # Saving stamps created_at with the present; give the history its real dates.
    for change, when in changes:
        change.created_at = when
    IdeaStatusChange.objects.bulk_update(records, ["created_at"], batch_size=BATCH)
    log(f"Demo triage: {len(changes)} status changes")


def make_projects(rng, scale, ideas, staff, leads, log):
    supported = [idea for idea in ideas if idea.status == Idea.Status.SUPPORTED]
    statuses = (
        [Project.Status.COMPLETED] * (COMPLETED * scale)
        + [Project.Status.IN_PROGRESS] * (IN_PROGRESS * scale)
        + [Project.Status.ON_HOLD] * (ON_HOLD * scale)
        + [Project.Status.STOPPED] * (STOPPED * scale)
    )
    rng.shuffle(statuses)
    phases = list(Project.Phase.values)
    scores = list(ProgressScore.values)
    projects = []
    for idea, status in zip(supported, statuses, strict=True):
        start = timezone.localtime(idea.created_at).date() + datetime.timedelta(days=30)
        if status == Project.Status.COMPLETED:
            phase, score = Project.Phase.SUSTAIN_AND_SHARE, rng.choice(scores[6:])
        else:
            phase, score = rng.choice(phases[:5]), rng.choice(scores[:6])
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
                phase=phase,
                status=status,
                progress_score=score,
                closing_summary=rng.choice(OUTCOMES) if status == Project.Status.COMPLETED else "",
                involves_patients=idea.involves_patients,
                health_inequalities=idea.health_inequalities,
            )
        )
    Project.objects.bulk_create(projects, batch_size=BATCH)
    projects = list(Project.objects.filter(title__startswith="Demo:").select_related("idea"))
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
    ProgressScoreChange.objects.bulk_create(
        (
            ProgressScoreChange(
                project=project, score=project.progress_score, recorded_by=project.lead
            )
            for project in projects
        ),
        batch_size=BATCH,
    )
    PDSACycle.objects.bulk_create(
        (
            PDSACycle(
                project=project,
                change_idea=project.idea.proposed_change[:200],
                plan="Demo: test the change for two weeks on one shift.",
                prediction="Demo: we expect a visible improvement within two weeks.",
                do="Demo: the change ran as planned." if project.phase != "start_out" else "",
                start_date=project.start_date + datetime.timedelta(days=60),
                act=PDSACycle.Act.ADOPT if project.status == Project.Status.COMPLETED else "",
            )
            for project in projects
        ),
        batch_size=BATCH,
    )
    log(f"Demo projects: {len(projects)}")
    make_measures(rng, projects, log)
    return projects
