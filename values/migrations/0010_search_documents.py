"""Each value's, behaviour's and guiding principle's searchable words kept in a column, on
PostgreSQL, as goals 0015 keeps the strategies' (the reasons are there)."""

from django.db import migrations

from core.search import keeping_words

# The columns values.selectors.FOUND_VALUES searches, in its order.
SEARCHED = {
    "values_value": ["name", "summary"],
    "values_behaviour": ["statement"],
    "values_guidingprinciple": ["title", "description"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("values", "0009_history_everywhere"),
    ]

    operations = [keeping_words(SEARCHED)]
