import datetime

from django.utils import timezone


def add_months(day, months):
    """The first day of the month `months` after (or before) the month of `day`."""
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def start_of(day):
    """The first moment of the day, in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
