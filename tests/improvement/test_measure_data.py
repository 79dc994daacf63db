"""Reading a measure's values typed, pasted or uploaded as `date,value` rows.

Every problem is reported with its row number, so a whole file is fixed at once, and a
batch with any error gives no rows at all.
"""

import codecs
import datetime

import pytest

from improvement.measure_data import (
    MAX_ROWS,
    Row,
    decode_upload,
    parse_date,
    parse_rows,
    parse_value,
    row_problems,
    target_problem,
)

JAN_8 = datetime.date(2024, 1, 8)
JAN_15 = datetime.date(2024, 1, 15)


# Dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-08",
        "2024-1-8",
        "08/01/2024",
        "8/1/2024",
        "08/01/24",
        "08-01-2024",
        "8 Jan 2024",
        "8 January 2024",
        "  2024-01-08  ",
    ],
)
def test_iso_and_uk_dates_are_read(text):
    assert parse_date(text) == JAN_8


@pytest.mark.parametrize("text", ["01/31/2024", "2024-02-30", "31/02/2024", "next week", "", "8"])
def test_us_dates_impossible_dates_and_words_are_not_dates(text):
    assert parse_date(text) is None


def test_a_uk_date_is_day_first():
    assert parse_date("03/04/2024") == datetime.date(2024, 4, 3)


# Values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("6.5", 6.5), (" 7 ", 7.0), ("-3", -3.0), ("0", 0.0), ("1,234.5", 1234.5), ("1e3", 1000.0)],
)
def test_numbers_are_read(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["six", "", "  ", "nan", "inf", "-inf", "12 falls", "85%"])
def test_words_blanks_and_non_finite_numbers_are_not_values(text):
    assert parse_value(text) is None


# Rows --------------------------------------------------------------------------------------


def test_comma_separated_rows_are_read_in_order_with_their_notes():
    parsed = parse_rows("2024-01-15,7\n2024-01-08,6.5,New rota started\n")

    assert parsed.errors == []
    assert parsed.rows == [Row(JAN_15, 7.0, ""), Row(JAN_8, 6.5, "New rota started")]


def test_tab_separated_rows_as_a_spreadsheet_pastes_them():
    parsed = parse_rows("08/01/2024\t1,234\tnote, with a comma\n15/01/2024\t7\n")

    assert parsed.errors == []
    assert parsed.rows == [Row(JAN_8, 1234.0, "note, with a comma"), Row(JAN_15, 7.0, "")]


def test_windows_line_endings_are_read():
    assert parse_rows("2024-01-08,6\r\n2024-01-15,7\r\n").rows == [
        Row(JAN_8, 6.0, ""),
        Row(JAN_15, 7.0, ""),
    ]


@pytest.mark.parametrize("header", ["date,value", "Date,Falls", "Period,Value", "Week,Minutes"])
def test_a_header_row_is_skipped(header):
    parsed = parse_rows(f"{header}\n2024-01-08,6\n")

    assert parsed.errors == []
    assert parsed.rows == [Row(JAN_8, 6.0, "")]


def test_a_tab_separated_header_row_is_skipped():
    parsed = parse_rows("Week\tFalls\n2024-01-08\t6\n")

    assert parsed.errors == []
    assert parsed.rows == [Row(JAN_8, 6.0, "")]


def test_a_header_after_a_blank_first_line_is_still_a_header():
    parsed = parse_rows("\ndate,value\n2024-01-08,6\n")

    assert parsed.errors == []
    assert parsed.rows == [Row(JAN_8, 6.0, "")]


def test_a_header_word_below_the_first_row_is_an_error():
    parsed = parse_rows("2024-01-08,6\ndate,value\n")

    assert parsed.errors == [
        "Row 2: 'date' is not a date: write it like 2024-01-31; 'value' is not a number"
    ]


def test_blank_lines_are_skipped_but_still_counted_in_row_numbers():
    parsed = parse_rows("2024-01-08,6\n\n   \n,,\n2024-01-15,seven\n")

    assert parsed.rows == [Row(JAN_8, 6.0, "")]
    assert parsed.errors == ["Row 5: 'seven' is not a number"]


def test_every_bad_row_is_reported_with_its_row_number():
    parsed = parse_rows(
        "date,value\n"
        "2024-01-08,6\n"
        "2024-01-15,six\n"
        "31/02/2024,4\n"
        "08/01/2024,5\n"
        "2024-01-22\n"
        "soon,lots\n"
    )

    assert parsed.errors == [
        "Row 3: 'six' is not a number",
        "Row 4: '31/02/2024' is not a date: write it like 2024-01-31",
        "Row 5: 08 Jan 2024 is given twice (first in row 2)",
        "Row 6: give a date and a value, separated by a comma",
        "Row 7: 'soon' is not a date: write it like 2024-01-31; 'lots' is not a number",
    ]


def test_a_period_given_twice_is_found_however_each_date_is_written():
    parsed = parse_rows("2024-01-08,6\n2024-01-15,7\n8 January 2024,5\n")

    assert parsed.errors == ["Row 3: 08 Jan 2024 is given twice (first in row 1)"]


def test_a_bad_value_with_a_repeated_date_reports_both():
    parsed = parse_rows("2024-01-08,6\n2024-01-08,x\n")

    assert parsed.errors == [
        "Row 2: 'x' is not a number; 08 Jan 2024 is given twice (first in row 1)"
    ]


def test_a_long_note_is_cut_to_what_a_data_point_holds():
    parsed = parse_rows(f"2024-01-08,6,{'n' * 300}\n")

    assert parsed.rows == [Row(JAN_8, 6.0, "n" * 200)]


@pytest.mark.parametrize("text", ["", "\n\n  \n", "date,value\n"])
def test_no_data_at_all_is_an_error(text):
    parsed = parse_rows(text)

    assert parsed.rows == []
    assert parsed.errors == ["There is no data: give one row for each period, as date,value"]


def test_too_many_rows_are_refused_before_reading_them():
    start = datetime.date(2000, 1, 1)
    text = "\n".join(
        f"{start + datetime.timedelta(days=day):%Y-%m-%d},1" for day in range(MAX_ROWS + 2)
    )

    parsed = parse_rows(text)

    assert parsed.rows == []
    assert parsed.errors == [
        f"The data has {MAX_ROWS + 2} rows: the most one upload takes is {MAX_ROWS}, as a "
        "measure holds at most 520 values (10 years of weekly data)."
    ]


def test_the_most_rows_one_upload_takes_are_read():
    start = datetime.date(2000, 1, 1)
    text = "date,value\n" + "\n".join(
        f"{start + datetime.timedelta(days=day):%Y-%m-%d},{day}" for day in range(MAX_ROWS)
    )

    parsed = parse_rows(text)

    assert parsed.errors == []
    assert len(parsed.rows) == MAX_ROWS


def test_binary_content_is_refused():
    parsed = parse_rows("2024-01-08,6\x00\n")

    assert parsed.rows == []
    assert parsed.errors == ["The file is not text: save it from the spreadsheet as CSV"]


# Uploaded files ----------------------------------------------------------------------------


def test_utf8_with_a_byte_order_mark_loses_the_mark_so_its_header_is_skipped():
    text = decode_upload(codecs.BOM_UTF8 + b"date,value\n2024-01-08,6\n")

    assert text == "date,value\n2024-01-08,6\n"
    assert parse_rows(text).rows == [Row(JAN_8, 6.0, "")]


def test_utf8_without_a_mark_keeps_its_accents():
    assert decode_upload("2024-01-08,6,Café\n".encode()) == "2024-01-08,6,Café\n"


def test_the_windows_encoding_spreadsheets_save_in_is_read():
    text = decode_upload("2024-01-08,6,Café £5 voucher\n".encode("cp1252"))

    assert parse_rows(text).rows == [Row(JAN_8, 6.0, "Café £5 voucher")]


def test_bytes_in_no_encoding_we_read_give_none():
    assert decode_upload(b"2024-01-08,6\x81\x8d\n") is None


def test_a_utf16_file_is_refused_as_not_text_rather_than_read_wrongly():
    text = decode_upload("date,value\n2024-01-08,6\n".encode("utf-16"))

    parsed = parse_rows(text)

    assert parsed.rows == []
    assert parsed.errors == ["The file is not text: save it from the spreadsheet as CSV"]


# Denominators ------------------------------------------------------------------------------


def test_a_p_chart_reads_the_third_column_as_the_denominator_and_the_fourth_as_the_note():
    parsed = parse_rows("2024-01-08,45,52\n2024-01-15,40,50,new rota", "p")

    assert parsed.errors == []
    assert [(row.value, row.denominator, row.note) for row in parsed.rows] == [
        (45.0, 52.0, ""),
        (40.0, 50.0, "new rota"),
    ]


def test_without_denominators_a_third_column_is_still_the_note():
    (row,) = parse_rows("2024-01-08,4,new rota", "i").rows

    assert (row.value, row.denominator, row.note) == (4.0, None, "new rota")


def test_the_csv_download_reads_back_with_a_blank_denominator():
    text = "\ufeffPeriod,Value,Denominator,Note\n2024-01-08,-2.5,,cold snap\n2024-01-15,3,,\n"

    parsed = parse_rows(text, "i")

    assert [(row.value, row.denominator, row.note) for row in parsed.rows] == [
        (-2.5, None, "cold snap"),
        (3.0, None, ""),
    ]


def test_every_denominator_problem_of_a_p_chart_is_given_with_its_row():
    parsed = parse_rows(
        "date,value,out of\n2024-01-08,45\n2024-01-15,60,50\n2024-01-22,4,0\n"
        "2024-01-29,4,lots\n2024-02-05,-1,10",
        "p",
    )

    assert parsed.rows == []
    assert parsed.errors == [
        "Row 2: give the denominator, what the value is out of",
        "Row 3: the value (60) is more than its denominator (50): a proportion cannot be above 1",
        "Row 4: the denominator must be above 0",
        "Row 5: the denominator 'lots' is not a number",
        "Row 6: the value is a count, so it cannot be below 0",
    ]


def test_a_u_chart_takes_rates_above_1_but_needs_denominators():
    parsed = parse_rows("2024-01-08,12,4\n2024-01-15,3", "u")

    assert parsed.errors == ["Row 2: give the denominator, what the value is out of"]
    assert [(row.value, row.denominator) for row in parsed.rows] == [(12.0, 4.0)]


def test_a_t_chart_needs_times_above_0():
    assert parse_rows("2024-01-08,0", "t").errors == [
        "Row 1: the value is a time between events, so it must be above 0"
    ]


# What a measure's values and targets may be -------------------------------------------------

TODAY = datetime.date(2024, 6, 3)


@pytest.mark.parametrize(
    ("chart_type", "unit", "value", "denominator", "problems"),
    [
        ("i", "%", 100.0, None, []),
        ("i", "%", 0.0, None, []),
        (
            "i",
            "Percent",
            100.5,
            None,
            [("value", "the value is a percentage, so it must be between 0 and 100")],
        ),
        ("i", "days", -3.5, None, []),
        (
            "i",
            "days",
            1e308,
            None,
            [("value", "the value must be between -1,000,000,000,000 and 1,000,000,000,000")],
        ),
        (
            "i",
            "days",
            -1e13,
            None,
            [("value", "the value must be between -1,000,000,000,000 and 1,000,000,000,000")],
        ),
        ("c", "falls", 3.0, None, []),
        (
            "c",
            "falls",
            3.5,
            None,
            [("value", "the value is a count, so it must be a whole number")],
        ),
        ("g", "", -2.0, None, [("value", "the value is a count, so it cannot be below 0")]),
        ("t", "days", 2.5, None, []),
        # A p chart's value is a count out of its denominator: "%" speaks of the proportion.
        ("p", "%", 45.0, 52.0, []),
        (
            "p",
            "",
            45.0,
            52.5,
            [("denominator", "the denominator is a count, so it must be a whole number")],
        ),
        ("u", "", 4.0, 12.5, []),
        (
            "u",
            "",
            4.0,
            1e300,
            [
                (
                    "denominator",
                    "the denominator must be between -1,000,000,000,000 and 1,000,000,000,000",
                )
            ],
        ),
    ],
)
def test_each_value_is_checked_against_the_unit_and_chart_type(
    chart_type, unit, value, denominator, problems
):
    assert row_problems(chart_type, value, denominator, unit=unit) == problems


def test_a_period_may_be_today_but_not_after():
    assert row_problems("i", 1.0, None, period=TODAY, today=TODAY) == []
    assert row_problems("i", 1.0, None, period=TODAY + datetime.timedelta(days=1), today=TODAY) == [
        ("period", "the period (4 June 2024) is after today: give periods up to today")
    ]


def test_a_paste_refuses_periods_after_today():
    parsed = parse_rows("2024-06-03,4\n2024-06-10,5", today=TODAY)

    assert parsed.errors == [
        "Row 2: the period (10 June 2024) is after today: give periods up to today"
    ]


@pytest.mark.parametrize(
    ("chart_type", "unit", "target", "problem"),
    [
        ("i", "%", None, None),
        ("i", "%", 95.0, None),
        ("i", "%", -5000.0, "the target is a percentage, so it must be between 0 and 100"),
        ("i", "days", -5000.0, None),
        ("i", "days", 1e308, "the target must be between -1,000,000,000,000 and 1,000,000,000,000"),
        ("p", "%", 0.95, None),
        (
            "p'",
            "",
            95.0,
            "the target must be between 0 and 1: a p chart plots each value "
            "divided by its denominator, such as 0.95 for 95%",
        ),
        ("c", "falls", -1.0, "the target cannot be below 0: the chart's values never are"),
        ("t", "days", 0.0, None),
    ],
)
def test_a_target_must_be_one_the_chart_can_have(chart_type, unit, target, problem):
    assert target_problem(chart_type, unit, target) == problem
