"""Caching that follows the data: a write invalidates only what it changes.

The portal's records are grouped into topics (ideas, projects, strategy, …), named by each
app's AppConfig.cache_topics. Every write to a topic inserts a TopicChange row, in the
writer's own transaction; the newest row's id is the topic's generation. A cached result
is keyed by the generations of the topics it was worked out from, so:
- a write moves on only its own topic, and only what reads that topic is worked out again;
- readers see a new generation exactly when they can see the write (it commits with it),
  on every instance and process, whichever cache each one has;
- the key lives in the database, so a cache that lost keys, was restored from an old
  snapshot or is down can never make a stale result look current: it costs speed only.

Writes are recorded by signals on every save, delete and many-to-many change of a model
with a topic (the admin, the services, the shell), and explicitly by code that writes in
bulk (`record_change`). docs/decisions/0004-caching-follows-the-data.md has the reasons
and the measurements.

The figures pages aggregate are rollups (`kept_rollup`): after a write to a topic one counts
commits, the task queue's worker works it out again, so the next reader finds it current
(decision 7); a reader that comes first, or finds no worker running, works it out itself.
"""

import datetime
import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.tasks import task
from django.utils import timezone

from .models import Rollup, TopicChange
from .queries import CompiledOnce

# What the accounts' writes change: names shown on pages. Logging in only stamps last_login.
AUTH_TOPICS = {"auth.user": "people"}
# Each topic keeps its newest change; older rows are pruned once this many have gathered.
PRUNE_EVERY = 1000
# The generations the current request read (see generations()).
_request = threading.local()
logger = logging.getLogger(__name__)


def model_topics():
    """{model label: topic} for every model whose writes pages depend on."""
    topics = dict(AUTH_TOPICS)
    for config in apps.get_app_configs():
        for model_name, topic in getattr(config, "cache_topics", {}).items():
            topics[f"{config.label}.{model_name}"] = topic
    return topics


def all_topics():
    return sorted(set(model_topics().values()))


def counted_fields():
    """{model label: the fields rollups count of it} for the models an AppConfig's
    `counted_fields` names (none: no rollup counts that model): a save naming none of them
    leaves the figures as they were."""
    return {
        f"{config.label}.{model_name}": frozenset(fields)
        for config in apps.get_app_configs()
        for model_name, fields in getattr(config, "counted_fields", {}).items()
    }


def counts_of(topic):
    """The topic the rollups counting a topic's records follow. Every write to the topic
    moves it on but a save of a record that names only fields no rollup counts (a project's
    progress score or phase) or of a model no rollup counts (a PDSA cycle): the commonest
    writes, which would otherwise work the programme's figures out again."""
    return f"{topic}:counts"


def recent_counts_of(topic):
    """The topic the rollups counting a topic's recent records follow: moved on, rather than
    counts_of(topic), by a write to a record created since recent_since() of a model its
    AppConfig's `counted_recent` names. New ideas and ideas being triaged are recent: the
    figures of the older ideas, most of them, stay as they were."""
    return f"{topic}:recent-counts"


def recent_since():
    """When records count as recent: the local midnight starting last month. Months are
    counted whole on one side of it, so the two parts of a split rollup add up without
    counting a month twice."""
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return timezone.make_aware(datetime.datetime.combine(last_month, datetime.time()))


def record_change(*topics):
    """Moves the topics' generations on, and those of their counts (counts_of,
    recent_counts_of): see _record_change."""
    _record_change({*topics, *map(counts_of, topics), *map(recent_counts_of, topics)})


def _record_change(topics):
    """Moves the topics' generations on, as part of the current transaction, and once more
    after it commits. Ids are handed out in the order writes begin, not the order they
    commit: a write that began first and commits last would otherwise leave the generation
    where a reader between the two commits saw it, with that reader's result kept under it.
    Once committed, the rollups counting the topics are queued to be worked out again."""
    _insert(topics)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _refresh_rollups_of(topics)
        return
    # One callback a transaction, however many writes it makes (an import batch saves
    # hundreds of rows): a callback already waiting for this commit takes the topics on.
    waiting = next(
        (call for _, call, _ in connection.run_on_commit if isinstance(call, _AfterCommit)),
        None,
    )
    if waiting is None:
        waiting = _AfterCommit()
        transaction.on_commit(waiting, robust=True)
    waiting.topics.update(topics)


class _AfterCommit:
    """What a transaction's writes do once it commits: move their topics on again, then queue
    the rollups that count them."""

    def __init__(self):
        self.topics = set()

    def __call__(self):
        _insert(self.topics)
        _refresh_rollups_of(self.topics)


def _insert(topics):
    _request.latest = None
    changes = TopicChange.objects.bulk_create([TopicChange(topic=topic) for topic in topics])
    if any(change.pk and change.pk % PRUNE_EVERY == 0 for change in changes):
        prune()


def prune():
    latest = TopicChange.objects.values("topic").annotate(latest=Max("id"))
    for row in latest:
        TopicChange.objects.filter(topic=row["topic"], id__lt=row["latest"]).delete()


# Each topic's newest change: its generation.
_latest_changes = CompiledOnce(
    lambda: TopicChange.objects.values_list("topic").annotate(latest=Max("id")).order_by()
)


def generations(*topics, fresh=False):
    """The topics' generations as one key part, e.g. "ideas.812-projects.97".

    Read once per request, in one query: whatever a request reads afterwards is the data as
    it stood then or newer, so a key naming the generations it began with is never too new.
    Its own writes, and `fresh`, read them again."""
    latest = None if fresh else getattr(_request, "latest", None)
    if latest is None:
        latest = dict(_latest_changes())
        if getattr(_request, "active", False):
            _request.latest = latest
    return "-".join(f"{topic}.{latest.get(topic, 0)}" for topic in sorted(set(topics)))


def _request_started(**kwargs):
    _request.active, _request.latest, _request.rollups_read = True, None, {}


def _request_finished(**kwargs):
    _request.active, _request.latest, _request.rollups_read = False, None, {}


def counted_recent():
    """{model label: its date field} for the models an AppConfig's `counted_recent` names:
    records whose rollups count the recent ones (since recent_since()) apart."""
    return {
        f"{config.label}.{model_name}": field
        for config in apps.get_app_configs()
        for model_name, field in getattr(config, "counted_recent", {}).items()
    }


def connect_signals():
    topics = model_topics()
    counted = counted_fields()
    dated = counted_recent()

    def topic_of(model):
        return topics.get(model._meta.label_lower)

    def counts_moved(model, topic, instance, *, update_fields=None, **write):
        """The counts topics a write of the instance moves on: where the model's records are
        counted apart by date, the recent or the older ones' as its date says; both where a
        save names the date (moving it to the other side) or the instance is not one of them
        (an objective whose ideas are linked). A save not naming the date writes it back
        as it was read."""
        both = {counts_of(topic), recent_counts_of(topic)}
        field = dated.get(model._meta.label_lower)
        if field is None or not isinstance(instance, model) or field in (update_fields or ()):
            return both
        if (moment := getattr(instance, field, None)) is None:
            return both
        return {recent_counts_of(topic) if moment >= recent_since() else counts_of(topic)}

    def changes_counts(model, *, created=False, update_fields=None):
        """Whether a write of the model may change what a rollup counts. Any write may where
        the model's app does not say what is counted of it; none may where nothing is."""
        fields = counted.get(model._meta.label_lower)
        if fields is None:
            return True
        return bool(fields) and (created or update_fields is None or bool(fields & update_fields))

    def record(model, instance, **write):
        if topic := topic_of(model):
            if changes_counts(model, **write):
                _record_change({topic, *counts_moved(model, topic, instance, **write)})
            else:
                _record_change({topic})

    def on_save(sender, instance, created=False, update_fields=None, **kwargs):
        if sender is get_user_model() and update_fields and set(update_fields) <= {"last_login"}:
            return
        record(sender, instance, created=created, update_fields=update_fields)

    def on_delete(sender, instance, **kwargs):
        record(sender, instance, created=True)

    def on_links(sender, instance, action, **kwargs):
        # A link belongs to the model that declares the many-to-many field.
        if action.startswith("post_"):
            record(sender._meta.auto_created or sender, instance, created=True)

    request_started.connect(_request_started, dispatch_uid="core-caching-request-started")
    request_finished.connect(_request_finished, dispatch_uid="core-caching-request-finished")
    post_save.connect(on_save, dispatch_uid="core-caching-save", weak=False)
    post_delete.connect(on_delete, dispatch_uid="core-caching-delete", weak=False)
    m2m_changed.connect(on_links, dispatch_uid="core-caching-links", weak=False)


@dataclass(frozen=True)
class KeptRollup:
    """A rollup a page reads: `rows()` are compute()'s rows as of the topics' generations.
    A `dated` rollup counts records on one side of recent_since(): compute(since) is passed
    the moment, and the rows are worked out again when it moves on, once a month."""

    name: str
    topics: tuple
    compute: Callable[..., list]
    dated: bool = False

    def rows(self):
        return rollup(self.name, self.topics, self.compute, dated=self.dated)

    def part(self, key):
        """rows()[key] of a rollup whose rows are a dict: only that part read (and decoded)
        from the database, for a page showing a few figures of a large rollup."""
        return rollup(self.name, self.topics, self.compute, part=key, dated=self.dated)

    def kept_part(self, key):
        """rows()[key] as kept, or None when a write has moved one of its topics on since and
        nobody has worked it out again yet: for a reader with a cheaper way to its figure
        than working the whole rollup out (a list counting its records)."""
        kept = _kept_rollup_part(key).first(name=self.name)
        current = _generation(self.topics, _since(self.dated))
        return kept[1] if kept is not None and kept[0] == current else None


# Every rollup, by name, for the worker to find the ones a write's topics change.
ROLLUPS = {}


def kept_rollup(name, topics, compute, *, dated=False):
    """Declares a rollup (see rollup()). Apps declare theirs in modules their AppConfig.ready
    imports, so the worker knows them too."""
    ROLLUPS[name] = KeptRollup(name, tuple(sorted(topics)), compute, dated)
    return ROLLUPS[name]


def _refresh_rollups_of(topics):
    names = sorted(name for name, kept in ROLLUPS.items() if set(kept.topics) & set(topics))
    if not names:
        return
    try:
        refresh_rollups.enqueue(names)
    except Exception:
        # The write is committed; a queue that cannot be reached costs the next reader the
        # rollup's counting, nothing more.
        logger.warning("Refreshing the rollups %s could not be queued", ", ".join(names))


@task
def refresh_rollups(names):
    """Work the named rollups out again, unless they are current or a reader is at it."""
    for name in names:
        if kept := ROLLUPS.get(name):
            _work_out(kept.name, kept.topics, kept.compute, _since(kept.dated))


# (generation, rows) of each rollup: read by every page showing one.
_kept_rollup = CompiledOnce(
    lambda name: Rollup.objects.filter(name=name).values_list("generation", "rows"), "name"
)


@functools.cache
def _kept_rollup_part(key):
    """(generation, rows[key]) of a rollup, compiled once for each key."""
    return CompiledOnce(
        lambda name: Rollup.objects.filter(name=name).values_list("generation", f"rows__{key}"),
        "name",
    )


@functools.cache
def _rollups_named(names):
    """(name, generation, rows) of the rollups a page reads together (read_together)."""
    return CompiledOnce(
        lambda: Rollup.objects.filter(name__in=names).values_list("name", "generation", "rows")
    )


def read_together(*kept_rollups):
    """Reads the kept rollups (KeptRollup) in one query, for this request's rollup() of each
    to take rather than read each in a query of its own: a query costs the ORM about as much
    Python as a page's table, and the dashboard reads four rollups. Outside a request, does
    nothing."""
    names = tuple(kept.name for kept in kept_rollups)
    if names and getattr(_request, "active", False):
        _request.rollups_read = {
            name: (generation, rows) for name, generation, rows in _rollups_named(names)()
        }


def rollup(name, topics, compute, part=None, dated=False):
    """The rows `compute()` returns (a list of JSON values: counts the database worked out),
    as of the topics' current generations: kept in a Rollup and worked out again only when
    one of the topics was written since. With `part`, rows[part] alone. For `dated`, see
    KeptRollup.

    The request that works it out holds the Rollup's row while it does (and, in a view that
    writes, until its transaction ends); a request arriving meanwhile works the rows out for
    itself rather than wait for it, so no request waits on another's page and none can
    deadlock."""
    since = _since(dated)
    current = _generation(topics, since)
    # Read already with others (read_together), or else alone: a rollup's name is its key,
    # so one row or none.
    kept = getattr(_request, "rollups_read", {}).pop(name, None) if part is None else None
    if kept is None:
        query = _kept_rollup if part is None else _kept_rollup_part(part)
        kept = query.first(name=name)
    if kept is not None and kept[0] == current:
        return kept[1]
    rows = _work_out(name, topics, compute, since)
    if rows is None:
        rows = compute() if since is None else compute(since)
    return rows if part is None else rows[part]


def _since(dated):
    return recent_since() if dated else None


def _generation(topics, since, fresh=False):
    """A rollup's generation: its topics' generations, and where it counts records on one
    side of a moment (since), the moment."""
    current = generations(*topics, fresh=fresh)
    return current if since is None else f"{current}|{since.isoformat()}"


def _work_out(name, topics, compute, since):
    """The rollup's rows, worked out again unless they are current; None while someone else
    is working them out (holding its row)."""
    with transaction.atomic():
        Rollup.objects.get_or_create(name=name, defaults={"generation": ""})
        kept = Rollup.objects.select_for_update(skip_locked=True).filter(name=name).first()
        if kept is None:
            return None
        current = _generation(topics, since, fresh=True)
        if kept.generation != current:
            kept.rows = compute() if since is None else compute(since)
            kept.generation = current
            kept.save()
    return kept.rows


def fragment_key(name, topics, *parts):
    """The key of a cached fragment: its name, the generations of the topics it shows, the
    day (pages say what is this year's, upcoming or overdue), and whatever else it varies
    by (an id, the filters applied, the viewer's role)."""
    day = timezone.localdate().isoformat()
    return "|".join([name, generations(*topics), day, *map(str, parts)])
