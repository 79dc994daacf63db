from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = "Strategy"
    # What each model's writes change, for results cached on it (core/caching.py).
    cache_topics = {
        **dict.fromkeys(
            ["organisation", "strategy", "goal", "objective", "section", "sectionitem"], "strategy"
        ),
        "site": "sites",
        **dict.fromkeys(["progressupdate", "evidencemeasure"], "delivery"),
    }

    def load_seed(self, *, reset, log):
        from core.seeding import load_app_seed

        from .seeding import load_strategy_document

        return load_app_seed(
            app_label=self.label,
            app_path=self.path,
            load_document=load_strategy_document,
            reset=reset,
            log=log,
        )
