"""The spreadsheet layout for importing an existing ideas log in the admin."""

import datetime
import re
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from goals.models import Objective, Site

from . import services
from .models import HealthInequalitiesEffect, Idea

OBJECTIVE_PATTERN = re.compile(r"^\s*(\d{4})-(\d{2})\s+objective\s+(\d+)\s*$", re.IGNORECASE)
IMPORTED = "Imported from a spreadsheet."
# A log gives the day an idea came in; it is recorded as submitted at nine that morning.
SUBMITTED_AT = datetime.time(9)


class ObjectivesWidget(widgets.ManyToManyWidget):
    """Objectives written as "2023-24 objective 1; 2023-24 objective 3"."""

    def __init__(self):
        super().__init__(Objective, separator=";")
        # A log names the same few objectives on row after row: each is looked up once.
        self.found = {}

    def clean(self, value, row=None, **kwargs):
        objectives = []
        for part in str(value or "").split(self.separator):
            if not part.strip():
                continue
            match = OBJECTIVE_PATTERN.match(part)
            if not match:
                raise ValueError(
                    f"'{part.strip()}' is not an objective: write it like '2023-24 objective 1'"
                )
            start, _, number = (int(group) for group in match.groups())
            if (start, number) not in self.found:
                self.found[start, number] = Objective.objects.filter(
                    year=start, number=number
                ).first()
            objective = self.found[start, number]
            if objective is None:
                raise ValueError(f"There is no {part.strip()}")
            objectives.append(objective)
        if not objectives:
            raise ValueError("Give at least one strategic objective")
        return objectives

    def render(self, value, obj=None, **kwargs):
        # An idea not saved yet (as in a dry run's preview) has no objectives to list.
        if value is None:
            return ""
        return "; ".join(
            f"{objective.year_label} objective {objective.number}" for objective in value.all()
        )


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A record named by one of its fields, or a message saying which name was not found."""

    def __init__(self, model, field, *, missing):
        super().__init__(model, field=field)
        self.missing = missing

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as error:
            raise ValueError(self.missing.format(value=str(value).strip())) from error


class ChoiceWidget(widgets.Widget):
    """A choice given by its label or its stored value, in any case."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).lower()] = value
            self.lookup[str(label).lower()] = value

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if text not in self.lookup:
            allowed = ", ".join(label for _, label in self.choices)
            raise ValueError(f"'{value}' is not one of: {allowed}")
        return self.lookup[text]


class YesNoWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if text in {"yes", "y", "true", "1"}:
            return True
        if text in {"no", "n", "false", "0", ""}:
            return False
        raise ValueError(f"'{value}' is not yes or no")


class SubmittedOnWidget(widgets.DateWidget):
    """A date written the British way or the ISO way; a clear message for anything else."""

    FORMATS = ("%d/%m/%Y", "%Y-%m-%d")

    def __init__(self):
        super().__init__()
        self.formats = self.FORMATS

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as error:
            raise ValueError(f"'{value}' is not a date: write it like 31/01/2024") from error


class IdeaResource(resources.ModelResource):
    title = fields.Field(attribute="title", column_name="title")
    problem = fields.Field(attribute="problem", column_name="problem")
    proposed_change = fields.Field(attribute="proposed_change", column_name="proposed change")
    site = fields.Field(
        attribute="site",
        column_name="site",
        widget=NamedForeignKeyWidget(
            Site, "short_name", missing="There is no site called '{value}'"
        ),
    )
    ward = fields.Field(attribute="ward", column_name="ward or department")
    objectives = fields.Field(
        attribute="objectives", column_name="strategic objectives", widget=ObjectivesWidget()
    )
    submitted_by = fields.Field(
        attribute="submitted_by",
        column_name="submitted by",
        widget=NamedForeignKeyWidget(
            get_user_model(),
            "username",
            missing="There is no member of staff with the username '{value}'",
        ),
    )
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(Idea.Status.choices)
    )
    involves_patients = fields.Field(
        attribute="involves_patients", column_name="patients involved", widget=YesNoWidget()
    )
    health_inequalities = fields.Field(
        attribute="health_inequalities",
        column_name="health inequalities",
        widget=ChoiceWidget(HealthInequalitiesEffect.choices),
    )
    submitted_on = fields.Field(
        column_name="submitted on",
        widget=SubmittedOnWidget(),
        readonly=False,
    )

    class Meta:
        model = Idea
        fields = [
            "title",
            "problem",
            "proposed_change",
            "site",
            "ward",
            "objectives",
            "submitted_by",
            "status",
            "involves_patients",
            "health_inequalities",
            "submitted_on",
        ]
        # A spreadsheet from elsewhere brings new ideas: an "id" column in it means another
        # system's numbering, so no row ever updates an idea already here.
        force_init_instance = True
        # The service that saves each row's idea validates it (do_instance_save).
        clean_model_instances = False
        skip_unchanged = False
        # Rows are imported one by one in the background (improvement/idea_imports.py), with
        # no preview of their differences to show.
        skip_diff = True

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # import-export skips a column missing from the file, which would import every
        # row with that field's default (or, for the objectives, none at all).
        if field.column_name not in row:
            raise ValueError(f"The file has no '{field.column_name}' column")
        # The submission date and the objectives are kept aside: the service saves the idea
        # with them (do_instance_save).
        if field.column_name == "submitted on":
            instance.imported_submitted_on = field.clean(row, **kwargs)
        elif field.attribute == "objectives":
            instance.imported_objectives = field.clean(row, **kwargs)
        else:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        # import-export reads many-to-many columns only once the row is saved; the service
        # needs the objectives to save it, so they are read and checked with the rest.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            self.import_field(self.fields["objectives"], instance, row, **kwargs)
        except ValueError as error:
            errors["objectives"] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        """Save the row's idea through the service the idea form uses, so that it gets what
        every idea gets: its objectives, its submitter as a follower, its status history."""
        submitted_on = instance.imported_submitted_on
        idea, _ = services.submit_idea(
            submitted_by=instance.submitted_by,
            submission_token=uuid.uuid4(),
            title=instance.title,
            problem=instance.problem,
            proposed_change=instance.proposed_change,
            site=instance.site,
            ward=instance.ward,
            objectives=instance.imported_objectives,
            involves_patients=instance.involves_patients,
            health_inequalities=instance.health_inequalities,
            status=instance.status,
            submitted_at=(
                timezone.make_aware(datetime.datetime.combine(submitted_on, SUBMITTED_AT))
                if submitted_on
                else None
            ),
            reason=IMPORTED,
            announce=False,
        )
        # The row's report (the preview's differences, the admin's log) reads the idea saved.
        instance.pk, instance.created_at = idea.pk, idea.created_at

    def save_m2m(self, instance, row, **kwargs):
        """Nothing: the service set the objectives."""

    def dehydrate_submitted_on(self, idea):
        return timezone.localtime(idea.created_at).date() if idea.created_at else ""
