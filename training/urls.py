from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.training, name="training"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:pk>/ask/", views.cohort_ask, name="cohort_ask"),
    path(
        "cohorts/<int:pk>/sessions/<int:number>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path(
        "cohorts/<int:pk>/sessions/<int:number>/change/",
        views.session_change,
        name="session_change",
    ),
    path(
        "places/<int:pk>/confirm/",
        views.enrolment_confirm,
        name="enrolment_confirm",
    ),
    path(
        "places/<int:pk>/withdraw/",
        views.enrolment_withdraw,
        name="enrolment_withdraw",
    ),
    path("record/", views.training_record, name="training_record"),
    path(
        "record/<int:user_pk>/",
        views.training_record,
        name="person_training_record",
    ),
    path("wards/", views.ward_programme, name="ward_programme"),
    path("wards/<int:pk>/", views.ward_detail, name="ward"),
]
