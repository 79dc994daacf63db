from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "QSIR training and the ward programme"
    # What each model's writes change, for results cached on it (core/caching.py).
    cache_topics = {
        **dict.fromkeys(
            ["course", "cohort", "cohortsession", "enrolment", "attendance"], "training"
        ),
        **dict.fromkeys(["wave", "ward"], "wards"),
    }

    def ready(self):
        # The training tallies' rollup, for the worker to refresh (core.caching).
        from . import tallies  # noqa: F401

    def load_seed(self, *, reset, log):
        from core.seeding import load_app_seed

        from .seeding import load_training_document

        return load_app_seed(
            app_label=self.label,
            app_path=self.path,
            load_document=load_training_document,
            reset=reset,
            log=log,
        )
