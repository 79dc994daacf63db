import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from core.history import HistoricalRecords
from core.models import TimeStampedModel
from goals.models import Objective, Site

from . import spc

# The models of import_models and question_models are imported here so that Django
# registers them with the app's other models.
from .import_models import IdeaImport, IdeaImportRow  # noqa: F401
from .measure_data import as_sentence, row_problems, target_problem, unfit_values
from .querysets import IdeaQuerySet, ProjectQuerySet
from .question_models import IdeaMessage  # noqa: F401
from .verdict_groups import (
    ASSURANCE_FIRST,
    ASSURANCE_ORDER,
    BY_LATEST,
    BY_NAME,
    BY_TARGET,
    CONCERNS_FIRST,
    VARIATION_ORDER,
)


class HealthInequalitiesEffect(models.TextChoices):
    REDUCES = "reduces", "Expected to reduce health inequalities"
    NO_EFFECT = "no_effect", "No expected effect on health inequalities"
    NOT_KNOWN = "not_known", "Not known yet"


class Idea(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Under review"
        SUPPORTED = "supported", "Supported"
        DECLINED = "declined", "Declined"
        MERGED = "merged", "Merged"
        WITHDRAWN = "withdrawn", "Withdrawn"

    title = models.CharField(max_length=200)
    problem = models.TextField("The problem")
    proposed_change = models.TextField("The change you propose")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="ideas")
    ward = models.CharField("Ward or department", max_length=200)
    objectives = models.ManyToManyField(
        Objective, related_name="ideas", verbose_name="Strategic objectives it serves"
    )
    involves_patients = models.BooleanField(
        "Patients or carers are involved (co-production)", default=False
    )
    health_inequalities = models.CharField(
        "Expected effect on health inequalities",
        max_length=20,
        choices=HealthInequalitiesEffect.choices,
        default=HealthInequalitiesEffect.NOT_KNOWN,
    )
    health_inequalities_notes = models.TextField("How it affects health inequalities", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decline_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_ideas"
    )
    # A form carries this token, so submitting it twice creates one idea.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="followed_ideas", blank=True
    )

    objects = IdeaQuerySet.as_manager()
    # Followers are left out: following an idea is not a change to it.
    history = HistoricalRecords(m2m_fields=[objectives])

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("triage_idea", "Can triage ideas")]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["created_at"]),
            # The lists' order, newest first, so a page of them is read from the index.
            models.Index(fields=["-created_at", "-id"], name="idea_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="declined_idea_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status="merged", merged_into__isnull=False)
                | (~models.Q(status="merged") & models.Q(merged_into__isnull=True)),
                name="merged_idea_names_its_target",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("improvement:idea", kwargs={"pk": self.pk})

    @property
    def reference(self):
        return f"IDEA-{self.pk:05d}" if self.pk else "IDEA-new"

    # What the person who submitted an idea may still do with it: change it until a lead
    # starts reviewing it, withdraw it until a decision is made.
    EDITABLE = (Status.SUBMITTED,)
    WITHDRAWABLE = (Status.SUBMITTED, Status.UNDER_REVIEW)

    def is_editable_by(self, user):
        return self.submitted_by_id == user.pk and self.status in self.EDITABLE

    def is_withdrawable_by(self, user):
        return self.submitted_by_id == user.pk and self.status in self.WITHDRAWABLE


class IdeaStatusChange(TimeStampedModel):
    """One step of an idea's triage: who moved it, from what, to what, and why."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Idea.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Idea.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.idea.reference}: {self.from_status or 'new'} → {self.to_status}"

    def get_absolute_url(self):
        return self.idea.get_absolute_url()


class ProgressScore(models.TextChoices):
    """The IHI project progress scale."""

    INTENT = "0.5", "0.5 Intent to participate"
    CHARTER = "1.0", "1.0 Charter and team established"
    PLANNING = "1.5", "1.5 Planning for the project has begun"
    ACTIVITY = "2.0", "2.0 Activity, but no changes"
    CHANGES_TESTED = "2.5", "2.5 Changes tested, but no improvement"
    MODEST_IMPROVEMENT = "3.0", "3.0 Modest improvement"
    IMPROVEMENT = "3.5", "3.5 Improvement"
    SIGNIFICANT_IMPROVEMENT = "4.0", "4.0 Significant improvement"
    SUSTAINABLE_IMPROVEMENT = "4.5", "4.5 Sustainable improvement"
    OUTSTANDING = "5.0", "5.0 Outstanding sustainable results"


class Project(TimeStampedModel):
    """A QSIR improvement project and its charter."""

    class Phase(models.TextChoices):
        START_OUT = "start_out", "Start out"
        DEFINE_AND_SCOPE = "define_and_scope", "Define and scope"
        MEASURE_AND_UNDERSTAND = "measure_and_understand", "Measure and understand"
        DESIGN_AND_PLAN = "design_and_plan", "Design and plan"
        PILOT_AND_IMPLEMENT = "pilot_and_implement", "Pilot and implement"
        SUSTAIN_AND_SHARE = "sustain_and_share", "Sustain and share"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        ON_HOLD = "on_hold", "On hold"
        COMPLETED = "completed", "Completed"
        STOPPED = "stopped", "Stopped"

    idea = models.OneToOneField(
        Idea, null=True, blank=True, on_delete=models.PROTECT, related_name="project"
    )
    title = models.CharField(max_length=200)
    problem_statement = models.TextField()
    aim = models.TextField(
        "SMART aim", help_text="Specific, measurable, achievable, realistic, timed."
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_projects"
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsored_projects",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="project_teams",
        blank=True,
        verbose_name="Team members",
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="projects")
    ward = models.CharField("Ward or department", max_length=200)
    objectives = models.ManyToManyField(
        Objective, related_name="projects", verbose_name="Strategic objectives it serves"
    )
    start_date = models.DateField()
    target_date = models.DateField()
    phase = models.CharField(max_length=30, choices=Phase.choices, default=Phase.START_OUT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    progress_score = models.CharField(
        "IHI progress score",
        max_length=3,
        choices=ProgressScore.choices,
        default=ProgressScore.INTENT,
    )
    closing_summary = models.TextField(
        "Outcomes achieved",
        blank=True,
        help_text=(
            "On completion: what changed, for example length of stay, complaints or staff morale."
        ),
    )
    involves_patients = models.BooleanField(
        "Patients or carers are involved (co-production)", default=False
    )
    health_inequalities = models.CharField(
        "Expected effect on health inequalities",
        max_length=20,
        choices=HealthInequalitiesEffect.choices,
        default=HealthInequalitiesEffect.NOT_KNOWN,
    )
    health_inequalities_notes = models.TextField("How it affects health inequalities", blank=True)
    cohort = models.ForeignKey(
        "training.Cohort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name="QSIR cohort it runs during",
    )
    programme_ward = models.ForeignKey(
        "training.Ward",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name="Ward in the ward programme",
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[objectives, team])

    class Meta:
        ordering = ["-start_date", "-pk"]
        permissions = [("manage_project", "Can run improvement projects")]
        indexes = [
            models.Index(fields=["status", "start_date"]),
            models.Index(fields=["-start_date", "-id"], name="project_newest_first"),
            # The summary table of measures sorted by project.
            models.Index(Lower("title"), "id", name="project_by_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_date__gte=models.F("start_date")),
                name="project_target_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | ~models.Q(closing_summary=""),
                name="completed_project_has_summary",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("improvement:project", kwargs={"pk": self.pk})

    @property
    def progress_score_value(self):
        return Decimal(self.progress_score)


class ProgressScoreChange(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="score_changes")
    score = models.CharField(max_length=3, choices=ProgressScore.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.project}: {self.get_score_display()}"

    def get_absolute_url(self):
        return self.project.get_absolute_url()


class Measure(TimeStampedModel):
    """A measure named in the project's charter, and how its data is judged."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Outcome"
        PROCESS = "process", "Process"
        BALANCING = "balancing", "Balancing"

    class Direction(models.TextChoices):
        INCREASE = "increase", "Higher is better"
        DECREASE = "decrease", "Lower is better"
        NEUTRAL = "neutral", "Neither: watch for change"

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"

    class ChartType(models.TextChoices):
        # The values are improvement.spc's chart kinds.
        XMR = "i", "XmR chart"
        RUN = "run", "Run chart"
        MR = "mr", "Moving range chart"
        C = "c", "c chart"
        U = "u", "u chart"
        U_PRIME = "u'", "u′ chart"
        P = "p", "p chart"
        P_PRIME = "p'", "p′ chart"
        G = "g", "g chart"
        T = "t", "t chart"

    class Variation(models.TextChoices):
        COMMON_CAUSE = "common_cause", "Common cause variation"
        IMPROVEMENT_HIGH = "improvement_high", "Special cause improvement (high)"
        IMPROVEMENT_LOW = "improvement_low", "Special cause improvement (low)"
        CONCERN_HIGH = "concern_high", "Special cause concern (high)"
        CONCERN_LOW = "concern_low", "Special cause concern (low)"
        NEUTRAL_HIGH = "neutral_high", "Special cause variation (high)"
        NEUTRAL_LOW = "neutral_low", "Special cause variation (low)"

    class Assurance(models.TextChoices):
        PASS = "pass", "Will meet the target"
        FAIL = "fail", "Will not meet the target"
        INCONSISTENT = "inconsistent", "May or may not meet the target"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    unit = models.CharField(max_length=40, blank=True, help_text="For example: days, %, falls.")
    direction = models.CharField(
        "Improvement is", max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    target = models.FloatField(null=True, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    chart_type = models.CharField(max_length=3, choices=ChartType.choices, default=ChartType.XMR)
    definition = models.TextField(
        "Operational definition",
        blank=True,
        help_text="Exactly what is counted, from where, and how often.",
    )
    # The chart's verdict, kept up to date by the services that change the data, so lists
    # and the dashboard need not compute every chart on every request.
    variation = models.CharField(max_length=20, choices=Variation.choices, blank=True)
    assurance = models.CharField(max_length=20, choices=Assurance.choices, blank=True)
    # The verdict's groups, as their places in the summary table's orders (verdict_groups.py),
    # so that the table filters, counts and sorts by plain columns an index holds. A new
    # measure has no data and no assurance icon: the last of each.
    variation_rank = models.PositiveSmallIntegerField(
        default=VARIATION_ORDER.index("no_data"), editable=False
    )
    assurance_rank = models.PositiveSmallIntegerField(
        default=ASSURANCE_ORDER.index("none"), editable=False
    )
    # What the measure's sparkline draws, kept with the verdict: the latest values (a year
    # of weekly ones; more would not show in a sparkline) and the kind of the last point, so
    # lists of projects read no data points.
    RECENT_VALUES = 52
    recent_values = models.JSONField(default=list, blank=True, editable=False)
    latest_kind = models.CharField(max_length=20, blank=True, editable=False)
    # The sparkline's line as its SVG draws it (charts.Sparkline.line), kept with the values
    # so that a list of measures draws each without working out its geometry.
    sparkline_points = models.TextField(blank=True, editable=False)
    # The last of recent_values, in a column of its own so that the summary table sorts
    # by it in the database.
    latest_value = models.FloatField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        # The QSIR order: outcome measures first, then process, then balancing.
        ordering = [
            models.Case(
                models.When(kind="outcome", then=0), models.When(kind="process", then=1), default=2
            ),
            "name",
            "pk",
        ]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="measure_name_unique"),
        ]
        indexes = [
            # The dashboard's latest signals: the measures changed most recently.
            models.Index(fields=["-updated_at", "-id"], name="measure_latest_first"),
            # The summary table of measures' orders (improvement 0031 adds, on PostgreSQL,
            # those by latest value and target highest first, whose NULLS LAST SQLite cannot
            # index). Its first order's index holds the counts by variation and assurance too.
            models.Index(*CONCERNS_FIRST, name="measure_concerns_first"),
            models.Index(*ASSURANCE_FIRST, name="measure_assurance_first"),
            models.Index(*BY_NAME, name="measure_by_name"),
            models.Index(*BY_LATEST, name="measure_by_latest"),
            models.Index(*BY_TARGET, name="measure_by_target"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display().lower()})"

    @property
    def needs_denominators(self):
        return self.chart_type in spc.WITH_DENOMINATORS

    def get_absolute_url(self):
        return reverse("improvement:measure", kwargs={"pk": self.pk})

    def clean(self):
        """The target must be one the chart can have; the chart type and the unit change
        only to ones the stored values fit (a p chart needs every value's denominator), so
        no form, the admin's included, can leave a measure whose page cannot be drawn."""
        errors = {}
        if problem := target_problem(self.chart_type, self.unit, self.target):
            errors["target"] = as_sentence(problem)
        if self.pk:
            errors.update(self._values_unfit_for_changed_type_or_unit())
        if errors:
            raise ValidationError(errors)

    def _values_unfit_for_changed_type_or_unit(self):
        stored = Measure.objects.filter(pk=self.pk).values_list("chart_type", "unit").first()
        if stored is None or stored == (self.chart_type, self.unit):
            return {}
        values = self.data_points.order_by("period").values_list("period", "value", "denominator")
        if unfit := unfit_values(self.chart_type, values):
            return {
                "chart_type": f"The {self.get_chart_type_display()} cannot draw {unfit}. Give "
                "them again with 'Replace values already given' ticked, or choose another "
                "chart type"
            }
        if unfit := unfit_values(self.chart_type, values, unit=self.unit):
            return {
                "unit": f"The unit {self.unit} does not fit {unfit}. Give them again with "
                "'Replace values already given' ticked, or choose another unit"
            }
        return {}


class DataPoint(TimeStampedModel):
    """One period's value of a measure, with an optional note shown on its chart."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="data_points")
    period = models.DateField(help_text="The day the period starts.")
    value = models.FloatField()
    # What the value is out of (all patients, bed days) for charts of proportions and rates.
    denominator = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    # The entry of a deletion gives the lead's reason for it.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_value_per_period"),
        ]

    def __str__(self):
        return f"{self.measure.name}, {self.period:%d %b %Y}: {self.value:g}"

    def clean(self):
        """The rules every entry route applies (measure_data.row_problems), here for the
        admin's values."""
        if self.measure_id is None or self.period is None or self.value is None:
            return
        errors = {}
        for field, message in row_problems(
            self.measure.chart_type,
            self.value,
            self.denominator,
            unit=self.measure.unit,
            period=self.period,
        ):
            errors.setdefault(field, []).append(as_sentence(message))
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return self.measure.get_absolute_url()


class Rebase(TimeStampedModel):
    """A point from which a measure's limits are recalculated, once a change is understood."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="rebases")
    period = models.DateField(help_text="The first period of the new limits.")
    reason = models.TextField()
    # The entry of a removal gives the lead's reason for it, as long as they wrote it.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_rebase_per_period"),
        ]

    def __str__(self):
        return f"{self.measure.name}: rebased from {self.period:%d %b %Y}"

    def get_absolute_url(self):
        return self.measure.get_absolute_url()


class PDSACycle(TimeStampedModel):
    """A Plan-Do-Study-Act cycle testing one change idea."""

    class Act(models.TextChoices):
        ADOPT = "adopt", "Adopt"
        ADAPT = "adapt", "Adapt"
        ABANDON = "abandon", "Abandon"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pdsa_cycles")
    change_idea = models.CharField("Change idea", max_length=200)
    plan = models.TextField()
    prediction = models.TextField()
    do = models.TextField("Do: what happened", blank=True)
    study = models.TextField("Study: what the results showed", blank=True)
    act = models.CharField("Act: decision", max_length=10, choices=Act.choices, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = "PDSA cycle"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="pdsa_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"PDSA: {self.change_idea}"

    def get_absolute_url(self):
        return f"{self.project.get_absolute_url()}#pdsa-{self.pk}"
