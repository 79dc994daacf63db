from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = "Improvement"
    # What each model's writes change, for results cached on it (core/caching.py).
    cache_topics = {
        **dict.fromkeys(["idea", "ideastatuschange", "ideamessage"], "ideas"),
        **dict.fromkeys(
            ["project", "progressscorechange", "measure", "datapoint", "rebase", "pdsacycle"],
            "projects",
        ),
    }
    # What the programme's tallies count (tallies.py): a save naming none of these fields, or
    # of a model counted not at all, leaves the figures as they were (core.caching.counts_of).
    counted_fields = {
        "idea": ["created_at", "site", "status", "involves_patients", "health_inequalities"],
        "project": ["site", "status", "involves_patients", "health_inequalities"],
        "measure": [
            "project",
            "chart_type",
            "kind",
            "variation",
            "assurance",
            "variation_rank",
            "assurance_rank",
        ],
        **dict.fromkeys(
            [
                "ideastatuschange",
                "ideamessage",
                "progressscorechange",
                "datapoint",
                "rebase",
                "pdsacycle",
            ],
            [],
        ),
    }

    # Ideas are counted apart by when they were created (tallies.py): a write to an idea
    # created since core.caching.recent_since() leaves the older ideas' figures as they were.
    counted_recent = {"idea": "created_at"}

    def ready(self):
        from core.signals import worker_starting

        # selectors and tallies declare the rollups the worker refreshes (core.caching).
        from . import carried_work, evidence, idea_imports, panels, selectors, tallies  # noqa: F401

        panels.register()
        evidence.register()
        carried_work.register()
        worker_starting.connect(idea_imports.resume_unfinished_imports)

    def load_seed(self, *, reset, log):
        from core.seeding import load_app_seed

        from .seeding import load_improvement_document

        return load_app_seed(
            app_label=self.label,
            app_path=self.path,
            load_document=load_improvement_document,
            reset=reset,
            log=log,
        )

    def load_demo(self, *, scale, log):
        from .delivery_demo import load_delivery_demo
        from .demo import load_demo

        loaded = load_demo(scale=scale, log=log)
        # The strategy's delivery does not grow with the scale: MSEFT has five objectives.
        return load_delivery_demo(log=log) or loaded
