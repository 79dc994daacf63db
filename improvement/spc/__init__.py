"""Statistical process control charts, the NHS "Making Data Count" way.

Pure Python (standard library only, no Django) so views, exports and tests can all use
it. The specification is the design note SPC.md. `xmr` draws MDC's XmR chart (reference
implementation: the R package NHSRplotthedots); `chart` draws the other types qicharts2
does (run, i, mr, c, u, u', p, p', g, t) and judges them by the same MDC rules.

Modules by concern: rules (what a chart returns, the MDC rules and icons), xmr, charts
(the other types), runs (the Anhøj rules of run charts), stats and inputs (shared
arithmetic and argument checks).
"""

from .charts import KINDS, WITH_DENOMINATORS, chart
from .rules import KIND_COLOURS, MEAN_COLOUR, TARGET_COLOUR, Chart, Point, Runs, kind_colour
from .xmr import xmr

__all__ = [
    "KINDS",
    "KIND_COLOURS",
    "MEAN_COLOUR",
    "TARGET_COLOUR",
    "WITH_DENOMINATORS",
    "Chart",
    "Point",
    "Runs",
    "chart",
    "kind_colour",
    "xmr",
]
