"""A gunicorn worker, importing strategy_portal.wsgi, compiles the templates before its first
request, then freezes what it has built out of the garbage collector's walks. Run in a
process of its own: freezing is for the whole process."""

import json
import os
import subprocess
import sys

from django.conf import settings

WORKER = """
import gc, json
import strategy_portal.wsgi
from django.template import engines

loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "compiled": sorted(name for name in loader.get_template_cache),
    "frozen": gc.get_freeze_count(),
    "walked": len(gc.get_objects()),
}))
"""


def test_a_worker_starts_with_every_template_compiled_and_its_objects_frozen():
    started = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=settings.BASE_DIR,
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    )
    worker = json.loads(started.stdout)

    templates = settings.BASE_DIR / "templates"
    every_template = sorted(
        str(path.relative_to(templates)) for path in templates.rglob("*") if path.is_file()
    )
    assert worker["compiled"] == every_template
    # Django and the portal: far more than the collector would walk at each full collection.
    assert worker["frozen"] > 50_000
    assert worker["walked"] < 1_000
