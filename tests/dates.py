"""Dates as a browser sends them from the NHS date input's three boxes."""


def date_query(**dates):
    """{"date_from_day": "1", "date_from_month": "3", "date_from_year": "2024", …} from
    date_from="1/3/2024": the filters' and forms' dates, typed as day/month/year."""
    query = {}
    for name, typed in dates.items():
        day, month, year = typed.split("/")
        query.update({f"{name}_day": day, f"{name}_month": month, f"{name}_year": year})
    return query
