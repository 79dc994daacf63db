"""Places on one app's page where other apps show a part of their own.

goals never imports improvement, yet the trust's home page shows the improvement
programme's headline figures and an objective's page shows the ideas and projects serving
it. So goals' templates name a place (`{% panels "objective" objective=objective %}`) and
improvement, when it starts, registers what it shows there: the template, the function that
gives its context, and the cache topics its figures come from, which the page's cached
fragment is keyed on (core/caching.py).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.template.loader import get_template
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Panel:
    template_name: str
    # (request, **records) -> the template's context
    context: object
    topics: tuple


_places = defaultdict(list)


def register(place, *, template_name, context, topics=()):
    _places[place].append(Panel(template_name, context, tuple(topics)))


def topics(place):
    """The cache topics of what the place shows, for the key of a fragment holding it."""
    return sorted({topic for panel in _places[place] for topic in panel.topics})


def render(place, request, **records):
    # Rendered without the request, so the context processors do not run a second time;
    # a panel's context gives what its template reads of the request (the user, say).
    return mark_safe(
        "".join(
            get_template(panel.template_name).render(panel.context(request, **records))
            for panel in _places[place]
        )
    )
