from django.urls import path

from . import views

app_name = "values"
urlpatterns = [
    path("", views.value_list, name="index"),
    path("<slug:organisation>/<slug:slug>/", views.value_detail, name="value"),
]
