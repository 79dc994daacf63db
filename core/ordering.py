"""Order numbers: each record of a list (a value's behaviours, a strategy's goals…) has a
number of its own, which every page showing the list sorts by.

The database holds that with a unique constraint on (parent, order). PostgreSQL and SQLite
both check it row by row, and PostgreSQL's deferred constraints do not exist on SQLite, so
records that exchange numbers are first moved to spare numbers (`vacate`), then saved.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import Truncator

# The largest number a PositiveSmallIntegerField holds on every database.
LARGEST_ORDER = 32767


class UniqueOrder:
    """A model whose `order` is unique within the list it belongs to: the records sharing
    its `order_within` foreign key, or every record when that is None.

    Checking its constraints puts a clash on the order field, naming the record holding the
    number, instead of Django's "… with this Value and Order already exists." above the form."""

    order_within = None

    def list_siblings(self):
        """The other records of this record's list."""
        siblings = type(self)._default_manager.all()
        if self.order_within:
            parent_id = getattr(self, self._meta.get_field(self.order_within).attname)
            siblings = siblings.filter(**{self.order_within: parent_id})
        return siblings.exclude(pk=self.pk) if self.pk is not None else siblings

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        try:
            super().validate_constraints(exclude=exclude | {"order"})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "order" not in exclude and self.order is not None:
            holder = self.list_siblings().filter(order=self.order).first()
            if holder is not None:
                errors.setdefault("order", []).append(
                    ValidationError(
                        f"{quoted(holder)} already has number {self.order}. "
                        f"Give each {list_members(type(self))} a number of its own: to swap two, "
                        "first give one of them a number no other has.",
                        code="unique",
                    )
                )
        if errors:
            raise ValidationError(errors)


def quoted(record):
    return f"“{Truncator(str(record)).chars(60)}”"


def list_members(model):
    """What the records of one of the model's lists are, e.g. "behaviour of this value"."""
    name = model._meta.verbose_name
    if not model.order_within:
        return name
    parent = model._meta.get_field(model.order_within).related_model
    return f"{name} of this {parent._meta.verbose_name}"


def vacate(siblings, pks, *, keep=()):
    """Moves the records `pks` of a list (`siblings`: all its records) to spare numbers,
    ones no record of the list holds and not in `keep`, so that the numbers they held, and
    those in `keep`, are free to be written next. Spare numbers are taken from the top,
    away from the small ones editors use; the records are saved with their real numbers
    (or deleted) in the same transaction, so no page ever shows a spare one."""
    if not pks:
        return
    used = set(siblings.values_list("order", flat=True)) | set(keep)
    spare = (number for number in range(LARGEST_ORDER, -1, -1) if number not in used)
    for pk in pks:
        siblings.filter(pk=pk).update(order=next(spare))


class ListRowForm(forms.ModelForm):
    """A row of a list edited under its parent: its number is checked by the formset
    against the list as the save will leave it, not against the numbers stored now, so two
    rows may swap numbers in one save."""

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"order"}


class ListFormSet(forms.BaseInlineFormSet):
    """A parent's list edited in one form (the admin's inline): every row kept must have a
    number of its own once saved; a save moves the rows changing number out of each other's
    way first."""

    def clean(self):
        super().clean()
        rows = [form for form in self.forms if self._kept(form)]
        holders = {}
        for form in rows:
            holders.setdefault(form.cleaned_data["order"], []).append(form.instance)
        for record in self._others_in_list():
            holders.setdefault(record.order, []).append(record)
        members = list_members(self.model)
        for form in rows:
            number = form.cleaned_data["order"]
            others = [record for record in holders[number] if record is not form.instance]
            if others:
                form.add_error(
                    "order",
                    ValidationError(
                        f"{quoted(others[0])} has number {number} too. "
                        f"Give each {members} a number of its own.",
                        code="unique",
                    ),
                )

    def save(self, commit=True):
        if commit and self.instance.pk is not None:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if self._should_delete_form(form) or "order" in form.changed_data
            ]
            keep = [form.cleaned_data["order"] for form in self.forms if self._kept(form)]
            vacate(self._list(), moving, keep=keep)
        return super().save(commit=commit)

    def _kept(self, form):
        """Whether the form's row is in the list after the save, with a valid number."""
        cleaned = getattr(form, "cleaned_data", {})
        return (
            cleaned.get("order") is not None
            and not self._should_delete_form(form)
            and (form.instance.pk is not None or form.has_changed())
        )

    def _list(self):
        return self.model._default_manager.filter(**{self.fk.name: self.instance})

    def _others_in_list(self):
        """Records of the list that the form does not show (added since it was opened)."""
        if self.instance.pk is None:
            return []
        shown = [form.instance.pk for form in self.initial_forms]
        return list(self._list().exclude(pk__in=shown))
