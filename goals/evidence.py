"""What a progress update cites and a board report lists from the improvement programme:
measures with their SPC verdicts, and the projects serving each objective.

Both are improvement's, an app above goals, which goals never imports. So goals says here
what it needs and improvement, when it starts, registers the functions that answer
(improvement/evidence.py); without them an update cites no measures and a report lists no
projects.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """A measure and its SPC verdict as it stands now."""

    measure_id: int
    name: str
    project: str
    url: str
    variation: str
    assurance: str
    variation_icon: dict | None
    assurance_icon: dict | None


@dataclass(frozen=True)
class Work:
    """A project serving an objective."""

    title: str
    url: str
    status: str


@dataclass(frozen=True)
class Source:
    # objective -> [(measure id, label)]: the measures that may evidence its progress
    measures_for: object
    # [measure ids] -> [Verdict], in one read
    verdicts: object
    # [objective ids] -> {objective id: [Work]}, in one read
    work_serving: object


_sources = []


def register(source):
    _sources.append(source)


def measures_for(objective):
    return [choice for source in _sources for choice in source.measures_for(objective)]


def verdicts(measure_ids):
    if not measure_ids:
        return []
    return [verdict for source in _sources for verdict in source.verdicts(list(measure_ids))]


def work_serving(objective_ids):
    work = {}
    for source in _sources:
        for objective_id, items in source.work_serving(list(objective_ids)).items():
            work.setdefault(objective_id, []).extend(items)
    return work
