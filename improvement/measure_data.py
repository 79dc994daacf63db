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

from django.utils import timezone

from .spc import WITH_DENOMINATORS

# A measure holds at most this many values: ten years of weekly data (43 of monthly, 17
# months of daily). More would make a page no one reads; a longer story is a new measure.
MAX_VALUES = 520
MAX_VALUES_WORDS = f"{MAX_VALUES} values (10 years of weekly data)"
# The most one paste or upload takes, a header row aside: a whole measure.
MAX_ROWS = MAX_VALUES
# No measure's value is this large: beyond it is a slip of the keyboard (1e308), and the
# chart's arithmetic would overflow.
LARGEST = 1e12
LARGEST_WORDS = "1,000,000,000,000"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y")


# Charts of counts (c, u, p, g): a count is whole and at least 0.
COUNTS = ("c", "u", "u'", "p", "p'", "g")
PROPORTIONS = ("p", "p'")
# The units that say a measure's values are percentages.
PERCENT_UNITS = {"%", "percent", "per cent", "percentage", "percentages"}


class Row(NamedTuple):
    period: datetime.date
    value: float
    note: str = ""
    denominator: float | None = None


def as_sentence(message):
    """A rule's message as a form shows it: "The value is …", not "the value is …"."""
    return message[0].upper() + message[1:]


def is_percentage(unit):
    return (unit or "").strip().lower() in PERCENT_UNITS


def _whole(number):
    return float(number).is_integer()


def _size_problem(number, name):
    if not math.isfinite(number) or abs(number) > LARGEST:
        return f"the {name} must be between -{LARGEST_WORDS} and {LARGEST_WORDS}"
    return None


def row_problems(chart_type, value, denominator, *, unit="", period=None, today=None):
    """What is wrong with one period's value and denominator on a chart of this type and a
    measure of this unit, as (field, message) pairs: values a measure cannot have (a
    percentage above 100, a count of 2.5 falls, a period not yet come) are refused however
    they are entered."""
    problems = []
    if period is not None and period > (today or timezone.localdate()):
        problems.append(
            ("period", f"the period ({period:%-d %B %Y}) is after today: give periods up to today")
        )
    if value_size := _size_problem(value, "value"):
        problems.append(("value", value_size))
    if denominator is None:
        if chart_type in WITH_DENOMINATORS:
            problems.append(("denominator", "give the denominator, what the value is out of"))
    elif denominator_size := _size_problem(denominator, "denominator"):
        problems.append(("denominator", denominator_size))
        denominator = None
    elif denominator <= 0:
        problems.append(("denominator", "the denominator must be above 0"))
        denominator = None
    elif chart_type in PROPORTIONS and not _whole(denominator):
        problems.append(("denominator", "the denominator is a count, so it must be a whole number"))
    if value_size:
        return problems
    if chart_type in COUNTS and value < 0:
        problems.append(("value", "the value is a count, so it cannot be below 0"))
    elif chart_type in COUNTS and not _whole(value):
        problems.append(("value", "the value is a count, so it must be a whole number"))
    if chart_type == "t" and value <= 0:
        problems.append(("value", "the value is a time between events, so it must be above 0"))
    if chart_type not in WITH_DENOMINATORS and is_percentage(unit) and not 0 <= value <= 100:
        problems.append(("value", "the value is a percentage, so it must be between 0 and 100"))
    if chart_type in PROPORTIONS and denominator is not None and value > denominator:
        problems.append(
            (
                "value",
                f"the value ({value:g}) is more than its denominator ({denominator:g}): "
                "a proportion cannot be above 1",
            )
        )
    return problems


def unfit_values(chart_type, values, *, unit=""):
    """How many of the stored (period, value, denominator) rows do not fit the chart type
    and unit, with the first of them and what is wrong with it, or None when all fit."""
    unfit = [
        (period, problems)
        for period, value, denominator in values
        if (problems := row_problems(chart_type, value, denominator, unit=unit))
    ]
    if not unfit:
        return None
    (period, problems), count = unfit[0], len(unfit)
    reasons = "; ".join(message for _, message in problems)
    return f"{count} of this measure's values as they are. For {period:%d %b %Y}: {reasons}"


def target_problem(chart_type, unit, target):
    """Why a measure of this chart type and unit cannot have this target, or None. The
    target is drawn on the chart beside the plotted values: a p chart's are proportions."""
    if target is None:
        return None
    if size := _size_problem(target, "target"):
        return size
    if chart_type in PROPORTIONS and not 0 <= target <= 1:
        return (
            "the target must be between 0 and 1: a p chart plots each value divided by its "
            "denominator, such as 0.95 for 95%"
        )
    if chart_type not in WITH_DENOMINATORS and is_percentage(unit) and not 0 <= target <= 100:
        return "the target is a percentage, so it must be between 0 and 100"
    if chart_type in (*COUNTS, "t") and target < 0:
        return "the target cannot be below 0: the chart's values never are"
    return None


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


def parse_rows(text, chart_type="i", *, unit="", today=None):
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
            f"The data has {len(lines)} rows: the most one upload takes is {MAX_ROWS}, as a "
            f"measure holds at most {MAX_VALUES_WORDS}."
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
                message
                for _, message in row_problems(
                    chart_type, value, denominator, unit=unit, period=period, today=today
                )
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
