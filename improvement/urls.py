from django.urls import path

from . import measure_summary_views, measure_views, views

app_name = "improvement"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ideas/", views.idea_list, name="ideas"),
    path("ideas/mine/", views.my_ideas, name="my_ideas"),
    path("ideas/new/", views.idea_create, name="idea_create"),
    path("ideas/export.csv", views.ideas_csv, name="ideas_csv"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea"),
    path("ideas/<int:pk>/follow/", views.idea_follow, name="idea_follow"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/questions/", views.idea_message, name="idea_message"),
    path("ideas/<int:pk>/withdraw/", views.idea_withdraw, name="idea_withdraw"),
    path("ideas/<int:pk>/review/", views.idea_review, name="idea_review"),
    path("ideas/<int:pk>/decline/", views.idea_decline, name="idea_decline"),
    path("ideas/<int:pk>/merge/", views.idea_merge, name="idea_merge"),
    path("ideas/<int:pk>/support/", views.idea_support, name="idea_support"),
    path("projects/", views.project_list, name="projects"),
    path("projects/export.csv", views.projects_csv, name="projects_csv"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/charter/", views.project_charter, name="project_charter"),
    path("projects/<int:pk>/progress/", views.project_progress, name="project_progress"),
    path("projects/<int:pk>/phase/", views.project_phase, name="project_phase"),
    path("projects/<int:pk>/status/", views.project_status, name="project_status"),
    path("projects/<int:pk>/pdsa/new/", views.pdsa_cycle_form, name="pdsa_create"),
    path("projects/<int:pk>/pdsa/<int:cycle_pk>/", views.pdsa_cycle_form, name="pdsa_edit"),
    path("projects/<int:pk>/measures/new/", measure_views.measure_form, name="measure_create"),
    path(
        "projects/<int:pk>/measures/<int:measure_pk>/edit/",
        measure_views.measure_form,
        name="measure_edit",
    ),
    path(
        "projects/<int:pk>/measures/",
        measure_summary_views.project_summary,
        name="project_measure_summary",
    ),
    path(
        "projects/<int:pk>/measures.csv",
        measure_summary_views.project_summary_csv,
        name="project_measure_summary_csv",
    ),
    path("measures/", measure_summary_views.programme_summary, name="measure_summary"),
    path(
        "measures/summary.csv",
        measure_summary_views.programme_summary_csv,
        name="measure_summary_csv",
    ),
    path(
        "objectives/<int:pk>/measures/",
        measure_summary_views.objective_summary,
        name="objective_measure_summary",
    ),
    path(
        "objectives/<int:pk>/measures.csv",
        measure_summary_views.objective_summary_csv,
        name="objective_measure_summary_csv",
    ),
    path(
        "sites/<int:pk>/measures/",
        measure_summary_views.site_summary,
        name="site_measure_summary",
    ),
    path(
        "sites/<int:pk>/measures.csv",
        measure_summary_views.site_summary_csv,
        name="site_measure_summary_csv",
    ),
    path("measures/<int:pk>/", measure_views.measure_detail, name="measure"),
    path("measures/<int:pk>/data.csv", measure_views.measure_csv, name="measure_csv"),
    path("measures/<int:pk>/chart.svg", measure_views.measure_svg, name="measure_svg"),
    path("measures/<int:pk>/chart.png", measure_views.measure_png, name="measure_png"),
    path("measures/<int:pk>/values/", measure_views.measure_add_value, name="measure_add_value"),
    path("measures/<int:pk>/upload/", measure_views.measure_upload, name="measure_upload"),
    path(
        "measures/<int:pk>/values/delete/",
        measure_views.measure_delete_value,
        name="measure_delete_value",
    ),
    path("measures/<int:pk>/rebase/", measure_views.measure_rebase, name="measure_rebase"),
    path(
        "measures/<int:pk>/rebases/<int:rebase_pk>/remove/",
        measure_views.rebase_remove,
        name="rebase_remove",
    ),
]
