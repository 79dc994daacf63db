"""Queries that pages run on every request, built once.

Building a Django query (resolving its fields, joins, annotations and aggregates into SQL
parts) costs more Python than compiling and running it: the topics' generations, read by
most pages, took 0.31 ms of CPU built anew and 0.12 ms built once; the measures summary's
rows 1.06 ms and 0.75 ms. A query built once is cloned for each use, so what it reads is
read anew each time, and a filter added to the clone leaves it as it was.
"""

import functools
import operator

from django.db import connections
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    NamedValuesListIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.utils import create_namedtuple_class
from django.http import Http404

from .prepared import fetch_all


def built_once(build):
    """A function returning the queryset build() gives, built on the first call and a fresh
    clone of it on each: never the same queryset twice, whose results would be kept."""
    built = functools.cache(build)
    return lambda: built().all()


class CompiledOnce:
    """A read whose SQL the ORM builds and compiles once a process; each call runs that text
    with its own arguments and gives the rows the queryset would, its fields' converters
    applied.

    Building and compiling even a small query costs the ORM five to nine times what running
    it does (a project's measures by name: about 1.1 ms of CPU through the ORM, 0.13 ms run
    as its SQL), and a page runs a dozen. `build` is called on the first call only (twice,
    see _compile), with a placeholder for each of `arguments`, and returns a queryset of
    records (select_related() as well, not prefetch_related()) or of values() or
    values_list(), whose SQL takes each placeholder as one parameter unchanged: an id
    compared for equality, not a pattern (`__startswith`), which the ORM would change. What
    else the query compares with is fixed when it is compiled, so it must not read the time
    or anything else that changes."""

    def __init__(self, build, *arguments):
        self.build = build
        self.arguments = arguments
        self.compiled = None

    @classmethod
    def filtered(cls, build, *lookups):
        """The query build() gives, filtered by these lookups, each an argument named as
        it: `CompiledOnce.filtered(rows, "strategy")(strategy=pk)` reads rows() of a
        strategy."""
        return cls(lambda **values: build().filter(**values), *lookups)

    def __call__(self, **values):
        if self.compiled is None:
            self.compiled = self._compile()
        alias, sql, params, slots, converters, make_row, ranges = self.compiled
        # As the ORM, a whole number its field cannot hold matches nothing (an id typed into
        # an address can be any length; the database would refuse it).
        for name, (low, high) in ranges.items():
            value = values[name]
            if not isinstance(value, int):
                continue
            if (low is not None and value < low) or (high is not None and value > high):
                return []
        params = list(params)
        for name, value in values.items():
            for index in slots[name]:
                params[index] = value
        connection = connections[alias]
        rows = fetch_all(connection, sql, params)
        if converters:
            rows = [_converted(row, converters, connection) for row in rows]
        return [make_row(row) for row in rows]

    def first(self, **values):
        """The first row for these arguments, or None."""
        rows = self(**values)
        return rows[0] if rows else None

    def first_or_404(self, message, **values):
        """The first row for these arguments; Http404 with this message when there is none."""
        rows = self(**values)
        if not rows:
            raise Http404(message)
        return rows[0]

    def _compile(self):
        # Compiled twice, with two numbers standing for each argument: its parameters are
        # where the two differ by them, and the text must be the same. Numbers in any id's
        # or small integer's range, as the ORM leaves out a comparison no value can meet.
        first, second = (
            {name: start + number for number, name in enumerate(self.arguments)}
            for start in (7001, 7501)
        )
        queryset, other = self.build(**first), self.build(**second)
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        other_sql, other_params = other.query.get_compiler(other.db).as_sql()
        if other_sql != sql or len(other_params) != len(params):
            raise ValueError("the query's SQL changes with its arguments")
        slots = {}
        for name in self.arguments:
            # A text field's parameter is the number as text.
            slots[name] = [
                index
                for index, (one, two) in enumerate(zip(params, other_params, strict=True))
                if one in (first[name], str(first[name]))
                and two in (second[name], str(second[name]))
            ]
            if not slots[name]:
                raise ValueError(f"the query's SQL does not take {name} as a parameter")
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        if queryset._prefetch_related_lookups:
            raise ValueError("a query compiled once prefetches nothing")
        return (
            queryset.db,
            sql,
            params,
            slots,
            list(compiler.get_converters(columns).items()),
            _row_maker(queryset, compiler),
            _integer_ranges(query.where, first, connections[queryset.db]),
        )


# The key a read for keys pads its list with: no record has it (keys start at 1).
NO_KEY = 0


class CompiledForKeys:
    """A read of the rows whose `field` is one of some keys (a page of records' related
    rows), compiled once (CompiledOnce): its SQL takes `size` keys, and the keys given are
    padded to that many with NO_KEY, so that the text is the same whatever their number;
    more than `size` are read `size` at a time. No keys, no query, as the ORM does."""

    def __init__(self, build, field, size):
        self.size = size
        self.names = [f"key_{number}" for number in range(size)]
        self.query = CompiledOnce(
            lambda **keys: build().filter(**{f"{field}__in": list(keys.values())}), *self.names
        )

    def __call__(self, keys):
        keys = list(keys)
        rows = []
        for start in range(0, len(keys), self.size):
            part = keys[start : start + self.size]
            padded = part + [NO_KEY] * (self.size - len(part))
            rows += self.query(**dict(zip(self.names, padded, strict=True)))
        return rows


def _integer_ranges(where, placeholders, connection):
    """{argument: (lowest, highest)} for the arguments compared with a whole-number field
    (a key, a year), from the conditions the query was built with."""
    ranges = {}
    for condition in where.children:
        if hasattr(condition, "children"):
            ranges.update(_integer_ranges(condition, placeholders, connection))
            continue
        given = condition.rhs if isinstance(condition.rhs, list | tuple) else [condition.rhs]
        field = getattr(condition.lhs, "output_field", None)
        field = getattr(field, "target_field", field)
        try:
            kept = connection.ops.integer_field_range(field.get_internal_type())
        except (AttributeError, KeyError):
            continue
        for name, placeholder in placeholders.items():
            if placeholder in given:
                ranges[name] = kept
    return ranges


def _converted(row, converters, connection):
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


def _row_maker(queryset, compiler):
    """How a row fetched becomes what the queryset gives, as Django's iterables make it (its
    SELECT has the values in the order named)."""
    iterable_class = queryset._iterable_class
    if iterable_class is ModelIterable:
        return _record_maker(queryset, compiler)
    query = compiler.query
    columns = [*query.extra_select, *query.values_select, *query.annotation_select]
    if iterable_class is ValuesIterable:
        names = list(query.selected) if query.selected else columns
        return lambda row: dict(zip(names, row, strict=True))
    if iterable_class is FlatValuesListIterable:
        return operator.itemgetter(0)
    if iterable_class is NamedValuesListIterable:
        return create_namedtuple_class(*(queryset._fields or columns))._make
    if iterable_class is ValuesListIterable:
        return tuple
    raise ValueError("only records, values() and values_list() are compiled once")


def _record_maker(queryset, compiler):
    """A record from a row, with those it selects related, as Django's ModelIterable makes
    them (in the queryset's fetch mode, one that fetches for no peers)."""
    db, fetch_mode = queryset.db, queryset._fetch_mode
    if fetch_mode.track_peers:
        raise ValueError("a query compiled once fetches for no peers")
    select, klass_info = compiler.select, compiler.klass_info
    model = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, db, fetch_mode)
    annotations = list(compiler.annotation_col_map.items())

    def make(row):
        record = model.from_db(db, init_list, row[start:end], fetch_mode=fetch_mode)
        for populator in populators:
            populator.populate(row, record)
        for name, position in annotations:
            setattr(record, name, row[position])
        return record

    return make


def keep_as_prefetched(record, name, related):
    """Keep `related` as what record.<name>.all() gives (a many-to-many field's or a reverse
    foreign key's), as prefetch_related() keeps it, for a record read by a query compiled
    once: the same attributes Django's prefetching sets, so every reader of the record finds
    them."""
    manager = getattr(record, name)
    queryset = manager.get_queryset()
    queryset._result_cache = list(related)
    queryset._prefetch_done = True
    if not hasattr(record, "_prefetched_objects_cache"):
        record._prefetched_objects_cache = {}
    # A many-to-many manager names its cache; a reverse foreign key's is its relation's.
    cache_name = (
        getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    )
    record._prefetched_objects_cache[cache_name] = queryset
