from django.apps import AppConfig


class ValuesConfig(AppConfig):
    name = "values"
    verbose_name = "Values"
    # What each model's writes change, for results cached on it (core/caching.py).
    cache_topics = {
        "value": "values",
        "behaviour": "values",
        "guidingprinciple": "values",
        "thankyoucard": "cards",
    }
    # The demo cards are sent between the demo people that improvement's demo creates.
    demo_order = 1

    def load_seed(self, *, reset, log):
        from core.seeding import load_app_seed

        from .seeding import load_values_document

        return load_app_seed(
            app_label=self.label,
            app_path=self.path,
            load_document=load_values_document,
            reset=reset,
            log=log,
        )

    def load_demo(self, *, scale, log):
        from .demo import load_demo

        return load_demo(scale=scale, log=log)
