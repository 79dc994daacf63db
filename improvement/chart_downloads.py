"""A measure's chart as files to download: the page's SVG standing on its own, and the
same chart as a PNG image."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from .chart_images import chart_png
from .chart_markup import spc_svg

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _attachment(content, content_type, measure, extension):
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="measure-{measure.pk}-chart-{stamp}.{extension}"'
    )
    return response


def drawable(page):
    """The chart page, unless its values cannot be drawn (the page says why)."""
    if page["chart"] is None:
        raise Http404("This measure's chart cannot be drawn")
    return page


def svg_response(page):
    """The SVG the measure's page draws (record_pages.measure_chart_page), with its size and
    its styles, which the page's stylesheet gives it there."""
    page = drawable(page)
    svg = spc_svg(
        page["geometry"], measure=page["measure"], sentence=page["sentence"], standalone=True
    )
    return _attachment(XML_DECLARATION + svg, "image/svg+xml", page["measure"], "svg")


def png_response(page):
    page = drawable(page)
    png = chart_png(page["geometry"], unit=page["measure"].unit)
    return _attachment(png, "image/png", page["measure"], "png")
