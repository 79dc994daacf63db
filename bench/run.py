"""`make bench`: the portal under load at NHS scale, on this machine.

Builds (once) PostgreSQL databases holding the demo at scale 1 and at BENCH_SCALE (100), serves
the portal with gunicorn (2 workers, production settings, the Redis cache) on 127.0.0.1, and
drives each main page with wrk beside a bare view served by the same process. Reports, per
page, requests per second, median and 99th-percentile latency, the ratio to the bare view,
queries per request at both scales and the first load's compressed size; then a minute of
load at 64 connections while ideas are submitted, two instances sharing one database, and
the SPC computation's time. Writes the table to bench/results/bench.md and exits non-zero
when a target is missed.

The machine has two cores shared by the server and wrk, so throughput is judged as a ratio
to the bare view measured in the same run, never as an absolute figure alone.
"""

import datetime
import gzip
import hashlib
import http.cookies
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import xmr  # noqa: E402

PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"

SCALE = int(os.environ.get("BENCH_SCALE", "100"))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PORTS = (8765, 8766)
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
BARE_SECONDS = 5
CONNECTIONS = 16
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
LOAD_CONNECTIONS = 64
LOAD_IDEAS = 40

THROUGHPUT_RATIO_TARGET = 0.5
P99_TARGET_MS = 100.0
FIRST_LOAD_TARGET_KB = 150.0
VISITORS = [f"bench.visitor.{number}" for number in range(16)]
BENCH_USERNAME = VISITORS[0]
# One key for the run: the sessions the bench makes must be valid on every server it starts.
SECRET_KEY = secrets.token_urlsafe(50)


def log(message):
    print(f"[bench] {message}", flush=True)


def database_url(scale):
    return f"{POSTGRES}/portal_bench_s{scale}"


def server_environment(scale, **extra):
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DATABASE_URL": database_url(scale),
        "REDIS_URL": REDIS_URL,
        **extra,
    }


def manage(scale, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=server_environment(scale),
        check=True,
        text=True,
        capture_output=capture,
    )


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk is missing: installing it with apt-get")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)


def ensure_database(scale):
    """Create, migrate and fill the scale's database unless a run already did."""
    name = f"portal_bench_s{scale}"
    exists = subprocess.run(
        [
            "psql",
            f"{POSTGRES}/postgres",
            "-tAc",
            f"select 1 from pg_database where datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            ["psql", f"{POSTGRES}/postgres", "-qc", f"create database {name}"], check=True
        )
    manage(scale, "migrate", "--no-input", "--verbosity", "0")
    started = time.monotonic()
    output = manage(scale, "seed", "--demo", "--scale", str(scale), capture=True).stdout
    if "already" not in output:
        log(f"built the scale {scale} database in {time.monotonic() - started:.0f} s")
    manage(scale, "shell", "-c", SESSION_SCRIPT, capture=True)


# Makes the bench's users: visitors, every other one an improvement lead (so every page is
# open to them all, and both roles' pages are rendered); run with `manage.py shell -c`.
SESSION_SCRIPT = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from improvement.roles import IMPROVEMENT_LEADS
leads = Group.objects.get(name=IMPROVEMENT_LEADS)
for number, username in enumerate({VISITORS!r}):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={{"first_name": "Bench", "last_name": f"Visitor {{number}}"}}
    )
    if number % 2 == 0:
        user.groups.add(leads)
"""

PAGE_IDS_SCRIPT = """
from django.db.models import Count
from goals.models import Objective
from improvement.models import Project
project = (
    Project.objects.annotate(points=Count("measures__data_points"))
    .order_by("-points", "pk").first()
)
objective = Objective.objects.filter(strategy__organisation__slug="mseft").order_by(
    "-year", "number").first()
print(project.pk, objective.strategy.organisation.slug, objective.year, objective.number)
"""


def main_pages(scale):
    output = manage(scale, "shell", "-c", PAGE_IDS_SCRIPT, capture=True).stdout.split()
    project, organisation, year, number = output[-4:]
    financial_year = f"{year}-{(int(year) + 1) % 100:02d}"
    return {
        "home": "/",
        "strategy": f"/strategies/{organisation}/",
        "values": "/values/",
        "value": f"/values/{organisation}/compassionate/",
        "search": "/search/?q=patients",
        "dashboard": "/improvement/",
        "idea list": "/improvement/ideas/",
        "project list": "/improvement/projects/",
        "project": f"/improvement/projects/{project}/",
        "objective": f"/strategies/{organisation}/objectives/{financial_year}/{number}/",
    }


QUERY_COUNT_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
client.force_login(get_user_model().objects.get(username={username!r}))
counts = {{}}
for name, url in json.loads({pages!r}).items():
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    counts[name] = len(queries)
print("COUNTS" + json.dumps(counts))
"""


def queries_per_request(scale, pages):
    """The queries of rendering each page on an empty cache: the work a page does after a
    write. (Served again to the same visitor before the next write, a page makes none.)"""
    script = QUERY_COUNT_SCRIPT.format(username=BENCH_USERNAME, pages=json.dumps(pages))
    output = manage(scale, "shell", "-c", script, capture=True).stdout
    return json.loads(output.split("COUNTS", 1)[1])


class Server:
    """gunicorn with two workers and the production settings, on 127.0.0.1."""

    def __init__(self, scale, port):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "strategy_portal.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                str(RESULTS / f"gunicorn-{port}.log"),
            ],
            cwd=ROOT,
            env=server_environment(scale),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/bench/bare/", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start on port {port}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Browser:
    """A client that keeps its cookies and posts forms with their CSRF token, as a person's
    browser would."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.last_path = ""

    def request(self, path, data=None, headers=None):
        headers = {
            **(headers or {}),
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if data is not None:
            headers["Referer"] = self.base + path
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = http.cookies.SimpleCookie(header)
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
            if urllib.parse.urlsplit(response.geturl()).path == "/login/":
                raise ValueError(f"{path} asked the bench user to sign in")
            self.last_path = urllib.parse.urlsplit(response.geturl()).path
            return response.status, dict(response.headers), response.read()

    def get(self, path, headers=None):
        return self.request(path, headers=headers)

    def post(self, path, fields):
        fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        status, _, body = self.request(
            path, data=urllib.parse.urlencode(fields, doseq=True).encode()
        )
        return status, body


SESSIONS_SCRIPT = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
keys = {{}}
for user in get_user_model().objects.filter(username__in={usernames!r}):
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys[user.username] = session.session_key
print("SESSIONS" + json.dumps(keys))
"""


def signed_in_visitors(scale, base):
    """A browser for each visitor, signed in by Django itself (they have no password), with
    the CSRF cookie its first page gives it, as a person's browser would have."""
    script = SESSIONS_SCRIPT.format(usernames=VISITORS)
    output = manage(scale, "shell", "-c", script, capture=True).stdout
    keys = json.loads(output.split("SESSIONS", 1)[1])
    browsers = []
    for username in VISITORS:
        browser = Browser(base)
        browser.cookies["sessionid"] = keys[username]
        browser.get("/improvement/ideas/new/")
        browsers.append(browser)
    return browsers


VISITORS_SCRIPT = """
cookies = {cookies}
paths = {paths}
counter = 0
request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  local cookie = cookies[(counter % #cookies) + 1]
  return wrk.format("GET", path, {{["Cookie"] = cookie}})
end
"""


def lua_list(items):
    return "{" + ", ".join(f'"{item}"' for item in items) + "}"


def visitors_script(visitors, paths):
    """A wrk script sending each request as the next visitor, for the next of the paths."""
    script = RESULTS / f"visitors-{hashlib.sha1(repr(paths).encode()).hexdigest()[:8]}.lua"
    cookies = [
        "; ".join(f"{name}={value}" for name, value in visitor.cookies.items())
        for visitor in visitors
    ]
    script.write_text(
        VISITORS_SCRIPT.format(cookies=lua_list(cookies), paths=lua_list(paths)), encoding="utf-8"
    )
    return script


def run_wrk(url, connections, seconds, script=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def first_load_bytes(browser, path):
    """What a first visit transfers, compressed: the page and the CSS and JS it loads.

    Also checks that every such file is served with a hashed name and far-future caching,
    so a repeat visit loads them from the browser's cache.
    """
    accept = {"Accept-Encoding": "gzip"}
    _, headers, body = browser.get(path, accept)
    total = len(body)  # as sent: compressed when the server compressed it
    page = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
    assets = set(re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page))
    assets |= module_imports(browser, assets)
    cached_for_ever = True
    for asset in sorted(assets):
        _, asset_headers, asset_body = browser.get(asset.decode(), accept)
        total += len(asset_body)
        control = asset_headers.get("Cache-Control", "")
        cached_for_ever &= "immutable" in control or "max-age=315360000" in control
    return total, cached_for_ever


def module_imports(browser, assets):
    """The modules the portal's scripts import (nhsuk-frontend's), which load with them."""
    imported = set()
    for asset in assets:
        if asset.endswith(b".js"):
            _, _, body = browser.get(asset.decode())
            for name in re.findall(rb'from\s*"([^"]+\.js)"', body):
                imported.add(urllib.parse.urljoin(asset.decode(), name.decode()).encode())
    return imported


def measure_pages(server, visitors, pages):
    """Each page under load, with the bare view driven just before and just after it: the
    page's ratio is to those two runs, so a machine that slows down or speeds up during
    the benchmark moves both sides alike."""
    # The bare view is driven the same way, cookies and all, so wrk's own work is the same.
    bare_url = server.base + "/bench/bare/"
    bare_script = visitors_script(visitors, ["/bench/bare/"])
    run_wrk(bare_url, CONNECTIONS, 2, bare_script)  # warm the workers
    bare_runs = [run_wrk(bare_url, CONNECTIONS, BARE_SECONDS, bare_script)]
    rows = {}
    for name, path in pages.items():
        log(f"driving {name}: {path}")
        script = visitors_script(visitors, [path])
        run_wrk(server.base + path, CONNECTIONS, 2, script)  # every visitor's first visit
        rows[name] = run_wrk(server.base + path, CONNECTIONS, SECONDS, script)
        bare_runs.append(run_wrk(bare_url, CONNECTIONS, BARE_SECONDS, bare_script))
        rows[name]["bare"] = (bare_runs[-2]["rps"] + bare_runs[-1]["rps"]) / 2
        rows[name]["bytes"], rows[name]["cached"] = first_load_bytes(visitors[1], path)
    return bare_runs, rows


def load_with_submissions(server, scale, visitors, pages):
    """A minute at 64 connections over every page while ideas are submitted through the form."""
    script = visitors_script(visitors, list(pages.values()))
    browser = visitors[0]
    marker = f"Bench load {datetime.datetime.now():%Y%m%d%H%M%S}"
    submitted, failures = [], []

    def submit():
        interval = LOAD_SECONDS / (LOAD_IDEAS + 1)
        for number in range(LOAD_IDEAS):
            time.sleep(interval)
            title = f"{marker} idea {number}"
            try:
                submit_idea(browser, title)
                submitted.append(title)
            except (OSError, ValueError) as error:
                failures.append(f"{title}: {error}")

    submitter = threading.Thread(target=submit)
    submitter.start()
    result = run_wrk(server.base + "/", LOAD_CONNECTIONS, LOAD_SECONDS, script)
    submitter.join()
    stored = int(
        manage(
            scale,
            "shell",
            "-c",
            "from improvement.models import Idea\n"
            f"print(Idea.objects.filter(title__startswith={marker!r}).count())",
            capture=True,
        ).stdout.split()[-1]
    )
    return result, len(submitted), stored, failures


def submit_idea(browser, title):
    """Fill in the idea form as a person would: the first site and objective offered."""
    _, _, form = browser.get("/improvement/ideas/new/")

    def first(name):
        found = re.search(rf'name="{name}"[^>]*value="([^"]+)"'.encode(), form)
        if not found:
            raise ValueError(f"the idea form has no {name}")
        return found.group(1).decode()

    fields = {
        "title": title,
        "problem": "Submitted during the benchmark.",
        "proposed_change": "Count it afterwards.",
        "site": first("site"),
        "ward": "Bench ward",
        "objectives": first("objectives"),
        "involves_patients": "no",
        "health_inequalities": "not_known",
        "submission_token": first("submission_token"),
    }
    status, body = browser.post("/improvement/ideas/new/", fields)
    if b'name="confirm"' in body:
        # The form showed similar ideas first; the person submits theirs all the same.
        status, body = browser.post("/improvement/ideas/new/", {**fields, "confirm": "yes"})
    # A saved idea redirects to its own page; a refused one shows the form again.
    if not re.fullmatch(r"/improvement/ideas/\d+/", browser.last_path):
        raise ValueError(f"the idea form refused {title!r} (status {status})")


def two_instances(first, second, visitor):
    """What one instance writes, the other serves: an idea sent to one shows on the other.

    The second instance renders the idea list before and after, so a page it had cached must
    be invalidated by a write made through the first.
    """
    writer, reader = Browser(first.base), Browser(second.base)
    for browser in (writer, reader):
        browser.cookies["sessionid"] = visitor.cookies["sessionid"]
        browser.get("/improvement/ideas/new/")
    title = f"Two instances {secrets.token_hex(4)}"
    before = reader.get("/improvement/ideas/")[2]
    submit_idea(writer, title)
    after = reader.get("/improvement/ideas/")[2]
    return title.encode() not in before and title.encode() in after


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, "
        f"Python {platform.python_version()}"
    )


def report(bare_runs, rows, counts_small, counts_large, load, instances_ok, xmr_ms):
    lines = [
        f"# make bench, {datetime.date.today():%Y-%m-%d}",
        "",
        f"Machine: {machine()}. Demo at scale {SCALE} on PostgreSQL; gunicorn with 2 workers,",
        f"production settings, Redis cache; wrk with 2 threads, {CONNECTIONS} connections, "
        f"{SECONDS} s a page.",
        "Bare view, driven before and after each page: "
        + ", ".join(f"{run['rps']:.0f}" for run in bare_runs)
        + " requests/s. Each page's ratio is to the mean of the runs on either side of it.",
        "",
        "| page | requests/s | bare view requests/s | ratio | median ms | p99 ms | queries "
        f"(scale 1 / {SCALE}) | first load KB | errors | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    missed = []
    for name, row in rows.items():
        ratio = row["rps"] / row["bare"]
        problems = []
        if ratio < THROUGHPUT_RATIO_TARGET:
            problems.append("throughput")
        if row["p99"] >= P99_TARGET_MS:
            problems.append("p99")
        if counts_small[name] != counts_large[name]:
            problems.append("queries grow")
        if row["bytes"] / 1024 > FIRST_LOAD_TARGET_KB:
            problems.append("size")
        if not row["cached"]:
            problems.append("static not cached for ever")
        if row["errors"] or row["non_2xx"]:
            problems.append("errors")
        missed += [f"{name}: {problem}" for problem in problems]
        verdict = "MISSED: " + ", ".join(problems) if problems else "met"
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['bare']:.0f} | {ratio:.0%} "
            f"| {row['p50']:.1f} | {row['p99']:.1f} "
            f"| {counts_small[name]} / {counts_large[name]} | {row['bytes'] / 1024:.0f} "
            f"| {row['errors'] + row['non_2xx']} | {verdict} |"
        )
    result, submitted, stored, failures = load
    load_ok = (
        not (result["errors"] or result["non_2xx"] or failures)
        and stored == submitted == LOAD_IDEAS
    )
    if not load_ok:
        missed.append("load")
    if not instances_ok:
        missed.append("two instances")
    if xmr_ms >= 50:
        missed.append("xmr")
    lines += [
        "",
        "| check | figure | target | result |",
        "| --- | --- | --- | --- |",
        f"| {LOAD_SECONDS} s at {LOAD_CONNECTIONS} connections over every page | "
        f"{result['requests']:,} requests, {result['rps']:.0f}/s, p99 {result['p99']:.0f} ms, "
        f"{result['errors']} socket errors, {result['non_2xx']} non-2xx | no errors, no 5xx "
        f"| {'met' if load_ok else 'MISSED'} |",
        f"| ideas submitted during the load | {submitted} sent, {stored} stored"
        f"{', failures: ' + '; '.join(failures) if failures else ''} | all {LOAD_IDEAS} stored "
        f"| {'met' if load_ok else 'MISSED'} |",
        "| two instances, one database and cache | an idea written on one is listed by the "
        f"other | yes | {'met' if instances_ok else 'MISSED'} |",
        f"| xmr on 10,000 points (median) | {xmr_ms:.1f} ms | < 50 ms | "
        f"{'met' if xmr_ms < 50 else 'MISSED'} |",
        "",
        "Every target met." if not missed else "Missed: " + "; ".join(missed) + ".",
    ]
    return "\n".join(lines) + "\n", missed


def main():
    RESULTS.mkdir(exist_ok=True)
    xmr_ms = xmr.median_ms()
    ensure_wrk()
    for scale in (1, SCALE):
        log(f"database at scale {scale}")
        ensure_database(scale)
    pages = main_pages(SCALE)
    small_pages = main_pages(1)
    log("queries per request at both scales")
    counts_small = dict(zip(pages, queries_per_request(1, small_pages).values(), strict=True))
    counts_large = queries_per_request(SCALE, pages)
    manage(SCALE, "collectstatic", "--no-input", "--verbosity", "0")
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, capture_output=True)
    first = Server(SCALE, PORTS[0])
    try:
        visitors = signed_in_visitors(SCALE, first.base)
        bare_runs, rows = measure_pages(first, visitors, pages)
        log(f"{LOAD_SECONDS} s of load at {LOAD_CONNECTIONS} connections")
        load = load_with_submissions(first, SCALE, visitors, pages)
        log("two instances against one database")
        second = Server(SCALE, PORTS[1])
        try:
            instances_ok = two_instances(first, second, visitors[0])
        finally:
            second.stop()
    finally:
        first.stop()
    table, missed = report(bare_runs, rows, counts_small, counts_large, load, instances_ok, xmr_ms)
    (RESULTS / "bench.md").write_text(table, encoding="utf-8")
    print(table)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
