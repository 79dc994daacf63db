from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StrategyPortalConfig(AppConfig):
    """The project's own app: the site-level pages and the static storage."""

    name = "strategy_portal"
    verbose_name = "Strategy Portal"


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the portal's own site (strategy_portal/admin.py)."""

    default_site = "strategy_portal.admin.PortalAdminSite"
    # Not this module's app: that is StrategyPortalConfig.
    default = False
