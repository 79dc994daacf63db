"""The production settings with the benchmark's extra URL: a bare view to compare against."""

from strategy_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
