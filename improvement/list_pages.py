"""The idea and project lists: a page of the filtered records, read when the page shows it,
and the key its cached part is kept under."""

from functools import cached_property

from core import caching
from core.forms import given_values
from core.pagination import MOST_COUNTED, count_at_most, paginate

# The filters a list can be counted by from the kept tallies: where only these are chosen,
# the number of records is read from the tallies rather than counted.
TALLIED_FILTERS = {"site", "status", "sort"}

# Pages past this are rendered each time rather than kept: page numbers are the visitor's to
# choose, and each kept one would be another entry in the cache.
LAST_KEPT_PAGE = 20


class ListPage:
    """`read_rows` reads the rows the page shows from its page of the filtered records
    (selectors.idea_rows, selectors.project_rows); `kept_total(site=, status=)` says how
    many records there are of a site and status (tallies.kept_idea_total)."""

    def __init__(self, request, filterset, *, name, topics, read_rows, kept_total):
        self.request = request
        self.filter = filterset
        self.name = name
        self.topics = topics
        self.read_rows = read_rows
        self.kept_total = kept_total

    @cached_property
    def page_obj(self):
        return paginate(self.request, self.filter.qs, count=self._count[0])

    @property
    def more_found(self):
        """Whether the database found more records than the list pages through: more than
        MOST_COUNTED, counted no further."""
        return self._count[1]

    @property
    def most_counted(self):
        return f"{MOST_COUNTED:,}"

    @cached_property
    def _count(self):
        """(How many records the list pages through, whether more were found). Filtered by
        site and status at most, every one: from the kept tallies when they are current,
        else counted. Filtered otherwise (searched, by objective or dates), as many as the
        database counts up to MOST_COUNTED."""
        form = self.filter.form
        if not form.is_valid():
            return self.filter.qs.count(), False
        chosen = {name: value for name, value in form.cleaned_data.items() if value}
        if set(chosen) - TALLIED_FILTERS:
            counted = count_at_most(self.filter.qs, MOST_COUNTED)
            return min(counted, MOST_COUNTED), counted > MOST_COUNTED
        site = chosen.get("site")
        tallied = self.kept_total(site=getattr(site, "pk", site), status=chosen.get("status"))
        return (self.filter.qs.count() if tallied is None else tallied), False

    @cached_property
    def rows(self):
        return list(self.read_rows(self.page_obj.object_list))

    @cached_property
    def query(self):
        """The filters as given, without the page number or anything the list does not read."""
        return given_values(self.filter.form)

    @cached_property
    def fragment_key(self):
        """None (render afresh) for a search, a list of the visitor's own projects, a filter
        with errors or a far page."""
        page = self.request.GET.get("page", "1")
        form = self.filter.form
        if not form.is_valid() or form.cleaned_data.get("q") or form.cleaned_data.get("mine"):
            return None
        if not (page.isdecimal() and 1 <= int(page) <= LAST_KEPT_PAGE):
            return None
        return caching.fragment_key(self.name, self.topics, self.query, int(page))
