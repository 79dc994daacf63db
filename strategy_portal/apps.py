from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class StrategyPortalConfig(AppConfig):
    """The project's own app: what the goals, values and improvement apps share."""

    name = "strategy_portal"
    verbose_name = "Strategy Portal"

    def ready(self):
        from .data_version import moved_on_by_write

        post_save.connect(moved_on_by_write, dispatch_uid="data-version-on-save")
        post_delete.connect(moved_on_by_write, dispatch_uid="data-version-on-delete")
        m2m_changed.connect(moved_on_by_write, dispatch_uid="data-version-on-links")
