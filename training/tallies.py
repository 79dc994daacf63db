"""Colleagues first trained in each quarter, kept as a rollup of the completed places.

Counting colleagues (not places) over time means finding each colleague's first completed
place, in all, per course and per site: a pass over every place. The dashboard shows those
counts on every visit, so they are kept as a rollup, worked out again when a training record has
been written since (core.caching.rollup), not on every page. Between dates, a rollup of
quarters cannot say who was first trained on which day: the places are counted then, as the
dashboard counts its ideas and projects between dates.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from core.caching import kept_rollup

from .models import Cohort, Enrolment

# Each tally counts first completions within one of these groupings of the places.
GROUPINGS = [(), ("course",), ("site",), ("course", "site")]
COLUMNS = {"course": "cohort.course_id", "site": "cohort.site_id"}


def quarter_start(day):
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def first_completions(grouping, *, first_from=None, first_to=None):
    """(first day, *grouping ids, colleagues) for each day someone first completed a place
    in the grouping, counted in the database: only the first days between the dates given,
    so that a colleague trained before them and again between them is not counted."""
    columns = [COLUMNS[name] for name in grouping]
    inner = "".join(f", {column} AS {name}" for column, name in zip(columns, grouping, strict=True))
    outer = "".join(f", {name}" for name in grouping)
    bounds = [(">=", first_from), ("<=", first_to)]
    params = [day for _, day in bounds if day is not None]
    having = " AND ".join(
        f"MIN(place.completed_on) {operator} %s" for operator, day in bounds if day is not None
    )
    sql = (
        f"SELECT first_day{outer}, COUNT(*) FROM ("
        f" SELECT place.person_id{inner}, MIN(place.completed_on) AS first_day"
        f" FROM {Enrolment._meta.db_table} place"
        f" JOIN {Cohort._meta.db_table} cohort ON cohort.id = place.cohort_id"
        " WHERE place.completed_on IS NOT NULL"
        f" GROUP BY place.person_id{''.join(', ' + column for column in columns)}"
        f"{' HAVING ' + having if having else ''}"
        f") firsts GROUP BY first_day{outer}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def as_date(value):
    # SQLite gives a raw query's dates back as text.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def count_first_completions(groupings=GROUPINGS, **between):
    """[quarter, course id, site id, colleagues first trained]: course and site are None
    in the counts over every course or every site. `between` bounds the first days
    (first_completions)."""
    tallies = defaultdict(int)
    for grouping in groupings:
        for first_day, *ids, colleagues in first_completions(grouping, **between):
            named = dict(zip(grouping, ids, strict=True))
            key = (quarter_start(as_date(first_day)), named.get("course"), named.get("site"))
            tallies[key] += colleagues
    return [
        [quarter.isoformat(), course, site, colleagues]
        for (quarter, course, site), colleagues in sorted(
            tallies.items(), key=lambda item: item[0][0]
        )
    ]


TRAINED = kept_rollup("trained", ["training"], count_first_completions)


@dataclass(frozen=True)
class Tally:
    quarter: datetime.date
    course_id: int | None
    site_id: int | None
    colleagues: int


# The groupings a view of all sites, and a view of one site, reads.
ALL_SITES_GROUPINGS = [(), ("course",), ("site",)]
ONE_SITE_GROUPINGS = [("site",), ("course", "site")]


def tallies(*, site=None, first_from=None, first_to=None):
    """The tallies a view of all sites (site=None) or of one site needs: colleagues in all,
    per course and, for all sites, per site; first trained between the dates when given
    (counted from the places), else at any time (the rollup)."""
    if first_from is None and first_to is None:
        rows = TRAINED.rows()
    else:
        rows = count_first_completions(
            ALL_SITES_GROUPINGS if site is None else ONE_SITE_GROUPINGS,
            first_from=first_from,
            first_to=first_to,
        )
    found = [
        Tally(datetime.date.fromisoformat(quarter), course, site_id, colleagues)
        for quarter, course, site_id, colleagues in rows
    ]
    if site is None:
        return [tally for tally in found if tally.site_id is None or tally.course_id is None]
    return [tally for tally in found if tally.site_id == site.pk]
