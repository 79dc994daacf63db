"""QSIR training and the ward programme moved from improvement to training with their tables:
a database migrated under the old layout keeps every course, cohort (with its
facilitators), session, place, attendance, wave and ward under the same ids, the projects
keep their links to them, and the leads keep the permission to run training."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from improvement.models import Project
from tests.migrations import migrate
from training.models import Attendance, Cohort, CohortSession, Course, Enrolment, Ward, Wave

BEFORE_THE_MOVE = [("improvement", "0016_search_trigram_indexes")]
TRAINED_ON = datetime.date(2024, 5, 10)


def build_old_layout(apps):
    """One of each training record as improvement kept them, and a project linked to both the
    cohort and the ward; the ids of what was made."""
    User = apps.get_model("auth", "User")
    Organisation = apps.get_model("goals", "Organisation")
    Site = apps.get_model("goals", "Site")
    Course = apps.get_model("improvement", "Course")
    Cohort = apps.get_model("improvement", "Cohort")
    CohortSession = apps.get_model("improvement", "CohortSession")
    Enrolment = apps.get_model("improvement", "Enrolment")
    Attendance = apps.get_model("improvement", "Attendance")
    Wave = apps.get_model("improvement", "Wave")
    Ward = apps.get_model("improvement", "Ward")
    Project = apps.get_model("improvement", "Project")

    lead = User.objects.create(username="lead")
    trainee = User.objects.create(username="trainee")
    trust = Organisation.objects.create(
        name="Trust", short_name="T", slug="trust", kind="foundation_trust"
    )
    site = Site.objects.create(organisation=trust, name="North", short_name="N", slug="n")
    course = Course.objects.create(
        name="QSIR one-day course", slug="qsir-one-day", description="A day.", session_count=1
    )
    cohort = Cohort.objects.create(
        course=course, name="Spring", site=site, capacity=12, starts_on=TRAINED_ON
    )
    cohort.facilitators.add(lead)
    session = CohortSession.objects.create(cohort=cohort, number=1, date=TRAINED_ON)
    place = Enrolment.objects.create(
        cohort=cohort, person=trainee, status="confirmed", decided_by=lead, completed_on=TRAINED_ON
    )
    Attendance.objects.create(session=session, enrolment=place, recorded_by=lead)
    wave = Wave.objects.create(number=1, planned_start=datetime.date(2022, 1, 1))
    ward = Ward.objects.create(
        site=site, name="Ward 1", wave=wave, joined_on=datetime.date(2022, 2, 1), stage="testing"
    )
    project = Project.objects.create(
        title="Fewer falls",
        problem_statement="Falls.",
        aim="Halve falls.",
        lead=lead,
        site=site,
        ward="Ward 1",
        start_date=TRAINED_ON,
        target_date=TRAINED_ON,
        cohort=cohort,
        programme_ward=ward,
    )
    return {
        "lead": lead.pk,
        "trainee": trainee.pk,
        "cohort": cohort.pk,
        "place": place.pk,
        "ward": ward.pk,
        "project": project.pk,
    }


def leads_allowed_to_run_training(lead_pk):
    """The leads' group as the old layout granted it: the permission on improvement's cohort.
    contenttypes and auth are not migrated back: their models are today's."""
    cohort_type, _ = ContentType.objects.get_or_create(app_label="improvement", model="cohort")
    permission, _ = Permission.objects.get_or_create(
        content_type=cohort_type,
        codename="manage_training",
        defaults={"name": "Can run QSIR training and the ward programme"},
    )
    leads, _ = Group.objects.get_or_create(name="Training leads (old layout)")
    leads.permissions.add(permission)
    leads.user_set.add(lead_pk)
    return cohort_type, permission


# The schema changes cannot run inside the test's transaction on SQLite.
@pytest.mark.django_db(transaction=True)
def test_training_records_move_to_the_training_app_with_their_rows_links_and_permissions():
    try:
        ids = build_old_layout(migrate(BEFORE_THE_MOVE))
        cohort_type, permission = leads_allowed_to_run_training(ids["lead"])
    finally:
        migrate()
        ContentType.objects.clear_cache()

    cohort = Cohort.objects.get(pk=ids["cohort"])
    assert (cohort.course, cohort.name) == (Course.objects.get(), "Spring")
    assert [user.pk for user in cohort.facilitators.all()] == [ids["lead"]]
    session = CohortSession.objects.get()
    assert session.cohort == cohort
    place = Enrolment.objects.get(pk=ids["place"])
    assert (place.person_id, place.completed_on) == (ids["trainee"], TRAINED_ON)
    assert Attendance.objects.get().session == session
    assert Ward.objects.get(pk=ids["ward"]).wave == Wave.objects.get()
    assert list(Enrolment.objects.filter(completed_on=TRAINED_ON)) == [place]

    project = Project.objects.get(pk=ids["project"])
    assert (project.cohort, project.programme_ward_id) == (cohort, ids["ward"])
    assert list(cohort.projects.all()) == [project]

    assert ContentType.objects.get_for_model(Cohort).pk == cohort_type.pk
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "training"
    lead = get_user_model().objects.get(pk=ids["lead"])
    assert lead.has_perm("training.manage_training")
