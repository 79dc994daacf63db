"""What the improvement programme shows on the strategy's pages (core/panels.py)."""

from core import panels

from . import selectors, tallies

OBJECTIVE_LIST_LIMIT = 10


def programme_headline(request):
    """The improvement programme's headline figures, for the trust's home page."""
    return {
        "figures": selectors.programme_figures(
            tallies.IdeaTallies().counts, tallies.ProjectTallies().counts
        ),
        "user": request.user,
    }


def objective_programme(request, *, objective):
    """The ideas and projects serving a strategic objective: the golden thread."""
    return {
        "objective": objective,
        "user": request.user,
        "limit": OBJECTIVE_LIST_LIMIT,
        **selectors.objective_programme(objective, list_limit=OBJECTIVE_LIST_LIMIT),
    }


def register():
    panels.register(
        "home",
        template_name="improvement/includes/programme_headline.html",
        context=programme_headline,
        topics=["ideas", "projects"],
    )
    panels.register(
        "objective",
        template_name="improvement/includes/objective_programme.html",
        context=objective_programme,
        # The golden thread names each project's lead.
        topics=["ideas", "projects", "people"],
    )
