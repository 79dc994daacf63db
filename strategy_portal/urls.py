from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import oidc, views

urlpatterns = [
    path("", include("goals.urls")),
    path("values/", include("values.urls")),
    path("search/", views.search, name="search"),
    path("health/", views.health, name="health"),
    path("improvement/", include("improvement.urls")),
    path("training/", include("training.urls")),
    path("notifications/", include("notifications.urls")),
    path("people/", include("people.urls")),
    # Training and the ward programme were pages of the improvement hub until they became an
    # app of their own: bookmarks to the old addresses still arrive.
    re_path(
        r"^improvement/training/(?P<rest>.*)$",
        RedirectView.as_view(url="/training/%(rest)s", permanent=True, query_string=True),
        name="training_moved",
    ),
    re_path(
        r"^improvement/wards/(?P<rest>.*)$",
        RedirectView.as_view(url="/training/wards/%(rest)s", permanent=True, query_string=True),
        name="wards_moved",
    ),
    path("login/", views.PortalLoginView.as_view(), name="login"),
    # Also ends the single sign-on provider's session when it can (strategy_portal/oidc.py).
    path("logout/", oidc.PortalLogoutView.as_view(), name="logout"),
    # Password reset by email, and changing one's password (views.py, "Signing in").
    path(
        "password-reset/",
        views.PortalPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=views.PortalSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password-change/",
        auth_views.PasswordChangeView.as_view(form_class=views.PortalPasswordChangeForm),
        name="password_change",
    ),
    path(
        "password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Single sign-on: answers 404 unless OIDC is configured (strategy_portal/oidc.py).
    path("oidc/", include("strategy_portal.oidc")),
    path("admin/", admin.site.urls),
]

handler500 = "strategy_portal.errors.server_error"
