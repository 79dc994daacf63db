"""Loads the seed documents' content (YAML under each app's seed_data/) into the database.

Each file is loaded once: a marker records it, so running `seed` again leaves editors'
changes (and deletions) alone. `reset` loads every file again over what is there.

Loading writes the file's content over the records it names. Records that other records
point at (organisations, strategies, objectives, values, sites) are updated in place, so
ideas and projects keep their links; lists that nothing points at (goals, sections and
their items, behaviours, principles) are replaced whole. Each app writes its own documents
(its AppConfig's load_seed() passes its loader to load_app_seed).
"""

from pathlib import Path

import yaml
from django.db import transaction

from .models import SeededDocument


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
