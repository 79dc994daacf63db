from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset):
    """The page of the queryset the request asks for (?page=), the last one if past it."""
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
