"""Running the migrations from a test: back to the layout a data migration starts from, and
forward again, as `manage.py migrate` would."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets=None):
    """Migrate to the targets (the latest migrations by default); the apps as they stand."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
