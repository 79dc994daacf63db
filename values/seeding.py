from simple_history.utils import bulk_create_with_history

from goals.models import Organisation

from .models import Behaviour, GuidingPrinciple, Value


def load_values_document(document):
    """Write one organisation's values and principles; see core.seeding for the rules."""
    organisation = Organisation.objects.get(slug=document["organisation"])
    for order, value_data in enumerate(document.get("values", []), start=1):
        value_data = dict(value_data)
        statements = value_data.pop("behaviours", [])
        value, _ = Value.objects.update_or_create(
            organisation=organisation,
            slug=value_data.pop("slug"),
            defaults={**value_data, "order": order},
        )
        load_behaviours(value, statements)
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
    existing = list(value.behaviours.order_by("order", "pk"))
    wanted = list(enumerate(statements, start=1))
    kept = min(len(existing), len(wanted))
    for behaviour, (order, statement) in zip(existing[:kept], wanted[:kept], strict=True):
        if (behaviour.statement, behaviour.order) != (statement, order):
            behaviour.statement, behaviour.order = statement, order
            behaviour.save()
    Behaviour.objects.filter(pk__in=[b.pk for b in existing[kept:]]).delete()
    # With their first history entries, so an editor's first change can be reverted.
    bulk_create_with_history(
        [
            Behaviour(value=value, statement=statement, order=order)
            for order, statement in wanted[kept:]
        ],
        Behaviour,
    )
