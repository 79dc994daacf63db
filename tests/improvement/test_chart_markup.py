"""The SVG and table rows chart_markup writes from a chart's geometry: every text escaped, and
numbers written as the templates wrote them (the page's tests check what the chart shows)."""

import datetime
from types import SimpleNamespace

from improvement import spc
from improvement.chart_markup import spc_svg, value_rows
from improvement.charts import WIDE, ChartGeometry
from tests.html import parse

FIRST_WEEK = datetime.date(2024, 4, 1)
VALUES = [10, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12, 6, 7, 5, 6]
WEEKS = [FIRST_WEEK + datetime.timedelta(weeks=week) for week in range(len(VALUES))]
NAME = 'Falls <on> "Ward 4" & 5'
NOTE = "Rota <b>B</b> & more"


def measure(**fields):
    return SimpleNamespace(pk=7, name=NAME, unit="falls & slips", **fields)


def geometry(**kwargs):
    chart = spc.chart("i", VALUES, rebase_at=[12])
    return ChartGeometry(
        chart,
        WEEKS,
        rebase_at=[12],
        target=8.5,
        markers=[("PDSA 1", "PDSA cycle 1: <rota> & handover", WEEKS[12])],
        notes=[""] * 15 + [NOTE],
        layout=WIDE,
        **kwargs,
    )


def test_every_text_in_the_svg_is_escaped():
    g = geometry()
    markup = spc_svg(g, measure=measure(), sentence="It <varies> & wanders.")
    svg = parse(markup).find("svg")

    assert (
        svg.find("title").text
        == f"{NAME}: It <varies> & wanders. The values are in the table below."
    )
    assert "&lt;on&gt; &quot;Ward 4&quot; &amp; 5" in markup
    assert svg.find("g", css_class="portal-spc__marker").find("title").text == (
        "PDSA cycle 1: <rota> & handover"
    )
    assert list(svg.find_all("circle"))[-1].find("title").text == f"15 Jul 2024: 6. {NOTE}"
    assert "falls & slips" in [text.text for text in svg.find_all("text")]


def test_numbers_are_written_as_python_writes_them():
    g = geometry()
    svg = parse(spc_svg(g, measure=measure(), sentence="")).find("svg")

    assert [(c.attrs["cx"], c.attrs["cy"]) for c in svg.find_all("circle")] == [
        (str(point.x), str(point.y)) for point in g.points
    ]
    tick = svg.find("text", css_class="portal-spc__axis-label")
    assert (tick.attrs["x"], tick.attrs["y"]) == (str(g.left - 6), str(g.y_ticks[0][0]))
    assert svg.find("polyline").attrs["points"] == g.line


def test_the_download_carries_its_size_and_styles_and_the_page_does_not():
    g = geometry()
    page = parse(spc_svg(g, measure=measure(), sentence="")).find("svg")
    alone = parse(spc_svg(g, measure=measure(), sentence="Steady.", standalone=True)).find("svg")

    assert page.attrs["class"] == "portal-spc__svg portal-spc__svg--wide"
    assert page.find("style") is None
    assert (alone.attrs["width"], alone.attrs["height"]) == ("720", "320")
    assert alone.find("style") is not None
    assert alone.find("title").text == f"{NAME}: Steady."


def test_value_rows_write_each_period_its_numbers_and_its_notes():
    chart = spc.chart("p", [5.0, 30.0], [100.0, 250.0])
    data_points = [
        SimpleNamespace(period=WEEKS[0], value=5.0, denominator=100.0, note=NOTE),
        SimpleNamespace(period=WEEKS[1], value=30.0, denominator=250.0, note=""),
    ]
    annotations = [["PDSA cycle 1 starts: <rota>"], []]
    rows = list(zip(data_points, chart.points, annotations, strict=True))
    cells = [
        [cell.text for cell in row.find_all("td")]
        for row in parse(value_rows(rows, with_denominators=True)).find_all("tr")
    ]

    # p-bar 0.1; 100 patients give limits of 0.1 ± 3 √(0.1 × 0.9 / 100), 0.01 to 0.19.
    assert cells[0][:6] == ["1 Apr 2024", "5", "100", "0.05", "0.1", "0.01 to 0.19"]
    assert cells[0][7] == f"{NOTE} PDSA cycle 1 starts: <rota>"
    assert cells[1][0] == "8 Apr 2024"
    assert cells[1][7] == ""
    assert value_rows(rows[:1], with_denominators=True).count("<br>") == 1


def test_value_rows_without_limits_say_none():
    chart = spc.chart("run", [5.0, 6.0, 7.0])
    data_points = [
        SimpleNamespace(period=week, value=value, note="")
        for week, value in zip(WEEKS[:3], [5.0, 6.0, 7.0], strict=True)
    ]
    rows = list(zip(data_points, chart.points, [[], [], []], strict=True))
    cells = [
        [cell.text for cell in row.find_all("td")]
        for row in parse(value_rows(rows, with_denominators=False)).find_all("tr")
    ]

    assert cells[0] == ["1 Apr 2024", "5", "6", "None", "Common cause", ""]
