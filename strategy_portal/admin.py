"""The portal's admin site: Django's, with the portal's titles, the portal's logout and its
staff search behind the admin's type-ahead for people."""

from django.contrib import admin

from people.autocomplete import StaffAutocompleteJsonView

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

    def autocomplete_view(self, request):
        return StaffAutocompleteJsonView.as_view(admin_site=self)(request)
