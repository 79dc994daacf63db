from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.history import HistoricalRecords
from core.models import TimeStampedModel
from core.ordering import UniqueOrder

# Progress updates are in their own module, to keep this one to the strategy's content.
from .delivery_models import (  # noqa: F401
    DeliveryStatus,
    EvidenceMeasure,
    ProgressUpdate,
    ReminderSent,
)
from .periods import financial_year_of, year_label
from .querysets import ObjectiveQuerySet


class Organisation(UniqueOrder, TimeStampedModel):
    class Kind(models.TextChoices):
        FOUNDATION_TRUST = "foundation_trust", "NHS foundation trust"
        INTEGRATED_CARE_SYSTEM = "integrated_care_system", "Integrated care system"
        HEALTH_AND_CARE_PARTNERSHIP = "health_and_care_partnership", "Health and care partnership"
        SERVICE_PARTNERSHIP = "service_partnership", "Service partnership"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, help_text="Used in navigation, e.g. MSEFT.")
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    member_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="The system or partnership this organisation belongs to.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["order"], name="organisation_order_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("goals:strategy", kwargs={"slug": self.slug})


class Site(UniqueOrder, TimeStampedModel):
    """One of a trust's hospital sites: where ideas, projects, cohorts and wards are, and
    where staff work."""

    order_within = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "order"], name="site_order_unique"),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return f"{reverse('improvement:dashboard')}?site={self.pk}"


class UpdatePeriod(models.IntegerChoices):
    """How often progress is reported, in months: periods start with the financial year."""

    MONTH = 1, "month"
    QUARTER = 3, "quarter"
    HALF_YEAR = 6, "half year"


class Strategy(TimeStampedModel):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="strategy"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="Introduction. Blank lines split paragraphs.")
    vision = models.TextField(blank=True)
    aim = models.TextField(blank=True, help_text="The organisation's aim, where it states one.")
    mission = models.TextField(blank=True)
    update_period = models.PositiveSmallIntegerField(
        "Progress updates every",
        choices=UpdatePeriod.choices,
        default=UpdatePeriod.QUARTER,
        help_text="How often each objective's owner reports its progress.",
    )
    updates_need_approval = models.BooleanField(
        "Progress updates need approval",
        default=False,
        help_text="An editor approves each progress update before it is published.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "strategies"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.organisation.get_absolute_url()


class Owned(models.Model):
    """Who answers for delivering a goal or an objective: one executive owner and the
    colleagues leading the work day to day."""

    executive_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)ss_owned",
        help_text="The executive who answers for it.",
    )
    delivery_leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="%(class)ss_led",
        help_text="Colleagues leading the work day to day.",
    )

    class Meta:
        abstract = True

    def is_delivered_by(self, user):
        """Whether the user owns it or leads its delivery (from the prefetched leads)."""
        if not user.is_authenticated:
            return False
        return self.executive_owner_id == user.pk or any(
            lead.pk == user.pk for lead in self.delivery_leads.all()
        )


class Goal(UniqueOrder, Owned, TimeStampedModel):
    """A multi-year goal, such as MSEFT's three 3-year goals."""

    order_within = "strategy"

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=["delivery_leads"])

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "title"], name="goal_title_unique"),
            models.UniqueConstraint(fields=["strategy", "order"], name="goal_order_unique"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.strategy.get_absolute_url()}#goal-{self.pk}"


def current_year_start(today=None):
    """The first calendar year of the NHS financial year (April to March) holding today."""
    return financial_year_of(today or timezone.localdate())


class Objective(Owned, TimeStampedModel):
    """A strategic objective for one financial year, serving one or more goals."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="objectives")
    year = models.PositiveSmallIntegerField(
        help_text="First calendar year of the financial year: 2023 means 2023-24."
    )
    number = models.PositiveSmallIntegerField()
    statement = models.TextField()
    goals = models.ManyToManyField(Goal, related_name="objectives", blank=True)

    objects = ObjectiveQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[goals, "delivery_leads"])

    class Meta:
        # Organisations' objectives of one year in the organisations' order.
        ordering = ["-year", "strategy__organisation__order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "year", "number"], name="objective_number_unique_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="objective_year_plausible"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="objective_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.year_label}: strategic objective {self.number}"

    def get_absolute_url(self):
        return reverse(
            "goals:objective",
            kwargs={
                "slug": self.strategy.organisation.slug,
                "year": self.year,
                "number": self.number,
            },
        )

    @property
    def year_label(self):
        return year_label(self.year)


class Section(UniqueOrder, TimeStampedModel):
    """A titled part of a strategy holding a list of items: ambitions, priorities, places."""

    order_within = "strategy"

    class Kind(models.TextChoices):
        MISSION_AIMS = "mission_aims", "Mission aims"
        ASPIRATIONS = "aspirations", "What we want to be"
        AMBITIONS = "ambitions", "Ambitions"
        PRIORITIES = "priorities", "Priorities"
        COMMITMENTS = "commitments", "Commitments"
        OPERATING_MODEL = "operating_model", "Operating model"
        PLACES = "places", "Places"
        FOCUS_AREAS = "focus_areas", "Areas of focus"

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    heading = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, help_text="Blank lines split paragraphs.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "kind"], name="section_kind_unique"),
            models.UniqueConstraint(fields=["strategy", "order"], name="section_order_unique"),
        ]

    def __str__(self):
        return f"{self.strategy.organisation.short_name}: {self.heading}"

    def get_absolute_url(self):
        return f"{self.strategy.get_absolute_url()}#{self.kind}"


class SectionItem(UniqueOrder, TimeStampedModel):
    order_within = "section"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True, help_text="A one-line strapline.")
    description = models.TextField(blank=True, help_text="Blank lines split paragraphs.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="section_item_order_unique"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.section.get_absolute_url()
