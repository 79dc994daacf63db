from functools import cached_property

from . import selectors
from .models import year_label


class StrategyPage:
    """What a strategy page shows of an organisation: its objectives for one year, and the
    other years that can be browsed."""

    def __init__(self, organisation, year=None):
        self.organisation = organisation
        self.strategy = organisation.strategy
        self.years = selectors.objective_years(self.strategy)
        self.year = year if year is not None else selectors.displayed_year(self.years)

    @property
    def year_label(self):
        return year_label(self.year) if self.year is not None else ""

    @cached_property
    def objectives(self):
        if self.year is None:
            return []
        return selectors.objectives_for_year(self.strategy, self.year)

    @property
    def other_years(self):
        """(year, label) for each year with objectives other than the one shown."""
        return [(year, year_label(year)) for year in self.years if year != self.year]
