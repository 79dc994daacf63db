from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the seed documents' strategy and values content. Safe to run again: files "
        "already loaded are left alone, so editors' changes survive unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete what the seed files loaded, editors' changes included, and load it again.",
        )

    def handle(self, *args, reset, **options):
        # Each app that has seed content says so with a load_seed() on its AppConfig, so
        # this command needs to import none of them; they load in INSTALLED_APPS order.
        loaded = 0
        for app_config in apps.get_app_configs():
            if hasattr(app_config, "load_seed"):
                loaded += app_config.load_seed(reset=reset, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Seed files loaded: {loaded}."))
