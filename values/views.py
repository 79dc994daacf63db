from django.shortcuts import render

from strategy_portal.page_cache import cached_for_visitor

from . import selectors


@cached_for_visitor
def value_list(request):
    return render(
        request,
        "values/value_list.html",
        {"organisations": selectors.organisations_with_values()},
    )


@cached_for_visitor
def value_detail(request, organisation, slug):
    value = selectors.value_with_behaviours(organisation, slug)
    return render(request, "values/value_detail.html", {"value": value})
