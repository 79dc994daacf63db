"""Every improvement and training model in the admin opens for a superuser: its list, its add
page and a record's change page, on the seed and its demo (which hold a record of every
model)."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from improvement.models import IdeaImport, Rebase

pytestmark = pytest.mark.django_db

TRAINING_MODELS = {"course", "cohort", "cohortsession", "enrolment", "attendance", "wave", "ward"}


def registered_models(*app_labels):
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in app_labels),
        key=lambda model: (model._meta.app_label, model._meta.model_name),
    )


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_the_training_and_ward_models_are_in_the_admin():
    names = {model._meta.model_name for model in registered_models("training")}
    assert names >= TRAINING_MODELS


@pytest.mark.slow
def test_every_improvement_and_training_admin_page_opens_for_a_superuser(
    admin_client, admin_user, rf
):
    # One seed and demo for every model: the demo takes seconds.
    call_command("seed", stdout=io.StringIO())
    call_command("seed", "--demo", stdout=io.StringIO())
    # The demo holds a record of every model, rebases of measures' limits included, but for
    # an ideas import, which an administrator starts.
    assert Rebase.objects.exists()
    IdeaImport.objects.create(
        uploaded_by=admin_user, file_name="ideas.csv", headers=[], rows=[], total_rows=0
    )
    request = rf.get("/admin/")
    request.user = admin_user

    failures = []
    for model in registered_models("improvement", "training"):
        record = model.objects.order_by("pk").first()
        if record is None:
            failures.append(f"{model.__name__}: no record to open")
            continue
        # Records only the portal's pages write (rebases, attendance, imports) have no add
        # page.
        views = [("changelist", ()), ("change", (record.pk,)), ("history", (record.pk,))]
        if admin.site._registry[model].has_add_permission(request):
            views.append(("add", ()))
        for view, args in views:
            url = admin_url(model, view, *args)
            status = admin_client.get(url).status_code
            if status != 200:
                failures.append(f"{model.__name__} {view} ({url}): {status}")

    assert not failures, "\n".join(failures)
