"""Importing an existing ideas log from a spreadsheet, in the admin (django-import-export)."""

import datetime
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import tablib
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from core.caching import generations
from improvement import selectors
from improvement.models import Idea, IdeaStatusChange
from improvement.resources import IdeaResource
from tests.factories import ObjectiveFactory, StrategyFactory, UserFactory
from tests.gunicorn_server import needs_postgresql, portal_connections, wait_for
from tests.html import field_value, parse
from tests.redis_server import needs_redis_server

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/improvement/idea/import/"
PROCESS_URL = "/admin/improvement/idea/process_import/"

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
def log_world():
    from tests.factories import SiteFactory

    SiteFactory(short_name="Basildon")
    strategy = StrategyFactory()
    objectives = [
        ObjectiveFactory(strategy=strategy, year=2023, number=1),
        ObjectiveFactory(strategy=strategy, year=2023, number=2),
    ]
    UserFactory(username="a.nurse")
    return objectives


def dataset(*rows):
    data = tablib.Dataset(headers=COLUMNS)
    for row in rows:
        data.append([{**GOOD, **row}[column] for column in COLUMNS])
    return data


def import_rows(*rows, dry_run=False):
    """Import as the admin's confirmed import does: all rows or, if any is bad, none."""
    return IdeaResource().import_data(
        dataset(*rows), dry_run=dry_run, rollback_on_validation_errors=True
    )


def reported(result):
    """{row number: the text of its errors}, from row errors and validation errors alike."""
    found = {}
    for number, errors in result.row_errors():
        found.setdefault(number, []).extend(str(error.error) for error in errors)
    for row in result.invalid_rows:
        found.setdefault(row.number, []).extend(
            f"{field}: {message}"
            for field, messages in row.error_dict.items()
            for message in messages
        )
    return {number: " ".join(messages) for number, messages in found.items()}


# The resource -----------------------------------------------------------------------------


def test_a_good_row_creates_an_idea_with_its_history(log_world):
    result = import_rows({})

    assert reported(result) == {}
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


def test_an_imported_idea_is_kept_as_a_submitted_one_is(log_world):
    """The import saves through services.submit_idea, as the idea form does."""
    before = generations("ideas", fresh=True)

    import_rows({})

    idea = Idea.objects.get()
    # Its submitter follows it, so it is listed under their ideas.
    assert list(idea.followers.all()) == [idea.submitted_by]
    assert list(selectors.ideas_of(idea.submitted_by)) == [idea]
    # Its history holds its submission date, and the pages showing ideas are worked out again.
    assert timezone.localtime(idea.history.latest().created_at).date() == datetime.date(2024, 1, 31)
    assert generations("ideas", fresh=True) != before


def test_an_id_column_from_another_system_never_overwrites_an_idea(log_world):
    import_rows({})
    existing = Idea.objects.get()
    data = dataset({"title": "Quicker discharge letters"})
    data.append_col([str(existing.pk)], header="id")

    IdeaResource().import_data(data, rollback_on_validation_errors=True)

    assert Idea.objects.count() == 2
    existing.refresh_from_db()
    assert existing.title == "Fewer falls at night"


def test_values_may_be_written_as_stored_or_as_labels(log_world):
    row = {
        "status": "submitted",
        "health inequalities": "not_known",
        "patients involved": "No",
        "submitted on": "2024-02-29",
        "strategic objectives": "2023-24 OBJECTIVE 2",
    }

    result = import_rows(row)

    assert reported(result) == {}
    idea = Idea.objects.get()
    assert (idea.status, idea.health_inequalities, idea.involves_patients) == (
        "submitted",
        "not_known",
        False,
    )
    assert timezone.localtime(idea.created_at).date() == datetime.date(2024, 2, 29)
    assert [objective.number for objective in idea.objectives.all()] == [2]


def test_a_dry_run_checks_the_rows_and_saves_nothing(log_world):
    result = import_rows({}, {"title": "Another"}, dry_run=True)

    assert reported(result) == {}
    assert result.totals["new"] == 2
    assert not Idea.objects.exists()
    assert not IdeaStatusChange.objects.exists()


BAD_ROWS = {
    "unknown site": ({"site": "Nowhere"}, "site"),
    "objective in words": (
        {"strategic objectives": "objective one"},
        "'objective one' is not an objective",
    ),
    "objective that does not exist": (
        {"strategic objectives": "2023-24 objective 9"},
        "There is no 2023-24 objective 9",
    ),
    "no objective": ({"strategic objectives": ""}, "Give at least one strategic objective"),
    "unknown user": ({"submitted by": "nobody"}, "user"),
    "unknown status": ({"status": "weird"}, "'weird' is not one of"),
    "impossible date": ({"submitted on": "32/01/2024"}, "'32/01/2024' is not a date"),
    "missing title": ({"title": ""}, "title"),
    "not yes or no": ({"patients involved": "maybe"}, "'maybe' is not yes or no"),
    "declined without a reason": ({"status": "declined"}, "declined"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_is_reported_by_number_and_nothing_is_saved(log_world, case):
    change, message = BAD_ROWS[case]

    result = import_rows({"title": "Good one"}, change, {"title": "Good two"})

    errors = reported(result)
    assert list(errors) == [2]
    assert message.lower() in errors[2].lower()
    assert not Idea.objects.exists()
    assert not IdeaStatusChange.objects.exists()


def test_every_bad_row_is_reported(log_world):
    result = import_rows({}, {"site": "Nowhere"}, {}, {"status": "weird"}, {"submitted on": "soon"})

    assert sorted(reported(result)) == [2, 4, 5]
    assert not Idea.objects.exists()


def test_a_bad_row_leaves_nothing_of_the_good_ones(log_world):
    before = generations("ideas", fresh=True)

    result = import_rows({"title": "Good one"}, {"site": "Nowhere"})

    assert list(reported(result)) == [2]
    assert not Idea.objects.exists()
    assert not Idea.history.exists()
    assert not Idea.followers.through.objects.exists()
    assert not Idea.objectives.through.objects.exists()
    assert generations("ideas", fresh=True) == before


def test_a_file_of_bad_rows_saves_nothing(log_world):
    result = import_rows({"site": "Nowhere"}, {"status": "weird"})

    assert sorted(reported(result)) == [1, 2]
    assert not Idea.objects.exists()
    assert not IdeaStatusChange.objects.exists()


# The admin --------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def csv_file(*rows):
    return SimpleUploadedFile(
        "ideas.csv", dataset(*rows).export("csv").encode("utf-8"), content_type="text/csv"
    )


def upload(client, *rows):
    return client.post(IMPORT_URL, {"format": "0", "resource": "0", "import_file": csv_file(*rows)})


def test_the_admin_import_page_lists_the_columns(superuser_client):
    response = superuser_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert (
        "This importer will import the following fields: " + ", ".join(COLUMNS)
        in parse(response).text
    )


def test_a_superuser_imports_a_spreadsheet_in_the_admin(superuser_client, log_world):
    preview = upload(superuser_client, {}, {"title": "Shorter waits", "status": "submitted"})

    assert preview.status_code == 200
    confirm = parse(preview).find("form", action=PROCESS_URL)
    assert confirm is not None, "no preview to confirm"
    assert not Idea.objects.exists()
    fields = {
        node.attrs["name"]: node.attrs.get("value", "")
        for node in confirm.find_all("input")
        if node.attrs.get("type") == "hidden"
    }

    response = superuser_client.post(PROCESS_URL, fields)

    assert response.status_code == 302
    assert sorted(Idea.objects.values_list("title", flat=True)) == [
        "Fewer falls at night",
        "Shorter waits",
    ]
    assert IdeaStatusChange.objects.count() == 2
    for idea in Idea.objects.all():
        assert list(idea.followers.all()) == [idea.submitted_by]


def test_the_admin_reports_bad_rows_by_line_and_offers_no_import(superuser_client, log_world):
    response = upload(superuser_client, {}, {"site": "Nowhere"})

    page = parse(response).text
    assert "Line number: 2" in page
    assert "Line number: 1" not in page
    assert parse(response).find("form", action=PROCESS_URL) is None
    assert not Idea.objects.exists()


def test_a_strategy_editor_cannot_import_ideas(editor_client, log_world):
    assert editor_client.get(IMPORT_URL).status_code == 403
    response = editor_client.post(
        IMPORT_URL, {"format": "0", "resource": "0", "import_file": csv_file({})}
    )
    assert response.status_code == 403
    assert not Idea.objects.exists()


@pytest.mark.parametrize("who", ["staff", "lead"])
def test_staff_without_admin_access_are_sent_to_the_admin_login(who, staff_client, lead_client):
    client = staff_client if who == "staff" else lead_client

    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# With a shared cache the upload waits there between the preview and the confirmation -------

CACHE_STORAGE = "core.import_storage.CheckedCacheStorage"
UPLOAD_GONE = "The uploaded file could not be kept for the import, so nothing was imported"


def confirm_fields(preview):
    confirm = parse(preview).find("form", action=PROCESS_URL)
    assert confirm is not None, "no preview to confirm"
    return {
        node.attrs["name"]: node.attrs.get("value", "")
        for node in confirm.find_all("input")
        if node.attrs.get("type") == "hidden"
    }


def test_an_upload_kept_in_the_cache_is_imported(superuser_client, log_world, settings):
    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = CACHE_STORAGE
    fields = confirm_fields(upload(superuser_client, {}))

    response = superuser_client.post(PROCESS_URL, fields)

    assert response.status_code == 302
    assert list(Idea.objects.values_list("title", flat=True)) == ["Fewer falls at night"]


def test_an_upload_the_cache_lost_before_the_confirmation_is_asked_for_again(
    superuser_client, log_world, settings
):
    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = CACHE_STORAGE
    fields = confirm_fields(upload(superuser_client, {}))
    cache.clear()  # as a restarted or emptied Redis would

    response = superuser_client.post(PROCESS_URL, fields, follow=True)

    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert UPLOAD_GONE in parse(response).text
    assert not Idea.objects.exists()


def test_an_upload_the_cache_cannot_keep_is_refused_with_a_clear_message(
    superuser_client, log_world, settings
):
    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = CACHE_STORAGE
    # A cache that keeps nothing, as a Redis that is down does under IGNORE_EXCEPTIONS.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = upload(superuser_client, {})

    assert response.status_code == 200
    assert UPLOAD_GONE in parse(response).text
    assert parse(response).find("form", action=PROCESS_URL) is None
    assert not Idea.objects.exists()


# A worker killed during the import (gunicorn, as in production) ---------------------------

LOG_ROWS = 300


def old_log():
    """An ideas log of LOG_ROWS rows: a few seconds' import."""
    titles = [f"Idea {number:03d} from the old log" for number in range(LOG_ROWS)]
    return titles, dataset(*({"title": title} for title in titles)).export("csv")


def idea_ids_handed_out():
    """How many idea ids the database has handed out, committed or not: a sequence moves on
    outside any transaction, so it shows an import's progress before it commits."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('improvement_idea', 'id')")
        (sequence,) = cursor.fetchone()
        cursor.execute(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}")
        return cursor.fetchone()[0]


def the_importing_connection():
    """The portal's connection inside a transaction, if there is one."""
    busy = [row for row in portal_connections() if row[3] is not None]
    return busy[0] if len(busy) == 1 else None


@needs_postgresql
@needs_redis_server
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_an_import_saves_none_of_it_and_the_import_runs_again(
    log_world, gunicorn, redis_server
):
    # Production's shared cache: the uploaded file waits in Redis between the two steps.
    server = gunicorn(REDIS_URL=redis_server.url)
    admin = server.browser_of(UserFactory(username="root", is_superuser=True, is_staff=True))
    titles, log = old_log()
    form = admin.get(server.url(IMPORT_URL), timeout=60)
    preview = admin.post(
        server.url(IMPORT_URL),
        data={
            "csrfmiddlewaretoken": field_value(form, "csrfmiddlewaretoken"),
            "format": "0",
            "resource": "0",
        },
        files={"import_file": ("ideas.csv", log.encode(), "text/csv")},
        timeout=120,
    )
    fields = confirm_fields(preview)
    before = idea_ids_handed_out()

    importing = ThreadPoolExecutor(1).submit(
        admin.post, server.url(PROCESS_URL), data=fields, timeout=120
    )
    # Once a tenth of the rows are written, in the transaction that has not committed yet.
    wait_for(lambda: idea_ids_handed_out() - before >= LOG_ROWS // 10)
    pid, client_port, *_ = wait_for(the_importing_connection)
    server.kill_worker(server.worker_connected_from(client_port))

    with pytest.raises(requests.ConnectionError):
        importing.result()
    # The database ends the dead worker's transaction, writing none of it.
    wait_for(lambda: pid not in [row[0] for row in portal_connections()])
    assert idea_ids_handed_out() - before < LOG_ROWS, "the import ended before the kill"
    assert not Idea.objects.exists()
    assert not IdeaStatusChange.objects.exists()

    # The admin sends the confirmation again; the file still waits in the cache.
    again = admin.post(server.url(PROCESS_URL), data=fields, timeout=120)

    assert [answer.status_code for answer in again.history] == [302]
    assert "Import finished" in parse(again).text
    assert Counter(Idea.objects.values_list("title", flat=True)) == dict.fromkeys(titles, 1)
    assert IdeaStatusChange.objects.count() == LOG_ROWS

    # Once more, as a second press would: the file is gone, so nothing is imported twice.
    once_more = admin.post(server.url(PROCESS_URL), data=fields, timeout=120)

    assert UPLOAD_GONE in parse(once_more).text
    assert Idea.objects.count() == LOG_ROWS
