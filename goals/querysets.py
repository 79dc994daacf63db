from django.db import models

from .delivery_models import ProgressUpdate


class ObjectiveQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def with_goals(self):
        return self.select_related("strategy__organisation").prefetch_related("goals")

    def with_latest_status(self):
        """Each objective's latest published update's status and period, read in the same
        query (None for an objective with none)."""
        latest = (
            ProgressUpdate.objects.published()
            .filter(objective=models.OuterRef("pk"))
            .order_by("-period_start")
        )
        return self.annotate(
            latest_status=models.Subquery(latest.values("status")[:1]),
            latest_period_start=models.Subquery(latest.values("period_start")[:1]),
            latest_period_end=models.Subquery(latest.values("period_end")[:1]),
        )
