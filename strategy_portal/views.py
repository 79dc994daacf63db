"""Pages that span the apps: search across strategy and values content."""

from django.shortcuts import render

from goals.selectors import search_strategy
from values.selectors import search_values

RESULTS_PER_KIND = 25
LONGEST_QUERY = 100


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:LONGEST_QUERY]
    results = {}
    if query:
        results = search_values(query, RESULTS_PER_KIND) | search_strategy(query, RESULTS_PER_KIND)
    return render(
        request,
        "search.html",
        {
            "search_query": query,
            "results": results,
            "result_count": sum(len(found) for found in results.values()),
        },
    )
