from functools import cached_property

from django.core.paginator import Paginator

PAGE_SIZE = 25
# A list the database counts is counted up to this many: a common word in a list's search
# box is in a third of the 47,000 ideas at scale 100, and counting them all read every one
# (110 ms a search); past it the list says there are more and pages through the first.
MOST_COUNTED = 1000


def count_at_most(queryset, most=MOST_COUNTED):
    """How many rows the queryset has, counting no further than one past `most`."""
    return queryset.order_by()[: most + 1].count()


class CountedPaginator(Paginator):
    """A paginator told how many items there are, by a page that has counted them already,
    rather than counting them again."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def paginate(request, queryset, *, count=None):
    """The page of the queryset the request asks for (?page=), the last one if past it;
    `count` is the queryset's length where the caller knows it."""
    paginator = (
        Paginator(queryset, PAGE_SIZE)
        if count is None
        else CountedPaginator(queryset, PAGE_SIZE, count=count)
    )
    return paginator.get_page(request.GET.get("page"))
