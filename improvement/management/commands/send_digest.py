from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from core.presenters import plural
from improvement.delivery_reminders import tell_editors_of_overdue_updates
from improvement.digest import send_weekly_digest


class Command(BaseCommand):
    help = (
        "Send the improvement leads' weekly digest: ideas waiting for triage, projects with "
        "no new data for four weeks, PDSA cycles overdue, progress scores not updated for a "
        "quarter; and the strategy editors' list of overdue progress updates. Run it once a "
        "week (cron or a systemd timer); the worker sends the emails."
    )

    def handle(self, *args, **options):
        site_url = settings.PORTAL_SITE_URL.rstrip("/")
        with transaction.atomic():
            told = send_weekly_digest(site_url=site_url)
            editors = tell_editors_of_overdue_updates(site_url=site_url)
        self.stdout.write(f"Weekly digest: {told} improvement lead{plural(told)} told.")
        self.stdout.write(
            f"Overdue progress updates: {editors} strategy editor{plural(editors)} told."
        )
