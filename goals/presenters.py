from functools import cached_property

from django.urls import reverse

from core.presenters import person_name

from . import selectors
from .delivery_presenters import roll_up
from .models import year_label


class StrategyPage:
    """What a strategy page shows of an organisation: its goals, its objectives for one year
    and the other years that can be browsed, its values, and (on its own page, not the home
    page) its sections, members and guiding principles. Each is read when the page's cached
    fragment is rendered, not when it is served from the cache."""

    def __init__(self, organisation, year=None):
        self.strategy = organisation.strategy
        self._organisation = organisation
        self._year = year

    @property
    def organisation(self):
        return self._organisation

    @cached_property
    def sections(self):
        """The strategy's sections (selectors.SectionRow)."""
        return selectors.section_rows(self.strategy)

    @cached_property
    def members(self):
        """The organisations that are its members (selectors.OrganisationLink)."""
        return selectors.member_links(self._organisation)

    @cached_property
    def principles(self):
        """The organisation's guiding principles (selectors.PrincipleRow)."""
        return selectors.principle_rows(self._organisation)

    @cached_property
    def values(self):
        """The organisation's values (selectors.ValueRow)."""
        return selectors.value_rows(self._organisation)

    @cached_property
    def years(self):
        return selectors.objective_years(self.strategy)

    @cached_property
    def year(self):
        return self._year if self._year is not None else selectors.displayed_year(self.years)

    @property
    def year_label(self):
        return year_label(self.year) if self.year is not None else ""

    @property
    def year_url(self):
        """The page of the year's objectives, under which each objective's page is."""
        return reverse(
            "goals:objectives", kwargs={"slug": self._organisation.slug, "year": self.year}
        )

    @cached_property
    def objectives(self):
        """This year's objectives (selectors.ObjectiveRow)."""
        if self.year is None:
            return []
        return selectors.objective_rows(self.strategy, self.year)

    @cached_property
    def goals(self):
        """The strategy's goals (selectors.GoalRow), each with the roll-up of this year's
        objectives serving it."""
        return [
            goal._replace(
                rollup=roll_up(
                    [
                        objective.latest_status
                        for objective in self.objectives
                        if any(served == goal.pk for served, _ in objective.goals)
                    ]
                )
            )
            for goal in selectors.goal_rows(self.strategy)
        ]

    @property
    def other_years(self):
        """(year, label) for each year with objectives other than the one shown."""
        return [(year, year_label(year)) for year in self.years if year != self.year]


def with_job_title(user):
    """A person as their colleagues know them: name and job title, where their staff
    profile records one."""
    if user is None:
        return ""
    profile = getattr(user, "staff_profile", None)
    job_title = profile.job_title if profile is not None else ""
    return f"{person_name(user)}, {job_title}" if job_title else person_name(user)
