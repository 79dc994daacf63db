"""What a web server's worker does once, before its first request."""

import gc
from pathlib import Path

from django.template import engines
from django.urls import get_resolver


def warm_and_freeze():
    """Build what every worker builds anyway (the URL map, the compiled templates), then
    freeze every object alive, so the garbage collector never walks them again.

    Django's setup, the URL map and the templates leave about 150,000 objects that live as
    long as the process. Python's collector walks every tracked object at each full
    collection: at scale 100 such a pause took 150-600 ms on this project's 2-core
    machines, and fell on whichever request was running, so it set the pages' p99.
    Frozen, they are left out; a full collection then walks only the objects made since
    (about 18,000 after every page shape has been served once)."""
    # Reading the reverse map builds the URL map.
    get_resolver().reverse_dict  # noqa: B018
    engine = engines["django"].engine
    for directory in map(Path, engine.dirs):
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                engine.get_template(str(path.relative_to(directory)))
    gc.freeze()
