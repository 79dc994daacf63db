from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the task queue's worker, which sends the portal's emails: django-tasks-db's "
        "db_worker, or with TASK_QUEUE_URL=redis://… django-rq's rqworker. It runs until "
        "stopped (SIGTERM finishes the job in hand first); --burst stops it once no job is "
        "waiting."
    )

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Run the jobs waiting, then stop.")

    def handle(self, *args, burst, verbosity, **options):
        if settings.RQ_QUEUES:
            call_command(
                "rqworker",
                *settings.RQ_QUEUES,
                # Jobs run in the worker's process, as the database worker's do, rather than
                # in a process forked for each: an email is too small a job to pay for a fork.
                worker_class="rq.worker.SimpleWorker",
                job_class="django_tasks_rq.Job",
                # Moves the retries (jobs to run later) into the queue when they are due.
                with_scheduler=True,
                burst=burst,
                verbosity=verbosity,
            )
        else:
            call_command("db_worker", queue_name="*", batch=burst, verbosity=verbosity)
