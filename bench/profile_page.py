"""Time and profile one page in-process, with the production settings and no cache.

    .venv/bin/python bench/profile_page.py /improvement/ [--user NAME] [--scale 100]
        [--runs 50] [--profile]

Serves the path through the portal's own WSGI handler (the whole middleware stack) as a
signed-in user, against the bench's database at that scale (`make bench` builds it), and
prints the mean and median CPU and wall milliseconds a request costs, and the Python
function calls it makes. CPU time is the process's own, but on a busy machine it still
grows (shared caches, frequency); the count of calls is the same however busy the machine
is, so it compares two versions of a page fairly. Wall time adds the database's share.
`--profile` prints pyinstrument's call tree of the runs.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--user", default="bench.visitor.0")
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    return parser.parse_args()


def configure(scale):
    postgres = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "profile-page-only"),
        DJANGO_HTTPS="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"{postgres}/portal_bench_s{scale}",
        CACHE_URL="dummy://",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def session_cookie(username):
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
        load_backend,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The first backend that signs people in (django-axes' only guards the sign-in).
    session[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def environ(path, cookie):
    route, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "HTTP_ACCEPT_ENCODING": "gzip",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def request(application, path, cookie):
    statuses = []
    body = b"".join(application(environ(path, cookie), lambda s, h, e=None: statuses.append(s)))
    if not statuses[0].startswith("200"):
        raise SystemExit(f"{path} answered {statuses[0]}")
    return body


def main():
    options = arguments()
    configure(options.scale)
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    cookie = session_cookie(options.user)
    for _ in range(3):
        request(application, options.path, cookie)
    profiler = None
    if options.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    cpu, wall = [], []
    for _ in range(options.runs):
        cpu_started, wall_started = time.process_time(), time.perf_counter()
        body = request(application, options.path, cookie)
        cpu.append((time.process_time() - cpu_started) * 1000)
        wall.append((time.perf_counter() - wall_started) * 1000)
    if profiler:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(
        f"{options.path} at scale {options.scale}, {options.runs} runs, {len(body):,} bytes: "
        f"CPU mean {statistics.mean(cpu):.1f} ms, median {statistics.median(cpu):.1f} ms; "
        f"wall mean {statistics.mean(wall):.1f} ms, median {statistics.median(wall):.1f} ms; "
        f"{calls_per_request(application, options.path, cookie):,} function calls a request"
    )


def calls_per_request(application, path, cookie, runs=5):
    counting = cProfile.Profile()
    counting.enable()
    for _ in range(runs):
        request(application, path, cookie)
    counting.disable()
    return pstats.Stats(counting, stream=io.StringIO()).total_calls // runs


if __name__ == "__main__":
    main()
