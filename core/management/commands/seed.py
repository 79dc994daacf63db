from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from core import caching


class Command(BaseCommand):
    help = (
        "Load the seed documents' strategy and values content. Safe to run again: files "
        "already loaded are left alone, so editors' changes survive unless --reset is given. "
        "--demo adds a clearly labelled synthetic improvement programme."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Write the seed files' content again over editors' changes.",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also add the synthetic demo programme (never loaded without this flag).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="With --demo: multiply every demo volume by this, for benchmarks.",
        )

    def handle(self, *args, reset, demo, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be a whole number of at least 1.")
        if scale != 1 and not demo:
            raise CommandError("--scale only applies with --demo.")
        # Apps with content say so with load_seed() (and load_demo()) on their AppConfig,
        # so this command imports none of them; they load in INSTALLED_APPS order.
        configs = apps.get_app_configs()
        loaded = sum(
            config.load_seed(reset=reset, log=self.stdout.write)
            for config in configs
            if hasattr(config, "load_seed")
        )
        if loaded or reset:
            # The seeding's bulk writes send no signals: cached results must not outlive them.
            caching.record_change(*caching.all_topics())
        self.stdout.write(self.style.SUCCESS(f"Seed files loaded: {loaded}."))
        if demo:
            # An app whose demo builds on another app's demo records says so with a later
            # demo_order (values' cards are between improvement's demo people).
            demos = [config for config in configs if hasattr(config, "load_demo")]
            for config in sorted(demos, key=lambda config: getattr(config, "demo_order", 0)):
                config.load_demo(scale=scale, log=self.stdout.write)
            caching.record_change(*caching.all_topics())
            self.stdout.write(self.style.SUCCESS("Demo data is in place."))
