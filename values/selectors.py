"""Reads that the values pages share, each in a fixed number of queries."""

import functools

from django.db.models import Count, F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.links import url_with_keys
from core.queries import CompiledOnce, built_once
from core.search import SEARCH_DOCUMENT, RowSearch
from goals.models import Organisation
from people.models import StaffProfile
from people.selectors import members_of_staff

from .models import Behaviour, GuidingPrinciple, ThankYouCard, Value


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


# The site search's kinds here, as named rows of what its results show (the tags of
# strategy_portal's search_results), each found by the words of its fields, which each
# table keeps on PostgreSQL (migration 0010).
FOUND_VALUES = {
    "values": RowSearch(
        Value.objects.all,
        ["name", "summary"],
        ("name", "slug", "summary", "organisation__short_name", "organisation__slug"),
        stored_document=SEARCH_DOCUMENT,
    ),
    "behaviours": RowSearch(
        Behaviour.objects.all,
        ["statement"],
        (
            "pk",
            "statement",
            "value__name",
            "value__slug",
            "value__organisation__short_name",
            "value__organisation__slug",
        ),
        stored_document=SEARCH_DOCUMENT,
    ),
    "principles": RowSearch(
        GuidingPrinciple.objects.all,
        ["title", "description"],
        ("pk", "title", "description", "organisation__short_name"),
        stored_document=SEARCH_DOCUMENT,
    ),
}


def search_values(query, limit):
    """Values, behaviours and guiding principles holding every word of the query, at most
    `limit` of each, best first."""
    return {kind: search(query, limit) for kind, search in FOUND_VALUES.items()}


def colleagues_to_thank(sender):
    """The colleagues `sender` may thank: every other active member of staff, in name order.
    An administrator's account is none (people.selectors.members_of_staff): the card form
    would show its name to anyone who guessed its id."""
    return members_of_staff().exclude(pk=sender.pk)


def may_be_thanked(recipient, *, by):
    return colleagues_to_thank(by).filter(pk=recipient.pk).exists()


def colleague(pk, *, exclude):
    """The colleague a card is being written to, or None if they may not be thanked."""
    return colleagues_to_thank(exclude).filter(pk=pk).first()


def line_manager_of(user):
    """The user's line manager, if they have one who can be emailed; else None."""
    profile = StaffProfile.objects.select_related("line_manager").filter(user=user).first()
    manager = profile.line_manager if profile else None
    if manager is None or not manager.is_active or not manager.email:
        return None
    return manager


def behaviours_recognised(value):
    """Rows of {pk, statement, recognised} for the value's behaviours, in order: how often
    each was recognised."""
    return _recognised_behaviours(value=value.pk)


class CountRows(Func):
    """COUNT(*) without GROUP BY: as a subquery, the rows it matches, 0 if none."""

    template = "COUNT(*)"
    output_field = IntegerField()


def recognition_count():
    """How many cards, hidden ones aside, thanked someone for the behaviour: counted for
    each behaviour from the index of cards not hidden (card_recognised), where a join
    would read every card."""
    cards = ThankYouCard.objects.not_hidden().filter(behaviour=OuterRef("pk")).order_by()
    return Subquery(cards.annotate(n=CountRows()).values("n"), output_field=IntegerField())


# Built once: the subquery counting each behaviour's cards costs more to build than to run.
_recognised_behaviours = CompiledOnce.filtered(
    lambda: Behaviour.objects.annotate(recognised=recognition_count()).values(
        "pk", "statement", "recognised"
    ),
    "value",
)
_behaviours_with_values = CompiledOnce.filtered(
    lambda: Behaviour.objects.select_related("value__organisation").annotate(
        recognised=recognition_count()
    ),
    "pk",
)


def behaviour_page(organisation_slug, value_slug, pk):
    """The behaviour, with its value and how often it was recognised; 404 unless it is one
    of that organisation's value's. The slugs are checked on the behaviour read by key:
    filtering on them cost more to build than the query took to run."""
    behaviour = _behaviours_with_values.first_or_404("No such behaviour.", pk=pk)
    value = behaviour.value
    if value.slug != value_slug or value.organisation.slug != organisation_slug:
        raise Http404("No behaviour of that value has that number.")
    return behaviour


# The wall's two queries, built once (core.queries): the cards on walls, newest first, and
# what a wall shows of each card (presenters.shown_wall), read as rows: its twelve cards
# read as models, with their people, values and behaviours, cost 84 model instances.
_cards_on_walls = built_once(
    lambda: ThankYouCard.objects.on_wall().order_by("-sent_at", "-pk").values_list("pk", flat=True)
)


@functools.cache
def _newest_on_wall(lookups, limit):
    """The newest `limit` cards on the walls these lookups pick, by a query compiled once."""
    return CompiledOnce(lambda **on: _cards_on_walls().filter(**on)[:limit], *lookups)


# What a page shows of a card (presenters.shown_wall), but its value's and its behaviour's
# value's names and slugs, which with_values adds.
SHOWN_CARD_COLUMNS = (
    "pk",
    "sender__first_name",
    "sender__last_name",
    "sender__username",
    "recipient__first_name",
    "recipient__last_name",
    "recipient__username",
    "value",
    "behaviour",
    "behaviour__statement",
    "behaviour__value",
    "sent_at",
    "story",
)
_wall_cards = built_once(
    lambda: ThankYouCard.objects.order_by("-sent_at", "-pk").values(*SHOWN_CARD_COLUMNS)
)
_values_named = CompiledOnce(
    lambda: Value.objects.order_by().values_list("pk", "name", "slug", "organisation__slug")
)


def with_values(rows):
    """Card rows (SHOWN_CARD_COLUMNS) with their value's name, slug and organisation's slug
    and their behaviour's value's slugs, read from every value in one query. Joined to each
    card, the values and their organisations made the rows' query join eight tables, which
    PostgreSQL took 10 ms to plan (5 tables: 1 ms); an organisation states a handful of
    values."""
    rows = list(rows)
    if not rows:
        return rows
    values = {pk: (name, slug, organisation) for pk, name, slug, organisation in _values_named()}
    for row in rows:
        row["value__name"], row["value__slug"], row["value__organisation__slug"] = values[
            row["value"]
        ]
        behaviours_value = values.get(row["behaviour__value"], (None, None, None))
        row["behaviour__value__slug"] = behaviours_value[1]
        row["behaviour__value__organisation__slug"] = behaviours_value[2]
    return rows


def wall(*, value=None, behaviour=None, limit):
    """The most recent cards colleagues may read, for a value or one of its behaviours."""
    on = {"value": value, "behaviour": behaviour}
    on = {lookup: getattr(record, "pk", record) for lookup, record in on.items() if record}
    # The newest cards are picked from a wall's index (card_wall_value, card_wall_behaviour)
    # first, then only those are read with their people and values, by key: in one query,
    # PostgreSQL may join every card to its people before choosing the newest.
    newest = _newest_on_wall(tuple(on), limit)(**on)
    if not newest:
        return []
    return with_values(_wall_cards().filter(pk__in=newest))


def received_cards(user):
    """The cards to the user, newest first, as rows of SHOWN_CARD_COLUMNS (for
    presenters.shown_cards). Read as models with their people, value, behaviour and their
    organisations, the query joined eight tables, which PostgreSQL planned on every visit:
    3 to 6 ms, for 0.6 ms of running, at scale 100."""
    return ThankYouCard.objects.received_by(user).values(*SHOWN_CARD_COLUMNS)


# What a sender's list shows of each card besides: where it is (presenters.card_status).
SENT_CARD_COLUMNS = (
    *SHOWN_CARD_COLUMNS,
    "publish_consent",
    "approved_at",
    "hidden_at",
    "hidden_reason",
)


def sent_cards(user):
    """The cards the user sent, newest first, as rows of SENT_CARD_COLUMNS (for
    presenters.sent_cards), read as received_cards are."""
    return ThankYouCard.objects.sent_by(user).values(*SENT_CARD_COLUMNS)


def card_to_approve(pk):
    return get_object_or_404(ThankYouCard.objects.select_related("value"), pk=pk)


def card_to_hide(pk):
    """A card on a wall or waiting for approval: a hidden one cannot be hidden again."""
    return get_object_or_404(ThankYouCard.objects.not_hidden().for_display(), pk=pk)


_cards_awaiting = built_once(lambda: ThankYouCard.objects.awaiting_moderation())
_cards_awaiting_shown = built_once(
    lambda: (
        ThankYouCard.objects.awaiting_moderation()
        .order_by("sent_at", "pk")
        .values(*SHOWN_CARD_COLUMNS)
    )
)


def moderation_queue():
    """Cards waiting for an editor, oldest first so none waits long, as rows of what a
    wall shows of them (SHOWN_CARD_COLUMNS, for presenters.shown_cards): read as models, a
    page of 25 cards with their people, values and behaviours cost 175 model instances."""
    return _cards_awaiting_shown()


def moderation_queue_length():
    """How many cards wait for an editor, counted from their index alone (card_awaiting):
    counting moderation_queue would join each card to its people and values."""
    return _cards_awaiting().count()


def cards_per_month(*, site_field=None, sent_from=None, sent_to=None):
    """Rows of {month, value, behaviour, site, count} for every card not hidden (sent on or
    between the days given), counted in the database. `site_field` names the lookup from a
    card to a site, which the caller (the improvement dashboard, which knows where people
    work) supplies."""
    fields = ["month", "value", "behaviour"]
    cards = ThankYouCard.objects.not_hidden().order_by().annotate(month=TruncMonth("sent_at"))
    if sent_from:
        cards = cards.filter(sent_at__date__gte=sent_from)
    if sent_to:
        cards = cards.filter(sent_at__date__lte=sent_to)
    if site_field:
        cards = cards.annotate(site=F(site_field))
        fields.append("site")
    return list(cards.values(*fields).annotate(count=Count("pk")).order_by("month"))


# Every value and behaviour: the organisations' few, picked from in Python.
_value_names = CompiledOnce(
    lambda: Value.objects.values_list("pk", "name", "organisation__short_name")
)
_behaviour_links = CompiledOnce(
    lambda: Behaviour.objects.values_list(
        "pk", "statement", "value__organisation__slug", "value__slug"
    )
)


def value_names(pks):
    """{pk: what a value is called where values of several organisations are listed (its
    __str__)} for the values of the keys, read as values rather than records."""
    pks = set(pks)
    return {
        pk: f"{name} ({organisation})" for pk, name, organisation in _value_names() if pk in pks
    }


def behaviour_links(pks):
    """{pk: (statement, URL of its page)} for the behaviours of the keys, read as values:
    a dashboard links each one it counts cards of."""
    page_url = url_with_keys("values:behaviour", "organisation", "slug", "pk")
    pks = set(pks)
    return {
        pk: (statement, page_url(organisation=organisation, slug=slug, pk=pk))
        for pk, statement, organisation, slug in _behaviour_links()
        if pk in pks
    }
