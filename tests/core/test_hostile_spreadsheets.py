"""Hostile spreadsheets: formula injection in the CSV exports, and files in the wrong
encoding, too large, with missing or extra columns, or with formula cells, given to the
admin's ideas import and to a measure's data upload. Errors are clear, nothing is saved
when there is one, and nothing answers 500."""

import csv
import datetime
import io

import pytest
import tablib
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.roles import IMPROVEMENT_LEADS
from core.spreadsheets import FORMULA_STARTS
from improvement import idea_imports
from improvement.measure_data import MAX_ROWS
from improvement.models import DataPoint, Idea, IdeaImport, IdeaStatusChange
from tests.factories import UserFactory
from tests.html import error_summary, parse
from tests.improvement.factories import IdeaFactory, MeasureFactory, ProjectFactory
from tests.improvement.test_import import (  # noqa: F401 (fixtures)
    COLUMNS,
    GOOD,
    dataset,
    import_rows,
    importer,
    importer_client,
    log_world,
    reported,
    upload,
)

pytestmark = pytest.mark.django_db

# Everything exports.py promises to neutralise, and the payloads that start with it.
STARTS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://evil.example","Click")'


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(text[1:]))
    return [dict(zip(header, row, strict=True)) for row in rows]


def assert_no_formula_cells(rows):
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), f"{column}: {cell!r} runs as a formula"


def test_the_promise_covers_every_start_a_spreadsheet_runs():
    assert set(STARTS) <= set(FORMULA_STARTS)


@pytest.mark.parametrize("start", STARTS, ids=repr)
def test_every_exported_idea_cell_starting_a_formula_is_neutralised(staff_client, start):
    evil = f"{start}{PAYLOAD}"
    submitter = UserFactory(username="evil.submitter", first_name=evil, last_name="")
    idea = IdeaFactory(
        title=evil,
        ward=evil,
        problem=evil,
        proposed_change=evil,
        submitted_by=submitter,
        site__short_name=evil,
    )

    rows = download(staff_client, "/improvement/ideas/export.csv")

    assert_no_formula_cells(rows)
    row = next(row for row in rows if row["Reference"] == idea.reference)
    for column in ["Title", "Ward or department", "Problem", "Proposed change", "Site"]:
        assert row[column] == f"'{evil}", column
    assert PAYLOAD in row["Submitted by"]


@pytest.mark.parametrize("start", STARTS, ids=repr)
def test_every_exported_project_cell_starting_a_formula_is_neutralised(staff_client, start):
    evil = f"{start}{PAYLOAD}"
    ProjectFactory(
        title=evil,
        ward=evil,
        aim=evil,
        status="completed",
        closing_summary=evil,
        lead=UserFactory(first_name=evil, last_name=""),
        sponsor=UserFactory(first_name=evil, last_name=""),
        site__short_name=evil,
    )

    rows = download(staff_client, "/improvement/projects/export.csv")

    assert_no_formula_cells(rows)
    (row,) = rows
    for column in ["Title", "Ward or department", "SMART aim", "Outcomes achieved", "Site"]:
        assert row[column] == f"'{evil}", column
    assert PAYLOAD in row["Project lead"] and PAYLOAD in row["Sponsor"]


def test_formula_cells_imported_from_a_spreadsheet_are_neutralised_on_export(
    log_world,  # noqa: F811
    importer,  # noqa: F811
    staff_client,
):
    result = import_rows(
        importer,
        {"title": "=cmd|' /C calc'!A0", "ward or department": "@SUM(1+1)*cmd"},
        {"problem": "+1+1", "proposed change": "-2+3"},
    )
    assert reported(result) == {}

    rows = download(staff_client, "/improvement/ideas/export.csv")

    assert len(rows) == 2
    assert_no_formula_cells(rows)
    titles = {row["Title"] for row in rows}
    assert "'=cmd|' /C calc'!A0" in titles


# The admin's ideas import ---------------------------------------------------------------------


def post_file(client, data, name="ideas.csv"):
    return upload(client, SimpleUploadedFile(name, data, content_type="text/csv"))


def form_errors(response):
    return [node.text for node in parse(response).find_all(css_class="errorlist")]


def assert_nothing_imported(response):
    assert response.status_code == 200
    assert "The file was not imported: correct the problem below." in parse(response).text
    assert not IdeaImport.objects.exists()
    assert not Idea.objects.exists()
    assert not IdeaStatusChange.objects.exists()


def accented_csv():
    return dataset({"title": "Café crème für Bärbel", "ward or department": "Señora ward"}).export(
        "csv"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "latin-1", "cp1252"])
def test_a_file_in_another_encoding_is_refused_clearly(
    importer_client,  # noqa: F811
    log_world,  # noqa: F811
    encoding,
):
    response = post_file(importer_client, accented_csv().encode(encoding))

    assert_nothing_imported(response)
    assert form_errors(response) == [
        "The file is not in UTF-8: save it from the spreadsheet as CSV UTF-8 "
        "(comma delimited) and import it again"
    ]


def test_a_file_that_is_not_text_is_refused_clearly(importer_client, log_world):  # noqa: F811
    response = post_file(importer_client, bytes(range(256)) * 40)

    assert_nothing_imported(response)
    assert "not in UTF-8" in " ".join(form_errors(response))


def test_utf8_with_a_byte_order_mark_is_read(importer_client, log_world):  # noqa: F811
    response = post_file(importer_client, accented_csv().encode("utf-8-sig"))

    assert response.status_code == 302
    assert Idea.objects.get().title == "Café crème für Bärbel"


def test_a_file_of_more_rows_than_an_import_takes_is_refused(
    importer_client,  # noqa: F811
    log_world,  # noqa: F811
):
    rows = [{"title": f"Idea {number}"} for number in range(20_000)]

    response = post_file(importer_client, dataset(*rows).export("csv").encode("utf-8"))

    assert_nothing_imported(response)
    assert form_errors(response) == [
        "The file has 20,000 rows of ideas: an import takes at most 10,000, so split it into "
        "smaller files"
    ]


def test_a_file_too_large_to_be_an_ideas_log_is_refused_before_it_is_read(
    importer_client,  # noqa: F811
    log_world,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(idea_imports, "MAX_BYTES", 1024 * 1024)

    response = post_file(importer_client, b"title\n" + b"x" * (1024 * 1024))

    assert_nothing_imported(response)
    assert form_errors(response) == [
        "The file is larger than 1 MB: it cannot be an ideas log of at most 10,000 rows"
    ]


def test_an_empty_file_is_refused(importer_client, log_world):  # noqa: F811
    response = post_file(importer_client, b"")

    assert_nothing_imported(response)
    assert form_errors(response)


@pytest.mark.parametrize("missing", ["title", "site", "strategic objectives"])
def test_a_file_missing_a_column_imports_nothing(
    importer_client,  # noqa: F811
    log_world,  # noqa: F811
    missing,
):
    columns = [column for column in COLUMNS if column != missing]
    data = tablib.Dataset(headers=columns)
    data.append([GOOD[column] for column in columns])

    response = post_file(importer_client, data.export("csv").encode("utf-8"))

    assert_nothing_imported(response)
    assert f"The file has no '{missing}' column: the first row must name the columns" in (
        parse(response).text
    )


def test_extra_columns_are_ignored(importer_client, log_world):  # noqa: F811
    data = tablib.Dataset(headers=[*COLUMNS, "secret notes", "=evil()"])
    data.append([*(GOOD[column] for column in COLUMNS), "ignore me", "=1+1"])

    response = post_file(importer_client, data.export("csv").encode("utf-8"))

    assert response.status_code == 302
    assert Idea.objects.get().title == GOOD["title"]


# A measure's data upload ------------------------------------------------------------------------


@pytest.fixture
def measure_world(db):
    lead = UserFactory(username="lead")
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    client = Client()
    client.force_login(lead)
    measure = MeasureFactory(project=ProjectFactory(lead=lead))
    DataPoint.objects.create(measure=measure, period=datetime.date(2024, 1, 1), value=3)
    return client, measure


def upload_measure_file(world, data, name="values.csv"):
    client, measure = world
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(
        reverse("improvement:measure_upload", args=[measure.pk]), {"file": upload, "rows": ""}
    )


def upload_errors(response):
    return " ".join(message for message, _ in error_summary(response))


def assert_no_values_saved(world):
    _, measure = world
    assert list(measure.data_points.values_list("value", flat=True)) == [3]


GOOD_ROWS = "date,value,note\n2024-01-08,4,Café crème\n2024-01-15,5,naïve\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("utf-16", GOOD_ROWS.encode("utf-16"), "The file is not text"),
        ("binary", bytes(range(256)) * 10, "not"),
        ("too large", b"2024-01-08,4\n" * 100_000, "larger than 1 MB"),
        (
            "too many rows",
            "".join(
                f"{datetime.date(2000, 1, 1) + datetime.timedelta(days=day)},1\n"
                for day in range(MAX_ROWS + 2)
            ).encode(),
            f"the most one upload takes is {MAX_ROWS}",
        ),
        ("missing column", b"date\n2024-01-08\n2024-01-15\n", "give a date and a value"),
        ("formula value", b"2024-01-08,=1+1\n2024-01-15,5\n", "'=1+1' is not a number"),
        ("formula date", b"=NOW(),4\n", "'=NOW()' is not a date"),
        ("empty", b"\n\n", "Paste the values or choose a CSV file"),
        ("one huge cell", b"2024-01-08," + b"9" * 200_000 + b"\n", "cannot be read"),
        ("old Mac line ends", b"2024-01-08,x\r2024-01-15,5\r", "Row 1: 'x' is not a number"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "",
)
def test_a_hostile_measure_file_is_refused_clearly_and_saves_nothing(
    measure_world, name, data, message
):
    response = upload_measure_file(measure_world, data)

    assert response.status_code == 200
    assert message in upload_errors(response), upload_errors(response)
    assert_no_values_saved(measure_world)


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-8", "utf-8-sig"])
def test_a_measure_file_from_a_spreadsheet_keeps_its_accents(measure_world, encoding):
    response = upload_measure_file(measure_world, GOOD_ROWS.encode(encoding))

    assert response.status_code == 302
    _, measure = measure_world
    assert list(measure.data_points.order_by("period").values_list("value", "note")) == [
        (3, ""),
        (4, "Café crème"),
        (5, "naïve"),
    ]


def test_extra_measure_columns_are_ignored_and_a_formula_note_is_only_text(measure_world):
    # Date, value, denominator (none: an XmR measure), note, then columns nobody reads.
    data = b'2024-01-08,4,,=HYPERLINK("http://evil.example"),extra,columns\n'

    response = upload_measure_file(measure_world, data)

    assert response.status_code == 302
    _, measure = measure_world
    point = measure.data_points.get(period=datetime.date(2024, 1, 8))
    assert (point.value, point.note) == (4, '=HYPERLINK("http://evil.example")')
