from functools import cached_property

from django.core.paginator import Paginator

PAGE_SIZE = 25


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
