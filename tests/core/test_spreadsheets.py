"""The admin's spreadsheet exports write formulas as text, for every model it exports, and
its ideas import takes CSV and XLSX files only."""

import csv
import io

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.admin import ExportMixin

from core.spreadsheets import SpreadsheetSafe
from improvement.models import Idea
from tests.improvement.factories import IdeaFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "@SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0"]

EXPORTING = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, ExportMixin)
]


@pytest.fixture
def superuser_request(rf):
    request = rf.get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "root@example.nhs.uk", "x")
    return request


def test_the_admin_exports_something():
    assert Idea in [model for model, _ in EXPORTING]


@pytest.mark.parametrize(("model", "model_admin"), EXPORTING, ids=lambda item: str(item))
def test_every_export_format_escapes_formulas(model, model_admin):
    formats = model_admin.get_export_formats()
    assert formats
    assert all(issubclass(file_format, SpreadsheetSafe) for file_format in formats)


@pytest.mark.parametrize("title", HOSTILE)
def test_an_exported_csv_writes_a_formula_as_text(superuser_request, title):
    IdeaFactory(title=title)
    model_admin = admin.site._registry[Idea]
    csv_format = next(f for f in model_admin.get_export_formats() if f().get_title() == "csv")

    exported = model_admin.get_export_data(csv_format(), superuser_request, Idea.objects.all())

    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert [row["title"] for row in rows] == [f"'{title}"]


def test_an_exported_workbook_holds_a_formula_as_text_not_as_a_formula(superuser_request):
    IdeaFactory(title=HOSTILE[0])
    model_admin = admin.site._registry[Idea]
    xlsx_format = next(f for f in model_admin.get_export_formats() if f().get_title() == "xlsx")

    exported = model_admin.get_export_data(xlsx_format(), superuser_request, Idea.objects.all())

    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    titled = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
    assert [cell.value for cell in titled] == [f"'{HOSTILE[0]}"]
    assert all(cell.data_type == "s" for cell in titled)


def test_the_ideas_import_takes_only_spreadsheets_and_refuses_yaml(editor_client):
    from django.contrib.auth.models import Permission

    editor = get_user_model().objects.get(username="editor")
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_idea", "view_idea", "change_idea"])
    )
    page = editor_client.get("/admin/improvement/idea/import/").content.decode()
    assert "A CSV (UTF-8) or XLSX spreadsheet" in page

    aliases = b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    response = editor_client.post(
        "/admin/improvement/idea/import/",
        {"spreadsheet": SimpleUploadedFile("ideas.yaml", aliases, "application/x-yaml")},
    )
    assert "The file must be a CSV or XLSX spreadsheet (.csv or .xlsx)" in response.content.decode()
    assert response.status_code == 200
    assert Idea.objects.count() == 0
