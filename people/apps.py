from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"
    # What each model's writes change, for results cached on it (core/caching.py).
    cache_topics = {"staffprofile": "people"}
