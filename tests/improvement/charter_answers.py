"""What a lead sends in a project charter's form, for the tests that post it."""


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def charter(project, **overrides):
    """The project's charter as its form sends it, with `overrides` changed."""
    return {
        "title": project.title,
        "problem_statement": "Handovers overrun.",
        "aim": "Handovers in 20 minutes.",
        "lead": project.lead.pk,
        "site": project.site.pk,
        "ward": "Ward 9",
        "objectives": [project.objectives.get().pk],
        **date_fields("start_date", project.start_date),
        **date_fields("target_date", project.target_date),
        "health_inequalities": "not_known",
        **overrides,
    }
