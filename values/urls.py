from django.urls import path

from . import views

app_name = "values"
urlpatterns = [
    path("", views.value_list, name="index"),
    # Before the value pages, whose two slugs would match these too.
    path("cards/send/", views.card_send, name="card_send"),
    path("cards/received/", views.cards_received, name="cards_received"),
    path("cards/sent/", views.cards_sent, name="cards_sent"),
    path("cards/moderation/", views.card_moderation, name="card_moderation"),
    path("cards/<int:pk>/approve/", views.card_approve, name="card_approve"),
    path("cards/<int:pk>/hide/", views.card_hide, name="card_hide"),
    path("<slug:organisation>/<slug:slug>/", views.value_detail, name="value"),
    path(
        "<slug:organisation>/<slug:slug>/behaviours/<int:pk>/",
        views.behaviour_detail,
        name="behaviour",
    ),
]
