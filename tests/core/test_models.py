"""Shared models: a seed file's marker is kept once per file."""

import pytest
from django.db import IntegrityError, transaction

from core.models import SeededDocument

pytestmark = pytest.mark.django_db


def test_seeded_document_key_is_unique():
    SeededDocument.objects.create(key="goals/02_mseft.yaml")
    with pytest.raises(IntegrityError), transaction.atomic():
        SeededDocument.objects.create(key="goals/02_mseft.yaml")


def test_seeded_document_reads_as_its_key():
    assert str(SeededDocument(key="goals/01_mse-ics.yaml")) == "goals/01_mse-ics.yaml"
