"""Reading a measure's data typed, pasted or uploaded as rows of `date,value`.

Every row is checked and every problem reported with its row number, so the person can
fix the whole file at once; nothing is saved unless every row is good.
"""

import csv
import datetime
import io
import math
from dataclasses import dataclass, field

MAX_ROWS = 5000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y")


@dataclass
class ParsedRows:
    rows: list = field(default_factory=list)  # (period, value, note) in the order given
    errors: list = field(default_factory=list)  # "Row 3: …" messages


def parse_date(text):
    text = text.strip()
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def parse_value(text):
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def looks_like_header(cells):
    return parse_date(cells[0]) is None and cells[0].strip().lower() in {
        "date",
        "period",
        "week",
        "month",
        "day",
    }


def parse_rows(text):
    """Rows of `date,value[,note]` (commas or tabs, as a spreadsheet pastes them)."""
    result = ParsedRows()
    lines = text.splitlines()
    if len(lines) > MAX_ROWS + 1:
        result.errors.append(
            f"The data has {len(lines)} rows: the most one upload takes is {MAX_ROWS}."
        )
        return result
    delimiter = "\t" if any("\t" in line for line in lines[:5]) else ","
    if "\x00" in text:
        result.errors.append("The file is not text: save it from the spreadsheet as CSV")
        return result
    first_row_for = {}
    first_filled = True
    try:
        # newline="" lets the reader take every line ending, a lone \r (old Mac files) too.
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        result.errors.append("The data cannot be read: save it from the spreadsheet as CSV")
        return result
    for number, cells in enumerate(table, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        # The header is the first row with anything in it, even below a blank line.
        is_header, first_filled = first_filled and looks_like_header(cells), False
        if is_header:
            continue
        if len(cells) < 2:
            result.errors.append(f"Row {number}: give a date and a value, separated by a comma")
            continue
        period, value = parse_date(cells[0]), parse_value(cells[1])
        row_errors = []
        if period is None:
            row_errors.append(f"'{cells[0].strip()}' is not a date: write it like 2024-01-31")
        if value is None:
            row_errors.append(f"'{cells[1].strip()}' is not a number")
        if period is not None and period in first_row_for:
            row_errors.append(
                f"{period:%d %b %Y} is given twice (first in row {first_row_for[period]})"
            )
        if row_errors:
            result.errors.append(f"Row {number}: " + "; ".join(row_errors))
            continue
        first_row_for[period] = number
        note = cells[2].strip()[:200] if len(cells) > 2 else ""
        result.rows.append((period, value, note))
    if not result.rows and not result.errors:
        result.errors.append("There is no data: give one row for each period, as date,value")
    return result


def decode_upload(data):
    """Text from an uploaded file's bytes: UTF-8 (with or without a byte-order mark), or
    the Windows encoding spreadsheets often save in; None if it is neither."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
