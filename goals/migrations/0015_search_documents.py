"""Each strategy's, goal's, objective's, section's and item's searchable words kept in a
column, on PostgreSQL.

The site search matched and ranked these few rows by turning each one's text into words
again, twice a row, on every search: at scale 100 the five queries cost the database about
3 ms of a search's 14 ms, for 52 rows. A generated column keeps the words as each row is
written (core.search.keeping_words), as improvement 0029 does for ideas. The tables are too
small for an index on it to be read.
"""

from django.db import migrations

from core.search import keeping_words

# The columns goals.selectors.FOUND_STRATEGY searches, in its order.
SEARCHED = {
    "goals_strategy": ["title", "summary", "vision", "aim", "mission"],
    "goals_goal": ["title", "description"],
    "goals_objective": ["statement"],
    "goals_section": ["heading", "introduction"],
    "goals_sectionitem": ["title", "summary", "description"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0014_returned_updates"),
    ]

    operations = [keeping_words(SEARCHED)]
