"""The portal's admin site: Django's, with the portal's titles and the portal's logout."""

from django.contrib import admin

from .oidc import PortalLogoutView


class PortalAdminSite(admin.AdminSite):
    site_header = "Strategy Portal administration"
    site_title = "Strategy Portal"
    index_title = "Strategy and values content"

    def logout(self, request, extra_context=None):
        # The admin's "Log out" ends the single sign-on provider's session too, as the
        # portal's does: otherwise the next "Sign in with NHSmail" on a shared computer
        # would sign the last colleague in again. POST only, with its CSRF check, as before.
        return PortalLogoutView.as_view()(request)
