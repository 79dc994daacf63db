"""Signals the apps listen for."""

from django.dispatch import Signal

# Sent by `manage.py worker` before it takes its first job: work that a stopped worker left
# without a job queued for it (an import's next batch) is queued again.
worker_starting = Signal()
