"""An ideas log imported from a spreadsheet, row by row, by the task queue's worker."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.models import TimeStampedModel


class IdeaImport(TimeStampedModel):
    """One uploaded spreadsheet and how far its import has got.

    The file is kept as uploaded until the worker reads its rows (`total_rows` is unknown
    until then), so the worker needs nothing from the request. `rows_done` is where the
    import resumes: each row is imported in the same transaction that moves it on, so a
    worker stopped mid-row leaves that row to be imported again, and no row is imported
    twice.
    """

    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="idea_imports"
    )
    file_format = models.CharField(max_length=4, choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    # The file as uploaded, compressed with zlib until the worker has read it: a CSV of
    # 10,000 rows shrinks from 1 MB to 50 KB, which the database stores in a millisecond
    # rather than the 60 ms the whole file takes.
    compressed_file = models.BinaryField(default=b"", blank=True)
    headers = models.JSONField()
    rows = models.JSONField(null=True, blank=True)
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    # Why the worker could not import the file at all, once it has read it.
    refusal = models.TextField(blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_failed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "ideas import"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows_done__lte=models.F("total_rows"))
                & models.Q(rows_failed__lte=models.F("rows_done")),
                name="idea_import_counts_add_up",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d %b %Y %H:%M})"

    def get_absolute_url(self):
        return reverse("admin:improvement_ideaimport_change", args=[self.pk])

    @property
    def finished(self):
        return self.finished_at is not None

    @property
    def rows_imported(self):
        return self.rows_done - self.rows_failed


class IdeaImportRow(models.Model):
    """What became of one row of an import: the idea it made, or why it made none."""

    ideas_import = models.ForeignKey(IdeaImport, on_delete=models.CASCADE, related_name="results")
    # The row's number as a spreadsheet shows it: the heading is row 1.
    number = models.PositiveIntegerField()
    idea = models.ForeignKey(
        "improvement.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    failed = models.BooleanField(default=False)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["ideas_import", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ideas_import", "number"], name="idea_import_row_once"),
        ]
        indexes = [
            models.Index(
                fields=["ideas_import", "failed", "number"], name="idea_import_failed_rows"
            )
        ]

    def __str__(self):
        return f"Row {self.number}"
