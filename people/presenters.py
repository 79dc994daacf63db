from core.presenters import person_details, person_label, person_name


def staff_result(user):
    """A person as the staff search answers: what tells them apart from others of the
    same name, and nothing more (no email address or username)."""
    profile = getattr(user, "staff_profile", None)
    site = profile.site if profile is not None else None
    return {
        "id": user.pk,
        "name": person_name(user),
        "job_title": profile.job_title if profile is not None else "",
        "department": profile.department if profile is not None else "",
        "site": site.short_name if site is not None else "",
        "details": person_details(user),
        "label": person_label(user),
    }


def staff_search_results(people, *, more, page):
    return {
        "results": [staff_result(user) for user in people],
        "page": page,
        "more": more,
    }
