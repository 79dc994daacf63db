"""Which measures count together by the verdict they keep of their charts (Measure.variation,
assurance and latest_kind): the rows and columns of the summary table's matrix, its
filters, and its orders.

measure_services keeps each measure's groups with its verdict, as ranks: the place of its
variation group in VARIATION_ORDER (Measure.variation_rank) and of its assurance group in
ASSURANCE_ORDER (Measure.assurance_rank). The summary filters, counts and sorts by those
plain columns, which its indexes hold (Measure.Meta builds them from the orders here).
"""

from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.functions import Lower

# The variation icons (Measure.Variation) each group holds; a measure without one is in
# "none" (a run chart, which has no limits) or "no_data" (no data yet: it keeps no last
# point, so its latest_kind is blank).
VARIATION_VALUES = {
    "improvement": ["improvement_high", "improvement_low"],
    "concern": ["concern_high", "concern_low"],
    "common_cause": ["common_cause"],
    "neutral": ["neutral_high", "neutral_low"],
}
VARIATION_GROUP = {value: name for name, values in VARIATION_VALUES.items() for value in values}
# Each assurance icon (Measure.Assurance) is a group of its own; a measure without one is
# in "none".
ASSURANCE_GROUP = {value: value for value in ["pass", "fail", "inconsistent"]}

# Concerns first: what a board reads the report for; measures without data last.
VARIATION_ORDER = ["concern", "improvement", "neutral", "common_cause", "none", "no_data"]
# Targets consistently missed first, then hit and miss.
ASSURANCE_ORDER = ["fail", "inconsistent", "pass", "none"]


def variation_rank(variation, latest_kind):
    """The place of a verdict's variation group in VARIATION_ORDER."""
    group = VARIATION_GROUP.get(variation) or ("none" if latest_kind else "no_data")
    return VARIATION_ORDER.index(group)


def assurance_rank(assurance):
    """The place of a verdict's assurance group in ASSURANCE_ORDER."""
    return ASSURANCE_ORDER.index(ASSURANCE_GROUP.get(assurance, "none"))


@dataclass(frozen=True)
class Group:
    """Icon values counted together: the matrix's row or column heading, and the words a
    filter offers for it."""

    heading: str
    option: str
    condition: Q


def _variation_group(name, heading, option=None):
    return Group(heading, option or heading, Q(variation_rank=VARIATION_ORDER.index(name)))


def _assurance_group(name, heading, option=None):
    return Group(heading, option or heading, Q(assurance_rank=ASSURANCE_ORDER.index(name)))


# In the matrix's order: its rows, then its columns.
VARIATION_GROUPS = {
    "improvement": _variation_group("improvement", "Special cause improvement"),
    "concern": _variation_group("concern", "Special cause concern"),
    "common_cause": _variation_group("common_cause", "Common cause variation"),
    "neutral": _variation_group(
        "neutral",
        "Special cause, neither better nor worse",
        "Special cause, neither better nor worse (no direction of improvement)",
    ),
    "none": _variation_group(
        "none",
        "No variation icon (run chart)",
        "No variation icon: a run chart, read by its runs",
    ),
    "no_data": _variation_group("no_data", "No data yet"),
}
ASSURANCE_GROUPS = {
    "pass": _assurance_group("pass", "Target consistently met"),
    "fail": _assurance_group("fail", "Target consistently missed"),
    "inconsistent": _assurance_group(
        "inconsistent",
        "Target met only some of the time",
        "Target met only some of the time (hit and miss)",
    ),
    "none": _assurance_group(
        "none",
        "No assurance icon",
        "No assurance icon: no target, no data or no direction of improvement",
    ),
}

# The summary's first order, concerns first, then by assurance and name; its order by
# assurance (targets missed first), by name, by latest value and by target.
CONCERNS_FIRST = [F("variation_rank"), F("assurance_rank"), Lower("name"), F("id")]
ASSURANCE_FIRST = [F("assurance_rank"), F("variation_rank"), Lower("name"), F("id")]
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
