from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

from core.links import url_with_key
from core.presenters import nhsuk_tag, person_name, plural

from ..models import Enrolment, Ward
from ..presenters import PLACE_STATUS_TAG, WITHDRAW_BUTTON, place_status_class

register = template.Library()


@register.filter
def place_status(enrolment):
    """A training place's status as an NHS.UK tag."""
    return nhsuk_tag(place_status_class(enrolment), enrolment.get_status_display())


@register.filter
def withdraw_button(enrolment):
    """The words on the button that gives up the colleague's place or request."""
    return WITHDRAW_BUTTON[enrolment.status]


register.filter("person", person_name)


# The tags below write the repeated rows of the training pages, as improvement's write its
# tables' (improvement/templatetags): written by the template, each value cost a dozen
# function calls (resolving, localizing, escaping). Each keeps the markup and whitespace the
# template's loop wrote; every text is escaped.

COHORT_ROW = (
    '\n    <tr class="nhsuk-table__row">\n'
    '      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
    'aria-hidden="true">Cohort </span><a href="{url}">{course}: {name}</a></td>\n'
    '      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
    'aria-hidden="true">Site </span>{site}</td>\n'
    '      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
    'aria-hidden="true">First session </span>{starts_on}</td>\n'
    '      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
    'aria-hidden="true">Places </span>{places}</td>\n'
    "    </tr>\n    "
)


@register.simple_tag
def cohort_table_rows(cohorts):
    """Cohorts (selectors.upcoming_cohort_rows, past_cohort_rows) as the rows of the
    training page's tables: each linking to its page, with its site, its first session and
    its free places, or its waiting list when full."""
    cohort_url = url_with_key("training:cohort")
    return mark_safe(
        "".join(
            COHORT_ROW.format(
                url=cohort_url(cohort.pk),
                course=escape(cohort.course_name),
                name=escape(cohort.name),
                site=escape(cohort.site_short_name),
                starts_on=f"{cohort.starts_on.day} {cohort.starts_on:%B %Y}",
                places=_free_places(cohort),
            )
            for cohort in cohorts
        )
    )


def _free_places(cohort):
    if cohort.free_places > 0:
        return f"{cohort.free_places} of {cohort.capacity} free"
    return f"Full, {cohort.waiting} waiting" if cohort.waiting else "Full"


PLACE_ROW = (
    '\n    <tr class="nhsuk-table__row">\n'
    '      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
    'aria-hidden="true">Colleague </span><a href="{record_url}">{person}</a></td>\n'
    '      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
    'aria-hidden="true">Place </span>{status}{trained}</td>\n'
    '      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
    'aria-hidden="true">Sessions attended </span>{attended} of {held}</td>\n'
    '      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
    'aria-hidden="true">Action </span>\n        {confirm}\n        {withdraw}\n      </td>\n'
    "    </tr>\n    "
)
TRAINED_TAG = ' <strong class="nhsuk-tag nhsuk-tag--green">Trained</strong>'
CONFIRM_FORM = (
    '\n        <form method="post" action="{url}" class="portal-inline-form">{csrf}'
    '<button class="nhsuk-button nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit">'
    'Confirm<span class="nhsuk-u-visually-hidden"> {person}</span></button></form>\n        '
)
WITHDRAW_FORM = (
    '\n        <form method="post" action="{url}" class="portal-inline-form">{csrf}'
    '<button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small '
    'nhsuk-u-margin-bottom-0" type="submit">Withdraw<span class="nhsuk-u-visually-hidden"> '
    "{person}</span></button></form>\n        "
)
# Each status's tag (place_status), written once.
PLACE_TAGS = {
    status.value: nhsuk_tag(PLACE_STATUS_TAG.get(status, "nhsuk-tag--grey"), status.label)
    for status in Enrolment.Status
}
AWAITING_A_PLACE = {Enrolment.Status.REQUESTED, Enrolment.Status.WAITING}


@register.simple_tag(takes_context=True)
def place_rows(context, enrolments, held_sessions):
    """A cohort's places (selectors.cohort_for_page) as the rows of its page's table for a
    lead: each colleague linking to their training record, the place's status, the
    sessions attended, and the forms that confirm or withdraw it."""
    # The form's hidden token, as {% csrf_token %} writes it: one token for the page.
    csrf = CsrfTokenNode().render(context)
    record_url = url_with_key("training:person_training_record", key="user_pk")
    confirm_url = url_with_key("training:enrolment_confirm")
    withdraw_url = url_with_key("training:enrolment_withdraw")
    rows = []
    for enrolment in enrolments:
        person = escape(person_name(enrolment.person))
        rows.append(
            PLACE_ROW.format(
                record_url=record_url(enrolment.person_id),
                person=person,
                status=PLACE_TAGS[enrolment.status],
                trained=TRAINED_TAG if enrolment.completed_on else "",
                attended=enrolment.attended,
                held=held_sessions,
                confirm=CONFIRM_FORM.format(url=confirm_url(enrolment.pk), csrf=csrf, person=person)
                if enrolment.status in AWAITING_A_PLACE
                else "",
                withdraw=WITHDRAW_FORM.format(
                    url=withdraw_url(enrolment.pk), csrf=csrf, person=person
                )
                if enrolment.is_active and not enrolment.completed_on
                else "",
            )
        )
    return mark_safe("".join(rows))


STAGE_WORDS = {stage.value: stage.label.lower() for stage in Ward.Stage}
WAVE_ITEM = (
    '\n  <li class="portal-timeline__item" id="wave-{number}">\n'
    '    <h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">{wave}: planned {first_month} to '
    '{last_month} <strong class="nhsuk-tag nhsuk-tag--{colour}">{status}</strong></h3>\n'
    '    <p class="nhsuk-body nhsuk-u-margin-bottom-2">{planned} ward{planned_plural} planned; '
    "{on_time} joined on time{late}{to_join}. By the end of the quarter, {joined_by_end} of "
    "{planned_by_end} planned wards had joined.</p>\n    {wards}\n  </li>\n  "
)
WARD_LIST = '\n    <ul class="nhsuk-list nhsuk-u-font-size-16">\n      {}\n    </ul>\n    '
WARD_ITEM = '\n      <li><a href="{url}">{name}</a>, {site}: {stage}{joined}{projects}</li>\n      '


@register.simple_tag
def programme_waves(rows):
    """The waves of the ward programme (presenters.WaveProgress) as the items of its page's
    timeline: each planned against what happened, and its wards."""
    ward_url = url_with_key("training:ward")
    return mark_safe(
        "".join(
            WAVE_ITEM.format(
                number=row.wave.number,
                wave=escape(str(row.wave)),
                first_month=f"{row.wave.planned_start:%B}",
                last_month=f"{row.last_month:%B %Y}",
                colour=row.status[1],
                status=escape(row.status[0]),
                planned=row.wave.planned_wards,
                planned_plural=plural(row.wave.planned_wards),
                on_time=row.joined_on_time,
                late=f", {row.joined_late} late" if row.joined_late else "",
                to_join=f", {row.to_join} still to join" if row.to_join else "",
                joined_by_end=row.joined_by_end,
                planned_by_end=row.planned_by_end,
                wards=WARD_LIST.format(_ward_items(row.wards, ward_url)) if row.wards else "",
            )
            for row in rows
        )
    )


def _ward_items(wards, ward_url):
    """A wave's wards (selectors.ward_programme), each linking to its page, with its site,
    its stage, when it joined and its projects."""
    return "".join(
        WARD_ITEM.format(
            url=ward_url(ward.pk),
            name=escape(ward.name),
            site=escape(ward.site_short_name),
            stage=STAGE_WORDS[ward.stage],
            joined=f", joined {ward.joined_on.day} {ward.joined_on:%B %Y}"
            if ward.joined_on
            else "",
            projects=f", {ward.project_count} project{plural(ward.project_count)}"
            if ward.project_count
            else "",
        )
        for ward in wards
    )
