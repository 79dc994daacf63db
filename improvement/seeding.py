import datetime

from goals.models import Organisation, Site

from .models import Course, Wave


def load_improvement_document(document):
    """Write whatever one improvement seed file holds; see core.seeding for the rules."""
    if "sites" in document:
        load_sites(document)
    if "courses" in document:
        load_courses(document["courses"])
    if "waves" in document:
        load_waves(**document["waves"])


def load_sites(document):
    organisation = Organisation.objects.get(slug=document["organisation"])
    for order, site in enumerate(document["sites"], start=1):
        site = dict(site)
        Site.objects.update_or_create(
            slug=site.pop("slug"), defaults={**site, "organisation": organisation, "order": order}
        )


def load_courses(courses):
    for order, course in enumerate(courses, start=1):
        course = dict(course)
        Course.objects.update_or_create(
            slug=course.pop("slug"), defaults={**course, "order": order}
        )


def add_months(day, months):
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def load_waves(*, first_start, count, months_apart, wards_each):
    for number in range(1, count + 1):
        Wave.objects.update_or_create(
            number=number,
            defaults={
                "planned_start": add_months(first_start, (number - 1) * months_apart),
                "planned_wards": wards_each,
            },
        )
