from django.apps import AppConfig


class StrategyPortalConfig(AppConfig):
    """The project's own app: the site-level pages and the static storage."""

    name = "strategy_portal"
    verbose_name = "Strategy Portal"
