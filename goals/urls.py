from django.urls import path, register_converter

from . import views
from .converters import FinancialYearConverter

register_converter(FinancialYearConverter, "fy")

app_name = "goals"
urlpatterns = [
    path("", views.home, name="home"),
    path("strategies/", views.strategy_list, name="strategies"),
    path("strategies/<slug:slug>/", views.strategy_detail, name="strategy"),
    path("strategies/<slug:slug>/objectives/", views.objectives_current, name="objectives_current"),
    path(
        "strategies/<slug:slug>/objectives/<fy:year>/",
        views.objectives_for_year,
        name="objectives",
    ),
    path(
        "strategies/<slug:slug>/objectives/<fy:year>/<int:number>/",
        views.objective_detail,
        name="objective",
    ),
    path(
        "strategies/<slug:slug>/objectives/<fy:year>/<int:number>/update/",
        views.update_write,
        name="update_write",
    ),
    path("strategies/<slug:slug>/reports/", views.report_list, name="reports"),
    path("strategies/<slug:slug>/reports/<str:period>/", views.report, name="report"),
    path("strategies/<slug:slug>/reports/<str:period>/csv/", views.report_csv, name="report_csv"),
    path("delivery/approvals/", views.approvals, name="approvals"),
    path("delivery/overdue/", views.overdue, name="overdue"),
    path("delivery/updates/<int:pk>/approve/", views.update_approve, name="update_approve"),
    path("delivery/updates/<int:pk>/return/", views.update_return, name="update_return"),
]
