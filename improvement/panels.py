"""What the improvement programme shows on the strategy's and the training's pages
(core/panels.py)."""

from core import panels

from . import selectors, tallies

OBJECTIVE_LIST_LIMIT = 10


def programme_headline(request):
    """The improvement programme's headline figures, for the trust's home page."""
    return {
        "figures": selectors.programme_figures(
            tallies.IdeaTallies().totals, tallies.ProjectTallies().counts
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


def cohort_projects(request, *, cohort):
    """The projects run during a QSIR cohort, on the cohort's page."""
    return {"projects": selectors.projects_linked(cohort=cohort)}


def ward_projects(request, *, ward):
    """The projects run on a ward of the ward programme, on the ward's page."""
    return {"projects": selectors.projects_linked(programme_ward=ward)}


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
    panels.register(
        "cohort",
        template_name="improvement/includes/cohort_projects.html",
        context=cohort_projects,
    )
    panels.register(
        "ward",
        template_name="improvement/includes/ward_projects.html",
        context=ward_projects,
    )
