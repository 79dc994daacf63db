"""Work continuing across years: the projects and ideas serving an objective, carried to its
copy for the next year where an editor says so, so that they stay linked to the objective
they go on serving.

The work is improvement's, an app above goals that goals never imports (decision 5), so, as
with the evidence (goals/evidence.py), goals says here what it needs and improvement
registers the functions that answer when it starts (improvement/carried_work.py). Without
them an objective has no work to carry.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Carrier:
    # [objective ids] -> {objective id: ["2 projects", …]}: the continuing work, in one read
    continuing: object
    # ({objective id: its copy's id}, carried_by=user) -> how many links were added; a bulk
    # write that keeps the work's history and its cache topics (core.caching.record_change)
    carry: object


_carriers = []


def register(carrier):
    _carriers.append(carrier)


def continuing(objective_ids):
    """{objective id: what continues, in words}; objectives with none are left out."""
    work = {}
    for carrier in _carriers:
        for objective_id, items in carrier.continuing(list(objective_ids)).items():
            work.setdefault(objective_id, []).extend(items)
    return work


def carry(copies_of, *, carried_by):
    """Link each objective's continuing work to its copy as well; returns the links added."""
    if not copies_of:
        return 0
    return sum(carrier.carry(dict(copies_of), carried_by=carried_by) for carrier in _carriers)
