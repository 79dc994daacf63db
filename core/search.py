"""What the apps' searches share."""

from django.db.models import Q


def contains_every_word(query, fields):
    """A filter for rows where each word of the query appears in one of the fields."""
    condition = Q()
    for word in query.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition
