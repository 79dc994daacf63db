from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

admin.site.site_header = "Strategy Portal administration"
admin.site.site_title = "Strategy Portal"
admin.site.index_title = "Strategy and values content"

urlpatterns = [
    path("", include("goals.urls")),
    path("values/", include("values.urls")),
    path("search/", views.search, name="search"),
    path("improvement/", include("improvement.urls")),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=views.LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
