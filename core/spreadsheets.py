"""Spreadsheets the portal writes, safe to open: a cell that a spreadsheet program would run
as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3+cmd|...`) is written as text, with a
leading apostrophe, as OWASP advises for CSV injection.

The admin's export formats (settings.EXPORT_FORMATS) are django-import-export's CSV and XLSX
with this escaping: the library's own option removes only a leading "=".
"""

import tablib
from import_export.formats.base_formats import CSV, XLSX

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """The value as text, with a leading apostrophe where a spreadsheet would see a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def safe_cell(cell):
    """Text escaped as spreadsheet_safe does; numbers and dates kept as they are."""
    return spreadsheet_safe(cell) if isinstance(cell, str) else cell


class SpreadsheetSafe:
    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append([safe_cell(cell) for cell in row])
        return super().export_data(safe, **kwargs)


class SafeCSV(SpreadsheetSafe, CSV):
    pass


class SafeXLSX(SpreadsheetSafe, XLSX):
    pass
