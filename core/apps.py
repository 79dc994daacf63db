from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """What every app shares."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import caching

        caching.connect_signals()
        post_migrate.connect(self.moved_on_by_migrate, sender=self)

    @staticmethod
    def moved_on_by_migrate(**kwargs):
        # A release runs migrate: its templates and rollups may have a new shape, so nothing
        # kept before it is read after it.
        from . import caching

        caching.record_change(*caching.all_topics())
