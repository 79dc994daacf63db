from django.db import models


class ObjectiveQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def years(self):
        return list(self.order_by("-year").values_list("year", flat=True).distinct())

    def with_goals(self):
        return self.select_related("strategy__organisation").prefetch_related("goals")
