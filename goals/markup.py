"""The strategy pages' repeated markup: a strategy's goal cards and its list of one year's
objectives (selectors.GoalRow, selectors.ObjectiveRow). Written in Python rather than by
templates looping over records: each value the template engine wrote cost a dozen function
calls, and the home and strategy pages wrote a few hundred. The markup is the templates'
it replaced, byte for byte, with every text escaped as the templates escaped it."""

from html import escape

from django.utils.safestring import mark_safe

from .delivery_presenters import status_tag
from .periods import Period


def goal_card(goal, signed_in):
    """One goal's card: its status for staff, its executive owner and delivery leads."""
    status = (
        '<p class="nhsuk-body-s nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0" '
        f'data-status="goal">Status: {status_tag(goal.rollup.status)} '
        f'<span class="nhsuk-u-nowrap">({escape(goal.rollup.summary)})</span></p>'
        if signed_in and goal.rollup
        else ""
    )
    owner = (
        '<p class="nhsuk-body-s nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0">'
        f"Executive owner: {escape(goal.executive_owner)}</p>"
        if goal.executive_owner
        else ""
    )
    leads = (
        '<p class="nhsuk-body-s nhsuk-u-margin-top-1 nhsuk-u-margin-bottom-0">'
        f"Delivery lead{'' if len(goal.delivery_leads) == 1 else 's'}: "
        f"{'; '.join(map(escape, goal.delivery_leads))}</p>"
        if goal.delivery_leads
        else ""
    )
    return (
        '\n  <li class="nhsuk-grid-column-one-third nhsuk-card-group__item">\n'
        f'    <div class="nhsuk-card" id="goal-{goal.pk}">\n'
        '      <div class="nhsuk-card__content">\n'
        f'        <h3 class="nhsuk-card__heading nhsuk-heading-s">{escape(goal.title)}</h3>\n'
        f'        <p class="nhsuk-card__description">{escape(goal.description)}</p>\n'
        f"        {status}\n"
        f"        {owner}\n"
        f"        {leads}\n"
        "      </div>\n"
        "    </div>\n"
        "  </li>\n  "
    )


def goal_cards(goals, *, signed_in):
    """The goals' cards, statuses shown to staff (signed in) only."""
    cards = "".join(goal_card(goal, signed_in) for goal in goals)
    return mark_safe(f'\n<ul class="nhsuk-grid-row nhsuk-card-group">\n  {cards}\n</ul>\n')


def objective_item(objective, year_url, signed_in):
    """One objective: its link, statement, latest status for staff and the goals it serves."""
    status = ""
    if signed_in:
        latest = (
            "Latest update, "
            f"{Period(objective.latest_period_start, objective.latest_period_end).label}: "
            if objective.latest_status
            else ""
        )
        status = (
            '<p class="nhsuk-body-s nhsuk-u-margin-bottom-2" data-status="objective">'
            f"{latest}{status_tag(objective.latest_status)}</p>"
        )
    goals = (
        '\n    <p class="nhsuk-body-s">Serves:\n      '
        + " ".join(
            f'<strong class="nhsuk-tag nhsuk-tag--blue">{escape(title)}</strong>'
            for _, title in objective.goals
        )
        + "\n    </p>\n    "
        if objective.goals
        else ""
    )
    return (
        '\n  <li class="portal-objectives__item">\n'
        '    <h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">\n'
        f'      <a href="{year_url}{objective.number}/">'
        f"Strategic objective {objective.number}</a>\n"
        "    </h3>\n"
        f'    <p class="nhsuk-body nhsuk-u-margin-bottom-2">{escape(objective.statement)}</p>\n'
        f"    {status}\n"
        f"    {goals}\n"
        "  </li>\n  "
    )


def objective_list(objectives, *, year_url, signed_in):
    """One year's objectives, each linking to its page under the year's (`year_url`);
    statuses shown to staff (signed in) only."""
    items = "".join(objective_item(objective, year_url, signed_in) for objective in objectives)
    return mark_safe(f'\n<ol class="nhsuk-list portal-objectives">\n  {items}\n</ol>\n')
