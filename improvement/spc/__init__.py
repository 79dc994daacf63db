"""Statistical process control charts, the NHS "Making Data Count" way.

Pure Python (standard library only, no Django) so views, exports and tests can all use
it. The specification is the design note SPC.md. `xmr` draws MDC's XmR chart (reference
implementation: the R package NHSRplotthedots).

Modules by concern: rules (what a chart returns, the MDC rules and icons), xmr, stats and
inputs (shared arithmetic and argument checks).
"""

from .rules import KIND_COLOURS, MEAN_COLOUR, TARGET_COLOUR, Chart, Point, kind_colour
from .xmr import xmr

__all__ = [
    "KIND_COLOURS",
    "MEAN_COLOUR",
    "TARGET_COLOUR",
    "Chart",
    "Point",
    "kind_colour",
    "xmr",
]
