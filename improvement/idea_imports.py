"""Importing an older ideas log from a spreadsheet, in the background.

The upload is checked in the request (its format, its columns, how many rows it can hold)
and kept with the import. The task queue's worker reads its rows (an XLSX file of 10,000
rows takes seconds to read, more than a request should), then imports them a batch at a time, each
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
import re
import zlib
from dataclasses import dataclass

import openpyxl
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


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose format, columns and size an import takes. Its rows are read by the
    worker (read_rows): reading 10,000 of them costs more than the request should."""

    file_name: str
    file_format: str
    headers: list
    content: bytes


def check_upload(upload):
    """The upload as a CheckedUpload, or SpreadsheetRefused saying what to change. Every
    column IdeaResource reads must be there, and the file must hold some rows and at most
    MAX_ROWS."""
    name = upload.name or ""
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    if extension not in FORMATS:
        raise SpreadsheetRefused("The file must be a CSV or XLSX spreadsheet (.csv or .xlsx)")
    if upload.size > MAX_BYTES:
        raise SpreadsheetRefused(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: it cannot be an ideas "
            f"log of at most {MAX_ROWS:,} rows"
        )
    file_format = FORMATS[extension]
    content = upload.read()
    headers, most_rows = _read_outline(file_format, content)
    missing = [
        field.column_name
        for field in IdeaResource().get_import_fields()
        if field.column_name not in headers
    ]
    if missing:
        raise SpreadsheetRefused(
            "The file has no "
            + ", ".join(f"'{column}'" for column in missing)
            + f" column{plural(len(missing))}: the first row must name the columns"
        )
    if not most_rows:
        raise SpreadsheetRefused(NO_ROWS)
    if most_rows > MAX_ROWS:
        # The outline's count is at most the rows there are, not always exactly it: the
        # rows are counted one by one before a file is refused for having too many.
        read_rows(file_format, content)
    return CheckedUpload(name, file_format, headers, content)


NO_ROWS = "The file has no rows of ideas under its first row"


def _read_outline(file_format, content):
    """(the column headings, a count of rows at least as many as the file holds), read
    without reading each row."""
    try:
        if file_format == "csv":
            text = _csv_text(content)
            reader = csv.reader(io.StringIO(text))
            first_row = next(reader, [])
            # Each line counts as a row (a cell holding a line break spans lines, blank
            # lines are skipped later), so the count can only be too high; none is counted
            # when every cell is blank.
            lines = text.splitlines()[reader.line_num :]
            most_rows = len(lines) if re.search(r'[^\s,"]', "".join(lines)) else 0
        else:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = workbook.active
            first_row = next(sheet.iter_rows(max_row=1, values_only=True), ())
            # A file that records no size is counted row by row.
            last_row = sheet.max_row or sum(1 for _ in sheet.iter_rows(values_only=True))
            most_rows = max(last_row - 1, 0)
            workbook.close()
    except SpreadsheetRefused:
        raise
    except Exception as error:
        raise _unreadable(file_format) from error
    return [_cell(header).lower() for header in first_row], most_rows


def read_rows(file_format, content):
    """Each row of ideas of a checked upload, as a list of its cells as text, or
    SpreadsheetRefused."""
    try:
        if file_format == "csv":
            table = list(csv.reader(io.StringIO(_csv_text(content))))
        else:
            data = tablib.Dataset().load(content, format="xlsx")
            table = [data.headers or [], *data]
    except SpreadsheetRefused:
        raise
    except Exception as error:
        raise _unreadable(file_format) from error
    if file_format == "csv":
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
        raise SpreadsheetRefused(NO_ROWS)
    if len(rows) > MAX_ROWS:
        raise SpreadsheetRefused(
            f"The file has {len(rows):,} rows of ideas: an import takes at most {MAX_ROWS:,}, "
            "so split it into smaller files"
        )
    return rows


def _csv_text(content):
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetRefused(
            "The file is not in UTF-8: save it from the spreadsheet as CSV UTF-8 (comma "
            "delimited) and import it again"
        ) from error


def _unreadable(file_format):
    # csv, tablib and openpyxl raise many kinds of error for a file they cannot read.
    return SpreadsheetRefused(
        f"The file could not be read as {file_format.upper()}: save it again from the "
        "spreadsheet and import it again"
    )


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
def start_import(*, uploaded_by, upload):
    """Keep a checked upload and queue its import once this commits."""
    ideas_import = IdeaImport.objects.create(
        file_name=upload.file_name[:255],
        uploaded_by=uploaded_by,
        file_format=upload.file_format,
        compressed_file=zlib.compress(upload.content, 1),
        headers=upload.headers,
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
    if ideas_import is not None and ideas_import.total_rows is None:
        ideas_import = _read_upload(ideas_import.pk)
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


def _read_upload(ideas_import_id):
    """Read the upload's rows into the import, or finish it refused if they cannot be
    imported; the import as it then is."""
    with transaction.atomic():
        ideas_import = IdeaImport.objects.select_for_update().get(pk=ideas_import_id)
        if ideas_import.total_rows is not None:
            return ideas_import
        try:
            content = zlib.decompress(ideas_import.compressed_file)
            ideas_import.rows = read_rows(ideas_import.file_format, content)
        except SpreadsheetRefused as refused:
            ideas_import.rows = []
            ideas_import.refusal = " ".join(refused.messages)
            ideas_import.finished_at = timezone.now()
        ideas_import.total_rows = len(ideas_import.rows)
        # The rows are kept as read; the file is not needed again.
        ideas_import.compressed_file = b""
        ideas_import.save()
        if ideas_import.refusal:
            _tell_importer(ideas_import)
        return ideas_import


def _import_next_row(ideas_import, resource, loader):
    """Import the row after the last one done, in one transaction with the progress that
    records it; False once every row is done (and the import is finished)."""
    with transaction.atomic():
        # The lock makes two workers given the same import take its rows in turn.
        progress = (
            IdeaImport.objects.select_for_update()
            .only(
                "file_name",
                "refusal",
                "rows_done",
                "rows_failed",
                "total_rows",
                "finished_at",
                "uploaded_by",
            )
            .get(pk=ideas_import.pk)
        )
        if progress.rows_done >= progress.total_rows:
            _finish(progress)
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


def _finish(progress):
    if progress.finished_at is not None:
        return
    progress.finished_at = timezone.now()
    progress.save(update_fields=["finished_at", "updated_at"])
    _tell_importer(progress)


def _tell_importer(ideas_import):
    imported, failed = ideas_import.rows_imported, ideas_import.rows_failed
    if ideas_import.refusal:
        title = f"The import of {ideas_import.file_name} was refused: {ideas_import.refusal}"
    else:
        title = (
            f"The import of {ideas_import.file_name} has finished: {imported:,} "
            f"idea{plural(imported)} imported"
            + (f", {failed:,} row{plural(failed)} not imported" if failed else "")
        )
    notify(
        [ideas_import.uploaded_by],
        kind=Kind.IMPORT,
        title=title,
        url=reverse("admin:improvement_ideaimport_change", args=[ideas_import.pk]),
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
