"""What the apps' searches share: the bound on what a search may ask, and the condition
that finds every word.

Each word is a condition on several columns (ILIKE '%word%' on PostgreSQL), so a query of
a thousand words held a worker for seconds: a search asks for at most MOST_WORDS words and
LONGEST_QUERY characters. The forms say so to the person searching; contains_every_word
keeps to the bound whatever reaches it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

MOST_WORDS = 10
LONGEST_QUERY = 200


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
