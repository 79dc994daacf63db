from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import caching

        caching.connect_signals()
