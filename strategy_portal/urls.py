from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Strategy Portal administration"
admin.site.site_title = "Strategy Portal"
admin.site.index_title = "Strategy and values content"

urlpatterns = [
    path("", include("goals.urls")),
    path("values/", include("values.urls")),
    path("search/", views.search, name="search"),
    path("admin/", admin.site.urls),
]
