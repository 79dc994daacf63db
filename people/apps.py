from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"
    # What each model's writes change, for results cached on it (core/caching.py).
    cache_topics = {"staffprofile": "people"}

    # The demo's sign-ins come last, so that their passwords end the command's output.
    demo_order = 2

    def load_demo(self, *, scale, log):
        from .demo import load_demo

        return load_demo(scale=scale, log=log)
