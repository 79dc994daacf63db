from core.dates import add_months
from core.ordering import vacate

from .models import Course, Wave


def load_training_document(document):
    """Write whatever one training seed file holds; see core.seeding for the rules."""
    if "courses" in document:
        load_courses(document["courses"])
    if "waves" in document:
        load_waves(**document["waves"])


def load_courses(courses):
    """The courses, numbered in the document's order; courses an editor added follow them,
    in their order."""
    added = list(Course.objects.exclude(slug__in=[course["slug"] for course in courses]))
    # Each course is numbered afresh, so each first moves out of the way of the new numbers.
    existing = Course.objects.all()
    numbers = range(1, len(courses) + len(added) + 1)
    vacate(existing, list(existing.values_list("pk", flat=True)), keep=numbers)
    for order, course in enumerate(courses, start=1):
        course = dict(course)
        Course.objects.update_or_create(
            slug=course.pop("slug"), defaults={**course, "order": order}
        )
    for order, course in enumerate(added, start=len(courses) + 1):
        course.order = order
        course.save()


def load_waves(*, first_start, count, months_apart, wards_each):
    for number in range(1, count + 1):
        Wave.objects.update_or_create(
            number=number,
            defaults={
                "planned_start": add_months(first_start, (number - 1) * months_apart),
                "planned_wards": wards_each,
            },
        )
