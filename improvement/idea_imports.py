"""Importing an older ideas log from a spreadsheet, in the background.

The upload is read and checked in the request (its format, its columns, its number of rows),
kept with the import, and the task queue's worker imports it a batch of rows at a time, each
batch a task of its own so that emails queued meanwhile are not held up behind it. Each row
is imported through IdeaResource (improvement/resources.py) in its own transaction with the
import's progress, so the progress page shows each row's fate as soon as it is known, and a
worker stopped mid-import (killed, restarted) loses at most the row in hand, which the next
batch imports again: when a worker starts it queues the next batch of every import not yet
finished, and the progress page offers the same for an import that has stopped moving.
"""

import csv
import datetime
import io

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from core.presenters import plural
from core.spreadsheets import spreadsheet_safe
from notifications.models import Kind
from notifications.services import notify

from .import_models import IdeaImport, IdeaImportRow
from .resources import IdeaResource

# The most rows one file may hold, and the most bytes (a safeguard against a file that is
# not a log at all, far above what MAX_ROWS rows of text take).
MAX_ROWS = 10_000
MAX_BYTES = 20 * 1024 * 1024
# Rows imported by one task before the next batch is queued behind whatever else waits.
BATCH_ROWS = 200
# An unfinished import that has not moved for this long has lost its worker.
STALLED_AFTER = datetime.timedelta(minutes=5)
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


class SpreadsheetRefused(ValidationError):
    """The upload cannot be imported at all; nothing was kept."""


def read_spreadsheet(upload):
    """(headers, rows) of an uploaded CSV or XLSX ideas log, or SpreadsheetRefused saying
    what to change. Every column IdeaResource reads must be there."""
    name = upload.name or ""
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    if extension not in FORMATS:
        raise SpreadsheetRefused("The file must be a CSV or XLSX spreadsheet (.csv or .xlsx)")
    if upload.size > MAX_BYTES:
        raise SpreadsheetRefused(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: it cannot be an ideas "
            f"log of at most {MAX_ROWS:,} rows"
        )
    content = upload.read()
    try:
        if FORMATS[extension] == "csv":
            table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        else:
            data = tablib.Dataset().load(content, format="xlsx")
            table = [data.headers or [], *data]
    except UnicodeDecodeError as error:
        raise SpreadsheetRefused(
            "The file is not in UTF-8: save it from the spreadsheet as CSV UTF-8 (comma "
            "delimited) and import it again"
        ) from error
    except Exception as error:
        # csv, tablib and openpyxl raise many kinds of error for a file they cannot read.
        raise SpreadsheetRefused(
            f"The file could not be read as {FORMATS[extension].upper()}: save it again from "
            "the spreadsheet and import it again"
        ) from error
    headers = [_cell(header).lower() for header in table[0]] if table else []
    missing = [
        field.column_name
        for field in IdeaResource().get_import_fields()
        if field.column_name not in headers
    ]
    if missing:
        raise SpreadsheetRefused(
            "The file has no "
            + ", ".join(f"'{column}'" for column in missing)
            + f" column{'s' if len(missing) > 1 else ''}: the first row must name the columns"
        )
    if FORMATS[extension] == "csv":
        # A CSV's cells are text, kept as they are; the worker trims them (_import_next_row).
        rows = [row for row in table[1:] if any(cell.strip() for cell in row)]
    else:
        # A spreadsheet's may be numbers or dates: kept as text.
        rows = []
        for row in table[1:]:
            cells = [_cell(cell) for cell in row]
            if any(cells):
                rows.append(cells)
    if not rows:
        raise SpreadsheetRefused("The file has no rows of ideas under its first row")
    if len(rows) > MAX_ROWS:
        raise SpreadsheetRefused(
            f"The file has {len(rows):,} rows of ideas: an import takes at most {MAX_ROWS:,}, "
            "so split it into smaller files"
        )
    return headers, rows


def _cell(value):
    """A cell as text, as a CSV gives it (a spreadsheet's dates written the ISO way)."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


@transaction.atomic
def start_import(*, uploaded_by, file_name, headers, rows):
    """Keep the rows read from an upload and queue their import once this commits."""
    ideas_import = IdeaImport.objects.create(
        file_name=file_name[:255],
        uploaded_by=uploaded_by,
        headers=headers,
        rows=rows,
        total_rows=len(rows),
    )
    queue_next_batch(ideas_import)
    return ideas_import


def queue_next_batch(ideas_import):
    """Queue the import's next batch of rows once the current transaction commits."""
    transaction.on_commit(lambda: import_batch.enqueue(ideas_import_id=ideas_import.pk))


@task
def import_batch(*, ideas_import_id):
    """Import the next BATCH_ROWS rows, then queue the rest, or finish the import."""
    ideas_import = IdeaImport.objects.filter(pk=ideas_import_id).first()
    if ideas_import is None or ideas_import.finished:
        return
    resource = IdeaResource()
    loader = resource._meta.instance_loader_class(
        resource, tablib.Dataset(headers=ideas_import.headers)
    )
    for _ in range(BATCH_ROWS):
        if not _import_next_row(ideas_import, resource, loader):
            return
    with transaction.atomic():
        queue_next_batch(ideas_import)


def _import_next_row(ideas_import, resource, loader):
    """Import the row after the last one done, in one transaction with the progress that
    records it; False once every row is done (and the import is finished)."""
    with transaction.atomic():
        # The lock makes two workers given the same import take its rows in turn.
        progress = (
            IdeaImport.objects.select_for_update()
            .only("rows_done", "rows_failed", "total_rows", "finished_at", "uploaded_by")
            .get(pk=ideas_import.pk)
        )
        if progress.rows_done >= progress.total_rows:
            _finish(progress, ideas_import.file_name)
            return False
        index = progress.rows_done
        cells = [_cell(cell) for cell in ideas_import.rows[index]]
        row = dict(zip(ideas_import.headers, cells, strict=False))
        idea_id, errors = _import_row(resource, loader, row, index + 1)
        IdeaImportRow.objects.create(
            ideas_import=progress,
            number=index + 2,
            idea_id=idea_id,
            failed=bool(errors),
            errors=errors,
        )
        progress.rows_done += 1
        progress.rows_failed += bool(errors)
        progress.save(update_fields=["rows_done", "rows_failed", "updated_at"])
        return True


class _RowRefused(Exception):
    def __init__(self, errors):
        self.errors = errors


def _import_row(resource, loader, row, row_number):
    """(the id of the idea imported, []) or (None, what is wrong with the row, column by column)."""
    try:
        # A savepoint: a row that fails part-way leaves nothing behind.
        with transaction.atomic():
            result = resource.import_row(
                row, loader, dry_run=False, using_transactions=True, row_number=row_number
            )
            if result.validation_error is not None:
                raise _RowRefused(_validation_messages(resource, result.validation_error))
            if result.errors:
                raise _RowRefused([str(error.error) for error in result.errors])
    except _RowRefused as refused:
        return None, refused.errors
    return result.object_id, []


def _validation_messages(resource, error):
    columns = {field.attribute: field.column_name for field in resource.get_import_fields()}
    messages = []
    for attribute, errors in error.message_dict.items():
        column = columns.get(attribute, attribute)
        for message in errors:
            messages.append(message if attribute == NON_FIELD_ERRORS else f"{column}: {message}")
    return messages


def _finish(progress, file_name):
    if progress.finished_at is not None:
        return
    progress.finished_at = timezone.now()
    progress.save(update_fields=["finished_at", "updated_at"])
    imported, failed = progress.rows_imported, progress.rows_failed
    notify(
        [progress.uploaded_by],
        kind=Kind.IMPORT,
        title=(
            f"The import of {file_name} has finished: {imported:,} idea{plural(imported)} imported"
            + (f", {failed:,} row{plural(failed)} not imported" if failed else "")
        ),
        url=reverse("admin:improvement_ideaimport_change", args=[progress.pk]),
    )


def is_stalled(ideas_import):
    """An unfinished import no worker has moved on for STALLED_AFTER."""
    return not ideas_import.finished and timezone.now() - ideas_import.updated_at > STALLED_AFTER


@transaction.atomic
def resume_import(ideas_import):
    """Queue the next batch of an unfinished import (harmless if one is already running:
    the two take rows in turn)."""
    if not ideas_import.finished:
        IdeaImport.objects.filter(pk=ideas_import.pk).update(updated_at=timezone.now())
        queue_next_batch(ideas_import)


def resume_unfinished_imports(**kwargs):
    """When a worker starts, queue the next batch of every unfinished import: a worker that
    stopped mid-batch left it with no batch queued."""
    for ideas_import in IdeaImport.objects.filter(finished_at=None).only("pk"):
        with transaction.atomic():
            queue_next_batch(ideas_import)


def failed_rows(ideas_import):
    return IdeaImportRow.objects.filter(ideas_import=ideas_import, failed=True).order_by("number")


def failed_rows_spreadsheet(ideas_import):
    """The rows not imported, as they were in the file, with a last column saying why: the
    person importing corrects them and imports this file."""
    data = tablib.Dataset(headers=[*ideas_import.headers, "why it was not imported"])
    headers_width = len(ideas_import.headers)
    for result in failed_rows(ideas_import).only("number", "errors"):
        cells = ideas_import.rows[result.number - 2]
        cells = [*cells, *[""] * (headers_width - len(cells))][:headers_width]
        data.append([spreadsheet_safe(cell) for cell in [*cells, "; ".join(result.errors)]])
    return data.export("csv")
