"""What an SPC chart shows, in words: the sentence beside it, its icons' names and the
words for each point's kind, so colour is never the only signal (its geometry is in
charts.py)."""

from collections import Counter
from itertools import pairwise

from core.presenters import plural

from .spc import kind_colour

VARIATION_HEADINGS = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement",
    "improvement_low": "Special cause improvement",
    "concern_high": "Special cause concern",
    "concern_low": "Special cause concern",
    "neutral_high": "Special cause variation",
    "neutral_low": "Special cause variation",
}

# The icon's colour is the colour of the kind of point it summarises.
VARIATION_KIND = {
    "common_cause": "common_cause",
    "improvement_high": "improvement",
    "improvement_low": "improvement",
    "concern_high": "concern",
    "concern_low": "concern",
    "neutral_high": "neutral_high",
    "neutral_low": "neutral_low",
}

POINT_KIND_WORDS = {
    "common_cause": "Common cause",
    "improvement": "Special cause improvement",
    "concern": "Special cause concern",
    "neutral_high": "Special cause, high",
    "neutral_low": "Special cause, low",
}

ASSURANCE_HEADINGS = {
    "pass": "Target consistently met",
    "fail": "Target consistently missed",
    "inconsistent": "Target met only some of the time",
}


def format_number(value):
    # None is a value or limit the chart does not have (an mr chart's first point).
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value, unit):
    text = format_number(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def side(point):
    return (point.value > point.mean) - (point.value < point.mean)


# Each point kind as the sentence counts it, in the order it lists them.
SIGNAL_WORDS = {
    "improvement": "special cause improvement",
    "concern": "special cause concern",
    "neutral_high": "special cause variation (high)",
    "neutral_low": "special cause variation (low)",
}


def variation_reason(points):
    """Why the last point is special cause, in words, from the rule it breaks."""
    points = [point for point in points if point.value is not None]
    last = points[-1]
    if last.upl is not None and last.value > last.upl:
        return "above the upper process limit"
    if last.lpl is not None and last.value < last.lpl:
        return "below the lower process limit"
    run = 0
    for point in reversed(points):
        if side(last) and side(point) == side(last):
            run += 1
        else:
            break
    if run >= 7:
        return (
            f"the last of {run} values in a row {'above' if side(last) > 0 else 'below'} the mean"
        )
    steps = [after.value - before.value for before, after in pairwise(points)]
    for direction, word in ((1, "higher"), (-1, "lower")):
        length = 0
        for step in reversed(steps):
            if step * direction > 0:
                length += 1
            else:
                break
        if length + 1 >= 7:
            return f"the last of {length + 1} values each {word} than the one before"
    return "one of two of the last three values close to a process limit"


def signals_clause(points, *, rebased):
    """How many of the phase's values are special cause, and of which kinds; None when none
    is."""
    counts = Counter(point.kind for point in points if point.value is not None)
    total = sum(counts.values())
    flagged = [(SIGNAL_WORDS[kind], counts[kind]) for kind in SIGNAL_WORDS if counts[kind]]
    if not flagged:
        return None
    since = " since the limits were recalculated" if rebased else ""
    (words, count), *others = flagged
    if count == total:
        head = f"{'All' if total > 1 else 'The'} {total} value{plural(total)}{since} "
        head += f"{'are' if total > 1 else 'is'} {words}"
    else:
        head = f"{count} of the {total} values{since} {'is' if count == 1 else 'are'} {words}"
    tail = [f"{count} {'is' if count == 1 else 'are'} {words}" for words, count in others]
    return ", ".join([head, *tail[:-1]]) + (f" and {tail[-1]}" if tail else "")


def runs_sentence(reading):
    """What the Anhøj rules read in a run chart's latest phase."""
    if reading.longest_run is None:
        return "Every value is on the median: there is nothing to read yet."
    if not reading.signal:
        return (
            "Random variation: no sign of a change; the longest run on one side of the median "
            f"({reading.longest_run}) and the number of times the values cross it "
            f"({reading.crossings}) are what chance gives."
        )
    reasons = []
    if reading.longest_run > reading.longest_run_max:
        reasons.append(
            f"{reading.longest_run} values in a row are on one side of the median, more than "
            f"the {reading.longest_run_max} chance gives"
        )
    if reading.crossings < reading.crossings_min:
        reasons.append(
            f"the values cross the median only {reading.crossings} "
            f"time{plural(reading.crossings)}, fewer than the {reading.crossings_min} chance gives"
        )
    return f"Non-random variation, a sign of a change: {' and '.join(reasons)}."


def chart_sentence(chart, *, unit="", target=None, phase_start=0):
    """What the chart shows: how many values of its latest phase (from `phase_start`, the
    last rebase) are special cause and what the latest value is, its assurance against the
    target, and whether its limits are still trial limits (a run chart: what its runs show).
    The variation icon reads the latest value alone, as Making Data Count's does; the
    sentence tells the series too, so it never says "no sign of a change" beside a chart
    full of signals."""
    if not chart.points:
        return "There is no data yet."
    if chart.runs:
        return runs_sentence(chart.runs[-1])
    phase = chart.points[phase_start:]
    signals = signals_clause(phase, rebased=phase_start > 0)
    if signals is None:
        sentences = [
            "Common cause variation: no sign of a change; the values vary within the limits."
        ]
    elif chart.variation == "common_cause":
        sentences = [
            f"{signals}; the latest value is common cause variation, within the limits and "
            "breaking no rule."
        ]
    else:
        latest = SIGNAL_WORDS[VARIATION_KIND[chart.variation]]
        sentences = [f"{signals}; the latest value is {latest}, {variation_reason(chart.points)}."]
    sentences[0] = sentences[0][0].upper() + sentences[0][1:]
    if chart.assurance and target is not None:
        last = chart.points[-1]
        target_text = f"The target of {with_unit(target, unit)}"
        if chart.assurance == "inconsistent":
            sentences.append(
                f"{target_text} is within the process limits, so it will be met only some "
                "of the time."
            )
        else:
            where = "above the upper" if target > last.upl else "below the lower"
            outcome = (
                "so it will be met consistently"
                if chart.assurance == "pass"
                else "so it will not be met without a change to the process"
            )
            sentences.append(f"{target_text} is {where} process limit, {outcome}.")
    if chart.trial_limits:
        sentences.append(
            "These are trial limits: they rest on fewer than 13 values, so treat them with care."
        )
    return " ".join(sentences)


def variation_icon(variation):
    """The variation icon's colour, letter and words; None when there is no data."""
    if not variation:
        return None
    letter = {"high": "H", "low": "L"}.get(variation.rsplit("_", 1)[-1], "")
    return {
        "colour": kind_colour(VARIATION_KIND[variation]),
        "letter": letter,
        "words": VARIATION_HEADINGS[variation]
        + (f" ({variation.rsplit('_', 1)[-1]})" if letter else ""),
    }


def assurance_icon(assurance):
    if not assurance:
        return None
    colours = {"pass": kind_colour("improvement"), "fail": kind_colour("concern")}
    return {
        "colour": colours.get(assurance, kind_colour("common_cause")),
        "letter": {"pass": "P", "fail": "F"}.get(assurance, "?"),
        "words": ASSURANCE_HEADINGS[assurance],
    }
