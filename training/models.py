"""QSIR training (courses, cohorts, their sessions, places and attendance) and the ward
programme (waves of wards). Projects link here from improvement, never the other way."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.history import HistoricalRecords
from core.models import TimeStampedModel
from core.ordering import UniqueOrder
from goals.models import Site


class Course(UniqueOrder, TimeStampedModel):
    """A form of QSIR training, such as the one-day course or the five-week course."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField()
    session_count = models.PositiveSmallIntegerField(
        "Sessions", help_text="A colleague who attends every session is trained."
    )
    days_between_sessions = models.PositiveSmallIntegerField(
        default=7, help_text="When a cohort's sessions are first laid out."
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(session_count__gte=1), name="course_has_a_session"
            ),
            models.UniqueConstraint(fields=["order"], name="course_order_unique"),
        ]

    def __str__(self):
        return self.name


class Cohort(TimeStampedModel):
    """One run of a course: its sessions, site, facilitators and places."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=100, help_text="For example, Spring 2025.")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cohorts")
    capacity = models.PositiveSmallIntegerField("Places")
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_cohorts", blank=True
    )
    # The first session's date, kept here so lists sort and filter without a join.
    starts_on = models.DateField()
    history = HistoricalRecords(m2m_fields=[facilitators])

    class Meta:
        ordering = ["starts_on", "pk"]
        permissions = [("manage_training", "Can run QSIR training and the ward programme")]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="cohort_has_places"),
        ]
        # Upcoming cohorts soonest first, started ones newest first: a page of either is
        # read from this index, and only that page's places are counted.
        indexes = [models.Index(fields=["starts_on", "id"], name="cohort_starts_on")]

    def __str__(self):
        return f"{self.course}: {self.name}"

    def get_absolute_url(self):
        return reverse("training:cohort", kwargs={"pk": self.pk})


class CohortSession(TimeStampedModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    date = models.DateField()
    # A cancelled session is not held: nobody attends it, and completing the course takes
    # the others only (services.cancel_session).
    cancelled_on = models.DateField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="session_number_unique"),
            models.CheckConstraint(
                condition=models.Q(cancelled_on__isnull=True) | ~models.Q(cancel_reason=""),
                name="cancelled_session_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.cohort}: session {self.number}"

    def get_absolute_url(self):
        return self.cohort.get_absolute_url()


class Enrolment(TimeStampedModel):
    """A colleague's place on a cohort, from asking for it to completing the course."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Asked for a place"
        CONFIRMED = "confirmed", "Place confirmed"
        WAITING = "waiting", "On the waiting list"
        WITHDRAWN = "withdrawn", "Withdrawn"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set from the attendance records: the day of the last session, once all are attended.
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="one_enrolment_per_cohort"),
        ]
        indexes = [
            models.Index(fields=["completed_on"], name="enrolment_completed_on"),
            # A cohort's places of each status are counted from this index alone.
            models.Index(fields=["cohort", "status"], name="enrolment_cohort_status"),
        ]

    def __str__(self):
        return f"{self.person} on {self.cohort}"

    def get_absolute_url(self):
        return self.cohort.get_absolute_url()

    @property
    def is_active(self):
        return self.status != self.Status.WITHDRAWN


class Attendance(TimeStampedModel):
    """A colleague was at one session of their cohort."""

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attended_once"),
        ]

    def __str__(self):
        return f"{self.enrolment.person} at {self.session}"


class Wave(TimeStampedModel):
    """A step of the ward programme: the wards planned to join in one quarter."""

    number = models.PositiveSmallIntegerField(unique=True)
    planned_start = models.DateField()
    planned_wards = models.PositiveSmallIntegerField(default=5)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Wave {self.number}"

    def get_absolute_url(self):
        return reverse("training:ward_programme") + f"#wave-{self.number}"


class Ward(TimeStampedModel):
    """A ward in the ward programme."""

    class Stage(models.TextChoices):
        PLANNED = "planned", "Planned"
        DIAGNOSTIC = "diagnostic", "Understanding the ward"
        TESTING = "testing", "Testing changes"
        EMBEDDING = "embedding", "Embedding changes"
        SUSTAINING = "sustaining", "Sustaining"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="wards")
    name = models.CharField(max_length=200)
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="wards")
    joined_on = models.DateField(
        "Joined the programme", null=True, blank=True, help_text="Blank until the ward starts."
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PLANNED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["site", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="ward_name_unique_per_site"),
            models.CheckConstraint(
                condition=models.Q(stage="planned") | models.Q(joined_on__isnull=False),
                name="ward_in_programme_has_joined",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.site}"

    def get_absolute_url(self):
        return reverse("training:ward", kwargs={"pk": self.pk})
