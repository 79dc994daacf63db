"""`manage.py seed` loads the seed documents' content exactly, once, and leaves editors'
changes alone unless `--reset` is given."""

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from goals.models import Goal, Objective, Organisation, Section, SectionItem, Site, Strategy
from training.models import Course
from values.models import Behaviour, GuidingPrinciple, Value

SEEDS = Path("/work/shared/seeds")
SEED_000 = SEEDS / "000_e011cac1caac5035.txt"

MSEFT_GOALS = ["High quality local services", "Equitable access", "Opportunities for our staff"]
EXCELLENT_BEHAVIOURS = [
    "I regularly review what I do and how I do it to improve my personal performance",
    "I find opportunities to take positive action to improve and innovate",
    "I prioritise working with others on shared goals",
    "I learn from others and openly share my own knowledge and experience",
    "I seek out and act upon feedback from colleagues, patients and visitors",
    "I make sure I have clear objectives, that are linked to the goals of my team and the "
    "Trust, and that support excellence in my role",
    "I communicate in an open, accurate and straightforward way",
    "I involve others with decision making that directly impacts them, whether a patient or "
    "colleagues",
]

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def normalise(text):
    """Text as compared with the seed: typographic quotes and dashes made plain, spaces tidied."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
    return " ".join(text.translate(table).split())


def seed_000_behaviour_groups():
    """The "I …" bullet lines of seed 000, one list per value, in the document's order."""
    groups, current = [], []
    for line in SEED_000.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*•\s*(I .*)$", line)
        if match:
            current.append(match.group(1).strip())
        elif current and line.strip():
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    split_groups = []
    for group in groups:
        statements = []
        for line in group:
            # The seed runs two compassionate behaviours together on one line.
            head, sep, tail = line.partition(" I show")
            statements.append(head)
            if sep:
                statements.append("I show" + tail)
        split_groups.append(statements)
    return split_groups


def mseft_values():
    return list(Value.objects.filter(organisation__slug="mseft"))


def section_items(slug, kind):
    return list(
        SectionItem.objects.filter(
            section__strategy__organisation__slug=slug, section__kind=kind
        ).values_list("title", flat=True)
    )


# What the first run loads


def test_seed_loads_the_four_organisations(seeded):
    assert set(Organisation.objects.values_list("slug", flat=True)) == {
        "mseft",
        "mse-ics",
        "esmsk",
        "mse-partnership",
    }
    assert Strategy.objects.count() == 4
    mseft = Organisation.objects.get(slug="mseft")
    assert mseft.name == "Mid and South Essex NHS Foundation Trust"
    assert mseft.member_of.slug == "mse-ics"
    assert list(Organisation.objects.get(slug="mse-ics").members.all()) == [mseft]


def test_seed_loads_mseft_goals_and_2023_objectives(seeded):
    strategy = Strategy.objects.get(organisation__slug="mseft")
    assert [goal.title for goal in strategy.goals.all()] == MSEFT_GOALS
    assert strategy.goals.get(title="Equitable access").description == (
        "Driving equity as our priority, including in specialist services, taking advantage "
        "of digital."
    )
    objectives = list(strategy.objectives.all())
    assert [(o.year, o.number) for o in objectives] == [(2023, n) for n in range(1, 6)]
    assert objectives[0].statement.startswith("We will put the patient first at MSEFT")
    assert objectives[4].statement == (
        "Improving value in all we do and maximising the opportunity of digital."
    )
    for objective in objectives:
        goals = list(objective.goals.all())
        assert goals, f"objective {objective.number} serves no goal"
        assert all(goal.strategy_id == strategy.pk for goal in goals)
    assert "to deliver high-quality services, drive equitable access" in strategy.aim


def test_seed_loads_mseft_values_with_eight_behaviours_each_in_order(seeded):
    values = mseft_values()
    assert [v.slug for v in values] == ["excellent", "compassionate", "respectful"]
    assert [v.name for v in values] == ["Excellent", "Compassionate", "Respectful"]
    for value in values:
        assert value.behaviours.count() == 8, value.name
    assert [b.statement for b in values[0].behaviours.all()] == EXCELLENT_BEHAVIOURS
    compassionate = [b.statement for b in values[1].behaviours.all()]
    assert compassionate[:3] == [
        "I take time to listen",
        "I act with kindness towards myself and others",
        "I show commitment to working with and supporting others as part of a team",
    ]
    assert Behaviour.objects.filter(value__organisation__slug="mseft").count() == 24


def test_every_behaviour_line_of_seed_000_is_a_behaviour_in_order(seeded):
    groups = seed_000_behaviour_groups()
    assert [len(group) for group in groups] == [8, 8, 8]
    for value, expected in zip(mseft_values(), groups, strict=True):
        stored = [normalise(b.statement) for b in value.behaviours.all()]
        assert stored == [normalise(line) for line in expected], value.name


def test_seed_loads_esmsk_values_principles_and_mission(seeded):
    values = Value.objects.filter(organisation__slug="esmsk")
    assert [v.name for v in values] == [
        "Connection & Kindness",
        "Equity & Fairness",
        "Quality & Excellence",
        "Creativity & Courage",
        "Person Focused",
    ]
    principles = GuidingPrinciple.objects.filter(organisation__slug="esmsk")
    assert [p.title for p in principles] == [
        "Collaboration",
        "Power through communication",
        "Empower leadership at all levels",
        "Shared resources",
        "Continuous improvement",
        "Equity",
        "Share success",
    ]
    assert "'Togetherness' will be celebrated" in normalise(principles[0].description)
    strategy = Strategy.objects.get(organisation__slug="esmsk")
    assert strategy.mission == "We put the patient at the heart of everything we do."
    aims = section_items("esmsk", Section.Kind.MISSION_AIMS)
    assert len(aims) == 3
    assert aims[1] == "Ensure East Sussex is considered an exemplar place for MSK healthcare"


def test_seed_loads_the_ics_vision_aspirations_ambitions_and_priorities(seeded):
    strategy = Strategy.objects.get(organisation__slug="mse-ics")
    assert strategy.vision.startswith("Our vision is for a health and care partnership")
    assert section_items("mse-ics", Section.Kind.ASPIRATIONS) == [
        "Distinctive",
        "Attractive",
        "Successful",
    ]
    assert len(section_items("mse-ics", Section.Kind.AMBITIONS)) == 4
    priorities = section_items("mse-ics", Section.Kind.PRIORITIES)
    assert len(priorities) == 4
    for word in ["COVID", "Stewardship", "workforce", "Children and young people"]:
        assert any(word.lower() in title.lower() for title in priorities), word


def test_seed_loads_the_partnership_commitments_ambition_places_and_focus(seeded):
    commitments = SectionItem.objects.filter(
        section__strategy__organisation__slug="mse-partnership",
        section__kind=Section.Kind.COMMITMENTS,
    )
    assert [c.title for c in commitments] == [
        "Healthy Start",
        "Healthy Minds",
        "Healthy Places",
        "Healthy Communities",
        "Healthy Living",
        "Healthy Care",
    ]
    assert all(c.description for c in commitments)
    assert commitments[0].summary == "helping every child to have the best start in life"
    assert commitments[5].description.startswith("from advice and support to keep well")
    ambitions = Section.objects.get(
        strategy__organisation__slug="mse-partnership", kind=Section.Kind.AMBITIONS
    )
    assert "our overarching ambition is to reduce inequalities" in ambitions.introduction
    assert section_items("mse-partnership", Section.Kind.PLACES) == [
        "Thurrock",
        "Basildon and Brentwood",
        "Mid-Essex",
        "South East Essex",
    ]
    focus = section_items("mse-partnership", Section.Kind.FOCUS_AREAS)
    assert len(focus) == 2
    assert "cancer" in focus[0].lower()
    assert "older people" in focus[1].lower()


# Running it again


def snapshot():
    """Every model's rows by primary key, with the text content of the content models."""
    state = {}
    for model in apps.get_models():
        state[model._meta.label] = set(model.objects.values_list("pk", flat=True))
    state["statements"] = sorted(Behaviour.objects.values_list("statement", flat=True))
    state["goals"] = sorted(Goal.objects.values_list("title", "description"))
    return state


def test_second_run_changes_nothing(seeded):
    before = snapshot()
    updated = {
        model._meta.label: dict(model.objects.values_list("pk", "updated_at"))
        for model in [Organisation, Strategy, Goal, Objective, Section, Value, Behaviour]
    }
    output = seed()
    assert "Seed files loaded: 0." in output
    assert snapshot() == before
    for model in [Organisation, Strategy, Goal, Objective, Section, Value, Behaviour]:
        assert dict(model.objects.values_list("pk", "updated_at")) == updated[model._meta.label]


def test_editors_changes_survive_a_second_run(seeded):
    behaviour = Value.objects.get(organisation__slug="mseft", slug="compassionate").behaviours.get(
        statement="I take time to listen"
    )
    behaviour.statement = "I take time to listen, and I act on what I hear"
    behaviour.save()
    Goal.objects.get(strategy__organisation__slug="mseft", title="Equitable access").delete()

    seed()

    behaviour.refresh_from_db()
    assert behaviour.statement == "I take time to listen, and I act on what I hear"
    assert not Behaviour.objects.filter(statement="I take time to listen").exists()
    assert list(
        Goal.objects.filter(strategy__organisation__slug="mseft").values_list("title", flat=True)
    ) == ["High quality local services", "Opportunities for our staff"]


def test_reset_restores_the_seed_text_and_keeps_objectives(seeded):
    objective_pks = set(Objective.objects.values_list("pk", flat=True))
    counts = {model: model.objects.count() for model in [Goal, Behaviour, Value, SectionItem]}
    behaviour = Behaviour.objects.get(statement="I take time to listen")
    behaviour.statement = "Edited by an editor"
    behaviour.save()
    Goal.objects.get(strategy__organisation__slug="mseft", title="Equitable access").delete()

    output = seed("--reset")

    assert "Seed files loaded: 0." not in output
    assert not Behaviour.objects.filter(statement="Edited by an editor").exists()
    compassionate = Value.objects.get(organisation__slug="mseft", slug="compassionate")
    assert compassionate.behaviours.first().statement == "I take time to listen"
    assert (
        list(
            Goal.objects.filter(strategy__organisation__slug="mseft").values_list(
                "title", flat=True
            )
        )
        == MSEFT_GOALS
    )
    # Objectives are updated in place, so whatever points at them keeps its links...
    assert set(Objective.objects.values_list("pk", flat=True)) == objective_pks
    # ...and they serve the recreated goals again.
    for objective in Objective.objects.all():
        assert objective.goals.exists()
    assert {model: model.objects.count() for model in counts} == counts


def test_reset_restores_the_seeds_order_after_editors_reordered_lists(seeded):
    """Numbers are unique in each list, so a reset that renumbers must not trip over the
    editors' numbers: swapped organisations, values and behaviours, an added value holding
    a seeded number, a behaviour numbered 0."""

    def renumber(records, numbers):
        for record, number in zip(records, numbers, strict=True):
            record.order = number
        for record in records:  # out of the way first: numbers are unique
            type(record).objects.filter(pk=record.pk).update(order=1000 + record.pk)
        for record in records:
            record.save()

    # Behaviours are updated in place in the order they stand, so their text moves, not their ids.
    fields = {Organisation: ["pk"], Value: ["pk"], Behaviour: ["value", "statement"]}
    orders = {model: sorted(model.objects.values_list(*fields[model], "order")) for model in fields}
    renumber(list(Organisation.objects.all()), [2, 1, 4, 3])
    excellent, compassionate, respectful = mseft_values()
    renumber([excellent, compassionate, respectful], [3, 2, 5])
    added = Value.objects.create(
        organisation=excellent.organisation, name="Curious", slug="curious", summary="x", order=1
    )
    behaviours = list(compassionate.behaviours.all())
    renumber(behaviours, [0, *range(2, len(behaviours) + 1)][::-1])

    seed("--reset")

    assert [value.slug for value in mseft_values()] == [
        "excellent",
        "compassionate",
        "respectful",
        "curious",
    ]
    added.delete()
    assert {
        model: sorted(model.objects.values_list(*fields[model], "order")) for model in fields
    } == orders


def test_reset_renumbers_sites_and_courses_an_editor_swapped_or_added(seeded):
    """Sites (in their organisation) and courses are numbered like the other lists: a reset
    puts the seed's order back over an editor's swap, and records an editor added, even
    holding a seeded number, follow the seeded ones."""
    sites = list(Site.objects.filter(organisation__slug="mseft"))
    courses = list(Course.objects.all())
    for first, second in [sites[:2], courses[:2]]:
        numbers = first.order, second.order
        type(first).objects.filter(pk=first.pk).update(order=900)
        type(first).objects.filter(pk=second.pk).update(order=numbers[0])
        type(first).objects.filter(pk=first.pk).update(order=numbers[1])
    Site.objects.filter(pk=sites[0].pk).update(order=50)
    added_site = Site.objects.create(
        organisation=sites[0].organisation, name="A", short_name="A", slug="a", order=2
    )
    Course.objects.filter(pk=courses[0].pk).update(order=50)
    added_course = Course.objects.create(
        name="A", slug="a", description="x", session_count=1, order=2
    )

    seed("--reset")

    assert list(Site.objects.filter(organisation__slug="mseft")) == [*sites, added_site]
    assert list(Course.objects.all()) == [*courses, added_course]


# The seed documents' text, word for word


def seed_lines(prefix):
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def test_mseft_goals_objectives_and_value_summaries_match_seed_000(seeded):
    lines = seed_lines("000")
    strategy = Strategy.objects.get(organisation__slug="mseft")
    goal_lines = lines[
        lines.index("Our three-year goals") + 1 : lines.index("Our strategic objectives")
    ]
    expected_goals = [line.split(" - ", 1) for line in goal_lines if line]
    assert [[g.title, g.description] for g in strategy.goals.all()] == expected_goals

    expected_objectives = {}
    for line in lines:
        match = re.match(r"Strategic objective (\w+):\s*(.*)$", line)
        if match:
            expected_objectives[NUMBERS[match.group(1)]] = normalise(match.group(2))
    stored = {o.number: normalise(o.statement) for o in strategy.objectives.filter(year=2023)}
    assert stored == expected_objectives

    for value in Value.objects.filter(organisation__slug="mseft"):
        assert value.summary in lines, f"{value.name}'s summary is not in seed 000"


def test_ics_lists_match_seed_001(seeded):
    lines = seed_lines("001")
    expected = [
        line[2:].split(": ", 1)
        for line in lines
        if line.startswith("- ") and ": " in line and not line.startswith("- To ")
    ]
    stored = [
        [item.title, item.description]
        for item in SectionItem.objects.filter(
            section__strategy__organisation__slug="mse-ics",
            section__kind__in=[Section.Kind.ASPIRATIONS, Section.Kind.AMBITIONS],
        ).order_by("section__order", "order")
    ]
    assert [[title, normalise(text)] for title, text in stored] == [
        [title, normalise(text)] for title, text in expected
    ]
    vision = Strategy.objects.get(organisation__slug="mse-ics").vision
    assert vision in lines


def test_esmsk_mission_values_and_principles_match_seed_002(seeded):
    bullets = [line.lstrip("·").strip() for line in seed_lines("002") if line.startswith("·")]
    aims = section_items("esmsk", Section.Kind.MISSION_AIMS)
    summaries = list(
        Value.objects.filter(organisation__slug="esmsk").values_list("summary", flat=True)
    )
    principles = [
        f"{p.title} – {p.description.split(chr(10))[0]}"
        for p in GuidingPrinciple.objects.filter(organisation__slug="esmsk")
    ]
    assert [normalise(b) for b in bullets] == [normalise(t) for t in aims + summaries + principles]


def test_partnership_places_and_vision_match_seed_004(seeded):
    text = normalise(" ".join(seed_lines("004")))
    strategy = Strategy.objects.get(organisation__slug="mse-partnership")
    # The paper quotes the vision without its full stop.
    assert f'"{normalise(strategy.vision).rstrip(".")}"' in text
    for place in section_items("mse-partnership", Section.Kind.PLACES):
        assert f"- {place}" in text
    for item in SectionItem.objects.filter(
        section__strategy=strategy, section__kind=Section.Kind.COMMITMENTS
    ):
        assert normalise(f"{item.title} - {item.summary}") in text
        assert normalise(item.description) in text


# The command's report and options


def test_first_run_reports_each_file_and_second_run_skips_them(db):
    first = seed()
    for key in [
        "goals/01_mse-ics.yaml",
        "goals/02_mseft.yaml",
        "goals/03_esmsk.yaml",
        "goals/04_mse-partnership.yaml",
        "values/01_mseft.yaml",
        "values/02_esmsk.yaml",
    ]:
        assert f"{key}: loaded" in first
    second = seed()
    assert "goals/02_mseft.yaml: already loaded, left as it is" in second
    assert "Seed files loaded: 0." in second


def test_reset_twice_leaves_the_same_content(seeded):
    seed("--reset")
    # History models are left out: a reset is recorded in the history, as any change is; and
    # so are core's generations and rollups, which follow every write.
    content_models = [
        m
        for m in apps.get_models()
        if not m.__name__.startswith("Historical") and m._meta.app_label != "core"
    ]
    counts = {model: model.objects.count() for model in content_models}
    kept = {
        model: set(model.objects.values_list("pk", flat=True))
        for model in [Organisation, Strategy, Objective, Value]
    }
    statements = sorted(Behaviour.objects.values_list("statement", flat=True))
    seed("--reset")
    assert {model: model.objects.count() for model in content_models} == counts
    for model, pks in kept.items():
        assert set(model.objects.values_list("pk", flat=True)) == pks, model.__name__
    assert sorted(Behaviour.objects.values_list("statement", flat=True)) == statements


def test_scale_without_demo_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--scale only applies with --demo"):
        seed("--scale", "2")
