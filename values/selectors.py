"""Reads that the values pages share, each in a fixed number of queries."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from goals.models import Organisation
from goals.selectors import contains_every_word

from .models import Behaviour, GuidingPrinciple, Value


def organisations_with_values():
    """Organisations that state values or principles, with their behaviours prefetched."""
    return (
        Organisation.objects.filter(Q(values__isnull=False) | Q(guiding_principles__isnull=False))
        .distinct()
        .prefetch_related(
            Prefetch("values", queryset=Value.objects.prefetch_related("behaviours")),
            "guiding_principles",
        )
    )


def value_with_behaviours(organisation_slug, slug):
    """The value, or 404; its behaviours are read when the page renders them."""
    queryset = Value.objects.select_related("organisation")
    return get_object_or_404(queryset, organisation__slug=organisation_slug, slug=slug)


def search_values(query, limit):
    """Values, behaviours and guiding principles holding every word of the query."""
    return {
        "values": list(
            Value.objects.select_related("organisation").filter(
                contains_every_word(query, ["name", "summary"])
            )[:limit]
        ),
        "behaviours": list(
            Behaviour.objects.select_related("value__organisation").filter(
                contains_every_word(query, ["statement"])
            )[:limit]
        ),
        "principles": list(
            GuidingPrinciple.objects.select_related("organisation").filter(
                contains_every_word(query, ["title", "description"])
            )[:limit]
        ),
    }
