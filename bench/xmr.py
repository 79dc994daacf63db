"""Time improvement.spc.xmr on 10,000 points: the SPC target is under 50 ms.

Runs the computation several times on a seeded random series (with a shift, a trend and
outliers, so every rule does work) and reports the median, which a busy machine moves least.
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from improvement.spc import xmr  # noqa: E402

POINTS = 10_000
RUNS = 15
TARGET_MS = 50.0


def series():
    rng = random.Random(4)
    values = [rng.gauss(50, 5) for _ in range(POINTS)]
    for index in range(3000, 3400):
        values[index] += 12
    for index in range(6000, 6010):
        values[index] = 50 + index - 6000
    for index in range(0, POINTS, 997):
        values[index] += 40
    return values


def timings_ms():
    values = series()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        xmr(values, direction="decrease", target=45, rebase_at=(5000,))
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def median_ms():
    return statistics.median(timings_ms())


def main():
    timings = timings_ms()
    median = statistics.median(timings)
    verdict = "met" if median < TARGET_MS else "MISSED"
    table = (
        "| measurement | median | best | target | result |\n"
        "| --- | ---: | ---: | ---: | --- |\n"
        f"| xmr on {POINTS:,} points ({RUNS} runs) | {median:.1f} ms | {min(timings):.1f} ms "
        f"| < {TARGET_MS:.0f} ms | {verdict} |\n"
    )
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "xmr.md").write_text(table, encoding="utf-8")
    print(table)
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
