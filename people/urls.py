from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("search/", views.staff_search, name="staff_search"),
]
