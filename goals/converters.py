from .models import year_label


class FinancialYearConverter:
    """A financial year in URLs as "2023-24", in Python as its first calendar year, 2023."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value):
        start, end = (int(part) for part in value.split("-"))
        if (start + 1) % 100 != end:
            raise ValueError(f"{value} is not a financial year")
        return start

    def to_url(self, value):
        return year_label(value)
