"""The courses' order: one number per course, as every list of the portal; a number given
twice is refused on the course's admin page, naming the course that has it."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.html import form_data, parse
from tests.training.factories import CourseFactory
from training.models import Course

pytestmark = pytest.mark.django_db


def test_the_database_refuses_one_number_for_two_courses():
    CourseFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseFactory(order=1)


def test_a_courses_page_refuses_a_number_another_course_has(seeded, admin_client):
    one_day, five_week = Course.objects.all()[:2]
    url = reverse("admin:training_course_change", args=[five_week.pk])
    data = form_data(admin_client.get(url), "course_form")
    data["order"] = [str(one_day.order)]
    data["_save"] = ["Save"]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert parse(response).find(id="id_order_error").text == (
        f"“{one_day}” already has number {one_day.order}. Give each course a number of its "
        "own: to swap two, first give one of them a number no other has."
    )
    five_week.refresh_from_db()
    assert five_week.order == one_day.order + 1
