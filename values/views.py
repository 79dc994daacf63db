from django.shortcuts import render

from . import selectors


def value_list(request):
    return render(
        request,
        "values/value_list.html",
        {"organisations": selectors.organisations_with_values()},
    )


def value_detail(request, organisation, slug):
    value = selectors.value_with_behaviours(organisation, slug)
    return render(request, "values/value_detail.html", {"value": value})
