"""Factories for the improvement programme's records."""

import datetime
import uuid

import factory

from improvement.charts import Sparkline
from improvement.models import (
    Idea,
    IdeaStatusChange,
    Measure,
    PDSACycle,
    ProgressScoreChange,
    Project,
)
from improvement.verdict_groups import assurance_rank, variation_rank
from tests.factories import ObjectiveFactory, SiteFactory, UserFactory


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea just submitted. Pass `objectives=[...]` to link objectives (default: one)."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Idea number {n}")
    problem = "Something happens that should not."
    proposed_change = "Do it differently."
    site = factory.SubFactory(SiteFactory)
    ward = "Ward 1"
    submitted_by = factory.SubFactory(UserFactory)
    submission_token = factory.LazyFunction(uuid.uuid4)

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if not create:
            return
        self.objectives.set(extracted if extracted is not None else [ObjectiveFactory()])


class IdeaStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdeaStatusChange

    idea = factory.SubFactory(IdeaFactory)
    from_status = Idea.Status.SUBMITTED
    to_status = Idea.Status.UNDER_REVIEW
    changed_by = factory.SubFactory(UserFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project started without an idea. Pass `objectives=[...]` (default: one)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project number {n}")
    problem_statement = "Something happens that should not."
    aim = "Halve it by March."
    lead = factory.SubFactory(UserFactory)
    site = factory.SubFactory(SiteFactory)
    ward = "Ward 1"
    start_date = datetime.date(2024, 4, 1)
    target_date = datetime.date(2024, 10, 1)
    status = Project.Status.IN_PROGRESS
    closing_summary = factory.LazyAttribute(
        lambda project: "It worked." if project.status == Project.Status.COMPLETED else ""
    )

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if not create:
            return
        self.objectives.set(extracted if extracted is not None else [ObjectiveFactory()])


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Measure {n}")
    kind = Measure.Kind.OUTCOME


KIND_OF_VARIATION = {
    "": "common_cause",
    "common_cause": "common_cause",
    "improvement_high": "improvement",
    "improvement_low": "improvement",
    "concern_high": "concern",
    "concern_low": "concern",
    "neutral_high": "neutral_high",
    "neutral_low": "neutral_low",
}


def measure_keeping(project, name, *, variation="", assurance="", values=(5.0, 6.0), **fields):
    """A measure keeping this verdict and these recent values, as measure_services keeps
    them from its data (no values: no data yet), for the pages that read only those."""
    return MeasureFactory(
        project=project,
        name=name,
        variation=variation,
        assurance=assurance,
        recent_values=list(values),
        latest_value=values[-1] if values else None,
        latest_kind=KIND_OF_VARIATION[variation] if values else "",
        sparkline_points=Sparkline.line_of(list(values)),
        variation_rank=variation_rank(variation, KIND_OF_VARIATION[variation] if values else ""),
        assurance_rank=assurance_rank(assurance),
        **fields,
    )


class PDSACycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PDSACycle

    project = factory.SubFactory(ProjectFactory)
    change_idea = factory.Sequence(lambda n: f"Change idea {n}")
    plan = "Try it on one shift."
    prediction = "Fewer falls."
    start_date = datetime.date(2024, 5, 1)


class ProgressScoreChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressScoreChange

    project = factory.SubFactory(ProjectFactory)
    score = "1.0"
    recorded_by = factory.SubFactory(UserFactory)


# QSIR training and the ward programme
