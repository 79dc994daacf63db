from simple_history.utils import bulk_create_with_history

from core.ordering import vacate
from goals.models import Organisation

from .models import Behaviour, GuidingPrinciple, Value


def load_values_document(document):
    """Write one organisation's values and principles; see core.seeding for the rules."""
    organisation = Organisation.objects.get(slug=document["organisation"])
    documented = document.get("values", [])
    # Values an editor added (which cards may point at) follow the document's, in their order.
    added = list(organisation.values.exclude(slug__in=[value["slug"] for value in documented]))
    # Every value is numbered afresh: each first moves out of the way of the new numbers.
    existing = organisation.values.all()
    numbers = range(1, len(documented) + len(added) + 1)
    vacate(existing, list(existing.values_list("pk", flat=True)), keep=numbers)
    for order, value_data in enumerate(documented, start=1):
        value_data = dict(value_data)
        statements = value_data.pop("behaviours", [])
        value, _ = Value.objects.update_or_create(
            organisation=organisation,
            slug=value_data.pop("slug"),
            defaults={**value_data, "order": order},
        )
        load_behaviours(value, statements)
    for order, value in enumerate(added, start=len(documented) + 1):
        value.order = order
        value.save()
    organisation.guiding_principles.all().delete()
    bulk_create_with_history(
        [
            GuidingPrinciple(organisation=organisation, order=order, **principle)
            for order, principle in enumerate(document.get("guiding_principles", []), start=1)
        ],
        GuidingPrinciple,
    )


def load_behaviours(value, statements):
    """The value's behaviours in the document's order. Behaviours already there are updated
    in place, in order, so the thank-you cards that recognised them keep their link."""
    existing = list(value.behaviours.all())
    wanted = list(enumerate(statements, start=1))
    kept = min(len(existing), len(wanted))
    Behaviour.objects.filter(pk__in=[b.pk for b in existing[kept:]]).delete()
    pairs = list(zip(existing[:kept], wanted[:kept], strict=True))
    renumbered = [behaviour.pk for behaviour, (order, _) in pairs if behaviour.order != order]
    vacate(value.behaviours.all(), renumbered, keep=[order for order, _ in wanted])
    for behaviour, (order, statement) in pairs:
        if (behaviour.statement, behaviour.order) != (statement, order):
            behaviour.statement, behaviour.order = statement, order
            behaviour.save()
    # With their first history entries, so an editor's first change can be reverted.
    bulk_create_with_history(
        [
            Behaviour(value=value, statement=statement, order=order)
            for order, statement in wanted[kept:]
        ],
        Behaviour,
    )
