from django.apps import AppConfig


class ValuesConfig(AppConfig):
    name = "values"
    verbose_name = "Values"

    def load_seed(self, *, reset, log):
        from goals.seeding import load_app_seed

        from .seeding import load_values_document

        return load_app_seed(
            app_label=self.label,
            app_path=self.path,
            load_document=load_values_document,
            reset=reset,
            log=log,
        )
