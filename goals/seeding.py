"""Loads goals' seed documents: an organisation, its strategy, goals, objectives and
sections (core/seeding.py has the rules every app's seeding follows)."""

from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from core.history import links_recorded_with_next_save, record_versions

from .models import Goal, Objective, Organisation, Section, SectionItem, Strategy


def load_strategy_document(document):
    organisation_data = dict(document["organisation"])
    slug = organisation_data.pop("slug")
    member_of_slug = organisation_data.pop("member_of", None)
    if member_of_slug:
        # Files load in name order, so a parent's file is named to come first.
        organisation_data["member_of"] = Organisation.objects.get(slug=member_of_slug)
    if "order" in organisation_data:
        make_room(organisation_data["order"], slug)
    organisation, _ = Organisation.objects.update_or_create(slug=slug, defaults=organisation_data)
    strategy, _ = Strategy.objects.update_or_create(
        organisation=organisation, defaults=document["strategy"]
    )

    strategy.goals.all().delete()
    goals = {
        goal_data["title"]: Goal.objects.create(strategy=strategy, order=order, **goal_data)
        for order, goal_data in enumerate(document.get("goals", []), start=1)
    }
    for objective_data in document.get("objectives", []):
        objective_data = dict(objective_data)
        goal_titles = objective_data.pop("goals", [])
        key = {"strategy": strategy, "year": objective_data.pop("year")}
        key["number"] = objective_data.pop("number")
        objective = Objective.objects.filter(**key).first() or Objective(**key)
        created = objective.pk is None
        for name, value in objective_data.items():
            setattr(objective, name, value)
        # One history entry for the objective and its goals, not one for each step.
        with links_recorded_with_next_save(objective):
            objective.save()
            objective.goals.set(goals[title] for title in goal_titles)
        record_versions(Objective, [objective], changed=not created)

    strategy.sections.all().delete()
    for order, section_data in enumerate(document.get("sections", []), start=1):
        section_data = dict(section_data)
        items = section_data.pop("items", [])
        section = Section.objects.create(strategy=strategy, order=order, **section_data)
        # With their first history entries, so an editor's first change can be reverted.
        bulk_create_with_history(
            [
                SectionItem(section=section, order=item_order, **item)
                for item_order, item in enumerate(items, start=1)
            ],
            SectionItem,
        )


def make_room(order, slug):
    """Frees the number the document gives its organisation: one an editor gave to another
    organisation moves that one to the end (on a reset, a later file may give it its own)."""
    holder = Organisation.objects.filter(order=order).exclude(slug=slug).first()
    if holder is not None:
        holder.order = Organisation.objects.aggregate(last=Max("order"))["last"] + 1
        holder.save()
