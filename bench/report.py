"""The bench's report: markdown tables with every figure, each target met or MISSED."""

import os
import platform
import re
import subprocess
from pathlib import Path


def command_output(command):
    try:
        return subprocess.run(
            command, capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine(postgres, redis_url):
    """The machine the figures were measured on: they mean nothing without it."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    postgres_version = command_output(
        ["psql", f"{postgres}/postgres", "-tAc", "show server_version"]
    ).split(" ")[0]
    redis_info = command_output(["redis-cli", "-u", redis_url, "info", "server"])
    found = re.search(r"redis_version:(\S+)", redis_info)
    redis_version = found.group(1) if found else "unknown"
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB memory, "
        f"Python {platform.python_version()}, PostgreSQL {postgres_version}, "
        f"Redis {redis_version}"
    )


def verdict(problems):
    return "MISSED: " + ", ".join(problems) if problems else "met"


def met(ok):
    return "met" if ok else "MISSED"


def visitors_label(group, usernames):
    names = {
        "everyone": f"{len(usernames)} ({len(usernames) // 2} leads)",
        "leads": f"{len(usernames)} leads",
        "editors": f"{len(usernames)} editors",
    }
    return names.get(group, f"{len(usernames)} busiest {group}")


def write(
    *,
    started,
    machine,
    load_averages,
    settings,
    targets,
    pages,
    groups,
    trivial,
    cold,
    warm,
    bare_runs,
    counts,
    sizes,
    load,
    instances_ok,
    cards,
    imports,
    xmr_ms,
):
    """The report's markdown and the list of missed targets."""
    missed = []
    lines = [
        f"# make bench, {started:%Y-%m-%d %H:%M}",
        "",
        f"Machine: {machine}. Load average (1 minute) {load_averages[0]:.1f} at the start, "
        f"{load_averages[1]:.1f} at the end.",
        "",
        f"Demo at scale {settings['scale']} on PostgreSQL. Every server is gunicorn with 2 "
        "workers on 127.0.0.1, sharing the cores with wrk (2 threads); the portal has its "
        "production settings (`DJANGO_DEBUG=false`). **Cold**: the portal with no cache at all "
        "(`CACHE_URL=dummy://`, database sessions). **Warm**: the portal with Redis "
        "(`REDIS_URL`), after every visitor has visited each of their pages once. Each page is "
        f"driven for 1 s unmeasured, then {settings['seconds']} s at "
        f"{settings['connections']} connections, each request as one of its visitors.",
        "",
        "## Bare Django",
        "",
        "A separate WSGI app (`bench/bare_wsgi.py`: no apps, no middleware, one fixed "
        "response) with its own gunicorn, driven the same way for "
        f"{settings['bare_seconds']} s before the first group of pages and after each group. "
        "A page's ratio is its requests/s over the mean of the two bare runs around its group.",
        "",
        "| run | requests/s |",
        "| --- | ---: |",
        *(f"| {label} | {rps:.0f} |" for label, rps in bare_runs),
        "",
        "## The middleware stack's own cost",
        "",
        "A view returning the same fixed response behind the portal's whole middleware "
        "(`bench/urls.py`, `/bench/trivial/`), as the signed-in visitors.",
        "",
        "| server | requests/s | bare Django requests/s | ratio | p99 ms | target | result |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for label, rows in (("cold (no cache)", cold), ("warm (Redis)", warm)):
        row = rows[trivial]
        ratio = row["rps"] / row["bare"]
        ok = (
            ratio >= targets["stack_ratio"]
            and row["requests"]
            and not (row["errors"] or row["non_2xx"])
        )
        if not ok:
            missed.append(f"trivial view, {label}")
        lines.append(
            f"| {label} | {row['rps']:.0f} | {row['bare']:.0f} | {ratio:.0%} | {row['p99']:.1f} "
            f"| ≥ {targets['stack_ratio']:.0%} of bare Django, no errors | {met(ok)} |"
        )

    lines += [
        "",
        "## Pages",
        "",
        f"Targets: cold p99 ≤ {targets['cold_p99_ms']:.0f} ms; no errors cold or warm; the same "
        f"queries at scale 1 and {settings['scale']} (counted with no cache, as the page's "
        f"first visitor); a first load of at most {targets['first_load_kb']:.0f} KB "
        "compressed (the page and its CSS and JavaScript), static files cached for ever.",
        "",
        "| page | visitors | cold req/s | cold ratio | cold median ms | cold p99 ms "
        "| warm req/s | warm ratio | warm median ms | warm p99 ms | errors cold / warm "
        f"| queries scale 1 / {settings['scale']} | first load KB | result |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | --- |",
    ]
    for page in pages:
        name = page.name
        c, w = cold[name], warm[name]
        kb, cached = sizes[name]
        small, large = counts["small"][name], counts["large"][name]
        problems = []
        if not c["requests"] or not w["requests"]:
            # wrk reports no latency at all then, which must not pass for a fast page.
            problems.append("no response within the run")
        if c["p99"] > targets["cold_p99_ms"]:
            problems.append("cold p99")
        if c["errors"] or c["non_2xx"] or w["errors"] or w["non_2xx"]:
            problems.append("errors")
        if small != large:
            problems.append("queries grow")
        if kb > targets["first_load_kb"]:
            problems.append("first load size")
        if not cached:
            problems.append("static not cached for ever")
        missed += [f"{name}: {problem}" for problem in problems]
        lines.append(
            f"| {name} | {visitors_label(page.visitors, groups[page.visitors])} "
            f"| {c['rps']:.0f} | {c['rps'] / c['bare']:.0%} | {c['p50']:.1f} | {c['p99']:.1f} "
            f"| {w['rps']:.0f} | {w['rps'] / w['bare']:.0%} | {w['p50']:.1f} | {w['p99']:.1f} "
            f"| {c['errors'] + c['non_2xx']} / {w['errors'] + w['non_2xx']} "
            f"| {small} / {large} | {kb:.0f} | {verdict(problems)} |"
        )

    result, ideas, edits = load["wrk"], load["ideas"], load["edits"]
    load_ok = (
        result["requests"]
        and result["p99"] <= targets["load_p99_ms"]
        and not result["errors"]
        and not result["non_2xx"]
    )
    cards_ok = cards["median_ms"] <= targets["card_send_ms"]
    imports_ok = imports["median_ms"] <= targets["import_start_ms"]
    for ok, name in (
        (load_ok, "mixed load"),
        (ideas["ok"], "ideas during the load"),
        (edits["ok"], "edits during the load"),
        (instances_ok, "two instances"),
        (cards_ok, "sending a card"),
        (imports_ok, "starting an import"),
        (xmr_ms < 50, "xmr"),
    ):
        if not ok:
            missed.append(name)
    lines += [
        "",
        "## Mixed load and checks",
        "",
        f"{settings['load_seconds']} s at {settings['load_connections']} connections against "
        "the warm server, over every page shape equally, each request as one of the page's "
        "visitors, while ideas are submitted through the two-step form and a lead records "
        "progress scores through the project form once a second (alternating two projects); "
        "each write starts at its time, whether or not the one before has been answered.",
        "",
        "| check | figure | target | result |",
        "| --- | --- | --- | --- |",
        f"| mixed load | {result['requests']:,} requests, {result['rps']:.0f}/s, median "
        f"{result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, {result['errors']} socket errors, "
        f"{result['non_2xx']} non-2xx | p99 ≤ {targets['load_p99_ms']:.0f} ms, no errors "
        f"| {met(load_ok)} |",
        f"| ideas submitted during the load | {writes_figure(ideas)} | all "
        f"{ideas['planned']} sent and stored | {met(ideas['ok'])} |",
        f"| progress scores edited during the load | {writes_figure(edits)} "
        f"| all {edits['planned']} sent and kept | {met(edits['ok'])} |",
        "| two instances, one database and cache | an idea written on one is listed by the "
        f"other: {'yes' if instances_ok else 'no'} | yes | {met(instances_ok)} |",
        f"| sending a thank-you card (the form's POST, which saves it and queues its email) "
        f"| {cards['sent']} cards one after another, median {cards['median_ms']:.0f} ms, "
        f"slowest {cards['slowest_ms']:.0f} ms | median ≤ {targets['card_send_ms']:.0f} ms "
        f"| {met(cards_ok)} |",
        f"| starting an ideas import (the upload's POST: it checks a "
        f"{imports['rows']:,}-row CSV of {imports['kilobytes']:.0f} KB, keeps the file and "
        f"queues the import) | {imports['started']} uploads one after another, median "
        f"{imports['median_ms']:.0f} ms, slowest {imports['slowest_ms']:.0f} ms "
        f"| median ≤ {targets['import_start_ms']:.0f} ms | {met(imports_ok)} |",
        f"| xmr on 10,000 points (median) | {xmr_ms:.1f} ms | < 50 ms | {met(xmr_ms < 50)} |",
        "",
        "Every target met." if not missed else "Missed: " + "; ".join(missed) + ".",
    ]
    return "\n".join(lines) + "\n", missed


def writes_figure(writes):
    text = (
        f"{writes['sent']} of {writes['planned']} sent, {writes['stored']} stored; "
        f"{writes['timing']}"
    )
    if writes["missing"]:
        text += f"; not stored: {', '.join(writes['missing'])}"
    if writes.get("overwritten"):
        text += f"; score not the last edit saved on projects {', '.join(writes['overwritten'])}"
    if writes["failures"]:
        text += f"; failures: {'; '.join(writes['failures'])}"
    return text
