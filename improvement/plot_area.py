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
