from goals.models import Organisation

from .models import Behaviour, GuidingPrinciple, Value


def load_values_document(document):
    organisation = Organisation.objects.get(slug=document["organisation"])
    for order, value_data in enumerate(document.get("values", []), start=1):
        value_data = dict(value_data)
        statements = value_data.pop("behaviours", [])
        value = Value.objects.create(organisation=organisation, order=order, **value_data)
        Behaviour.objects.bulk_create(
            Behaviour(value=value, statement=statement, order=behaviour_order)
            for behaviour_order, statement in enumerate(statements, start=1)
        )
    GuidingPrinciple.objects.bulk_create(
        GuidingPrinciple(organisation=organisation, order=order, **principle)
        for order, principle in enumerate(document.get("guiding_principles", []), start=1)
    )


def reset_values_document(document):
    slug = document["organisation"]
    Value.objects.filter(organisation__slug=slug).delete()
    GuidingPrinciple.objects.filter(organisation__slug=slug).delete()
