import datetime

from goals.forms import reportable_periods
from goals.periods import Period, last_ended, period_holding, periods_of_year
from tests.factories import ObjectiveFactory


def test_a_year_has_four_quarters_from_april_named_as_board_papers_name_them():
    quarters = periods_of_year(2023, 3)

    assert [quarter.label for quarter in quarters] == [
        "Q1 2023-24",
        "Q2 2023-24",
        "Q3 2023-24",
        "Q4 2023-24",
    ]
    assert quarters[0] == Period(datetime.date(2023, 4, 1), datetime.date(2023, 6, 30))
    assert quarters[3] == Period(datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))


def test_months_and_half_years():
    assert [period.label for period in periods_of_year(2024, 6)] == ["H1 2024-25", "H2 2024-25"]
    months = periods_of_year(2024, 1)
    assert len(months) == 12
    assert (months[0].label, months[-1].label) == ("April 2024", "March 2025")


def test_the_period_due_is_the_last_one_ended():
    assert period_holding(datetime.date(2024, 2, 29), 3).label == "Q4 2023-24"
    assert last_ended(3, today=datetime.date(2024, 4, 3)).label == "Q4 2023-24"
    assert last_ended(3, today=datetime.date(2024, 3, 31)).label == "Q3 2023-24"
    assert last_ended(6, today=datetime.date(2024, 10, 1)).label == "H1 2024-25"


def test_an_update_is_offered_the_periods_begun_latest_first_or_a_future_years_from_the_first(
    db,
):
    objective = ObjectiveFactory(year=2023)

    during = reportable_periods(objective, datetime.date(2023, 8, 15))
    before = reportable_periods(objective, datetime.date(2023, 1, 5))

    assert [period.label for period in during] == ["Q2 2023-24", "Q1 2023-24"]
    assert [period.label for period in before][:2] == ["Q1 2023-24", "Q2 2023-24"]
