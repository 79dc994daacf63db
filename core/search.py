"""What the apps' searches share: the bound on what a search may ask, the condition that
finds every word (the lists' search boxes), and the site search's matching (`matching`),
run for each kind of result by SQL built once (`RowSearch`).

Each word is a condition on several columns (ILIKE '%word%' on PostgreSQL), so a query of
a thousand words held a worker for seconds: a search asks for at most MOST_WORDS words and
LONGEST_QUERY characters. The forms say so to the person searching; contains_every_word
keeps to the bound whatever reaches it.
"""

from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, migrations
from django.db.models import Q
from django.db.models.expressions import Col
from django.db.models.utils import create_namedtuple_class

from .prepared import fetch_all

MOST_WORDS = 10
LONGEST_QUERY = 200
# On PostgreSQL a search ranks only the newest this many of the rows it matches: a common
# word is in thousands ("patients" in 14,000 of scale 100's ideas and 31,000 of its
# measures), and ranking them all read every one's words, 100 ms for the measures alone.
MOST_RANKED = 200
# The column a table keeps its searched columns' words in, on PostgreSQL: a generated
# column, not a model field (SQLite could not make it), made in a migration by keeping_words.
SEARCH_DOCUMENT = "search_document"


def search_words(query):
    return query.split()[:MOST_WORDS]


def not_too_many_words(query):
    if len(query.split()) > MOST_WORDS:
        raise ValidationError(f"Search for {MOST_WORDS} words or fewer", code="too_many_words")


def search_bounds():
    """What a search box takes: at most LONGEST_QUERY characters and MOST_WORDS words, each
    refused with a message (the keyword arguments of a form field or a django-filter)."""
    return {
        "max_length": LONGEST_QUERY,
        "validators": [not_too_many_words],
        "error_messages": {"max_length": f"Search for {LONGEST_QUERY} characters or fewer"},
    }


def search_field(label, **kwargs):
    """A form's search box, bounded."""
    return forms.CharField(label=label, required=False, **search_bounds(), **kwargs)


def contains_every_word(query, fields):
    """A filter for rows where each word of the query appears in one of the fields."""
    condition = Q()
    for word in search_words(query):
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


# Endings taken off a word where the database has no stemming of its own, longest first, so
# that "listening", "listened" and "listens" all find "listen".
SUFFIXES = ("ing", "ed", "es", "s")


def stem(word):
    """A crude English stem, for the fallback search; short words are left whole."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words_held(words):
    """The words a row found as typed holds, each in one of the fields: on PostgreSQL the
    query's words themselves (its full text finds their other forms), elsewhere their stems."""
    if connection.vendor == "postgresql":
        return words
    return [stem(word) for word in words]


def matching(queryset, query, fields, *, stored_document=None, typed_fields=None):
    """The rows holding every word of the query (in any of the fields), best first.

    PostgreSQL searches its English full text: words are stemmed ("listening" finds
    "listen"), common words ignored and the rows ranked by how well they match. A row that
    holds every word as typed is found too, as the lists' search boxes find it: full text
    skips what it does not read as words (a "<script>" tag, a word cut short). Elsewhere
    each word's stem must appear in one of the fields, in the queryset's own order.

    `stored_document` names a column of the queryset's table that PostgreSQL keeps the
    fields' words in (improvement 0029): ranking then reads them rather than making them
    again for every row that matches. Such a table is a big one: of a word in more than
    MOST_RANKED of its rows, the newest MOST_RANKED are ranked, the best of those first,
    found by walking the table from its newest row rather than by reading every match.
    `typed_fields` are the fields PostgreSQL looks for the words as typed in, when not all
    of them: a joined table's whose words the stored document holds, since a condition
    across the join is checked on every row rather than found by the table's indexes.
    """
    words = search_words(query)
    if not words:
        return queryset.none()
    held = " ".join(words_held(words))
    if connection.vendor != "postgresql":
        return queryset.filter(contains_every_word(held, fields))
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    if stored_document:
        document = stored_words(queryset.model, stored_document)
    else:
        document = SearchVector(*fields, config="english")
    wanted = SearchQuery(" ".join(words), config="english", search_type="plain")
    found = queryset.alias(document=document).filter(
        Q(document=wanted) | contains_every_word(held, typed_fields or fields)
    )
    if stored_document:
        newest = found.order_by("-pk").values("pk")[:MOST_RANKED]
        found = queryset.filter(pk__in=newest).alias(document=document)
    return found.annotate(search_rank=SearchRank(document, wanted)).order_by("-search_rank", "-pk")


def stored_words(model, name):
    """The column of the model's table that PostgreSQL keeps its searchable words in (not a
    model field: SQLite could not make it), as an expression under whichever alias a query
    gives the table (the newest matches are chosen in a subquery of it)."""
    from django.contrib.postgres.search import SearchVectorField

    column = SearchVectorField()
    column.set_attributes_from_name(name)
    column.model = model
    return Col(model._meta.db_table, column)


class RowSearch:
    """One kind's search for the site search: the first `limit` rows `matching` finds, as
    named rows of `columns` (the values_list a page shows), by SQL built once a process for
    each number of words and limit.

    Building the query was most of the search page's cost: resolving its conditions (one a
    word and field), its ranking and its joins took 4,000 to 5,000 function calls a kind, and
    reading records with their related ones more, against about a hundred to run it and
    read its rows. The words change only its parameters, so the query is built once from
    placeholder words by `matching` itself, and each search puts its own words where the
    placeholders' were: the query as typed where the full text reads it, each word as a
    LIKE pattern where it is looked for as typed (a test holds the SQL and its parameters
    to what the ORM builds for the same words). `rows` gives the kind's queryset (a
    manager's `all`).
    """

    # Placeholders no search changes: no stem to take off, nothing a LIKE pattern escapes.
    PLACEHOLDERS = tuple(f"placeholderword{n}x" for n in range(MOST_WORDS))

    def __init__(self, rows, fields, columns, *, stored_document=None, typed_fields=None):
        self.rows = rows
        self.fields = fields
        self.typed_fields = typed_fields
        self.columns = columns
        self.stored_document = stored_document
        self.row = create_namedtuple_class(*columns)
        self.built = {}

    def __call__(self, query, limit):
        """The rows found, best first."""
        words = search_words(query)
        if not words:
            return []
        sql, params, converters = self.sql_and_params(words, limit)
        rows = fetch_all(connection, sql, params)
        if converters:
            rows = [self.converted(row, converters) for row in rows]
        return [self.row(*row) for row in rows]

    def queryset(self, query, limit):
        """The rows as the ORM would read them: what the built query stands for."""
        found = matching(
            self.rows(),
            query,
            self.fields,
            stored_document=self.stored_document,
            typed_fields=self.typed_fields,
        )
        return found.values_list(*self.columns)[:limit]

    def sql_and_params(self, words, limit):
        """The query's text for this many words and limit, its parameters for these words,
        and the converters of its columns' values."""
        key = (connection.vendor, len(words), limit)
        built = self.built.get(key)
        if built is None:
            built = self.built[key] = self.build(len(words), limit)
        sql, slots, converters = built
        typed = " ".join(words)
        held = [connection.ops.prep_for_like_query(word) for word in words_held(words)]
        return sql, [slot(typed, held) for slot in slots], converters

    def build(self, count, limit):
        placeholders = self.PLACEHOLDERS[:count]
        compiler = self.queryset(" ".join(placeholders), limit).query.get_compiler(
            connection=connection
        )
        sql, params = compiler.as_sql()
        slots = [self.slot(param, placeholders) for param in params]
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        converters = list(compiler.get_converters(columns).items())
        return sql, slots, converters

    @staticmethod
    def slot(param, placeholders):
        """Where a parameter of the placeholders' query comes from, as a function of the
        query as typed and the LIKE-escaped words each row holds (words_held): the query
        itself where full text reads it, a word's LIKE pattern, or the same value always."""
        if param == " ".join(placeholders):
            return lambda typed, held: typed
        for position, placeholder in enumerate(placeholders):
            if param == f"%{placeholder}%":
                return lambda typed, held, position=position: f"%{held[position]}%"
        if any(placeholder in str(param) for placeholder in placeholders):
            raise ValueError(f"No search fills a parameter of the form {param!r}")
        return lambda typed, held: param

    @staticmethod
    def converted(row, converters):
        row = list(row)
        for position, (functions, expression) in converters:
            for function in functions:
                row[position] = function(row[position], expression, connection)
        return row


def words_of(columns):
    """The SQL of the English words of the columns, in their order: what SearchVector makes
    of the same fields, so a row ranks the same read from its kept words."""
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('english'::regconfig, {joined})"


def keep_words(searched, apps, schema_editor):
    """Has each table of `searched` ({table: its searched columns}) keep their words in
    SEARCH_DOCUMENT, a column PostgreSQL generates as each row is written; on other databases
    nothing."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in searched.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {SEARCH_DOCUMENT} tsvector "
            f"GENERATED ALWAYS AS ({words_of(columns)}) STORED"
        )


def stop_keeping_words(searched, apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in searched:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {SEARCH_DOCUMENT}")


def keeping_words(searched):
    """The migration operation that starts the tables of `searched` keeping their words
    (keep_words), for their site search to read; reversed, it drops the columns. Its
    functions are partials of these, so a squashed migration can still name them."""
    return migrations.RunPython(
        partial(keep_words, searched), partial(stop_keeping_words, searched)
    )
