"""The production settings with the benchmark's extra URL: a trivial view behind the
portal's whole middleware (bench/urls.py)."""

from strategy_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
