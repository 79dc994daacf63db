"""A search asks for at most ten words and 200 characters: more is refused with a message
saying so, and nothing longer reaches the database. On PostgreSQL the idea and project
searches read trigram indexes, not every row, and the site search reads the words each
row keeps (ideas, projects, measures, cohorts, and the strategy and values content), ranking
only the newest matches of a common word."""

import pytest
from django.db import connection

from core import search
from core.search import (
    LONGEST_QUERY,
    MOST_WORDS,
    SEARCH_DOCUMENT,
    RowSearch,
    contains_every_word,
    matching,
    search_words,
)
from goals.selectors import FOUND_STRATEGY
from improvement.models import Idea, Measure, Project
from improvement.querysets import IDEA_TEXT, MEASURE_TEXT, PROJECT_TEXT
from improvement.selectors import FOUND_PROGRAMME
from tests.factories import BehaviourFactory, GoalFactory, SectionItemFactory
from tests.improvement.factories import IdeaFactory, MeasureFactory
from tests.training.factories import CohortFactory, CourseFactory
from training.models import Cohort
from training.selectors import FOUND_COHORTS, search_training
from values.selectors import FOUND_VALUES

pytestmark = pytest.mark.django_db

ELEVEN_WORDS = " ".join(["falls"] * (MOST_WORDS + 1))
TOO_LONG = "f" * (LONGEST_QUERY + 1)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (ELEVEN_WORDS, "Search for 10 words or fewer"),
        (TOO_LONG, "Search for 200 characters or fewer"),
    ],
)
def test_the_site_search_refuses_a_query_too_long_with_a_message(client, query, message):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "nhsuk-error-summary" in page


@pytest.mark.parametrize("path", ["/improvement/ideas/", "/improvement/projects/"])
def test_a_list_search_too_long_is_refused_with_a_message_and_not_run(staff_client, path):
    IdeaFactory(title="Fewer falls at night")

    response = staff_client.get(path, {"q": ELEVEN_WORDS})

    assert response.status_code == 200
    assert "Search for 10 words or fewer" in response.content.decode()


def test_ten_words_are_searched():
    IdeaFactory(title="Fewer falls at night")

    assert Idea.objects.search(" ".join(["falls"] * MOST_WORDS)).count() == 1


def test_the_condition_keeps_to_the_first_ten_words_whatever_reaches_it():
    condition = contains_every_word(" ".join(f"word{n}" for n in range(50)), ["title"])

    assert len(condition.children) == MOST_WORDS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
@pytest.mark.parametrize(
    ("model", "index"),
    [(Idea, "improvement_idea_title_trgm"), (Project, "improvement_project_title_trgm")],
)
def test_on_postgresql_a_search_reads_the_trigram_indexes(model, index):
    with connection.cursor() as cursor:
        # A test database is too small for the planner to prefer an index on its own.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = model.objects.search("discharge").order_by().explain()

    assert index in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text indexes are PostgreSQL's")
@pytest.mark.parametrize(
    ("model", "fields", "index"),
    [
        (Idea, IDEA_TEXT, "improvement_idea_search_document"),
        (Project, PROJECT_TEXT, "improvement_project_search_document"),
        (Measure, MEASURE_TEXT, "improvement_measure_search_document"),
    ],
)
def test_on_postgresql_the_site_search_reads_the_words_each_row_keeps(model, fields, index):
    with connection.cursor() as cursor:
        # As at scale for a rarer word: not the walk from the newest row, which a table this
        # small makes cheaper.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = matching(
            model.objects.all(), "discharge", fields, stored_document=SEARCH_DOCUMENT
        ).explain()

    # Matching and ranking read the kept words, never make them again row by row, and the
    # newest matches are chosen once, not again for every row.
    assert "to_tsvector" not in plan
    assert SEARCH_DOCUMENT in plan
    assert "SubPlan" not in plan
    if index:
        assert index in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text indexes are PostgreSQL's")
def test_on_postgresql_a_rows_kept_words_follow_its_changes():
    idea = IdeaFactory(title="Quicker discharge letters")
    found = matching(Idea.objects.all(), "discharging", IDEA_TEXT, stored_document=SEARCH_DOCUMENT)
    assert list(found) == [idea]

    idea.title = "Quicker letters"
    idea.problem = idea.proposed_change = "Patients wait."
    idea.save()

    assert not matching(
        Idea.objects.all(), "discharging", IDEA_TEXT, stored_document=SEARCH_DOCUMENT
    ).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text ranking is PostgreSQL's")
def test_of_a_common_word_the_newest_matches_are_ranked_best_first(monkeypatch):
    monkeypatch.setattr(search, "MOST_RANKED", 3)
    best_but_oldest = IdeaFactory(title="Discharge discharge discharge", problem="Discharge.")
    IdeaFactory(title="Quieter wards", problem="Noise.", proposed_change="Soft bins.")
    older, best, newest = [
        IdeaFactory(title=title, problem="Slow discharge.", proposed_change="Plan it.")
        for title in ["Earlier discharge", "Discharge lounge discharge", "Ward rounds"]
    ]

    found = matching(Idea.objects.all(), "discharge", IDEA_TEXT, stored_document=SEARCH_DOCUMENT)

    assert list(found) == [best, older, newest]
    assert best_but_oldest not in found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text indexes are PostgreSQL's")
def test_on_postgresql_a_cohorts_kept_words_are_its_name_and_its_courses():
    course = CourseFactory(name="QSIR practitioner course")
    april = CohortFactory(course=course, name="April 2027", sessions=False)
    CohortFactory(course=course, name="May 2027", sessions=False)
    plan = matching(
        Cohort.objects.all(), "april", ["name", "course__name"], stored_document="search_document"
    ).explain()
    assert "to_tsvector" not in plan
    assert "search_document" in plan

    def found(query):
        return [cohort.pk for cohort in search_training(query, 10)["cohorts"]]

    # Every word, in the cohort's name or its course's, stemmed.
    assert found("practitioners april") == [april.pk]

    course.name = "QSIR fundamentals"
    course.save()
    assert found("practitioners april") == []
    assert found("fundamentals april") == [april.pk]
    april.name = "June 2027"
    april.save()
    assert found("fundamentals april") == []


STRATEGY_AND_VALUES = {**FOUND_STRATEGY, **FOUND_VALUES}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
@pytest.mark.parametrize("kind", sorted(STRATEGY_AND_VALUES))
def test_on_postgresql_the_strategy_and_values_kinds_read_the_words_each_row_keeps(kind):
    sql, _, _ = STRATEGY_AND_VALUES[kind].sql_and_params(["discharge"], 7)

    # Not each row turned into words again, twice, on every search.
    assert "to_tsvector" not in sql
    assert SEARCH_DOCUMENT in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_on_postgresql_an_edited_behaviour_is_found_by_its_new_words_at_once():
    behaviour = BehaviourFactory(statement="I listen to colleagues")
    assert [row.pk for row in FOUND_VALUES["behaviours"]("listening", 7)] == [behaviour.pk]

    behaviour.statement = "I thank colleagues"
    behaviour.save()

    assert FOUND_VALUES["behaviours"]("listening", 7) == []
    assert [row.pk for row in FOUND_VALUES["behaviours"]("thanked", 7)] == [behaviour.pk]


SITE_SEARCHES = {**FOUND_VALUES, **FOUND_STRATEGY, **FOUND_PROGRAMME, "cohorts": FOUND_COHORTS}


@pytest.mark.parametrize(
    "query",
    [
        "discharge",
        "Discharging  LOUNGES",
        "100% of_it back\\slash",
        "it's <b>",
        " ".join(["discharge"] * MOST_WORDS),
    ],
)
def test_a_kinds_search_runs_the_query_matching_builds_with_its_own_words(query):
    IdeaFactory(title="Earlier discharge", problem="100% of_it back\\slash")
    MeasureFactory(name="Discharges before noon", unit="it's <b>")
    CohortFactory(name="Discharge lounges", sessions=False)
    GoalFactory(title="Discharging", description="Lounges")
    BehaviourFactory(statement="I discharge it's <b>")
    SectionItemFactory(title="Discharge", summary="Lounges")

    assert any(found(query, 7) for found in SITE_SEARCHES.values())
    for found in SITE_SEARCHES.values():
        sql, params, _ = found.sql_and_params(search_words(query), 7)
        orm = found.queryset(query, 7)
        assert (sql, tuple(params)) == orm.query.sql_with_params()
        # The same rows, their values converted as the ORM converts them (a cohort's start).
        assert found(query, 7) == list(orm)


def test_a_row_search_refuses_to_build_a_query_whose_words_it_cannot_fill():
    placeholders = RowSearch.PLACEHOLDERS[:2]
    with pytest.raises(ValueError, match="No search fills"):
        RowSearch.slot(f"{placeholders[0]}:*", placeholders)
