"""What the apps' searches share: the bound on what a search may ask, the condition that
finds every word (the lists' search boxes), and the site search's matching (`matching`).

Each word is a condition on several columns (ILIKE '%word%' on PostgreSQL), so a query of
a thousand words held a worker for seconds: a search asks for at most MOST_WORDS words and
LONGEST_QUERY characters. The forms say so to the person searching; contains_every_word
keeps to the bound whatever reaches it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import Col

MOST_WORDS = 10
LONGEST_QUERY = 200
# On PostgreSQL a search ranks only the newest this many of the rows it matches: a common
# word is in thousands ("patients" in 14,000 of scale 100's ideas and 31,000 of its
# measures), and ranking them all read every one's words, 100 ms for the measures alone.
MOST_RANKED = 200


def search_words(query):
    return query.split()[:MOST_WORDS]


def not_too_many_words(query):
    if len(query.split()) > MOST_WORDS:
        raise ValidationError(f"Search for {MOST_WORDS} words or fewer", code="too_many_words")


def search_bounds():
    """What a search box takes: at most LONGEST_QUERY characters and MOST_WORDS words, each
    refused with a message (the keyword arguments of a form field or a django-filter)."""
    return {
        "max_length": LONGEST_QUERY,
        "validators": [not_too_many_words],
        "error_messages": {"max_length": f"Search for {LONGEST_QUERY} characters or fewer"},
    }


def search_field(label, **kwargs):
    """A form's search box, bounded."""
    return forms.CharField(label=label, required=False, **search_bounds(), **kwargs)


def contains_every_word(query, fields):
    """A filter for rows where each word of the query appears in one of the fields."""
    condition = Q()
    for word in search_words(query):
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


# Endings taken off a word where the database has no stemming of its own, longest first, so
# that "listening", "listened" and "listens" all find "listen".
SUFFIXES = ("ing", "ed", "es", "s")


def stem(word):
    """A crude English stem, for the fallback search; short words are left whole."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def matching(queryset, query, fields, *, stored_document=None):
    """The rows holding every word of the query (in any of the fields), best first.

    PostgreSQL searches its English full text: words are stemmed ("listening" finds
    "listen"), common words ignored and the rows ranked by how well they match. A row that
    holds every word as typed is found too, as the lists' search boxes find it: full text
    skips what it does not read as words (a "<script>" tag, a word cut short). Elsewhere
    each word's stem must appear in one of the fields, in the queryset's own order.

    `stored_document` names a column of the queryset's table that PostgreSQL keeps the
    fields' words in (improvement 0029): ranking then reads them rather than making them
    again for every row that matches. Such a table is a big one: of a word in more than
    MOST_RANKED of its rows, the newest MOST_RANKED are ranked, the best of those first,
    found by walking the table from its newest row rather than by reading every match.
    """
    words = search_words(query)
    if not words:
        return queryset.none()
    if connection.vendor != "postgresql":
        return queryset.filter(contains_every_word(" ".join(map(stem, words)), fields))
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        SearchVectorField,
    )

    if stored_document:
        # The column as the table's, under whichever alias a query gives the table (the
        # newest matches are chosen in a subquery of it).
        column = SearchVectorField()
        column.set_attributes_from_name(stored_document)
        column.model = queryset.model
        document = Col(queryset.model._meta.db_table, column)
    else:
        document = SearchVector(*fields, config="english")
    wanted = SearchQuery(" ".join(words), config="english", search_type="plain")
    found = queryset.alias(document=document).filter(
        Q(document=wanted) | contains_every_word(query, fields)
    )
    if stored_document:
        newest = found.order_by("-pk").values("pk")[:MOST_RANKED]
        found = queryset.filter(pk__in=newest).alias(document=document)
    return found.annotate(search_rank=SearchRank(document, wanted)).order_by("-search_rank", "-pk")


def best_matches(queryset, query, fields, limit, *, stored_document=None):
    """The first `limit` rows `matching` finds, as a list."""
    return list(matching(queryset, query, fields, stored_document=stored_document)[:limit])
