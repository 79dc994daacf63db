"""Display logic every app shares."""

import pytest

from core.presenters import person_name
from tests.factories import UserFactory


@pytest.mark.django_db
def test_people_are_named_as_staff_know_them():
    assert person_name(UserFactory(first_name="Ada", last_name="Nurse")) == "Ada Nurse"
    assert person_name(UserFactory(username="a.nurse", first_name="", last_name="")) == "a.nurse"
    assert person_name(None) == ""
