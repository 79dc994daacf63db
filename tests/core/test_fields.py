"""QuickJSONField: read with orjson, as a JSONField reads."""

import pytest

from core.models import Rollup

pytestmark = pytest.mark.django_db


def test_a_rollups_rows_read_back_as_they_were_written():
    rows = {
        "counts": {"month": ["2025-04-01", "2025-05-01"], "site": [None, 7], "by_effect": [[1, 0]]},
        "names": ["Café “Sunrise” ward", "A & E \\ minors", ""],
        "large": 2**40,
        "share": 0.25,
        "shown": True,
    }
    Rollup.objects.create(name="test", generation="1", rows=rows)

    assert Rollup.objects.get(name="test").rows == rows


def test_a_key_of_a_rollups_rows_reads_as_its_value():
    Rollup.objects.create(
        name="test", generation="1", rows={"label": "reducing", "count": 3, "sites": [1, 2]}
    )

    read = Rollup.objects.filter(name="test").values_list(
        "rows__label", "rows__count", "rows__sites"
    )

    assert read.get() == ("reducing", 3, [1, 2])
