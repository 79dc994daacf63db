"""Importing an older ideas log from a spreadsheet, in the admin: the upload is checked in
the request and its rows are imported in the background, each either imported or reported
(improvement/idea_imports.py). The tests' settings run a queued task at once; the tests of
the real queues run their workers."""

import datetime
import io
import os
import signal
import subprocess
import sys
from collections import Counter

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase
from django.utils import timezone

from core.caching import generations
from improvement import idea_imports, selectors
from improvement.models import Idea, IdeaImport, IdeaImportRow, IdeaStatusChange
from notifications.models import Kind, Notification
from people.selectors import improvement_leads
from strategy_portal.settings import tasks_from_url
from tests.factories import ObjectiveFactory, StrategyFactory, UserFactory
from tests.gunicorn_server import needs_postgresql, served_environment, wait_for
from tests.html import parse, text
from tests.task_queues import run_worker_until

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/improvement/idea/import/"

COLUMNS = [
    "title",
    "problem",
    "proposed change",
    "site",
    "ward or department",
    "strategic objectives",
    "submitted by",
    "status",
    "patients involved",
    "health inequalities",
    "submitted on",
]
GOOD = {
    "title": "Fewer falls at night",
    "problem": "Patients fall when they get up alone.",
    "proposed change": "Hourly rounding overnight.",
    "site": "Basildon",
    "ward or department": "Ward 7",
    "strategic objectives": "2023-24 objective 1; 2023-24 objective 2",
    "submitted by": "a.nurse",
    "status": "Under review",
    "patients involved": "yes",
    "health inequalities": "Expected to reduce health inequalities",
    "submitted on": "31/01/2024",
}


@pytest.fixture
def log_world(db):
    from tests.factories import SiteFactory

    SiteFactory(short_name="Basildon")
    strategy = StrategyFactory()
    objectives = [
        ObjectiveFactory(strategy=strategy, year=2023, number=1),
        ObjectiveFactory(strategy=strategy, year=2023, number=2),
    ]
    UserFactory(username="a.nurse")
    return objectives


@pytest.fixture
def importer(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def importer_client(importer):
    client = Client()
    client.force_login(importer)
    return client


def dataset(*rows):
    data = tablib.Dataset(headers=COLUMNS)
    for row in rows:
        data.append([{**GOOD, **row}[column] for column in COLUMNS])
    return data


def csv_file(*rows, name="ideas.csv"):
    return SimpleUploadedFile(
        name, dataset(*rows).export("csv").encode("utf-8"), content_type="text/csv"
    )


def upload(client, spreadsheet):
    """Upload as the admin's form does; the import runs as its transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(IMPORT_URL, {"spreadsheet": spreadsheet})


def import_rows(importer, *rows):
    """Import the rows as an upload does, the queue running the import at once; the import."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        ideas_import = idea_imports.start_import(
            uploaded_by=importer, upload=idea_imports.check_upload(csv_file(*rows))
        )
    ideas_import.refresh_from_db()
    return ideas_import


def reported(ideas_import):
    """{spreadsheet row number: its errors, as one text} for the rows not imported."""
    return {
        result.number: " ".join(result.errors) for result in idea_imports.failed_rows(ideas_import)
    }


# Each row ---------------------------------------------------------------------------------


def test_a_good_row_creates_an_idea_with_its_history(log_world, importer):
    ideas_import = import_rows(importer, {})

    assert reported(ideas_import) == {}
    idea = Idea.objects.get()
    assert (idea.title, idea.problem, idea.proposed_change, idea.ward) == (
        "Fewer falls at night",
        "Patients fall when they get up alone.",
        "Hourly rounding overnight.",
        "Ward 7",
    )
    assert idea.site.short_name == "Basildon"
    assert set(idea.objectives.all()) == set(log_world)
    assert idea.submitted_by.username == "a.nurse"
    assert idea.status == Idea.Status.UNDER_REVIEW
    assert idea.involves_patients is True
    assert idea.health_inequalities == "reduces"
    assert timezone.localtime(idea.created_at).date() == datetime.date(2024, 1, 31)
    change = IdeaStatusChange.objects.get(idea=idea)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "",
        Idea.Status.UNDER_REVIEW,
        idea.submitted_by,
    )
    assert change.reason == "Imported from a spreadsheet."
    assert IdeaImportRow.objects.get().idea == idea


def test_an_imported_idea_is_kept_as_a_submitted_one_is(log_world, importer):
    """The import saves through services.submit_idea, as the idea form does."""
    before = generations("ideas", fresh=True)

    import_rows(importer, {})

    idea = Idea.objects.get()
    # Its submitter follows it, so it is listed under their ideas.
    assert list(idea.followers.all()) == [idea.submitted_by]
    assert list(selectors.ideas_of(idea.submitted_by)) == [idea]
    # Its history holds its submission date, and the pages showing ideas are worked out again.
    assert timezone.localtime(idea.history.latest().created_at).date() == datetime.date(2024, 1, 31)
    assert generations("ideas", fresh=True) != before


def test_imported_ideas_are_not_news_to_the_improvement_leads(log_world, importer, lead_user):
    import_rows(importer, {"status": "Submitted", "submitted on": ""})

    assert Idea.objects.get().status == Idea.Status.SUBMITTED
    assert not Notification.objects.filter(kind=Kind.IDEA_SUBMITTED).exists()
    # An idea from the idea form is news to them.
    assert lead_user in improvement_leads(Idea.objects.get().site)


def test_an_id_column_from_another_system_never_overwrites_an_idea(log_world, importer):
    import_rows(importer, {})
    existing = Idea.objects.get()
    data = tablib.Dataset(headers=[*COLUMNS, "id"])
    row = {**GOOD, "title": "Quicker discharge letters"}
    data.append([*[row[column] for column in COLUMNS], existing.pk])
    log_file = SimpleUploadedFile("ideas.csv", data.export("csv").encode(), "text/csv")
    with TestCase.captureOnCommitCallbacks(execute=True):
        ideas_import = idea_imports.start_import(
            uploaded_by=importer, upload=idea_imports.check_upload(log_file)
        )

    assert reported(ideas_import) == {}
    assert Idea.objects.count() == 2
    existing.refresh_from_db()
    assert existing.title == "Fewer falls at night"


def test_values_may_be_written_as_stored_or_as_labels(log_world, importer):
    row = {
        "status": "submitted",
        "health inequalities": "not_known",
        "patients involved": "No",
        "submitted on": "2024-02-29",
        "strategic objectives": "2023-24 OBJECTIVE 2",
    }

    ideas_import = import_rows(importer, row)

    assert reported(ideas_import) == {}
    idea = Idea.objects.get()
    assert (idea.status, idea.health_inequalities, idea.involves_patients) == (
        "submitted",
        "not_known",
        False,
    )
    assert timezone.localtime(idea.created_at).date() == datetime.date(2024, 2, 29)
    assert [objective.number for objective in idea.objectives.all()] == [2]


BAD_ROWS = {
    "unknown site": ({"site": "Nowhere"}, "site: There is no site called 'Nowhere'"),
    "objective in words": (
        {"strategic objectives": "objective one"},
        "strategic objectives: 'objective one' is not an objective",
    ),
    "objective that does not exist": (
        {"strategic objectives": "2023-24 objective 9"},
        "There is no 2023-24 objective 9",
    ),
    "no objective": ({"strategic objectives": ""}, "Give at least one strategic objective"),
    "unknown user": (
        {"submitted by": "nobody"},
        "submitted by: There is no member of staff with the username 'nobody'",
    ),
    "unknown status": ({"status": "weird"}, "status: 'weird' is not one of"),
    "impossible date": ({"submitted on": "32/01/2024"}, "'32/01/2024' is not a date"),
    "missing title": ({"title": ""}, "title:"),
    "not yes or no": ({"patients involved": "maybe"}, "'maybe' is not yes or no"),
    "declined without a reason": ({"status": "declined"}, "declined"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_is_reported_by_its_row_number_and_the_good_ones_imported(
    log_world, importer, case
):
    change, message = BAD_ROWS[case]

    ideas_import = import_rows(importer, {"title": "Good one"}, change, {"title": "Good two"})

    errors = reported(ideas_import)
    # The heading is the spreadsheet's row 1, so the second idea is on row 3.
    assert list(errors) == [3]
    assert message.lower() in errors[3].lower()
    assert sorted(Idea.objects.values_list("title", flat=True)) == ["Good one", "Good two"]
    assert IdeaStatusChange.objects.count() == 2
    assert (ideas_import.rows_done, ideas_import.rows_failed) == (3, 1)


def test_a_bad_row_leaves_nothing_of_itself(log_world, importer):
    before = generations("ideas", fresh=True)

    ideas_import = import_rows(importer, {"site": "Nowhere"}, {"status": "weird"})

    assert sorted(reported(ideas_import)) == [2, 3]
    assert not Idea.objects.exists()
    assert not Idea.history.exists()
    assert not Idea.followers.through.objects.exists()
    assert not Idea.objectives.through.objects.exists()
    assert generations("ideas", fresh=True) == before
    assert ideas_import.finished


# The admin: uploading -----------------------------------------------------------------------


def test_the_import_page_lists_the_columns_and_the_row_limit(importer_client):
    response = importer_client.get(IMPORT_URL)

    assert response.status_code == 200
    page = text(response)
    assert "The first row names the columns, in any order: " + ", ".join(COLUMNS) in page
    assert "A file holds at most 10,000 rows of ideas." in page


def test_the_ideas_list_links_to_the_import(importer_client):
    response = importer_client.get("/admin/improvement/idea/")

    assert parse(response).find("a", href=IMPORT_URL).text.strip() == "Import"


def test_an_upload_is_imported_and_its_progress_page_shows_each_row(importer_client, log_world):
    uploaded = upload(
        importer_client,
        csv_file({}, {"title": "Shorter waits", "status": "submitted"}, {"site": "Nowhere"}),
    )

    ideas_import = IdeaImport.objects.get()
    assert uploaded["Location"] == ideas_import.get_absolute_url()
    response = importer_client.get(uploaded["Location"])
    assert sorted(Idea.objects.values_list("title", flat=True)) == [
        "Fewer falls at night",
        "Shorter waits",
    ]
    page = text(response)
    assert "The import has finished. 2 ideas imported; 1 row not imported." in page
    table = parse(response).find(id="import-progress").find("table")
    rows = [
        [" ".join(cell.text.split()) for cell in row.find_all("td")] for row in table.find_all("tr")
    ]
    assert [row for row in rows if row] == [["4", "site: There is no site called 'Nowhere'"]]


def test_the_rows_not_imported_download_with_why_and_import_again_once_corrected(
    importer_client, log_world
):
    upload(importer_client, csv_file({}, {"title": "Shorter waits", "site": "Nowhere"}))
    ideas_import = IdeaImport.objects.get()

    download = importer_client.get(f"/admin/improvement/ideaimport/{ideas_import.pk}/errors/")

    assert download["Content-Type"] == "text/csv"
    data = tablib.import_set(download.content.decode(), format="csv")
    assert data.headers == [*COLUMNS, "why it was not imported"]
    [row] = data.dict
    assert row["title"] == "Shorter waits"
    assert row["why it was not imported"].startswith("site:")

    # Corrected and imported again: the last column is not one the import reads.
    data = tablib.Dataset(headers=data.headers)
    data.append([*[{**row, "site": "Basildon"}[column] for column in COLUMNS], ""])
    again = SimpleUploadedFile("corrected.csv", data.export("csv").encode(), "text/csv")
    upload(importer_client, again)

    assert sorted(Idea.objects.values_list("title", flat=True)) == [
        "Fewer falls at night",
        "Shorter waits",
    ]


def test_the_importer_is_told_when_the_import_has_finished(importer_client, importer, log_world):
    upload(importer_client, csv_file({}, {"site": "Nowhere"}, name="old log.csv"))

    [notification] = Notification.objects.filter(recipient=importer)
    assert notification.kind == Kind.IMPORT
    assert notification.title == (
        "The import of old log.csv has finished: 1 idea imported, 1 row not imported"
    )
    assert notification.url == IdeaImport.objects.get().get_absolute_url()


def spreadsheet(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


REFUSED = {
    "not a spreadsheet": (
        lambda: spreadsheet("ideas.pdf", b"%PDF-1.4"),
        "The file must be a CSV or XLSX spreadsheet (.csv or .xlsx)",
    ),
    "not UTF-8": (
        lambda: spreadsheet("ideas.csv", "title,problem\nCaf\xe9,x\n".encode("latin-1")),
        "The file is not in UTF-8: save it from the spreadsheet as CSV UTF-8",
    ),
    "columns missing": (
        lambda: spreadsheet("ideas.csv", b"title,problem,site\nA,B,Basildon\n"),
        "The file has no 'proposed change', 'ward or department', 'strategic objectives', "
        "'submitted by', 'status', 'patients involved', 'health inequalities', 'submitted on' "
        "columns: the first row must name the columns",
    ),
    "no rows": (
        lambda: spreadsheet("ideas.csv", dataset().export("csv").encode()),
        "The file has no rows of ideas under its first row",
    ),
    "not an XLSX": (
        lambda: spreadsheet("ideas.xlsx", b"title,problem"),
        "The file could not be read as XLSX",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_file_that_cannot_be_imported_is_refused_with_why_and_nothing_is_kept(
    importer_client, log_world, case
):
    make, message = REFUSED[case]

    response = upload(importer_client, make())

    assert response.status_code == 200
    assert "The file was not imported: correct the problem below." in text(response)
    assert message in text(response)
    assert not IdeaImport.objects.exists()
    assert not Idea.objects.exists()


def test_a_file_of_more_rows_than_the_limit_is_refused(importer_client, log_world, monkeypatch):
    monkeypatch.setattr(idea_imports, "MAX_ROWS", 3)

    response = upload(importer_client, csv_file({}, {}, {}, {}))

    assert "The file has 4 rows of ideas: an import takes at most 3, so split it" in text(response)
    assert not IdeaImport.objects.exists()


def test_a_spreadsheet_whose_rows_prove_empty_when_read_is_refused_and_the_importer_told(
    importer_client, importer, log_world
):
    # Cells formatted but left empty under the headings count as rows in the file's own
    # record of its size, which the upload reads; the worker reads them as empty.
    workbook = openpyxl.Workbook()
    workbook.active.append(COLUMNS)
    workbook.active["A3"].font = openpyxl.styles.Font(bold=True)
    content = io.BytesIO()
    workbook.save(content)

    upload(importer_client, spreadsheet("ideas.xlsx", content.getvalue()))

    ideas_import = IdeaImport.objects.get()
    assert ideas_import.finished
    page = text(importer_client.get(ideas_import.get_absolute_url()))
    assert "The file was not imported: The file has no rows of ideas under its first row" in page
    assert not Idea.objects.exists()
    assert Notification.objects.get(recipient=importer).title == (
        "The import of ideas.xlsx was refused: The file has no rows of ideas under its first row"
    )


def test_a_file_of_the_most_rows_with_a_cell_of_two_lines_is_taken(
    importer_client, log_world, monkeypatch
):
    monkeypatch.setattr(idea_imports, "MAX_ROWS", 3)

    response = upload(importer_client, csv_file({}, {}, {"problem": "Patients wait.\nThey fall."}))

    assert response.status_code == 302
    assert IdeaImport.objects.get().rows_imported == 3
    assert Idea.objects.filter(problem="Patients wait.\nThey fall.").exists()


def test_an_xlsx_spreadsheet_is_imported(importer_client, log_world):
    data = dataset({}, {"title": "Shorter waits"})
    upload(importer_client, spreadsheet("ideas.xlsx", data.export("xlsx")))

    assert sorted(Idea.objects.values_list("title", flat=True)) == [
        "Fewer falls at night",
        "Shorter waits",
    ]


# The admin: who may import ------------------------------------------------------------------


def test_a_strategy_editor_cannot_import_ideas_or_see_imports(editor_client, log_world, importer):
    ideas_import = import_rows(importer, {})

    assert editor_client.get(IMPORT_URL).status_code == 403
    assert upload(editor_client, csv_file({"title": "Sneaky"})).status_code == 403
    for url in [
        ideas_import.get_absolute_url(),
        f"/admin/improvement/ideaimport/{ideas_import.pk}/errors/",
    ]:
        assert editor_client.get(url).status_code == 403, url
    assert (
        editor_client.post(f"/admin/improvement/ideaimport/{ideas_import.pk}/resume/").status_code
        == 403
    )
    assert not Idea.objects.filter(title="Sneaky").exists()


@pytest.mark.parametrize("who", ["staff", "lead"])
def test_staff_without_admin_access_are_sent_to_the_admin_login(who, staff_client, lead_client):
    client = staff_client if who == "staff" else lead_client

    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# An import whose worker stopped ---------------------------------------------------------------


def titles_of(rows):
    return [f"Idea {number:04d} from the old log" for number in range(rows)]


def unqueued_import(importer, titles, *, done=0):
    """An import of a row per title whose worker stopped after `done` rows with no job left
    queued for it, as a worker killed mid-batch leaves it."""
    ideas_import = IdeaImport.objects.create(
        uploaded_by=importer,
        file_name="ideas.csv",
        headers=COLUMNS,
        rows=[[{**GOOD, "title": title}[column] for column in COLUMNS] for title in titles],
        total_rows=len(titles),
    )
    resource = idea_imports.IdeaResource()
    loader = resource._meta.instance_loader_class(resource, tablib.Dataset(headers=COLUMNS))
    for _ in range(done):
        idea_imports._import_next_row(ideas_import, resource, loader)
    return ideas_import


def finished():
    return IdeaImport.objects.get().finished


def imported_once_each(titles):
    return Counter(Idea.objects.values_list("title", flat=True)) == dict.fromkeys(titles, 1)


@pytest.mark.django_db(transaction=True)
def test_a_stopped_import_goes_on_from_its_row_when_asked(
    queue, importer_client, importer, log_world
):
    titles = titles_of(12)
    ideas_import = unqueued_import(importer, titles, done=5)
    progress = ideas_import.get_absolute_url()
    assert "has not moved" not in text(importer_client.get(progress))
    IdeaImport.objects.update(updated_at=timezone.now() - datetime.timedelta(minutes=10))

    page = text(importer_client.get(progress))

    assert "Importing: 5 of 12 rows done" in page
    assert "This import has not moved for several minutes" in page

    importer_client.post(f"/admin/improvement/ideaimport/{ideas_import.pk}/resume/")
    run_worker_until(finished)

    assert imported_once_each(titles)
    assert "The import has finished. 12 ideas imported; 0 rows not imported." in text(
        importer_client.get(progress)
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_starting_goes_on_with_an_import_left_unfinished(queue, importer, log_world):
    titles = titles_of(12)
    unqueued_import(importer, titles, done=5)

    run_worker_until(finished)

    assert imported_once_each(titles)
    assert IdeaImportRow.objects.count() == 12


@pytest.mark.django_db(transaction=True)
def test_an_import_queued_before_the_worker_started_is_imported_by_it(
    queue, importer_client, log_world
):
    upload(importer_client, csv_file({}, {"title": "Shorter waits"}))
    ideas_import = IdeaImport.objects.get()
    assert ideas_import.rows_done == 0, "the import ran in the request"
    assert "Reading the file: its rows are counted and checked" in text(
        importer_client.get(ideas_import.get_absolute_url())
    )

    run_worker_until(finished)

    assert Idea.objects.count() == 2
    ideas_import.refresh_from_db()
    assert (ideas_import.total_rows, bytes(ideas_import.compressed_file)) == (2, b""), (
        "the file is kept once its rows are read"
    )


@needs_postgresql
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_no_row_half_done_and_the_next_one_finishes(
    settings, importer, log_world, tmp_path
):
    # The database's queue, which a worker process of its own reads.
    settings.TASKS, settings.RQ_QUEUES = tasks_from_url("")
    titles = titles_of(400)
    ideas_import = unqueued_import(importer, titles)
    with transaction.atomic():
        idea_imports.queue_next_batch(ideas_import)
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=settings.BASE_DIR,
        env=served_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: IdeaImport.objects.get().rows_done >= 30, seconds=120, every=0.05)
    finally:
        # As the out-of-memory killer or a crash ends it: no clean-up at all.
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    stopped = IdeaImport.objects.get()
    assert stopped.rows_done < len(titles), "the import ended before the kill"
    # Each row done is one idea; the row in hand when it died left nothing.
    assert Idea.objects.count() == IdeaImportRow.objects.count() == stopped.rows_done

    run_worker_until(finished, seconds=120)

    assert imported_once_each(titles)
    assert IdeaStatusChange.objects.count() == len(titles)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_ten_thousand_row_log_is_imported_in_the_background_every_row_accounted_for(
    settings, importer_client, log_world
):
    settings.TASKS, settings.RQ_QUEUES = tasks_from_url("")
    titles = titles_of(idea_imports.MAX_ROWS)
    # Every hundredth row names a site there is none of.
    rows = [
        {"title": title, "site": "Nowhere" if number % 100 == 99 else "Basildon"}
        for number, title in enumerate(titles)
    ]

    response = upload(importer_client, csv_file(*rows))

    assert response.status_code == 302
    assert not Idea.objects.exists(), "the import ran in the request"
    run_worker_until(finished, seconds=3600)

    ideas_import = IdeaImport.objects.get()
    assert (ideas_import.rows_done, ideas_import.rows_failed) == (10_000, 100)
    assert imported_once_each([title for number, title in enumerate(titles) if number % 100 != 99])
    assert sorted(reported(ideas_import)) == [number + 2 for number in range(99, 10_000, 100)]
    assert "The import has finished. 9,900 ideas imported; 100 rows not imported." in text(
        importer_client.get(ideas_import.get_absolute_url())
    )


def test_cells_are_trimmed_and_blank_rows_skipped(importer_client, log_world):
    data = dataset({"title": "  Shorter waits  ", "site": " Basildon "})
    text_file = data.export("csv") + ",,,,,,,,,,\n" + "  , ,,,,,,,,,\n"

    upload(importer_client, SimpleUploadedFile("ideas.csv", text_file.encode(), "text/csv"))

    ideas_import = IdeaImport.objects.get()
    assert ideas_import.total_rows == 1
    assert Idea.objects.get().title == "Shorter waits"
