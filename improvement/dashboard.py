"""The programme dashboard's figures, for its filters."""

from functools import cached_property

from django.utils.dateformat import format as date_format

from core import caching
from core.forms import given_values
from training import selectors as training_selectors
from training.presenters import trained_chart, trained_summary
from training.tallies import TRAINED

from . import selectors, tallies
from .presenters import MonthlyBarChart, card_counts, with_empty_months

# What the cached figures show (core/caching.py).
DASHBOARD_TOPICS = [
    "ideas",
    "projects",
    "training",
    "cards",
    "people",
    "sites",
    "strategy",
    "values",
]
SIGNALS_SHOWN = 6
NEXT_COHORTS_SHOWN = 6


# Filters whose records cannot be picked out of the kept tallies: the dashboard counts them.
COUNTED_FROM_RECORDS = {"objective", "date_from", "date_to"}


def choice_label(form, name, value):
    return dict(form.fields[name].choices)[value].lower()


class DashboardPage:
    """What the programme dashboard shows for its filters, each part read when shown."""

    def __init__(self, form):
        self.form = form
        self.filters = form.applied()
        self.ideas, self.projects = form.filtered()
        self.site = self.filters.get("site")
        self.from_records = bool(COUNTED_FROM_RECORDS & set(self.filters))
        self._rollups_read = False
        # The filters as given: the form shows them so, and its errors are never kept.
        self.fragment_key = (
            None
            if form.errors
            else caching.fragment_key("dashboard", DASHBOARD_TOPICS, given_values(form))
        )

    @cached_property
    def filter_summary(self):
        """The filters applied, in words: a printed report keeps them though not the form."""
        words = {
            "site": lambda site: site.name,
            "objective": self.form.fields["objective"].label_from_instance,
            "idea_status": lambda status: f"ideas {choice_label(self.form, 'idea_status', status)}",
            "project_status": lambda status: (
                f"projects {choice_label(self.form, 'project_status', status)}"
            ),
            "date_from": lambda day: f"from {date_format(day, 'j F Y')}",
            "date_to": lambda day: f"to {date_format(day, 'j F Y')}",
        }
        return "; ".join(words[name](value) for name, value in self.filters.items())

    def _read_rollups(self):
        """Reads the rollups the figures shown come from together (one query rather than one
        each), when the first figure is read: none when the page comes from the cache."""
        if self._rollups_read:
            return
        self._rollups_read = True
        kept = [] if self.from_records else [*tallies.IDEA_TALLIES, tallies.PROJECT_TALLIES]
        if not self.dated:
            # The cards of every site come already added up.
            cards = selectors.CARD_TOTALS if self.site is None else selectors.CARD_TALLIES
            kept += [TRAINED, cards]
        caching.read_together(*kept)

    @cached_property
    def ideas_counted(self):
        self._read_rollups()
        if self.from_records:
            return tallies.IdeaTallies(records=self.ideas)
        return tallies.IdeaTallies(site=self.site, status=self.filters.get("idea_status"))

    @cached_property
    def projects_counted(self):
        self._read_rollups()
        if self.from_records:
            return tallies.ProjectTallies(records=self.projects)
        return tallies.ProjectTallies(site=self.site, status=self.filters.get("project_status"))

    @cached_property
    def figures(self):
        return selectors.programme_figures(self.ideas_counted.totals, self.projects_counted.counts)

    @cached_property
    def sites(self):
        """Every site, read once for the tables by site of ideas and projects and of cards."""
        return selectors.site_names()

    @cached_property
    def by_site(self):
        return selectors.figures_by_site(
            self.ideas_counted.totals, self.projects_counted.counts, self.sites
        )

    @cached_property
    def by_objective(self):
        return selectors.figures_by_objective(
            self.ideas_counted.objectives, self.projects_counted.objectives
        )

    @cached_property
    def inequalities(self):
        return selectors.inequalities_counts(
            self.ideas_counted.totals, self.projects_counted.counts
        )

    @cached_property
    def verdicts(self):
        return selectors.measure_verdict_counts(self.projects_counted.measures)

    @cached_property
    def signals(self):
        # Of every project unless a filter picks some out: no subquery of them all.
        picked = set(self.filters) - {"idea_status"}
        return selectors.recent_signals(self.projects if picked else None, limit=SIGNALS_SHOWN)

    @cached_property
    def chart(self):
        return MonthlyBarChart(
            with_empty_months(selectors.ideas_per_month(self.ideas_counted.totals))
        )

    @cached_property
    def trained(self):
        _, _, quarters = self._trained_over_time
        return training_selectors.trained_by_now(quarters)

    @cached_property
    def _trained_over_time(self):
        self._read_rollups()
        return training_selectors.trained_over_time(
            site=self.site,
            first_from=self.filters.get("date_from"),
            first_to=self.filters.get("date_to"),
        )

    @cached_property
    def trained_chart(self):
        courses, _, quarters = self._trained_over_time
        return trained_chart(courses, quarters)

    @cached_property
    def trained_summary(self):
        courses, _, quarters = self._trained_over_time
        if self.dated and not quarters:
            return "No colleagues were first trained in the dates chosen."
        return trained_summary(courses, quarters)

    @cached_property
    def trained_table(self):
        return dict(zip(("courses", "sites", "quarters"), self._trained_over_time, strict=True))

    @property
    def dated(self):
        """Whether dates are applied: the next cohorts with free places, which look forward,
        are the same whatever they are, and the summary of the filters says so."""
        return "date_from" in self.filters or "date_to" in self.filters

    @cached_property
    def next_cohorts(self):
        return training_selectors.upcoming_cohorts_with_free_places(
            limit=NEXT_COHORTS_SHOWN, site=self.site
        )

    @cached_property
    def cards(self):
        """Cards to colleagues at the site chosen, sent between the dates chosen: the filters
        that say something of a card (it serves no objective and has no status)."""
        self._read_rollups()
        return card_counts(
            **selectors.thank_you_card_counts(
                sites=self.sites,
                site=self.site,
                sent_from=self.filters.get("date_from"),
                sent_to=self.filters.get("date_to"),
            )
        )
