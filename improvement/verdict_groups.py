"""Which measures count together by the verdict they keep of their charts (Measure.variation,
assurance and latest_kind): the rows and columns of the summary table's matrix, its
filters, and the order that puts concerns first.

Plain expressions over the measure's columns, without the model, so that the model's index
of that order (Measure.Meta) is built from the very expressions the summary sorts by.
"""

from dataclasses import dataclass

from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower


@dataclass(frozen=True)
class Group:
    """Icon values counted together: the matrix's row or column heading, and the words a
    filter offers for it."""

    heading: str
    option: str
    condition: Q


# The variation icons (Measure.Variation) each group holds; a measure without one is in
# "none" or "no_data".
VARIATION_VALUES = {
    "improvement": ["improvement_high", "improvement_low"],
    "concern": ["concern_high", "concern_low"],
    "common_cause": ["common_cause"],
    "neutral": ["neutral_high", "neutral_low"],
}
# A measure with no data yet keeps no last point: its latest_kind is blank.
NO_DATA = Q(latest_kind="")
VARIATION_GROUPS = {
    "improvement": Group(
        "Special cause improvement",
        "Special cause improvement",
        Q(variation__in=VARIATION_VALUES["improvement"]),
    ),
    "concern": Group(
        "Special cause concern",
        "Special cause concern",
        Q(variation__in=VARIATION_VALUES["concern"]),
    ),
    "common_cause": Group(
        "Common cause variation",
        "Common cause variation",
        Q(variation__in=VARIATION_VALUES["common_cause"]),
    ),
    "neutral": Group(
        "Special cause, neither better nor worse",
        "Special cause, neither better nor worse (no direction of improvement)",
        Q(variation__in=VARIATION_VALUES["neutral"]),
    ),
    # A run chart has no limits, so no variation icon: its runs are read on its page.
    "none": Group(
        "No variation icon (run chart)",
        "No variation icon: a run chart, read by its runs",
        Q(variation="") & ~NO_DATA,
    ),
    "no_data": Group("No data yet", "No data yet", NO_DATA),
}
ASSURANCE_GROUPS = {
    "pass": Group("Target consistently met", "Target consistently met", Q(assurance="pass")),
    "fail": Group(
        "Target consistently missed",
        "Target consistently missed",
        Q(assurance="fail"),
    ),
    "inconsistent": Group(
        "Target met only some of the time",
        "Target met only some of the time (hit and miss)",
        Q(assurance="inconsistent"),
    ),
    "none": Group(
        "No assurance icon",
        "No assurance icon: no target, no data or no direction of improvement",
        Q(assurance=""),
    ),
}


# The group of each variation icon; a measure without one is in "none" or "no_data".
VARIATION_GROUP = {value: name for name, values in VARIATION_VALUES.items() for value in values}
# Each assurance icon (Measure.Assurance) is a group of its own; a measure without one is
# in "none".
ASSURANCE_GROUP = {value: value for value in ["pass", "fail", "inconsistent"]}


def _rank(groups, order, last):
    """A number for each measure: its group's place in `order`, `last` for any other."""
    return Case(
        *(When(groups[name].condition, then=Value(place)) for place, name in enumerate(order)),
        default=Value(last),
    )


# Concerns first: what a board reads the report for.
VARIATION_RANK = _rank(
    VARIATION_GROUPS, ["concern", "improvement", "neutral", "common_cause", "none"], 5
)
# Targets consistently missed first, then hit and miss.
ASSURANCE_RANK = _rank(ASSURANCE_GROUPS, ["fail", "inconsistent", "pass"], 3)

# The summary's first order, which the measures' index holds (a page of thousands is read
# from it without sorting them): concerns first, then by assurance and name.
CONCERNS_FIRST = [VARIATION_RANK, ASSURANCE_RANK, Lower("name"), F("id")]
# Its other orders, each held by an index too: by assurance (targets missed first), by name,
# by latest value and by target.
ASSURANCE_FIRST = [ASSURANCE_RANK, VARIATION_RANK, Lower("name"), F("id")]
BY_NAME = [Lower("name"), F("id")]
BY_LATEST = [F("latest_value"), Lower("name"), F("id")]
BY_TARGET = [F("target"), Lower("name"), F("id")]
# The columns a measure may lack: it comes last whichever way its column is sorted.
NULLS_LAST = {"latest_value", "target"}


def directed(order, *, descending=False):
    """The order's parts ascending or descending, a measure without a latest value or a
    target last either way."""
    return [_directed(part, descending) for part in order]


def _directed(part, descending):
    nulls_last = True if getattr(part, "name", None) in NULLS_LAST else None
    return part.desc(nulls_last=nulls_last) if descending else part.asc(nulls_last=nulls_last)
