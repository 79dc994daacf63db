"""The chart types in plain words: what the measure form says of each, so a lead can choose
one without knowing the statistics, and what the measure page says its chart shows."""

# What the measure form says of each chart type, so a lead can choose one without knowing
# the statistics; keys are Measure.ChartType's values.
CHART_TYPE_GUIDANCE = {
    "i": "A measurement each period, such as minutes to triage or length of stay. "
    "Choose this if unsure.",
    "run": "Too few points for limits (fewer than about 12), or data of any kind read "
    "only for runs and crossings of the median.",
    "mr": "How much a measurement jumps from one period to the next.",
    "c": "Counts of events, such as falls each week, when there is about as much chance of "
    "them each period.",
    "u": "Rates: a count out of an amount that varies, such as falls per bed day. Give "
    "each value's denominator (the bed days).",
    "u'": "Rates as for a u chart when the denominators are large (thousands): its limits "
    "allow for the extra variation such data has.",
    "p": "Proportions, such as patients seen within 4 hours out of all patients. Give each "
    "value's denominator (all patients).",
    "p'": "Proportions as for a p chart when the denominators are large (thousands): its "
    "limits allow for the extra variation such data has.",
    "g": "Rare events, counted as the opportunities between them, such as admissions "
    "between two infections.",
    "t": "Rare events, as the time between them, such as days between never events.",
}

# What the measure page says a chart shows, after "This is a … chart:".
CHART_TYPE_EXPLANATIONS = {
    "i": "each dot is one period's value, the solid line their mean and the dashed lines "
    "the process limits, where nearly all values fall while nothing changes.",
    "run": "each dot is one period's value and the solid line their median; it has no "
    "limits, and is read for unusually long runs on one side of the median or too few "
    "crossings of it.",
    "mr": "each dot is how far one period's value moved from the one before, the solid "
    "line their mean and the dashed line the upper limit.",
    "c": "each dot is one period's count of events, the solid line their mean and the "
    "dashed lines the process limits.",
    "u": "each dot is one period's rate, its count divided by its denominator; the limits "
    "step in and out with the denominator, wider where it is small.",
    "u'": "each dot is one period's rate, its count divided by its denominator; the limits "
    "step with the denominator and allow for the extra variation of large denominators "
    "(Laney's correction).",
    "p": "each dot is one period's proportion, its value divided by its denominator; the "
    "limits step in and out with the denominator, wider where it is small.",
    "p'": "each dot is one period's proportion, its value divided by its denominator; the "
    "limits step with the denominator and allow for the extra variation of large "
    "denominators (Laney's correction).",
    "g": "each dot is the number of opportunities between two rare events, the solid line "
    "their median and the dashed line the upper limit: a dot above it means events became "
    "rarer.",
    "t": "each dot is the time between two rare events, the solid line their centre and "
    "the dashed lines the limits: a dot above the upper limit means events became rarer.",
}


def centre_label(chart_type):
    """The centre line's name: a run chart's and a g chart's is the median."""
    return "Median" if chart_type in ("run", "g") else "Mean"


def chart_type_sentence(chart_type, label):
    return f"This is a {label[0].lower()}{label[1:]}: {CHART_TYPE_EXPLANATIONS[chart_type]}"
