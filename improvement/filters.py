"""The filters, search and sort orders of the idea and project lists and the dashboard."""

import copy

import django_filters
import django_filters.fields
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from core.forms import ChoiceQuery, ChoicesFromValues, FixedChoiceField, NHSDateField
from core.search import search_bounds
from goals.models import Objective, Site
from goals.periods import year_label

from .forms import check_dates_in_order
from .models import Idea, Project

DATES_REVERSED = "The 'to' date must be on or after the 'from' date"


class DateRangeForm(forms.Form):
    """A filter form whose 'from' and 'to' dates must be in order: reversed, they would
    match nothing and the list would silently say none were found."""

    def clean(self):
        cleaned = super().clean()
        check_dates_in_order(self, "date_from", "date_to", DATES_REVERSED)
        return cleaned


class ObjectiveFilterField(ChoicesFromValues, forms.ModelChoiceField):
    label_fields = ("year", "number")

    def label_from_values(self, year, number):
        return f"{year_label(year)} objective {number}"


class SiteChoiceField(ChoicesFromValues, forms.ModelChoiceField):
    """A site, labelled by its short name (as a Site is named)."""

    label_fields = ("short_name",)

    def label_from_values(self, short_name):
        return short_name


class SiteFilterField(ChoicesFromValues, django_filters.fields.ModelChoiceField):
    label_fields = ("short_name",)

    def label_from_values(self, short_name):
        return short_name


# The sites and objectives the filters offer, their options read by SQL compiled once.
SITES = ChoiceQuery(SiteChoiceField, Site.objects.all)
OBJECTIVES = ChoiceQuery(ObjectiveFilterField, lambda: objectives(None))


class SiteFilter(django_filters.ModelChoiceFilter):
    field_class = SiteFilterField


class ObjectiveFilter(django_filters.ModelChoiceFilter):
    field_class = ObjectiveFilterField

    def filter(self, queryset, value):
        if not value:
            return queryset
        # Through the links, so each record is listed once without a DISTINCT over every
        # column (which made counting a long list slow).
        model = queryset.model
        links = model.objectives.through.objects.filter(objective=value)
        return queryset.filter(pk__in=links.values(model._meta.model_name))


def objectives(request):
    return Objective.objects.select_related("strategy")


def filter_helper():
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.add_input(Submit("", "Apply filters", css_class="nhsuk-button--secondary"))
    return helper


def date_error_messages(label):
    """The date field's messages, naming the filter as the NHS service manual asks."""
    return {
        "incomplete": f"{label} must include a %(missing)s",
        "invalid": f"{label} must be a real date",
        "invalid_year": f"{label}: the year must include 4 numbers",
    }


def date_field(label, help_text):
    """A filter's date, typed in the NHS date input's day, month and year boxes as every
    form in the portal takes dates."""
    return NHSDateField(
        label=label,
        required=False,
        help_text=help_text,
        error_messages=date_error_messages(label),
    )


class NHSDateFilter(django_filters.DateFilter):
    field_class = NHSDateField


def date_filter(field_name, lookup_expr, label):
    return NHSDateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        help_text="For example, 1 4 2024",
        error_messages=date_error_messages(label),
    )


def search_filter(label):
    """A list's search box, bounded as every search is (core/search.py)."""
    return django_filters.CharFilter(method="search", label=label, **search_bounds())


FILTER_FORM_CLASSES = {}


class FiltersCopiedShallowly(dict):
    """A filter set's filters, which django-filter deep-copies for each filter set made, so
    that each copy keeps its own model, filter set and form field. Their form is built once
    (ProgrammeFilterSet.get_form_class), so a shallow copy of each is enough: deep copies of
    their choices, querysets, validators and messages cost a list some 1,700 function calls.
    Each copy has its own `extra` (what its field is built from, which building it changes)
    and its method, if it has one, bound to it: django-filter calls a filter's method on the
    filter set the filter belongs to."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copied = copy.copy(filter_)
            copied.extra = dict(filter_.extra)
            if filter_.method is not None:
                copied.method = filter_.method
            copies[name] = copied
        return copies


class ProgrammeFilterSet(django_filters.FilterSet):
    """Filters that ideas and projects share: site and strategic objective."""

    site = SiteFilter(queryset=Site.objects.all(), empty_label="All sites")
    objective = ObjectiveFilter(
        field_name="objectives", queryset=objectives, empty_label="All objectives"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["site"].offer(SITES)
        self.form.fields["objective"].offer(OBJECTIVES)
        self.form.helper = filter_helper()

    @classmethod
    def get_filters(cls):
        return FiltersCopiedShallowly(super().get_filters())

    def get_form_class(self):
        """The filters' form class, built once a process for each filter set: django-filter
        builds the class, and a field for each filter, for every list shown, though none
        of them depends on the request (the choices of a site or an objective are read
        anew by each form made of the class)."""
        form_class = FILTER_FORM_CLASSES.get(type(self))
        if form_class is None:
            form_class = FILTER_FORM_CLASSES[type(self)] = super().get_form_class()
        return form_class

    def search(self, queryset, name, value):
        return queryset.search(value)


class StableOrderingFilter(django_filters.OrderingFilter):
    """A sort order with ties broken by the record's id: rows sharing a title, status or
    date would otherwise come in whatever order the database finds them, so that one could
    show on two pages and another on none."""

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        return (
            ordered.order_by(*ordered.query.order_by, "pk") if ordered.query.order_by else ordered
        )


class IdeaFilter(ProgrammeFilterSet):
    q = search_filter("Search ideas")
    status = django_filters.ChoiceFilter(choices=Idea.Status.choices, empty_label="Any status")
    date_from = date_filter("created_at", "date__gte", "Submitted from")
    date_to = date_filter("created_at", "date__lte", "Submitted to")
    sort = StableOrderingFilter(
        label="Sort by",
        empty_label=None,
        fields=(("created_at", "submitted"), ("title", "title"), ("status", "status")),
        field_labels={
            "-submitted": "Newest first",
            "submitted": "Oldest first",
            "title": "Title A to Z",
            "-title": "Title Z to A",
            "status": "Status",
        },
    )

    class Meta:
        model = Idea
        form = DateRangeForm
        fields = ["q", "status", "site", "objective", "date_from", "date_to", "sort"]


class ProjectFilter(ProgrammeFilterSet):
    q = search_filter("Search projects")
    mine = django_filters.BooleanFilter(
        method="involving_me",
        label="Only projects I lead, sponsor or am on the team of",
        widget=forms.CheckboxInput,
    )
    status = django_filters.ChoiceFilter(choices=Project.Status.choices, empty_label="Any status")
    phase = django_filters.ChoiceFilter(choices=Project.Phase.choices, empty_label="Any phase")
    date_from = date_filter("start_date", "gte", "Started from")
    date_to = date_filter("start_date", "lte", "Started to")
    sort = StableOrderingFilter(
        label="Sort by",
        empty_label=None,
        fields=(
            ("start_date", "started"),
            ("title", "title"),
            ("progress_score", "score"),
            ("target_date", "target"),
        ),
        field_labels={
            "-started": "Newest first",
            "started": "Oldest first",
            "title": "Title A to Z",
            "-title": "Title Z to A",
            "-score": "Highest progress score",
            "score": "Lowest progress score",
            "target": "Target date, soonest first",
            "-target": "Target date, latest first",
        },
    )

    class Meta:
        model = Project
        form = DateRangeForm
        fields = [
            "q",
            "mine",
            "status",
            "phase",
            "site",
            "objective",
            "date_from",
            "date_to",
            "sort",
        ]

    def involving_me(self, queryset, name, value):
        if not value or not self.request.user.is_authenticated:
            return queryset
        return queryset.involving(self.request.user)


class DashboardFilterForm(DateRangeForm):
    """The dashboard's filters: each applies to ideas, projects or both, as its label says;
    the site and dates to training and cards too."""

    site = SiteChoiceField(queryset=Site.objects.all(), required=False, empty_label="All sites")
    objective = ObjectiveFilterField(
        queryset=Objective.objects.none(), required=False, empty_label="All objectives"
    )
    idea_status = FixedChoiceField(
        choices=[("", "Any status"), *Idea.Status.choices], required=False, label="Idea status"
    )
    project_status = FixedChoiceField(
        choices=[("", "Any status"), *Project.Status.choices],
        required=False,
        label="Project status",
    )
    date_from = date_field(
        "From",
        "Ideas submitted, projects started, colleagues first trained and cards sent on or "
        "after this day, for example 1 4 2024",
    )
    date_to = date_field(
        "To",
        "Ideas submitted, projects started, colleagues first trained and cards sent on or "
        "before this day, for example 1 4 2024",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].offer(SITES)
        self.fields["objective"].offer(OBJECTIVES)
        self.helper = filter_helper()

    def applied(self):
        """The filters whose values are valid: a mistyped date leaves the site, objective and
        status filters applied while the error summary points at it."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def filtered(self):
        """(ideas, projects) matching the filters that are valid."""
        ideas, projects = Idea.objects.all(), Project.objects.all()
        data = self.applied()
        if site := data.get("site"):
            ideas, projects = ideas.filter(site=site), projects.filter(site=site)
        if objective := data.get("objective"):
            ideas = ObjectiveFilter().filter(ideas, objective)
            projects = ObjectiveFilter().filter(projects, objective)
        if idea_status := data.get("idea_status"):
            ideas = ideas.filter(status=idea_status)
        if project_status := data.get("project_status"):
            projects = projects.filter(status=project_status)
        if date_from := data.get("date_from"):
            ideas = ideas.filter(created_at__date__gte=date_from)
            projects = projects.filter(start_date__gte=date_from)
        if date_to := data.get("date_to"):
            ideas = ideas.filter(created_at__date__lte=date_to)
            projects = projects.filter(start_date__lte=date_to)
        return ideas, projects
