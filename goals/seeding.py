"""Loads the seed documents' content (YAML under each app's seed_data/) into the database.

Each file is loaded once: a marker records it, so running `seed` again leaves editors'
changes (and deletions) alone. `reset` removes what a file loaded and loads it afresh.
"""

from pathlib import Path

import yaml
from django.db import transaction

from .models import Goal, Objective, Organisation, Section, SectionItem, SeededDocument, Strategy


def seed_files(app_path):
    return sorted(Path(app_path, "seed_data").glob("*.yaml"))


def read_seed_file(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def seed_key(app_label, path):
    return f"{app_label}/{Path(path).name}"


@transaction.atomic
def load_app_seed(*, app_label, app_path, load_document, reset_document, reset, log):
    """Load each of an app's seed files that has not been loaded before; return how many."""
    loaded = 0
    for path in seed_files(app_path):
        document = read_seed_file(path)
        key = seed_key(app_label, path)
        if reset:
            reset_document(document)
            SeededDocument.objects.filter(key=key).delete()
        if SeededDocument.objects.filter(key=key).exists():
            log(f"{key}: already loaded, left as it is")
            continue
        load_document(document)
        SeededDocument.objects.create(key=key)
        loaded += 1
        log(f"{key}: loaded")
    return loaded


def load_strategy_document(document):
    organisation_data = dict(document["organisation"])
    member_of_slug = organisation_data.pop("member_of", None)
    organisation, _ = Organisation.objects.get_or_create(
        slug=organisation_data["slug"], defaults=organisation_data
    )
    if member_of_slug:
        # Files load in name order, so a parent's file is named to come first.
        organisation.member_of = Organisation.objects.get(slug=member_of_slug)
        organisation.save(update_fields=["member_of"])
    strategy = Strategy.objects.create(organisation=organisation, **document["strategy"])
    goals = {}
    for order, goal_data in enumerate(document.get("goals", []), start=1):
        goal = Goal.objects.create(strategy=strategy, order=order, **goal_data)
        goals[goal.title] = goal
    for objective_data in document.get("objectives", []):
        objective_data = dict(objective_data)
        goal_titles = objective_data.pop("goals", [])
        objective = Objective.objects.create(strategy=strategy, **objective_data)
        objective.goals.set(goals[title] for title in goal_titles)
    for order, section_data in enumerate(document.get("sections", []), start=1):
        section_data = dict(section_data)
        items = section_data.pop("items", [])
        section = Section.objects.create(strategy=strategy, order=order, **section_data)
        SectionItem.objects.bulk_create(
            SectionItem(section=section, order=item_order, **item)
            for item_order, item in enumerate(items, start=1)
        )


def reset_strategy_document(document):
    Organisation.objects.filter(slug=document["organisation"]["slug"]).delete()
