"""What the portal's SVG charts share: the plot area inside their margins and the top of a
scale."""


class PlotArea:
    """The box inside an SVG chart where the data is drawn: the chart's size less its
    margins. A chart class sets width, height, left, right, top and bottom."""

    width = height = left = right = top = bottom = 0

    @property
    def plot_width(self):
        return self.width - self.left - self.right

    @property
    def plot_height(self):
        return self.height - self.top - self.bottom

    @property
    def plot_right(self):
        return self.width - self.right

    @property
    def baseline(self):
        return self.height - self.bottom


def nice_ceiling(value):
    """The smallest of 4, 8, 20, 40, 80, 200 … (a multiple of 4 steps) at or above value."""
    if value <= 0:
        return 0
    magnitude = 1
    while True:
        for factor in (4, 8, 20):
            if factor * magnitude >= value:
                return factor * magnitude
        magnitude *= 10
