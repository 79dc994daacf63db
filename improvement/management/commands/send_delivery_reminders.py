from django.core.management.base import BaseCommand
from django.db import transaction

from core.presenters import plural
from improvement.delivery_reminders import send_delivery_reminders


class Command(BaseCommand):
    help = (
        "Remind objectives' owners and delivery leads of progress updates due: 15 days before "
        "a reporting period ends and 3 days after, each once. Run it daily (cron or a "
        "systemd timer); the worker sends the emails."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            reminded = send_delivery_reminders()
        self.stdout.write(f"Delivery reminders: {reminded} objective{plural(reminded)} reminded.")
