"""Who may do what, asked of the user's permissions: the one way every app checks them.

Each app names its rules (improvement.roles, training.roles). The "Improvement leads"
group (made by improvement's migrations) holds the improvement and training permissions; a
superuser has every permission.

Permissions are checked one way: a view names who may use it with `@requires(RULE)` (after
`@login_required`), before it reads anything, and each service checks again with
`require(RULE, user)`, so a change made from anywhere else (the admin, a command, a test)
keeps the same rule. `RULE.allows(user)` only decides what a page shows.
"""

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied

IMPROVEMENT_LEADS = "Improvement leads"
# Made by values' migrations, with the permissions to edit strategy and values content and
# to moderate thank-you cards.
STRATEGY_EDITORS = "Strategy editors"


@dataclass(frozen=True)
class Rule:
    permission: str
    refusal: str

    def allows(self, user):
        return user.is_authenticated and user.has_perm(self.permission)


def require(rule, user):
    """Refuse (403) unless the rule allows the user."""
    if not rule.allows(user):
        raise PermissionDenied(rule.refusal)


def requires(rule, *, when=None):
    """A view only the rule's users may use. With `when`, only the requests for which
    `when(request, **url_kwargs)` is true are checked: a page everyone reads and only leads
    change, or a record that is the user's own."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if when is None or when(request, *args, **kwargs):
                require(rule, request.user)
            return view(request, *args, **kwargs)

        return checked

    return decorator


def posting(request, **url_kwargs):
    """For `requires(..., when=posting)`: the rule applies to changes only."""
    return request.method == "POST"
