from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from improvement.digest import send_weekly_digest


class Command(BaseCommand):
    help = (
        "Send the improvement leads' weekly digest: ideas waiting for triage, projects with "
        "no new data for four weeks, PDSA cycles overdue, progress scores not updated for a "
        "quarter. Run it once a week (cron or a systemd timer); the worker sends the emails."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            told = send_weekly_digest(site_url=settings.PORTAL_SITE_URL.rstrip("/"))
        self.stdout.write(f"Weekly digest: {told} improvement lead{'s' if told != 1 else ''} told.")
