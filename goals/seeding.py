"""Loads the seed documents' content (YAML under each app's seed_data/) into the database.

Each file is loaded once: a marker records it, so running `seed` again leaves editors'
changes (and deletions) alone. `reset` loads every file again over what is there.

Loading writes the file's content over the records it names. Records that other records
point at (organisations, strategies, objectives, values, sites) are updated in place, so
ideas and projects keep their links; lists that nothing points at (goals, sections and
their items, behaviours, principles) are replaced whole.
"""

from pathlib import Path

import yaml
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .models import Goal, Objective, Organisation, Section, SectionItem, SeededDocument, Strategy


def seed_files(app_path):
    return sorted(Path(app_path, "seed_data").glob("*.yaml"))


def read_seed_file(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def seed_key(app_label, path):
    return f"{app_label}/{Path(path).name}"


@transaction.atomic
def load_app_seed(*, app_label, app_path, load_document, reset, log):
    """Load each of an app's seed files that has not been loaded before; return how many."""
    loaded = 0
    for path in seed_files(app_path):
        document = read_seed_file(path)
        key = seed_key(app_label, path)
        if not reset and SeededDocument.objects.filter(key=key).exists():
            log(f"{key}: already loaded, left as it is")
            continue
        load_document(document)
        SeededDocument.objects.get_or_create(key=key)
        loaded += 1
        log(f"{key}: loaded")
    return loaded


def load_strategy_document(document):
    organisation_data = dict(document["organisation"])
    slug = organisation_data.pop("slug")
    member_of_slug = organisation_data.pop("member_of", None)
    if member_of_slug:
        # Files load in name order, so a parent's file is named to come first.
        organisation_data["member_of"] = Organisation.objects.get(slug=member_of_slug)
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
        objective, _ = Objective.objects.update_or_create(
            strategy=strategy,
            year=objective_data.pop("year"),
            number=objective_data.pop("number"),
            defaults=objective_data,
        )
        objective.goals.set(goals[title] for title in goal_titles)

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
