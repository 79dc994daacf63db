"""The chart types of improvement.spc.chart against published reference values.

Plain functions, no database. Most reference series and their expected centre lines and
limits are the "golden" fixtures of the PowerBI-SPC visual
(AUS-DOH-Safety-and-Quality/PowerBI-SPC, test/fixtures/golden/*/*.qicharts2.json), which
its generate_golden.R computes with qicharts2 0.8.1 (run, i, c, u, p) or with the
published formulas in R (mr, g, t, p', u'). Where a number had to be derived by hand, the
test says so and shows the working.
"""

import math
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from improvement.spc import KINDS, Runs, chart, xmr
from improvement.spc.runs import runs as anhoej

# PowerBI-SPC golden "i/basic-ratio" (and "mr/basic-ratio"): the ratios i_num / i_den.
I_NUM = [5, 7, 5, 7, 7, 5, 4, 9, 8, 13, 8, 7, 8, 7, 12, 11, 8]
I_DEN = [113, 132, 121, 134, 116, 131, 93, 138, 182, 157, 100, 103, 146, 108, 153, 141, 134]
RATIOS = [n / d for n, d in zip(I_NUM, I_DEN, strict=True)]

# PowerBI-SPC golden "c/basic-group1": the first 24 months of qicharts2's cdi data set.
CDI = [
    17,
    12,
    27,
    20,
    20,
    18,
    22,
    19,
    19,
    24,
    17,
    16,
    24,
    19,
    19,
    22,
    25,
    19,
    17,
    6,
    25,
    17,
    11,
    14,
]

# PowerBI-SPC golden "p/basic": 36 months of numerators and denominators.
P_NUM = [
    14, 12, 15, 8, 16, 11, 12, 14, 16, 17, 5, 11, 13, 10, 14, 5, 12, 10,
    11, 5, 10, 8, 11, 12, 11, 18, 18, 21, 14, 15, 18, 22, 17, 16, 20, 15,
]  # fmt: skip
P_DEN = [
    52, 64, 70, 60, 67, 69, 67, 54, 79, 59, 49, 61, 41, 51, 56, 43, 57, 48,
    69, 41, 40, 46, 59, 62, 57, 65, 75, 70, 76, 69, 64, 67, 84, 67, 69, 78,
]  # fmt: skip
P_UPPER = [
    0.3876, 0.3707, 0.364, 0.3758, 0.3672, 0.365, 0.3672, 0.3844, 0.3553, 0.3771, 0.3928,
    0.3745, 0.4092, 0.3893, 0.3814, 0.4047, 0.3799, 0.3946, 0.365, 0.4092, 0.4116, 0.3984,
    0.3771, 0.3732, 0.3799, 0.3695, 0.359, 0.364, 0.358, 0.365, 0.3707, 0.3672, 0.3511,
    0.3672, 0.365, 0.3562,
]  # fmt: skip
P_LOWER = [
    0.045, 0.0619, 0.0687, 0.0569, 0.0654, 0.0676, 0.0654, 0.0482, 0.0774, 0.0555, 0.0399,
    0.0582, 0.0234, 0.0434, 0.0513, 0.028, 0.0527, 0.038, 0.0676, 0.0234, 0.021, 0.0342,
    0.0555, 0.0595, 0.0527, 0.0631, 0.0737, 0.0687, 0.0746, 0.0676, 0.0619, 0.0654, 0.0816,
    0.0654, 0.0676, 0.0765,
]  # fmt: skip

# PowerBI-SPC golden "u/basic": 24 months of counts and (fractional) exposures.
U_NUM = [
    575, 521, 585, 528, 507, 519, 457, 505, 494, 512, 543, 506,
    509, 521, 549, 531, 509, 528, 419, 512, 495, 513, 454, 490,
]  # fmt: skip
U_DEN = [
    310466.8333, 282346.7917, 309089.7083, 287977.3333, 297743.375, 286988.25,
    261120.3333, 268720.75, 284437.875, 290449.5, 288104.4583, 279961.375,
    289803.9583, 275950.5833, 290824.4583, 285495.75, 282515.2083, 273927.875,
    253085.625, 262410.7083, 275529.25, 282405.0833, 259530.7917, 256235.4583,
]  # fmt: skip
U_UPPER = [
    0.00205349, 0.00206467, 0.00205401, 0.0020623, 0.00205836, 0.00206271, 0.00207428,
    0.00207071, 0.00206378, 0.00206129, 0.00206225, 0.0020657, 0.00206155, 0.00206745,
    0.00206113, 0.00206334, 0.0020646, 0.00206835, 0.00207823, 0.00207366, 0.00206764,
    0.00206465, 0.00207505, 0.00207666,
]  # fmt: skip
U_LOWER = [
    0.00159366, 0.00158248, 0.00159314, 0.00158485, 0.00158879, 0.00158444, 0.00157287,
    0.00157644, 0.00158337, 0.00158586, 0.0015849, 0.00158145, 0.0015856, 0.0015797,
    0.00158602, 0.00158381, 0.00158255, 0.0015788, 0.00156892, 0.00157349, 0.00157951,
    0.0015825, 0.0015721, 0.00157049,
]  # fmt: skip

# PowerBI-SPC golden "pp/basic" and "up/basic": qicharts2's nhs_accidents data set (A&E
# attendances seen within 4 hours of all attendances, 20 weeks), Laney's method in R.
NHS_SEEN = [
    266501, 264225, 276532, 281461, 269071, 261215, 270409, 279778, 270483, 270320,
    267923, 271478, 255353, 256820, 261835, 259144, 255910, 260863, 264465, 260989,
]  # fmt: skip
NHS_ALL = [
    280443, 276823, 291681, 296155, 282343, 275888, 283867, 295251, 284468, 282529,
    279618, 283932, 266629, 268091, 276803, 271578, 266005, 273520, 278574, 273772,
]  # fmt: skip
LANEY_UPPER = [
    0.96567, 0.965753, 0.965421, 0.965326, 0.965627, 0.965775, 0.965593, 0.965345, 0.965579,
    0.965623, 0.965689, 0.965591, 0.965996, 0.965961, 0.965753, 0.965877, 0.966012, 0.96583,
    0.965713, 0.965824,
]  # fmt: skip
LANEY_LOWER = [
    0.94013, 0.940046, 0.940378, 0.940473, 0.940173, 0.940025, 0.940207, 0.940454, 0.94022,
    0.940177, 0.940111, 0.940208, 0.939803, 0.939839, 0.940046, 0.939923, 0.939788, 0.939969,
    0.940087, 0.939975,
]  # fmt: skip

# PowerBI-SPC golden "g/basic" (units between events) and "t/basic" (days between events).
G_VALUES = [
    23, 39, 15, 34, 1, 49, 98, 29, 27, 13, 45, 7, 10, 27, 24, 14, 20, 38, 44, 11, 10, 3,
    113, 183, 3, 47, 18, 18, 33, 15, 2, 38, 27, 27, 1, 52, 23, 7, 26, 82, 5, 49, 5, 17, 24,
    44, 26, 2, 27, 46, 55, 97, 22, 22, 20, 4, 60, 51, 7, 21, 66, 36, 25, 72, 15, 5, 3,
]  # fmt: skip
T_VALUES = [
    16, 20, 5, 13, 1, 26, 46, 12, 12, 5, 19, 4, 3, 15, 14, 9, 8, 15, 21, 6, 3, 1, 56, 117,
    1, 33, 9, 9, 19, 12, 1, 16, 13, 18, 1, 35, 16, 5, 21, 38, 3, 25, 3, 11, 13, 20, 9, 3, 8,
    21, 24, 38, 8, 13, 9, 1, 30, 23, 3, 7, 22, 19, 11, 31, 6, 1, 1,
]  # fmt: skip

# PowerBI-SPC golden "run/basic" (qicharts2 0.8.1: median 14).
RUN_VALUES = [12, 15, 11, 18, 14, 13, 16, 19, 12, 14, 17, 11, 15, 13, 16, 18, 12, 14]

# The design note's worked example, and rnorm(20) with set.seed(123) (NHSRplotthedots' tests).
WORKED = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip

BACKGROUND = [9, 11] * 10


def special(result):
    """Index -> kind for every special-cause point."""
    return {i: p.kind for i, p in enumerate(result.points) if p.kind != "common_cause"}


def column(result, field):
    return [getattr(p, field) for p in result.points]


def denominators_for(kind, n):
    return [10] * n if kind in ("u", "u'", "p", "p'") else None


# --- published reference values --------------------------------------------------------


def test_i_chart_matches_qicharts2():
    result = chart("i", RATIOS)

    # No moving range here reaches 3.267 times their average, so screening (SPC.md) and
    # qicharts2 0.8.1 (which no longer screens by default) agree.
    for point in result.points:
        assert (point.mean, point.upl, point.lpl) == pytest.approx(
            (0.059297, 0.095737, 0.022858), abs=1e-6
        )
    assert special(result) == {}


def test_mr_chart_matches_the_d4_reference():
    result = chart("mr", RATIOS)

    assert result.points[0].value is None
    assert column(result, "value")[1:4] == pytest.approx([0.008783, 0.011708, 0.010916], abs=1e-6)
    for point in result.points:
        assert (point.mean, point.upl, point.lpl) == pytest.approx(
            (0.013701, 0.044762, 0), abs=1e-6
        )


def test_c_chart_matches_qicharts2_on_the_cdi_data():
    result = chart("c", CDI)

    for point in result.points:
        assert (point.mean, point.upl, point.lpl) == pytest.approx(
            (18.7083, 31.6843, 5.7324), abs=1e-4
        )
    assert column(result, "value") == CDI
    assert special(result) == {}  # 6 (June 2014) is low, but inside 5.73


def test_p_chart_matches_qicharts2_point_by_point():
    result = chart("p", P_NUM, P_DEN)

    assert column(result, "value") == pytest.approx(
        [n / d for n, d in zip(P_NUM, P_DEN, strict=True)]
    )
    assert {round(p.mean, 4) for p in result.points} == {0.2163}
    assert column(result, "upl") == pytest.approx(P_UPPER, abs=6e-5)
    assert column(result, "lpl") == pytest.approx(P_LOWER, abs=6e-5)


def test_u_chart_matches_qicharts2_point_by_point():
    result = chart("u", U_NUM, U_DEN)

    assert {round(p.mean, 8) for p in result.points} == {0.00182358}
    assert column(result, "upl") == pytest.approx(U_UPPER, abs=6e-9)
    assert column(result, "lpl") == pytest.approx(U_LOWER, abs=6e-9)


@pytest.mark.parametrize("kind", ["p'", "u'"])
def test_laney_charts_match_the_reference_on_nhs_accidents(kind):
    # Laney's limits come out the same for p' and u' (sigma_z absorbs the constant factor
    # between the binomial and Poisson spreads), so PowerBI-SPC publishes the same numbers.
    result = chart(kind, NHS_SEEN, NHS_ALL)

    assert {round(p.mean, 4) for p in result.points} == {0.9529}
    assert column(result, "upl") == pytest.approx(LANEY_UPPER, abs=6e-7)
    assert column(result, "lpl") == pytest.approx(LANEY_LOWER, abs=6e-7)
    # A plain p chart on denominators this large would call most weeks special cause.
    assert len(special(chart("p", NHS_SEEN, NHS_ALL))) > len(special(result))


def test_g_chart_centre_is_the_median_and_limits_come_from_the_mean():
    result = chart("g", G_VALUES)

    for point in result.points:
        assert (point.mean, point.upl, point.lpl) == pytest.approx((24, 128.1749, 0), abs=1e-4)
    assert special(result) == {23: "improvement"}  # 183 units between events


def test_t_chart_centre_matches_and_limits_are_the_screened_ones():
    result = chart("t", T_VALUES)

    # Centre as published: (mean of x^(1/3.6))^3.6 = 11.2051. The published limits
    # (upper 106.0418) use the unscreened average moving range; SPC.md screens, so these
    # are derived by hand: y = x^(1/3.6), mean y 1.956609; the 66 moving ranges of y
    # average 0.637789, so the cut is 3.267 * 0.637789 = 2.083657 and only range 23
    # (117 -> 1: 2.754016) is dropped; the other 65 average 0.605232, sigma 0.605232 /
    # 1.128 = 0.536553. Upper (1.956609 + 3 * 0.536553)^3.6 = 97.2680; lower
    # (1.956609 - 3 * 0.536553)^3.6 = 0.022129.
    for point in result.points:
        assert (point.mean, point.upl, point.lpl) == pytest.approx(
            (11.2051, 97.2680, 0.022129), abs=1e-4
        )
    assert column(result, "value") == T_VALUES
    assert special(result) == {23: "improvement"}  # 117 days without an event


def test_run_chart_median_matches_qicharts2_and_anhoej_counts_by_hand():
    result = chart("run", RUN_VALUES)

    assert {p.mean for p in result.points} == {14}
    assert all(p.upl is None and p.lpl is None for p in result.points)
    # By hand: signs against 14 are - + - + 0 - + + - 0 + - + - + + - 0; dropping the three
    # on the median leaves 15 useful points in 13 runs (12 crossings), the longest 2. For
    # n = 15: longest run limit round(log2(15)) + 3 = 7; crossings qbinom(0.05, 14, 0.5) = 4
    # (P(X <= 3) = 470 / 16384 = 0.029, P(X <= 4) = 1471 / 16384 = 0.090).
    assert result.runs == (Runs(15, 2, 7, 12, 4, signal=False),)


@pytest.mark.parametrize(
    ("useful", "longest_run_max", "crossings_min"),
    [
        # The qicharts2 vignette: "in a run chart with 24 data points a run of more than 8
        # ... fewer than 8 crossings"; pbc's README summaries for 23 and 43 useful points.
        (24, 8, 8),
        (23, 8, 7),
        (43, 8, 16),
    ],
)
def test_anhoej_limits_match_qicharts2s_published_summaries(useful, longest_run_max, crossings_min):
    # Alternating around an explicit centre of 0.5: every point is useful.
    runs = anhoej(([0, 1] * useful)[:useful], 0.5)

    assert (runs.useful, runs.longest_run_max, runs.crossings_min) == (
        useful,
        longest_run_max,
        crossings_min,
    )


# --- the i chart and xmr -------------------------------------------------------------------


@pytest.mark.parametrize("values", [WORKED, RNORM_123, BACKGROUND + [40]])
def test_i_chart_agrees_with_xmr(values):
    # Same mean, same screening; qicharts2's 3 / 1.128 = 2.6596 against MDC's 2.66.
    ours, mdc = chart("i", values), xmr(values)

    assert column(ours, "mean") == column(mdc, "mean")
    for a, b in zip(ours.points, mdc.points, strict=True):
        assert a.upl - a.mean == pytest.approx((b.upl - b.mean) * (3 / 1.128) / 2.66)
        assert a.mean - a.lpl == pytest.approx((b.mean - b.lpl) * (3 / 1.128) / 2.66)
    assert column(ours, "kind") == column(mdc, "kind")
    assert (ours.variation, ours.trial_limits) == (mdc.variation, mdc.trial_limits)


def test_worked_example_special_cause_on_the_i_chart():
    assert special(chart("i", WORKED)) == {4: "improvement"}
    assert special(chart("i", WORKED, direction="decrease")) == {4: "concern"}


# --- the MDC rules and icons on every type with limits --------------------------------------


def test_a_count_above_the_c_chart_limit_is_special_cause_by_direction():
    counts = [4, 6] * 10 + [20]  # c-bar 5, upper limit 5 + 3 * sqrt(5) = 11.7

    falls = chart("c", counts, direction="decrease", target=3, fix_after=20)

    assert special(falls) == {20: "concern"}
    assert falls.variation == "concern_high"
    # Target 3 lies inside the limits (0, 11.7): hitting it is left to chance; 12 is above
    # the upper limit, so with fewer being better the process always meets it.
    assert falls.assurance == "inconsistent"
    assert chart("c", counts, direction="decrease", target=12, fix_after=20).assurance == "pass"
    assert chart("c", counts, target=12, fix_after=20).assurance == "fail"


def test_p_chart_limits_follow_each_denominator():
    # The same 30 % in a small and in a large sample: only the large one is beyond its limit.
    numerators = [10] * 20 + [3, 300]
    denominators = [100] * 20 + [10, 1000]

    result = chart("p", numerators, denominators, fix_after=20)

    small, large = result.points[-2], result.points[-1]
    assert small.value == large.value == 0.3
    assert small.upl > 0.3 > large.upl
    assert special(result) == {21: "improvement"}


def test_shift_on_a_u_chart():
    counts = [7, 5] * 6 + [9] * 7  # rates 3.5, 2.5, ... then 4.5
    result = chart("u", counts, [2] * len(counts), fix_after=12)

    assert result.points[0].mean == 3
    assert special(result) == dict.fromkeys(range(12, 19), "improvement")


def test_two_of_three_close_to_the_limit_on_a_c_chart():
    # c-bar 25, sigma 5: the 2-sigma line is 35 and the limit 40; 36 and 37 are close.
    result = chart("c", [24, 26] * 10 + [36, 30, 37], fix_after=20)

    assert special(result) == {20: "improvement", 22: "improvement"}


def test_trend_on_an_mr_chart():
    values = [0, 1] * 6 + [0, 1, 3, 6, 10, 15, 21, 28]  # moving ranges 1, 2, ... 7

    result = chart("mr", values, fix_after=12)

    assert set(special(result)) == set(range(13, 20))


def test_a_run_chart_signals_a_long_run_and_judges_no_point():
    values = [1, 3] * 4 + [4] * 9 + [0, 2] * 2

    result = chart("run", values)

    (runs,) = result.runs
    assert runs.longest_run > runs.longest_run_max and runs.signal
    assert special(result) == {}
    assert (result.variation, result.assurance, result.trial_limits) == (None, None, False)


def test_run_chart_readings_per_phase():
    result = chart("run", [1, 2] * 6 + [5] * 12, rebase_at=[12])

    assert [r.signal for r in result.runs] == [False, False]
    assert result.runs[1] == Runs(0, None, None, None, None, signal=False)  # all on the median


def test_trial_limits_for_short_phases():
    assert chart("c", CDI[:12]).trial_limits is True
    assert chart("c", CDI).trial_limits is False
    assert chart("c", CDI, rebase_at=[20]).trial_limits is True


# --- phases, baselines and undefined limits -----------------------------------------------


def test_rebasing_splits_phases_and_no_moving_range_crosses_them():
    values = [1, 2] * 6 + [10, 12] * 6

    result = chart("mr", values, rebase_at=[12])

    assert result.points[12].value is None
    assert result.points[0].mean == 1 and result.points[12].mean == 2
    assert 8 not in column(result, "value")


@pytest.mark.parametrize("rebase_at", [[0, 12, 12], [-3, 12, 24, 99], [12]])
def test_rebase_indices_out_of_range_and_repeats_are_ignored(rebase_at):
    values = [1, 2] * 6 + [10, 12] * 6

    assert chart("i", values, rebase_at=rebase_at) == chart("i", values, rebase_at=[12])


def test_fix_after_takes_the_baseline_from_each_phase():
    values = [4, 6] * 6 + [20] * 4 + [40, 44] * 6

    result = chart("c", values, fix_after=12, rebase_at=[16])

    assert {p.mean for p in result.points[:16]} == {5}
    assert {p.mean for p in result.points[16:]} == {42}
    assert set(special(result)) == {12, 13, 14, 15}


@pytest.mark.parametrize("fix_after", [None, 0, 100])
def test_fix_after_none_zero_or_longer_than_a_phase_is_the_whole_phase(fix_after):
    assert chart("g", G_VALUES, fix_after=fix_after) == chart("g", G_VALUES)


def test_a_one_point_phase_has_no_limits_on_i_p_prime_and_u_prime_and_t_keeps_0():
    rebased = {"rebase_at": [20]}
    i = chart("i", BACKGROUND + [30], **rebased).points[-1]
    p_prime = chart("p'", [5] * 20 + [7], [50] * 21, **rebased).points[-1]
    u_prime = chart("u'", [5] * 20 + [7], [50] * 21, **rebased).points[-1]
    t = chart("t", BACKGROUND + [30], **rebased).points[-1]

    assert (i.mean, i.upl, i.lpl) == (30, None, None)
    assert (p_prime.upl, p_prime.lpl) == (None, None)
    assert (u_prime.upl, u_prime.lpl) == (None, None)
    assert (t.mean, t.upl, t.lpl) == (30, None, 0)


def test_a_constant_i_baseline_has_no_limits_but_still_shows_a_shift():
    result = chart("i", [5] * 12 + [6] * 7, fix_after=12)

    assert {(p.upl, p.lpl) for p in result.points} == {(None, None)}
    assert special(result) == dict.fromkeys(range(12, 19), "improvement")
    assert result.assurance is None


@pytest.mark.parametrize("rate", [0, 1])
def test_p_prime_has_no_limits_when_every_unit_or_none_counts(rate):
    result = chart("p'", [rate * 50] * 15, [50] * 15)

    assert {(p.mean, p.upl, p.lpl) for p in result.points} == {(rate, None, None)}


def test_a_constant_rate_sits_on_its_centre_line_despite_rounding():
    # 2/0.2 and 11/1.1 are both 10.0, but 91/(7 * 0.2 + 7 * 1.1) rounds to
    # 9.999999999999998: left alone, every point would sit above the centre line, a shift.
    result = chart("u", [2, 11] * 7, [0.2, 1.1] * 7)

    assert {(p.value, p.mean) for p in result.points} == {(10, 10)}
    assert special(result) == {}


def test_values_too_large_for_a_float_become_none_rather_than_an_error():
    result = chart("u", [1e308, 1e308], [1e-10, 1e-10])

    assert {(p.value, p.mean, p.upl) for p in result.points} == {(None, None, None)}
    assert special(result) == {}


# --- arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("x", [1, 2]), {}, "kind must be one of"),
        (("p", [1, 2]), {}, "needs denominators"),
        (("c", [1, 2], [3, 4]), {}, "takes no denominators"),
        (("u", [1, 2], [3]), {}, "one a value"),
        (("p", [1, 2], [3, 0]), {}, r"denominators\[1\] must be above 0"),
        (("p", [1, 2], [3, "4"]), {}, r"denominators\[1\]"),
        (("t", [1, 0, 2]), {}, "above 0"),
        (("i", [1, 2]), {"fix_after": -1}, "fix_after"),
        (("i", [1, 2]), {"fix_after": 1.5}, "fix_after"),
        (("i", [1, 2]), {"rebase_at": [1.0]}, "rebase_at"),
        (("i", [1, math.nan]), {}, r"values\[1\]"),
        (("i", [1, 2]), {"direction": "up"}, "direction"),
        (("i", [1, 2]), {"target": "3"}, "target"),
    ],
)
def test_bad_arguments_are_refused(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        chart(*args, **kwargs)


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_series_is_an_empty_chart(kind):
    result = chart(kind, [], denominators_for(kind, 0))

    assert (result.points, result.variation, result.assurance, result.runs) == ((), None, None, ())


# How long a chart takes is measured by the benchmark (bench/xmr.py), not timed here: a
# timed test fails on a busy machine.
@pytest.mark.parametrize("kind", KINDS)
def test_ten_thousand_points_rebased_are_all_charted(kind):
    values = [((i * 7919) % 101) / 10 + (i % 50) + 1 for i in range(10_000)]

    result = chart(kind, values, denominators_for(kind, 10_000), rebase_at=[5000])

    assert len(result.points) == 10_000


# --- properties -------------------------------------------------------------------------------

no_deadline = settings(deadline=None)  # the machine is shared: time is not the property
LIMITED = [k for k in KINDS if k != "run"]
counts = st.lists(st.integers(0, 500), max_size=40)
directions = st.sampled_from(["increase", "decrease", "neutral"])


@st.composite
def series(draw, kinds=KINDS):
    """A kind and arguments that suit it: counts out of denominators at least as large for
    p and p', positive times for t, counts for c, u and g, any measurement otherwise."""
    kind = draw(st.sampled_from(kinds))
    n = draw(st.integers(0, 40))
    if kind in ("u", "u'", "p", "p'"):
        ns = draw(st.lists(st.integers(1, 1000), min_size=n, max_size=n))
        xs = [draw(st.integers(0, d)) for d in ns]
    elif kind == "t":
        ns, xs = None, draw(st.lists(st.floats(0.01, 1e4), min_size=n, max_size=n))
    elif kind in ("c", "g"):
        ns, xs = None, draw(st.lists(st.integers(0, 500), min_size=n, max_size=n))
    else:
        ns, xs = None, draw(st.lists(st.floats(-1e6, 1e6), min_size=n, max_size=n))
    return {
        "kind": kind,
        "values": xs,
        "denominators": ns,
        "rebase_at": draw(st.lists(st.integers(-2, n + 2), max_size=3)),
        "fix_after": draw(st.none() | st.integers(0, 30)),
        "direction": draw(directions),
    }


@no_deadline
@given(series())
def test_property_one_point_per_value_with_limits_ordered_around_the_centre(args):
    result = chart(**args)

    assert len(result.points) == len(args["values"])
    for point in result.points:
        assert point.kind == "common_cause" or args["kind"] != "run"
        if point.upl is not None and point.lpl is not None and point.mean is not None:
            assert point.lpl <= point.mean <= point.upl


@no_deadline
@given(series(kinds=["c", "u", "u'", "g", "mr", "t", "p", "p'"]))
def test_property_count_and_rate_limits_are_never_below_0_and_proportions_never_above_1(args):
    result = chart(**args)

    for point in result.points:
        assert point.lpl is None or point.lpl >= 0
        if args["kind"] in ("p", "p'"):
            assert point.upl is None or point.upl <= 1


@no_deadline
@given(st.lists(st.floats(-1e6, 1e6), max_size=40))
def test_property_i_chart_limits_are_symmetric(values):
    for point in chart("i", values).points:
        if point.upl is not None:
            assert point.upl - point.mean == pytest.approx(point.mean - point.lpl, abs=1e-6)


@no_deadline
@given(series(kinds=LIMITED))
def test_property_each_phase_is_its_own_chart(args):
    result = chart(**args)
    n = len(args["values"])
    starts = sorted({0, *(i for i in args["rebase_at"] if 0 < i < n)}) if n else []

    for start, end in pairwise([*starts, n]):
        alone = chart(
            args["kind"],
            args["values"][start:end],
            args["denominators"] and args["denominators"][start:end],
            fix_after=args["fix_after"],
            direction=args["direction"],
        )
        assert result.points[start:end] == alone.points


@no_deadline
@given(series(kinds=LIMITED))
def test_property_reversing_direction_swaps_improvement_and_concern(args):
    swap = {"improvement": "concern", "concern": "improvement"}
    up = chart(**{**args, "direction": "increase"})
    down = chart(**{**args, "direction": "decrease"})

    assert column(down, "kind") == [swap.get(k, k) for k in column(up, "kind")]


@no_deadline
@given(st.sampled_from(LIMITED), st.integers(1, 50), st.integers(0, 60), directions)
def test_property_a_constant_series_has_no_special_cause(kind, value, n, direction):
    denominators = [100] * n if kind in ("u", "u'", "p", "p'") else None

    assert special(chart(kind, [value] * n, denominators, direction=direction)) == {}


@no_deadline
@given(
    counts.flatmap(
        lambda xs: st.tuples(
            st.just(xs), st.lists(st.integers(1, 10**6), min_size=len(xs), max_size=len(xs))
        )
    )
)
def test_property_laney_p_prime_and_u_prime_limits_agree_below_1(data):
    numerators, extra = data
    denominators = [x + e for x, e in zip(numerators, extra, strict=True)]
    p_prime = chart("p'", numerators, denominators)
    u_prime = chart("u'", numerators, denominators)
    assume(all(p.upl is None or p.upl < 1 for p in u_prime.points))

    for p, u in zip(p_prime.points, u_prime.points, strict=True):
        assert p.upl == u.upl or p.upl == pytest.approx(u.upl, rel=1e-9)
        assert p.lpl == u.lpl or p.lpl == pytest.approx(u.lpl, rel=1e-9, abs=1e-12)


@no_deadline
@given(st.lists(st.floats(-1e6, 1e6), max_size=40))
def test_property_run_chart_counts_every_point_off_the_median(values):
    result = chart("run", values)

    if values:
        (runs,) = result.runs
        median = result.points[0].mean
        assert runs.useful == sum(v != median for v in values)
        assert runs.signal == (
            runs.useful > 0
            and (runs.longest_run > runs.longest_run_max or runs.crossings < runs.crossings_min)
        )
