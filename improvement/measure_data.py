"""Reading a measure's data typed, pasted or uploaded as rows of
`date,value[,denominator][,note]`, and the rules each row must follow for the measure's
chart type.

Every row is checked and every problem reported with its row number, so the person can
fix the whole file at once; nothing is saved unless every row is good.
"""

import csv
import datetime
import io
import math
from dataclasses import dataclass, field
from typing import NamedTuple

from .spc import WITH_DENOMINATORS

MAX_ROWS = 5000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y")


# Charts of counts (c, u, p, g): a count below 0 is a mistake.
COUNTS = ("c", "u", "u'", "p", "p'", "g")
PROPORTIONS = ("p", "p'")


class Row(NamedTuple):
    period: datetime.date
    value: float
    note: str = ""
    denominator: float | None = None


def row_problems(chart_type, value, denominator):
    """What is wrong with one period's value and denominator on a chart of this type, as
    (field, message) pairs."""
    problems = []
    if chart_type in WITH_DENOMINATORS and denominator is None:
        problems.append(("denominator", "give the denominator, what the value is out of"))
    if denominator is not None and denominator <= 0:
        problems.append(("denominator", "the denominator must be above 0"))
    if chart_type in COUNTS and value < 0:
        problems.append(("value", "the value is a count, so it cannot be below 0"))
    if chart_type == "t" and value <= 0:
        problems.append(("value", "the value is a time between events, so it must be above 0"))
    if (
        chart_type in PROPORTIONS
        and denominator is not None
        and denominator > 0
        and value > denominator
    ):
        problems.append(
            (
                "value",
                f"the value ({value:g}) is more than its denominator ({denominator:g}): "
                "a proportion cannot be above 1",
            )
        )
    return problems


@dataclass
class ParsedRows:
    rows: list = field(default_factory=list)  # Rows in the order given
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


def parse_rows(text, chart_type="i"):
    """Rows of `date,value[,denominator][,note]` (commas or tabs, as a spreadsheet pastes
    them), checked against the rules of the chart type.

    A third column is the denominator when the chart type needs one and there are three
    columns; with a chart type that needs none it is the note, as rows were written before
    measures had denominators. Four columns are always date, value, denominator and note
    (the measure page's CSV download), the denominator blank where there is none."""
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
        has_denominator = len(cells) > 3 or (len(cells) == 3 and chart_type in WITH_DENOMINATORS)
        denominator_text = cells[2].strip() if has_denominator else ""
        denominator = parse_value(denominator_text) if denominator_text else None
        note_cell = 3 if has_denominator else 2
        row_errors = []
        if period is None:
            row_errors.append(f"'{cells[0].strip()}' is not a date: write it like 2024-01-31")
        if value is None:
            row_errors.append(f"'{cells[1].strip()}' is not a number")
        if denominator_text and denominator is None:
            row_errors.append(f"the denominator '{denominator_text}' is not a number")
        elif value is not None:
            row_errors.extend(
                message for _, message in row_problems(chart_type, value, denominator)
            )
        if period is not None and period in first_row_for:
            row_errors.append(
                f"{period:%d %b %Y} is given twice (first in row {first_row_for[period]})"
            )
        if row_errors:
            result.errors.append(f"Row {number}: " + "; ".join(row_errors))
            continue
        first_row_for[period] = number
        note = cells[note_cell].strip()[:200] if len(cells) > note_cell else ""
        result.rows.append(Row(period, value, note, denominator))
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
