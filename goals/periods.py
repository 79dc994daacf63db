"""Reporting periods: a strategy's financial year (April to March) cut into months,
quarters or half years, each named as a board paper names it."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from core.dates import add_months

FIRST_MONTH = 4  # April


def year_label(start):
    return f"{start}-{(start + 1) % 100:02d}"


def financial_year_of(day):
    return day.year if day.month >= FIRST_MONTH else day.year - 1


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def starting(cls, start, months):
        return cls(start, add_months(start, months) - datetime.timedelta(days=1))

    @property
    def months(self):
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def year(self):
        return financial_year_of(self.start)

    @property
    def year_label(self):
        return year_label(self.year)

    @property
    def number(self):
        """Which period of its financial year it is, from 1."""
        months_in = (self.start.month - FIRST_MONTH) % 12
        return months_in // self.months + 1

    @property
    def label(self):
        year = year_label(self.year)
        if self.months == 1:
            return self.start.strftime("%B %Y")
        if self.months == 3:
            return f"Q{self.number} {year}"
        if self.months == 6:
            return f"H{self.number} {year}"
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    @property
    def slug(self):
        """The period in URLs: its first day."""
        return self.start.isoformat()

    def next(self):
        return Period.starting(self.end + datetime.timedelta(days=1), self.months)

    def previous(self):
        return Period.starting(add_months(self.start, -self.months), self.months)


def periods_of_year(year, months):
    start = datetime.date(year, FIRST_MONTH, 1)
    return [Period.starting(add_months(start, n), months) for n in range(0, 12, months)]


def period_holding(day, months):
    for period in periods_of_year(financial_year_of(day), months):
        if period.start <= day <= period.end:
            return period
    raise AssertionError(f"no period holds {day}")


def last_ended(months, today=None):
    """The latest period that has ended by today: the one whose update is now due."""
    today = today or timezone.localdate()
    return period_holding(today, months).previous()
