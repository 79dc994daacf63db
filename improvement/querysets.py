import re

from django.db import connection, models

from core.search import SEARCH_DOCUMENT, contains_every_word, stored_words

# Of a common word, the newest this many ideas holding it are compared with a new one: a
# duplicate is most often of a recent idea, and 40,000 ideas hold "patient" at scale 100.
MOST_COMPARED = 200

# An idea's reference as people write it: "IDEA-00471", "idea 471", "#471" or "471".
IDEA_REFERENCE = re.compile(r"(?:idea[\s-]*)?#?0*(\d{1,9})", re.IGNORECASE)


def idea_number(query):
    """The idea number the query names as a reference, or None."""
    found = IDEA_REFERENCE.fullmatch(query.strip())
    return int(found.group(1)) if found else None


class IdeaQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("site", "submitted_by")

    def submitted_or_followed_by(self, user):
        # Each side read by its own index: an OR across the two made the database read
        # every idea.
        followed = self.model.followers.through.objects.filter(user=user)
        mine = set(self.filter(submitted_by=user).values_list("pk", flat=True))
        mine |= set(followed.values_list("idea", flat=True))
        return self.filter(pk__in=mine)

    def open(self):
        return self.filter(status__in=["submitted", "under_review"])

    def search(self, query):
        """The idea a reference names, or the ideas holding every word of the query."""
        number = idea_number(query)
        if number is not None:
            return self.filter(pk=number)
        return self.filter(contains_every_word(query, IDEA_TEXT))

    def similar_to(self, text, *, limit=5):
        """Ideas whose words overlap the given text, most alike first.

        PostgreSQL ranks by full text over title and problem the newest MOST_COMPARED ideas
        holding any of the text's words, found by the words each idea keeps (improvement
        0029): ranking every idea made all their words again, half a second at scale 100
        on each submission. Elsewhere an idea matches when its title or problem holds one
        of the text's longer words, and the ideas holding most of them come first.
        """
        words = significant_words(text)
        if not words:
            return self.none()
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            query = SearchQuery(" | ".join(words), search_type="raw", config="english")
            holding = (
                self.alias(document=stored_words(self.model, SEARCH_DOCUMENT))
                .filter(document=query)
                .order_by("-pk")
                .values("pk")[:MOST_COMPARED]
            )
            vector = SearchVector("title", weight="A") + SearchVector("problem", weight="B")
            return (
                self.filter(pk__in=holding)
                .annotate(rank=SearchRank(vector, query))
                .filter(rank__gt=0.01)
                .order_by("-rank", "-created_at")[:limit]
            )
        matches = sum(
            (
                models.Case(
                    models.When(
                        models.Q(title__icontains=word) | models.Q(problem__icontains=word),
                        then=1,
                    ),
                    default=0,
                )
                for word in words
            ),
            models.Value(0),
        )
        return (
            self.annotate(rank=matches).filter(rank__gt=0).order_by("-rank", "-created_at")[:limit]
        )


# Common words that say nothing about what an idea is about.
STOP_WORDS = frozenset(
    """
    about after again also because been before being between could every from have into
    more most much only other over should some such than that their them then there
    these they this those through under very what when where which while with would
    your
    """.split()
)


def significant_words(text, *, limit=12):
    """The distinct longer words of a text that say what it is about, in order."""
    seen = []
    for raw in text.lower().split():
        word = "".join(character for character in raw if character.isalnum())
        if len(word) >= 4 and word not in STOP_WORDS and word not in seen:
            seen.append(word)
    return seen[:limit]


IDEA_TEXT = ["title", "problem", "proposed_change", "ward"]
PROJECT_TEXT = ["title", "problem_statement", "aim", "ward"]
MEASURE_TEXT = ["name", "unit"]


class ProjectQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("site", "lead")

    def involving(self, user):
        """The projects the user leads, sponsors or is on the team of."""
        # Each side read by its own index, as with an idea's followers.
        team = self.model.team.through.objects.filter(user=user).values("project")
        return self.filter(models.Q(lead=user) | models.Q(sponsor=user) | models.Q(pk__in=team))

    def search(self, query):
        """The project of the idea a reference names, or the projects holding every word of
        the query."""
        number = idea_number(query)
        if number is not None:
            return self.filter(idea_id=number)
        return self.filter(contains_every_word(query, PROJECT_TEXT))
