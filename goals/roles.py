"""Who may report on the strategy's delivery (the idiom is core.roles').

An objective's executive owner and delivery leads write its progress updates; so do strategy
editors (the "Strategy editors" group, given the permissions by a migration), who also
approve updates where a strategy asks for approval, and see which are overdue.
"""

from django.core.exceptions import PermissionDenied

from core.roles import Rule

WRITE_UPDATES = Rule(
    "goals.add_progressupdate",
    "Only the objective's executive owner, its delivery leads and strategy editors can write "
    "its progress updates.",
)
# Approving updates, and following up those not written, are the strategy editors' work.
APPROVE_UPDATES = Rule(
    "goals.approve_progressupdate", "Only strategy editors can approve progress updates."
)

EDIT_OBJECTIVES = Rule("goals.add_objective", "Only strategy editors can add objectives.")
# Decides only whether a page offers the admin's link to fill in what a strategy lacks.
EDIT_STRATEGY = Rule("goals.change_strategy", "Only strategy editors can change a strategy.")


def may_write_update(user, objective):
    return WRITE_UPDATES.allows(user) or objective.is_delivered_by(user)


def require_update_writer(user, objective):
    """Refuse (403) anyone but the objective's owner, its delivery leads and editors."""
    if not may_write_update(user, objective):
        raise PermissionDenied(WRITE_UPDATES.refusal)
