import django_rq
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.signals import worker_starting


class Command(BaseCommand):
    help = (
        "Run the task queue's worker, which sends the portal's emails: django-tasks-db's "
        "db_worker, or with TASK_QUEUE_URL=redis://… an RQ worker. It runs until stopped "
        "(SIGTERM finishes the job in hand first); --burst stops it once no job is waiting."
    )

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Run the jobs waiting, then stop.")

    def handle(self, *args, burst, verbosity, **options):
        worker_starting.send(sender=self.__class__)
        if not settings.RQ_QUEUES:
            call_command("db_worker", queue_name="*", batch=burst, verbosity=verbosity)
            return
        worker = django_rq.get_worker(
            *settings.RQ_QUEUES,
            # Jobs run in the worker's process, as db_worker's do, rather than in a process
            # forked for each.
            worker_class="rq.worker.SimpleWorker",
            job_class="django_tasks_rq.Job",
        )
        # The scheduler moves the retries (jobs to run later) into the queue when they are due.
        worker.work(
            burst=burst, with_scheduler=True, logging_level="INFO" if verbosity else "WARNING"
        )
