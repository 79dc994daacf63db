"""The summary table of measures for the whole programme, a project, a strategic objective
and a site, and each as CSV. Everyone logged in reads them, as they read the projects and
measures they summarise."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import measure_summary
from .measure_summary_pages import SummaryPage, summary_csv_response

TEMPLATE = "improvement/measure_summary.html"


def _page(request, scope):
    return render(request, TEMPLATE, {"page": SummaryPage(request, scope)})


@login_required
def programme_summary(request):
    return _page(request, measure_summary.programme_scope())


@login_required
def programme_summary_csv(request):
    return summary_csv_response(request, measure_summary.programme_scope())


@login_required
def project_summary(request, pk):
    return _page(request, measure_summary.project_scope(pk))


@login_required
def project_summary_csv(request, pk):
    return summary_csv_response(request, measure_summary.project_scope(pk))


@login_required
def objective_summary(request, pk):
    return _page(request, measure_summary.objective_scope(pk))


@login_required
def objective_summary_csv(request, pk):
    return summary_csv_response(request, measure_summary.objective_scope(pk))


@login_required
def site_summary(request, pk):
    return _page(request, measure_summary.site_scope(pk))


@login_required
def site_summary_csv(request, pk):
    return summary_csv_response(request, measure_summary.site_scope(pk))
