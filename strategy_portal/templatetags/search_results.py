"""The search page's results, each kind's items written in Python from the named rows the
apps' searches read (FOUND_VALUES, FOUND_STRATEGY, FOUND_PROGRAMME, FOUND_COHORTS), rather
than by the template's loops over records: each item's links, labels and texts cost the
template engine a dozen function calls a value, and the records more to build than to read.
The markup is the loops' it replaced, byte for byte: each item on its own lines, every text
escaped as the template escaped it, summaries cut to 20 words as `truncatewords` cut them,
a cohort's start written as the `date` filter wrote it."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core.links import page_url, url_with_key
from goals.periods import year_label
from improvement.models import Idea, Measure, Project

register = template.Library()

ITEM = '\n  <li><a href="{url}">{title}</a>\n    <p class="nhsuk-body-s">{details}</p></li>\n  '


def labels_in_lower_case(choices):
    """A field's choices' labels as `get_FOO_display|lower` wrote them, escaped."""
    return {value: escape(label.lower()) for value, label in choices}


IDEA_STATUSES = labels_in_lower_case(Idea.Status.choices)
PROJECT_STATUSES = labels_in_lower_case(Project.Status.choices)
MEASURE_KINDS = {value: escape(label) for value, label in Measure.Kind.choices}


def summary(text):
    """The text's first 20 words, escaped."""
    return escape(Truncator(text).words(20, truncate=" …"))


def value_url(organisation_slug, slug):
    return reverse("values:value", kwargs={"organisation": organisation_slug, "slug": slug})


def behaviour_items(rows):
    for row in rows:
        url = f"{value_url(row.value__organisation__slug, row.value__slug)}#behaviour-{row.pk}"
        yield ITEM.format(
            url=escape(url),
            title=escape(row.statement),
            details=(
                f"Behaviour under <strong>{escape(row.value__name)}</strong>, "
                f"{escape(row.value__organisation__short_name)} values"
            ),
        )


def value_items(rows):
    for row in rows:
        yield ITEM.format(
            url=escape(value_url(row.organisation__slug, row.slug)),
            title=escape(row.name),
            details=f"Value, {escape(row.organisation__short_name)}: {summary(row.summary)}",
        )


def principle_items(rows):
    values_page = escape(page_url("values:index"))
    for row in rows:
        yield ITEM.format(
            url=f"{values_page}#principle-{row.pk}",
            title=escape(row.title),
            details=(
                f"Guiding principle, {escape(row.organisation__short_name)}: "
                f"{summary(row.description)}"
            ),
        )


def strategy_items(rows):
    strategy_url = url_with_key("goals:strategy", key="slug")
    for row in rows:
        yield ITEM.format(
            url=escape(strategy_url(row.organisation__slug)),
            title=escape(row.title),
            details=f"Strategy, {escape(row.organisation__short_name)}",
        )


def goal_items(rows):
    strategy_url = url_with_key("goals:strategy", key="slug")
    for row in rows:
        yield ITEM.format(
            url=escape(f"{strategy_url(row.strategy__organisation__slug)}#goal-{row.pk}"),
            title=escape(row.title),
            details=(
                f"Goal, {escape(row.strategy__organisation__short_name)}: {escape(row.description)}"
            ),
        )


def objective_items(rows):
    for row in rows:
        url = reverse(
            "goals:objective",
            kwargs={
                "slug": row.strategy__organisation__slug,
                "year": row.year,
                "number": row.number,
            },
        )
        yield ITEM.format(
            url=escape(url),
            title=f"Strategic objective {row.number}, {year_label(row.year)}",
            details=f"{escape(row.strategy__organisation__short_name)}: {escape(row.statement)}",
        )


def section_items(rows):
    strategy_url = url_with_key("goals:strategy", key="slug")
    for row in rows:
        yield ITEM.format(
            url=escape(f"{strategy_url(row.strategy__organisation__slug)}#{row.kind}"),
            title=escape(row.heading),
            details=(
                f"{escape(row.strategy__organisation__short_name)}: {summary(row.introduction)}"
            ),
        )


def section_item_items(rows):
    strategy_url = url_with_key("goals:strategy", key="slug")
    for row in rows:
        organisation = row.section__strategy__organisation__slug
        said = f": {escape(row.summary)}" if row.summary else ""
        yield ITEM.format(
            url=escape(f"{strategy_url(organisation)}#{row.section__kind}"),
            title=escape(row.title),
            details=(
                f"{escape(row.section__heading)}, "
                f"{escape(row.section__strategy__organisation__short_name)}{said}"
            ),
        )


def idea_items(rows):
    idea_url = url_with_key("improvement:idea")
    for row in rows:
        yield ITEM.format(
            url=escape(idea_url(row.pk)),
            title=escape(row.title),
            details=(
                f'<span class="portal-reference">IDEA-{row.pk:05d}</span>, '
                f"{escape(row.site__short_name)}, {escape(row.ward)}: "
                f"{IDEA_STATUSES.get(row.status) or escape(row.status.lower())}"
            ),
        )


def project_items(rows):
    project_url = url_with_key("improvement:project")
    for row in rows:
        yield ITEM.format(
            url=escape(project_url(row.pk)),
            title=escape(row.title),
            details=(
                f"Project, {escape(row.site__short_name)}, {escape(row.ward)}: "
                f"{PROJECT_STATUSES.get(row.status) or escape(row.status.lower())}"
            ),
        )


def measure_items(rows):
    measure_url = url_with_key("improvement:measure")
    for row in rows:
        yield ITEM.format(
            url=escape(measure_url(row.pk)),
            title=escape(row.name),
            details=(
                f"{MEASURE_KINDS.get(row.kind) or escape(row.kind)} measure of "
                f"{escape(row.project__title)}"
            ),
        )


def cohort_items(rows):
    cohort_url = url_with_key("training:cohort")
    for row in rows:
        yield ITEM.format(
            url=escape(cohort_url(row.pk)),
            title=escape(f"{row.course__name}: {row.name}"),
            details=(
                f"{escape(row.site__short_name)}, starting "
                f"{dateformat.format(row.starts_on, 'j F Y')}"
            ),
        )


ITEMS = {
    "behaviours": behaviour_items,
    "values": value_items,
    "principles": principle_items,
    "strategies": strategy_items,
    "goals": goal_items,
    "objectives": objective_items,
    "sections": section_items,
    "section_items": section_item_items,
    "ideas": idea_items,
    "projects": project_items,
    "measures": measure_items,
    "cohorts": cohort_items,
}


@register.simple_tag
def found_items(kinds, kind):
    """The list items of one kind of result (a key of SearchResults.by_kind)."""
    return mark_safe("".join(ITEMS[kind](kinds.get(kind, ()))))
